/*
 * ptest.c: the helpers of ptest.h: fixtures that start and stop a real
 * mpmgrd, the handshake, and requests and replies compared as JSON.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ptest.h"

#define MAX_SERVERS 8
#define MAX_CHILDREN 64
#define MAX_FDS 65536

struct mptest_server pt_srv;

static const char *loc_file = "?";
static int loc_line;

static struct mptest_server *servers[MAX_SERVERS];
static pid_t children[MAX_CHILDREN];
static pid_t owner_pid; /* the process that registered cleanup */

static json_t **kept;
static size_t nkept, kept_size;
static char **kept_text;
static size_t nkept_text, kept_text_size;

static long long next_id[MAX_FDS];
static long long session_of[MAX_FDS];

/* ------------------------------------------------------------------ */
/* Failures, memory that lives until the test ends                     */
/* ------------------------------------------------------------------ */

void
pt_loc(const char *file, int line)
{
    loc_file = file;
    loc_line = line;
}

void
pt_fail(const char *fmt, ...)
{
    char buf[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    _ck_assert_failed(loc_file, loc_line, buf, NULL);
}

json_t *
pt_keep(json_t *v)
{
    if (v == NULL)
        return NULL;
    if (nkept == kept_size) {
        kept_size = kept_size == 0 ? 256 : 2 * kept_size;
        kept = realloc(kept, kept_size * sizeof(*kept));
        ck_assert_ptr_nonnull(kept);
    }
    kept[nkept++] = v;
    return v;
}

static char *
keep_text(char *s)
{
    if (nkept_text == kept_text_size) {
        kept_text_size = kept_text_size == 0 ? 256 : 2 * kept_text_size;
        kept_text = realloc(kept_text, kept_text_size * sizeof(*kept_text));
        ck_assert_ptr_nonnull(kept_text);
    }
    kept_text[nkept_text++] = s;
    return s;
}

static void
free_kept(void)
{
    size_t i;

    for (i = 0; i < nkept; i++)
        json_decref(kept[i]);
    for (i = 0; i < nkept_text; i++)
        free(kept_text[i]);
    free(kept);
    free(kept_text);
    kept = NULL;
    kept_text = NULL;
    nkept = kept_size = nkept_text = kept_text_size = 0;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *
pt_vtext(const char *fmt, va_list ap)
{
    char *f, *p, *buf;
    va_list copy;
    int n;

    f = strdup(fmt);
    ck_assert_ptr_nonnull(f);
    for (p = f; *p != '\0'; p++)
        if (*p == '\'')
            *p = '"';
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, f, copy);
    va_end(copy);
    ck_assert_int_ge(n, 0);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    vsnprintf(buf, (size_t)n + 1, f, ap);
    free(f);
    return keep_text(buf);
}
#pragma GCC diagnostic pop

char *
pt_dq(const char *s)
{
    char *copy = keep_text(strdup(s)), *p;

    ck_assert_ptr_nonnull(copy);
    for (p = copy; *p != '\0'; p++)
        if (*p == '\'')
            *p = '"';
    return copy;
}

char *
pt_text(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = pt_vtext(fmt, ap);
    va_end(ap);
    return s;
}

const char *
pt_dump(const json_t *v)
{
    char *s;

    if (v == NULL)
        return "(nothing)";
    s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (s == NULL)
        return "(unprintable)";
    if (strlen(s) > 1500)
        strcpy(s + 1480, "...(cut)");
    return keep_text(s);
}

const char *
pt_enc(const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

    if (s == NULL)
        pt_fail("test bug: cannot encode a value");
    return keep_text(s);
}

static json_t *
parse(const char *text, size_t len, json_error_t *err)
{
    return json_loadb(text, len,
                      JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
                      err);
}

json_t *
pt_json_(const char *fmt, ...)
{
    json_error_t err;
    va_list ap;
    char *s;
    json_t *v;

    va_start(ap, fmt);
    s = pt_vtext(fmt, ap);
    va_end(ap);
    v = parse(s, strlen(s), &err);
    if (v == NULL)
        pt_fail("test bug: not JSON (%s): %s", err.text, s);
    return pt_keep(v);
}

/* ------------------------------------------------------------------ */
/* Servers and children                                                */
/* ------------------------------------------------------------------ */

static void
kill_children(void)
{
    int i;

    for (i = 0; i < MAX_CHILDREN; i++) {
        /* Only a child not yet reaped: its pid cannot have been reused. */
        if (children[i] > 0 && waitpid(children[i], NULL, WNOHANG) == 0) {
            kill(children[i], SIGKILL);
            waitpid(children[i], NULL, 0);
        }
        children[i] = 0;
    }
}

/* Runs at exit, so a test that fails half-way still stops its servers. */
static void
cleanup_at_exit(void)
{
    int i;

    if (getpid() != owner_pid)
        return;
    kill_children();
    for (i = 0; i < MAX_SERVERS; i++)
        if (servers[i] != NULL) {
            mptest_server_stop(servers[i]);
            servers[i] = NULL;
        }
}

static void
register_cleanup(void)
{
    if (owner_pid != getpid()) {
        owner_pid = getpid();
        memset(servers, 0, sizeof(servers));
        memset(children, 0, sizeof(children));
        atexit(cleanup_at_exit);
    }
}

void
pt_track_child(pid_t pid)
{
    int i;

    register_cleanup();
    for (i = 0; i < MAX_CHILDREN; i++)
        if (children[i] == 0) {
            children[i] = pid;
            return;
        }
    pt_fail("test bug: too many child processes");
}

void
pt_start_(struct mptest_server *s, const char *authkey,
          const char *const *extra)
{
    int i;

    register_cleanup();
    if (mptest_server_start(s, authkey, extra) < 0)
        pt_fail("mpmgrd did not start (is $MPMGRD set? it is %s)",
                getenv("MPMGRD") != NULL ? getenv("MPMGRD") : "unset");
    for (i = 0; i < MAX_SERVERS; i++)
        if (servers[i] == NULL) {
            servers[i] = s;
            return;
        }
    pt_fail("test bug: too many servers");
}

int
pt_stop(struct mptest_server *s)
{
    int i;

    for (i = 0; i < MAX_SERVERS; i++)
        if (servers[i] == s)
            servers[i] = NULL;
    return mptest_server_stop(s);
}

char *
pt_mkdtemp(const char *what)
{
    const char *base = getenv("TMPDIR");
    char *dir = pt_text("%s/%s.XXXXXX",
                        base != NULL && *base != '\0' ? base : "/tmp", what);

    if (mkdtemp(dir) == NULL)
        pt_fail("mkdtemp %s: %s", dir, strerror(errno));
    return dir;
}

void
pt_setup(void)
{
    pt_start(&pt_srv, NULL, NULL);
}

void
pt_setup_auth(void)
{
    pt_start(&pt_srv, PT_AUTHKEY, NULL);
}

void
pt_teardown(void)
{
    int status;

    kill_children();
    status = pt_stop(&pt_srv);
    free_kept();
    ck_assert_msg(status == 0,
                  "mpmgrd did not exit cleanly after SIGTERM (status %d): "
                  "it crashed, hung or reported an error",
                  status);
}

/* ------------------------------------------------------------------ */
/* Lines                                                               */
/* ------------------------------------------------------------------ */

/* 1 when V is the string S. */
static int
is_str(const json_t *v, const char *s)
{
    return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

/* 1 when TEXT has no whitespace outside its strings. */
static int
is_compact(const char *text)
{
    int in_string = 0;
    const char *p;

    for (p = text; *p != '\0'; p++) {
        if (in_string) {
            if (*p == '\\' && p[1] != '\0')
                p++;
            else if (*p == '"')
                in_string = 0;
        } else if (*p == '"') {
            in_string = 1;
        } else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            return 0;
        }
    }
    return 1;
}

json_t *
pt_recv_(int fd)
{
    json_error_t err;
    char *line;
    json_t *v;

    line = mptest_recv_line(fd, PT_WAIT_MS);
    if (line == NULL)
        pt_fail("expected a reply line; the server sent none within %d ms "
                "(or closed the connection)",
                PT_WAIT_MS);
    keep_text(line);
    v = parse(line, strlen(line), &err);
    if (v == NULL)
        pt_fail("the server sent a line that is not JSON (%s): %.1500s",
                err.text, line);
    if (!is_compact(line))
        pt_fail("the server's line is not compact JSON: %.1500s", line);
    return pt_keep(v);
}

void
pt_send_(int fd, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = pt_vtext(fmt, ap);
    va_end(ap);
    if (mptest_send(fd, s) < 0)
        pt_fail("cannot send to the server (%s): %.200s", strerror(errno), s);
}

void
pt_send_raw_(int fd, const void *buf, size_t len)
{
    if (mptest_write(fd, buf, len) < 0)
        pt_fail("cannot send to the server: %s", strerror(errno));
}

/* Drop the messages of ACTUAL's errors where EXPECTED has none. */
static void
strip_messages(json_t *actual, const json_t *expected)
{
    size_t i;

    if (json_is_object(actual) && json_is_object(expected)) {
        json_t *ae = json_object_get(actual, "error");
        json_t *ee = json_object_get(expected, "error");

        if (json_is_object(ae) && json_is_object(ee) &&
            json_object_get(ee, "message") == NULL &&
            json_is_string(json_object_get(ae, "message")))
            json_object_del(ae, "message");
    } else if (json_is_array(actual) && json_is_array(expected) &&
               json_array_size(actual) == json_array_size(expected)) {
        for (i = 0; i < json_array_size(actual); i++)
            strip_messages(json_array_get(actual, i),
                           json_array_get(expected, i));
    }
}

int
pt_match(const json_t *expected, const json_t *actual)
{
    json_t *copy;
    int eq;

    if (expected == NULL || actual == NULL)
        return 0;
    copy = json_deep_copy(actual);
    strip_messages(copy, expected);
    eq = json_equal(expected, copy);
    json_decref(copy);
    return eq;
}

void
pt_expect_(int fd, const char *fmt, ...)
{
    json_error_t err;
    va_list ap;
    char *s;
    json_t *want, *got;

    va_start(ap, fmt);
    s = pt_vtext(fmt, ap);
    va_end(ap);
    want = pt_keep(parse(s, strlen(s), &err));
    if (want == NULL)
        pt_fail("test bug: expected text is not JSON (%s): %s", err.text, s);
    got = pt_recv_(fd);
    if (!pt_match(want, got))
        pt_fail("expected %s, got %s", pt_dump(want), pt_dump(got));
}

void
pt_expect_eof_(int fd)
{
    if (!mptest_wait_eof(fd, PT_WAIT_MS))
        pt_fail("expected the server to close the connection within %d ms",
                PT_WAIT_MS);
}

void
pt_free_port(char port[16])
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
        getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
        pt_fail("cannot find a free TCP port: %s", strerror(errno));
    snprintf(port, 16, "%u", (unsigned)ntohs(sin.sin_port));
    close(fd);
}

