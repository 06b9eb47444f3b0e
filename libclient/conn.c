/*
 * conn.c: opening a connection (socket, greeting, hello with mutual HMAC
 * authentication), reopening it in a forked child, and closing it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "auth.h"
#include "client.h"
#include "proto.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 10000

extern char *program_invocation_short_name;

/* ======================================================================
 * Sockets
 * ====================================================================== */

/*
 * Wait for a non-blocking connect on FD to finish.  Returns 0, or -1 with
 * errno set (ETIMEDOUT when DEADLINE passed).
 */
static int
finish_connect(int fd, int64_t deadline)
{
    struct pollfd pfd = {.fd = fd, .events = POLLOUT};
    socklen_t len = sizeof(int);
    int64_t left;
    int err = 0, n;

    do {
        left = deadline == INT64_MAX ? -1 : deadline - mpmgr__now_ms();
        if (left < -1)
            left = 0;
        n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
    } while (n < 0 && errno == EINTR);
    if (n == 0)
        errno = ETIMEDOUT;
    if (n <= 0)
        return -1;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return -1;
    errno = err;
    return err == 0 ? 0 : -1;
}

/* Open a non-blocking socket and connect it to SA.  Returns fd or -1. */
static int
dial_one(int family, const struct sockaddr *sa, socklen_t salen,
         int64_t deadline)
{
    int fd, one = 1, saved;

    fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    for (;;) {
        if (connect(fd, sa, salen) == 0)
            break;
        /* A Unix socket whose backlog is full says EAGAIN: try again
         * shortly, within the deadline. */
        if (errno == EAGAIN && family == AF_UNIX &&
            mpmgr__now_ms() + 10 < deadline) {
            poll(NULL, 0, 10);
            continue;
        }
        if ((errno != EINPROGRESS && errno != EINTR) ||
            finish_connect(fd, deadline) < 0)
            goto fail;
        break;
    }
    if (family != AF_UNIX)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;

fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

/*
 * Connect to a TCP address, trying each address the host resolves to.
 * Returns the fd, -1 with errno set, or an MPMGR_E* code (below -1) when
 * the name does not resolve, with the reason kept in M.
 */
static int
dial_tcp(mpmgr_t *m, int64_t deadline)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *ai;
    int fd = -1, rc;

    rc = getaddrinfo(m->addr.host, m->addr.port, &hints, &res);
    if (rc == EAI_MEMORY) {
        errno = ENOMEM;
        return -1;
    }
    if (rc != 0)
        return mpmgr__fail(m, MPMGR_ECONNECT, "cannot resolve %s: %s",
                           m->addr.host, gai_strerror(rc));
    for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
        fd = dial_one(ai->ai_family, ai->ai_addr, ai->ai_addrlen, deadline);
    freeaddrinfo(res);
    return fd;
}

/* Connect m->fd to m->addr.  Returns 0 or a code with the reason kept. */
static int
dial(mpmgr_t *m, int64_t deadline)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    int fd;

    if (m->addr.family == AF_UNIX) {
        memcpy(sun.sun_path, m->addr.path, sizeof(sun.sun_path));
        fd = dial_one(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun), deadline);
    } else if ((fd = dial_tcp(m, deadline)) < -1)
        return fd;
    if (fd >= 0) {
        /* Blocking from now on: sends say MSG_DONTWAIT where they must not
         * wait, and a reply without a deadline is one blocking recv(). */
        int flags = fcntl(fd, F_GETFL);

        if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
            int rc = mpmgr__fail_errno(m, MPMGR_ECONNECT,
                                       "cannot make the socket blocking");

            close(fd);
            return rc;
        }
        m->fd = fd;
        return 0;
    }
    if (errno == ETIMEDOUT)
        return mpmgr__fail_sys(m, MPMGR_ETIMEDOUT, errno,
                               "timed out connecting to %s", m->addr.text);
    return mpmgr__fail_sys(m, MPMGR_ECONNECT, errno, "cannot connect to %s: %s",
                           m->addr.text, strerror(errno));
}

/* ======================================================================
 * Handshake
 * ====================================================================== */

/*
 * Say that the peer at m->addr is not an mpmgr server: WHY, with the code
 * CODE.  Pointed at the wrong socket (Redis's, say), a client should hear
 * that, not a bare parse error or a hint to start a server there.
 */
static int
not_mpmgr(mpmgr_t *m, int code, const char *why)
{
    return mpmgr__fail(m, code, "%s is not an mpmgr server: %s", m->addr.text,
                       why);
}

/*
 * Read the greeting into *NONCE (32 raw bytes) and *AUTH (1 when the server
 * wants an HMAC).  Too many clients shows up here as a LimitExceeded error
 * in place of the greeting.
 */
static int
read_greeting(mpmgr_t *m, int64_t deadline, unsigned char *nonce, int *auth)
{
    json_t *msg, *params, *err, *protocol;
    const char *method, *hex, *authname;
    int rc = mpmgr__read_message(m, deadline, &msg);

    if (rc == MPMGR_EPROTO)
        return not_mpmgr(m, rc, "its first line is not JSON");
    if (rc == MPMGR_ETIMEDOUT)
        return mpmgr__fail(m, rc,
                           "%s took the connection but sent no greeting in "
                           "time: is it an mpmgr server?",
                           m->addr.text);
    if (rc < 0)
        return rc;
    method = json_string_value(json_object_get(msg, "method"));
    params = json_object_get(msg, "params");
    err = json_object_get(msg, "error");
    protocol = json_object_get(params, "protocol");
    hex = json_string_value(json_object_get(params, "nonce"));
    authname = json_string_value(json_object_get(params, "auth"));
    if (json_is_object(err)) {
        const char *text = json_string_value(json_object_get(err, "message"));

        rc = mpmgr__code_from_type(
            json_string_value(
                json_object_get(json_object_get(err, "data"), "type")),
            json_integer_value(json_object_get(err, "code")));
        mpmgr__fail(m, rc, "%s", text != NULL ? text : mpmgr_strerror(rc));
    } else if (method == NULL || strcmp(method, "greeting") != 0 ||
               !json_is_integer(protocol))
        rc = not_mpmgr(m, MPMGR_EPROTO, "its first message is not a greeting");
    /* The version comes first: another version may greet otherwise. */
    else if (json_integer_value(protocol) != MPMGR__PROTOCOL)
        rc = mpmgr__fail(m, MPMGR_EPROTO,
                         "%s speaks mpmgr protocol %" JSON_INTEGER_FORMAT
                         "; this libmpmgr speaks %d",
                         m->addr.text, json_integer_value(protocol),
                         MPMGR__PROTOCOL);
    else if (authname == NULL || hex == NULL ||
             mpmgr__hex_decode(hex, strlen(hex), nonce, MPMGR__NONCE_BYTES) < 0)
        rc = not_mpmgr(m, MPMGR_EPROTO, "its greeting lacks auth or nonce");
    else
        *auth = strcmp(authname, "none") != 0;
    json_decref(msg);
    return rc;
}

/* Build hello's params, proving we know the key and asking the server to
 * prove it too with a nonce of our own (OURS, 32 bytes). */
static json_t *
hello_params(mpmgr_t *m, const unsigned char *nonce, unsigned char *ours)
{
    char mac[65], hex[MPMGR__NONCE_HEX + 1];
    json_t *p;

    p = json_pack("{s:i, s:s, s:I}", "protocol", MPMGR__PROTOCOL, "client",
                  m->client, "pid", (json_int_t)getpid());
    if (p == NULL || m->authkey == NULL)
        return p;
    if (mpmgr__random_bytes(ours, MPMGR__NONCE_BYTES) < 0 ||
        mpmgr__hmac_hex(m->authkey, m->authkey_len, nonce, MPMGR__NONCE_BYTES,
                        mac) < 0) {
        json_decref(p);
        return NULL;
    }
    mpmgr__hex_encode(ours, MPMGR__NONCE_BYTES, hex);
    if (json_object_set_new(p, "hmac", json_string(mac)) < 0 ||
        json_object_set_new(p, "nonce", json_string(hex)) < 0) {
        json_decref(p);
        return NULL;
    }
    return p;
}

/* Check hello's result: our session id, and the server's proof. */
static int
check_welcome(mpmgr_t *m, json_t *res, const unsigned char *ours)
{
    json_t *session = json_object_get(res, "session");
    const char *mac = json_string_value(json_object_get(res, "hmac"));

    if (!json_is_integer(session))
        return mpmgr__fail(m, MPMGR_EPROTO, "%s: hello without a session",
                           m->addr.text);
    if (m->authkey != NULL &&
        (mac == NULL ||
         !mpmgr__hmac_check(m->authkey, m->authkey_len, ours,
                            MPMGR__NONCE_BYTES, mac, strlen(mac))))
        return mpmgr__fail(m, MPMGR_EAUTHFAILED,
                           "%s did not prove that it knows the authkey",
                           m->addr.text);
    m->session = json_integer_value(session);
    return 0;
}