size_t
pt_flood(int fd, size_t max)
{
    static char chunk[65536];
    size_t sent = 0;
    int flags = fcntl(fd, F_GETFL);

    memset(chunk, 'x', sizeof(chunk));
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    while (sent < max) {
        struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
        ssize_t n;

        if (poll(&p, 1, PT_WAIT_MS) <= 0)
            pt_fail("after %zu bytes of one line the server neither reads "
                    "nor answers",
                    sent);
        if (p.revents & (POLLIN | POLLHUP | POLLERR))
            break;
        n = send(fd, chunk, sizeof(chunk), MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n < 0)
            break;
        sent += (size_t)n;
    }
    fcntl(fd, F_SETFL, flags);
    return sent;
}

void
pt_close(int fd)
{
    if (fd >= 0 && fd < MAX_FDS) {
        next_id[fd] = 0;
        session_of[fd] = 0;
    }
    mptest_close(fd);
}

/* ------------------------------------------------------------------ */
/* Handshake                                                           */
/* ------------------------------------------------------------------ */

void
pt_hmac_hex(const char *key, const unsigned char *msg, size_t msglen,
            char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0, i;

    if (HMAC(EVP_sha256(), key, (int)strlen(key), msg, msglen, md, &mdlen) ==
            NULL ||
        mdlen != 32)
        pt_fail("HMAC-SHA256 failed in the test itself");
    for (i = 0; i < mdlen; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    out[64] = '\0';
}

int
pt_unhex32(const char *hex, unsigned char out[32])
{
    int i;

    if (hex == NULL || strlen(hex) != 64)
        return -1;
    for (i = 0; i < 32; i++) {
        unsigned int byte;

        if (!isxdigit((unsigned char)hex[2 * i]) ||
            !isxdigit((unsigned char)hex[2 * i + 1]) ||
            sscanf(hex + 2 * i, "%2x", &byte) != 1)
            return -1;
        out[i] = (unsigned char)byte;
    }
    return 0;
}

int
pt_connect_raw_(const struct mptest_server *s)
{
    int fd = mptest_connect(s->path);

    if (fd < 0)
        pt_fail("cannot connect to %s: %s", s->path, strerror(errno));
    if (fd >= MAX_FDS)
        pt_fail("test bug: fd %d too large", fd);
    next_id[fd] = 0;
    session_of[fd] = 0;
    return fd;
}

static int
is_lower_hex(const char *s, size_t n)
{
    size_t i;

    if (s == NULL || strlen(s) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
            return 0;
    return 1;
}

json_t *
pt_greeting_(int fd)
{
    json_t *g = pt_recv_(fd), *params;
    const char *auth, *nonce;

    params = json_object_get(g, "params");
    if (!json_is_object(g) || json_object_size(g) != 3 ||
        !is_str(json_object_get(g, "jsonrpc"), "2.0") ||
        !json_is_string(json_object_get(g, "method")) ||
        strcmp(json_string_value(json_object_get(g, "method")), "greeting") !=
            0 ||
        !json_is_object(params))
        pt_fail("not a greeting notification: %s", pt_dump(g));
    auth = json_string_value(json_object_get(params, "auth"));
    nonce = json_string_value(json_object_get(params, "nonce"));
    if (json_object_size(params) != 5 ||
        !json_is_string(json_object_get(params, "server")) ||
        strcmp(json_string_value(json_object_get(params, "server")),
               "mpmgrd") != 0 ||
        !json_is_string(json_object_get(params, "version")) ||
        strcmp(json_string_value(json_object_get(params, "version")),
               PACKAGE_VERSION) != 0 ||
        !json_is_integer(json_object_get(params, "protocol")) ||
        json_integer_value(json_object_get(params, "protocol")) != 1 ||
        auth == NULL ||
        (strcmp(auth, "none") != 0 && strcmp(auth, "hmac-sha256") != 0) ||
        !is_lower_hex(nonce, 64))
        pt_fail("greeting params are not as doc/protocol.md section 2 says: %s",
                pt_dump(params));
    return params;
}

int
pt_handshake_(int fd, const char *authkey)
{
    const char *file = loc_file;
    int line = loc_line;
    json_t *g, *res;
    char hmac[65] = "";
    unsigned char nonce[32];

    if (fd < 0 || fd >= MAX_FDS)
        pt_fail("test bug: bad fd %d", fd);
    g = pt_greeting_(fd);
    if (strcmp(json_string_value(json_object_get(g, "auth")),
               authkey != NULL && authkey[0] != '\0' ? "hmac-sha256"
                                                     : "none") != 0)
        pt_fail("greeting auth is %s", pt_dump(json_object_get(g, "auth")));
    if (authkey != NULL && authkey[0] != '\0') {
        pt_unhex32(json_string_value(json_object_get(g, "nonce")), nonce);
        pt_hmac_hex(authkey, nonce, sizeof(nonce), hmac);
        res = pt_ok_(fd, "hello",
                     "{'protocol':1,'client':'check_protocol','pid':%d,"
                     "'hmac':'%s'}",
                     (int)getpid(), hmac);
    } else {
        res = pt_ok_(fd, "hello",
                     "{'protocol':1,'client':'check_protocol','pid':%d}",
                     (int)getpid());
    }
    pt_loc(file, line);
    if (!json_is_object(res) || json_object_size(res) != 3 ||
        !json_is_integer(json_object_get(res, "session")) ||
        json_integer_value(json_object_get(res, "session")) < 1 ||
        !is_str(json_object_get(res, "server"), "mpmgrd") ||
        !is_str(json_object_get(res, "version"), PACKAGE_VERSION))
        pt_fail("hello result is not {session,server,version}: %s",
                pt_dump(res));
    session_of[fd] = json_integer_value(json_object_get(res, "session"));
    return fd;
}

int
pt_connect_(const struct mptest_server *s)
{
    return pt_handshake_(pt_connect_raw_(s), s->authkey);
}

long long
pt_session(int fd)
{
    return fd >= 0 && fd < MAX_FDS ? session_of[fd] : 0;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */
/* ------------------------------------------------------------------ */

static json_t *
vcall(int fd, const char *method, const char *params, va_list ap)
{
    char *ptext = NULL, *mtext, *line;
    json_t *r, *m;
    long long id;

    if (fd < 0 || fd >= MAX_FDS)
        pt_fail("test bug: bad fd %d", fd);
    id = ++next_id[fd];
    if (params != NULL)
        ptext = pt_vtext(params, ap);
    m = json_string(method);
    mtext = json_dumps(m, JSON_ENCODE_ANY);
    json_decref(m);
    keep_text(mtext);
    if (ptext != NULL)
        line = pt_text("{'jsonrpc':'2.0','id':%lld,'method':%s,'params':%s}",
                       id, mtext, ptext);
    else
        line = pt_text("{'jsonrpc':'2.0','id':%lld,'method':%s}", id, mtext);
    if (mptest_send(fd, line) < 0)
        pt_fail("cannot send %.300s: %s", line, strerror(errno));
    r = pt_recv_(fd);
    if (!json_is_object(r) || !is_str(json_object_get(r, "jsonrpc"), "2.0") ||
        !json_is_integer(json_object_get(r, "id")) ||
        json_integer_value(json_object_get(r, "id")) != id ||
        json_object_size(r) != 3 ||
        (json_object_get(r, "result") == NULL) ==
            (json_object_get(r, "error") == NULL))
        pt_fail("not a JSON-RPC response to id %lld: %s\n  request: %.500s", id,
                pt_dump(r), line);
    return r;
}

json_t *
pt_call_(int fd, const char *method, const char *params, ...)
{
    va_list ap;
    json_t *r;

    va_start(ap, params);
    r = vcall(fd, method, params, ap);
    va_end(ap);
    return r;
}

json_t *
pt_ok_(int fd, const char *method, const char *params, ...)
{
    va_list ap;
    json_t *r, *result;

    va_start(ap, params);
    r = vcall(fd, method, params, ap);
    va_end(ap);
    result = json_object_get(r, "result");
    if (result == NULL)
        pt_fail("%s failed: %s", method, pt_dump(r));
    return result;
}

const char *
pt_code_name(int code)
{
    switch (code) {
    case PT_PARSE:
        return "ParseError";
    case PT_INVALID_REQUEST:
        return "InvalidRequest";
    case PT_METHOD_NOT_FOUND:
        return "MethodNotFound";
    case PT_INVALID_PARAMS:
        return "InvalidParams";
    case PT_INTERNAL:
        return "InternalError";
    case PT_KEY:
        return "KeyError";
    case PT_INDEX:
        return "IndexError";
    case PT_VALUE:
        return "ValueError";
    case PT_TYPE:
        return "TypeError";
    case PT_NO_SUCH_OBJECT:
        return "NoSuchObject";
    case PT_EXISTS:
        return "Exists";
    case PT_RUNTIME:
        return "RuntimeError";
    case PT_AUTH_FAILED:
        return "AuthFailed";
    case PT_LIMIT:
        return "LimitExceeded";
    default:
        return "?";
    }
}

/* 1 when E is {"code":CODE,"message":string,"data":{"type":name}}. */
static int
is_error_object(const json_t *e, int code)
{
    json_t *data = json_object_get(e, "data");

    return json_is_object(e) && json_object_size(e) == 3 &&
           json_is_integer(json_object_get(e, "code")) &&
           json_integer_value(json_object_get(e, "code")) == code &&
           json_is_string(json_object_get(e, "message")) &&
           json_is_object(data) && json_object_size(data) == 1 &&
           json_is_string(json_object_get(data, "type")) &&
           strcmp(json_string_value(json_object_get(data, "type")),
                  pt_code_name(code)) == 0;
}

json_t *
pt_err_(int fd, int code, const char *method, const char *params, ...)
{
    va_list ap;
    json_t *r, *e;

    va_start(ap, params);
    r = vcall(fd, method, params, ap);
    va_end(ap);
    e = json_object_get(r, "error");
    if (!is_error_object(e, code))
        pt_fail("%s: expected error %d %s, got %s", method, code,
                pt_code_name(code), pt_dump(r));
    return e;
}

void
pt_is_error_(const json_t *response, int code, const char *id)
{
    json_t *want_id = pt_json_("%s", pt_dq(id));

    if (!json_is_object(response) || json_object_size(response) != 3 ||
        !is_str(json_object_get(response, "jsonrpc"), "2.0") ||
        !json_equal(json_object_get(response, "id"), want_id) ||
        !is_error_object(json_object_get(response, "error"), code))
        pt_fail("expected an error response %d %s with id %s, got %s", code,
                pt_code_name(code), id, pt_dump(response));
}

void
pt_eq_(const json_t *actual, const char *fmt, ...)
{
    json_error_t err;
    va_list ap;
    char *s;
    json_t *want;

    va_start(ap, fmt);
    s = pt_vtext(fmt, ap);
    va_end(ap);
    want = pt_keep(parse(s, strlen(s), &err));
    if (want == NULL)
        pt_fail("test bug: expected text is not JSON (%s): %s", err.text, s);
    if (actual == NULL || !json_equal(want, actual))
        pt_fail("expected %s, got %s", pt_dump(want), pt_dump(actual));
}

long long
pt_new_(int fd, const char *type, const char *more)
{
    json_t *r = pt_ok_(fd, "new", "{'type':'%s'%s}", type,
                       more != NULL ? pt_dq(more) : "");
    json_t *oid = json_object_get(r, "oid");

    if (!json_is_integer(oid) || json_integer_value(oid) < 1 ||
        !is_str(json_object_get(r, "type"), type))
        pt_fail("new %s returned %s", type, pt_dump(r));
    return json_integer_value(oid);
}

json_t *
pt_describe_(int fd, long long oid)
{
    json_t *r = pt_call_(fd, "describe", "{'oid':%lld}", oid);
    json_t *e = json_object_get(r, "error");

    if (e == NULL)
        return json_object_get(r, "result");
    if (!is_error_object(e, PT_NO_SUCH_OBJECT))
        pt_fail("describe %lld: %s", oid, pt_dump(r));
    return NULL;
}

static long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void
pt_wait_sessions_(int fd, long long n)
{
    long deadline = now_ms() + PT_WAIT_MS;
    json_t *info = NULL;

    while (now_ms() < deadline) {
        info = pt_ok_(fd, "server.info", NULL);
        if (json_integer_value(json_object_get(info, "sessions")) == n)
            return;
        usleep(20000);
    }
    pt_fail("server.info sessions did not become %lld within %d ms: %s", n,
            PT_WAIT_MS, pt_dump(info));
}

void
pt_wait_session_gone_(int fd, long long session)
{
    long deadline = now_ms() + PT_WAIT_MS;
    json_t *list = NULL;

    while (now_ms() < deadline) {
        size_t i, found = 0;

        list = pt_ok_(fd, "server.sessions", NULL);
        if (!json_is_array(list))
            pt_fail("server.sessions is not an array: %s", pt_dump(list));
        for (i = 0; i < json_array_size(list); i++)
            if (json_integer_value(json_object_get(json_array_get(list, i),
                                                   "session")) == session)
                found = 1;
        if (!found)
            return;
        usleep(20000);
    }
    pt_fail("session %lld still listed after %d ms: %s", session, PT_WAIT_MS,
            pt_dump(list));
}

void
pt_send_queued_(int fd, const char *fmt, ...)
{
    va_list ap;
    char *req, *both;

    va_start(ap, fmt);
    req = pt_vtext(fmt, ap);
    va_end(ap);
    both = pt_text("{'jsonrpc':'2.0','id':'queued','method':'server.ping'}\n"
                   "%s\n",
                   req);
    pt_send_raw_(fd, both, strlen(both));
    pt_expect_(fd, "{'jsonrpc':'2.0','id':'queued','result':'pong'}");
}