/* Greeting and hello on the freshly connected m->fd. */
static int
handshake(mpmgr_t *m, int64_t deadline)
{
    unsigned char nonce[MPMGR__NONCE_BYTES], ours[MPMGR__NONCE_BYTES];
    json_t *params, *res = NULL;
    int auth = 0, rc;

    if ((rc = read_greeting(m, deadline, nonce, &auth)) < 0)
        return rc;
    if (auth && m->authkey == NULL)
        return mpmgr__fail(m, MPMGR_EAUTHFAILED,
                           "%s requires an authkey (set MPMGR_AUTHKEY)",
                           m->addr.text);
    /* Without auth the server cannot prove itself, and an impostor would
     * simply say "none": a client given a key insists. */
    if (!auth && m->authkey != NULL)
        return mpmgr__fail(m, MPMGR_EAUTHFAILED,
                           "%s runs without an authkey, so it cannot prove "
                           "that it knows ours",
                           m->addr.text);
    if ((params = hello_params(m, nonce, ours)) == NULL)
        return mpmgr__fail(m, MPMGR_ENOMEM, "cannot build hello");
    rc = mpmgr__io_request(m, "hello", 0, params, deadline, &res);
    json_decref(params);
    if (rc == 0)
        rc = check_welcome(m, res, ours);
    json_decref(res);
    return rc;
}

/* ======================================================================
 * Telling a forked child from its parent
 *
 * Every call asks whether its connection belongs to the calling process.
 * glibc no longer caches getpid(), so asking it costs a system call per
 * call; instead a handler run in every forked child counts forks, and a
 * connection remembers the count it was opened under (as Python's
 * multiprocessing does with os.register_at_fork).  A child made by a raw
 * clone() runs no handlers; it must not use a parent's connection.
 * ====================================================================== */

static unsigned long forks;
static int fork_hook_installed;
static pthread_once_t fork_hook_once = PTHREAD_ONCE_INIT;

static void
count_fork(void)
{
    forks++;
}

static void
install_fork_hook(void)
{
    fork_hook_installed = pthread_atfork(NULL, NULL, count_fork) == 0;
}

/* Was M's connection opened by the calling process? */
int
mpmgr__own_process(const mpmgr_t *m)
{
    if (!fork_hook_installed)
        return m->pid == getpid();
    return m->forks == forks;
}

int
mpmgr__pipelining(const mpmgr_t *m)
{
    return m->pipelining && mpmgr__own_process(m);
}

/*
 * The server at the other end of m->fd must be the one M first reached:
 * object ids start again at 1 in a new server, so a forked child's handles
 * would name other programs' objects there.  On a Unix socket the kernel
 * tells the server's pid; over TCP nothing is known and nothing checked.
 */
static int
same_server(mpmgr_t *m)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);

    /* Pid 0: the server is outside this process's pid namespace. */
    if (m->addr.family != AF_UNIX ||
        getsockopt(m->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
        cred.pid == 0)
        return 0;
    if (m->server_pid == 0)
        m->server_pid = cred.pid;
    if (cred.pid == m->server_pid)
        return 0;
    return mpmgr__fail(m, MPMGR_ECLOSED,
                       "the server at %s is a new one (pid %ld, not %ld): "
                       "the objects of this connection's handles are gone",
                       m->addr.text, (long)cred.pid, (long)m->server_pid);
}

/* Open a new session for this process: connect, greet, hello. */
static int
open_session(mpmgr_t *m)
{
    int64_t deadline = mpmgr__deadline(m->connect_timeout_ms);
    int rc;

    pthread_once(&fork_hook_once, install_fork_hook);
    m->pid = getpid();
    m->forks = forks;
    m->session = 0;
    mpmgr__buf_reset(&m->in);
    mpmgr__buf_reset(&m->out);
    if ((rc = dial(m, deadline)) == 0 &&
        ((rc = same_server(m)) < 0 || (rc = handshake(m, deadline)) < 0))
        mpmgr__break(m);
    m->gen++;
    return rc;
}

/* ======================================================================
 * Connection life
 * ====================================================================== */

/* Give up on the socket: close it without a word, drop buffered bytes. */
void
mpmgr__break(mpmgr_t *m)
{
    if (m->fd >= 0)
        close(m->fd);
    m->fd = -1;
    mpmgr__buf_reset(&m->in);
    mpmgr__buf_reset(&m->out);
}

/*
 * Make M usable by this process.  A forked child gets a session of its
 * own; the inherited descriptor is closed without writing to it, which
 * leaves the parent's connection untouched.  A connection that had failed
 * before the fork stays failed in the child too: the server may have
 * restarted, and its handles would name another server's objects.
 */
int
mpmgr__closed(mpmgr_t *m)
{
    return mpmgr__fail(m, MPMGR_ECLOSED,
                       "connection to %s is closed after an earlier failure",
                       m->addr.text);
}

int
mpmgr__ensure(mpmgr_t *m)
{
    if (m->fd < 0)
        return mpmgr__closed(m);
    if (mpmgr__own_process(m))
        return 0;
    mpmgr__break(m);
    mpmgr__pipeline_free(m);
    return open_session(m);
}

void
mpmgr_options_init(mpmgr_options_t *opts)
{
    memset(opts, 0, sizeof(*opts));
}

/* Copy the options into M, resolving the defaults. */
static int
configure(mpmgr_t *m, const mpmgr_options_t *o)
{
    char err[256];
    const char *key = o->authkey != NULL ? o->authkey : getenv("MPMGR_AUTHKEY");
    size_t keylen = o->authkey != NULL && o->authkey_len > 0
                        ? o->authkey_len
                        : (key != NULL ? strlen(key) : 0);
    int rc;

    rc = o->address != NULL
             ? mpmgr__addr_parse(o->address, &m->addr, err, sizeof(err))
             : mpmgr__addr_from_env(&m->addr, err, sizeof(err));
    if (rc < 0)
        return mpmgr__fail(m, MPMGR_EINVAL, "%s", err);
    m->client =
        strdup(o->client != NULL ? o->client : program_invocation_short_name);
    if (m->client == NULL)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory");
    if (key != NULL && keylen > 0) {
        if ((m->authkey = malloc(keylen)) == NULL)
            return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory");
        memcpy(m->authkey, key, keylen);
        m->authkey_len = keylen;
    }
    return mpmgr_set_timeouts(m, o->connect_timeout_ms, o->reply_timeout_ms);
}

int
mpmgr_connect_opts(const mpmgr_options_t *opts, mpmgr_t **out)
{
    mpmgr_t *m;
    int rc;

    if (opts == NULL || out == NULL)
        return mpmgr__fail(NULL, MPMGR_EINVAL,
                           "mpmgr_connect_opts needs options and an out "
                           "pointer");
    if ((m = calloc(1, sizeof(*m))) == NULL)
        return mpmgr__fail(NULL, MPMGR_ENOMEM, "out of memory");
    m->fd = -1;
    m->next_id = 1;
    mpmgr__spin_init(&m->spin);
    if ((rc = configure(m, opts)) == 0)
        rc = open_session(m);
    if (rc < 0) {
        mpmgr__keep_for_thread(m);
        mpmgr_close(m);
        return rc;
    }
    *out = m;
    return 0;
}

int
mpmgr_connect(const char *address, const char *authkey, mpmgr_t **out)
{
    mpmgr_options_t opts;

    mpmgr_options_init(&opts);
    opts.address = address;
    opts.authkey = authkey;
    return mpmgr_connect_opts(&opts, out);
}

int
mpmgr_set_timeouts(mpmgr_t *m, int connect_timeout_ms, int reply_timeout_ms)
{
    if (m == NULL)
        return mpmgr__null_handle();
    m->connect_timeout_ms = connect_timeout_ms == 0 ? DEFAULT_CONNECT_TIMEOUT_MS
                                                    : connect_timeout_ms;
    m->reply_timeout_ms = reply_timeout_ms;
    return 0;
}

const char *
mpmgr_address(const mpmgr_t *m)
{
    return m != NULL ? m->addr.text : NULL;
}

int64_t
mpmgr_session_id(const mpmgr_t *m)
{
    return m != NULL && mpmgr__own_process(m) && m->fd >= 0 ? m->session : 0;
}

void
mpmgr_close(mpmgr_t *m)
{
    if (m == NULL)
        return;
    if (m->fd >= 0)
        close(m->fd);
    mpmgr__buf_free(&m->in);
    mpmgr__buf_free(&m->out);
    mpmgr__buf_free(&m->members);
    mpmgr__pipeline_free(m);
    if (m->authkey != NULL)
        memset(m->authkey, 0, m->authkey_len);
    free(m->authkey);
    free(m->client);
    free(m->errmsg);
    free(m);
}
