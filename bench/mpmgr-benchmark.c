/*
 * mpmgr-benchmark.c: requests per second and latency of an mpmgrd, in the
 * manner of redis-benchmark.  Each client is its own process with its own
 * connection; all of them connect first and start together.  Requests are
 * prepared once in a buffer that is reused for every round trip (only the
 * random key digits are rewritten), and replies are checked by scanning
 * their envelope, so that the client costs little next to the server.
 * With --lib the same operations go through libmpmgr's calls and its
 * pipeline instead, which measures what a program using the library gets.
 *
 * Besides the request tests there are three whole workloads, which always
 * use libmpmgr as a program would: a worker pool writing pid-keyed entries
 * into one dict, a shared counter, and the server's memory per dict entry.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "addr.h"
#include "auth.h"
#include "benchutil.h"
#include "mpmgr.h"
#include "proto.h"
#include "spin.h"

#ifndef MPMGR_BENCH_SERVER
#define MPMGR_BENCH_SERVER "mpmgrd"
#endif

/* Width of the random part of a key, as redis-benchmark's __rand_int__. */
#define KEY_DIGITS 12
/* Keys per dict.getmany request (redis-benchmark's MSET/MGET use 10). */
#define GETMANY_KEYS 10
/* Requests per round trip when filling the server before a test. */
#define FILL_DEPTH 1000

/* The ranges of the numeric options. */
#define MAX_CLIENTS 10000 /* each a process */
#define MAX_REQUESTS 10000000000LL
#define MAX_DEPTH 100000
#define MAX_VALUE_BYTES (64 << 20)
#define MAX_KEYSPACE 999999999999LL /* KEY_DIGITS nines */

static const char usage[] =
    "usage: mpmgr-benchmark [-hv] [--csv] [--lib] [-a ADDR] [-k FILE]\n"
    "                       [-c CLIENTS] [-n REQUESTS] [-P DEPTH] "
    "[-t TESTS]\n"
    "                       [-d BYTES] [-r KEYSPACE] [--server PATH]\n"
    "                       [--server-cpu N] [--client-cpu N]\n";

static struct {
    const char *addr; /* NULL: start a private server */
    char *authkey;
    size_t authkey_len;
    int clients;
    long long requests;
    int depth;
    int value_size;
    long long keyspace; /* 0: one fixed key */
    const char *tests;
    int csv;
    int lib;
    const char *server;
    int server_cpu;
    int client_cpu;
    int verbose;
} opt = {
    .clients = 50,
    .requests = 100000,
    .depth = 1,
    .value_size = 3,
    .tests = "ping,setitem,getitem,incr,append,pop,lock,getmany",
    .server_cpu = -1,
    .client_cpu = -1,
};

/* The address clients use, and the private server when we started one. */
static char address[300];
static pid_t server_pid = -1;
static char server_dir[64];

/* The objects every test works on, created by the parent. */
static int64_t dict_oid, list_oid, lock_oid;
/* The value every write stores: a JSON string of -d bytes. */
static char *value_json;  /* "xxx" with its quotes */
static char *value_plain; /* xxx */

static void
help(void)
{
    printf(
        "%s\n"
        "Measure an mpmgrd: requests per second and latency per round trip\n"
        "(p50, p99, p99.9 in microseconds), like redis-benchmark.\n\n"
        "  -a ADDR         server address (unix:PATH, PATH, tcp:HOST:PORT, "
        "...);\n"
        "                  without it a private mpmgrd is started\n"
        "  -k FILE         authkey file (else $MPMGR_AUTHKEY, else none)\n"
        "  -c CLIENTS      clients, each its own process and connection "
        "(50)\n"
        "  -n REQUESTS     requests in all, over all clients (100000)\n"
        "  -P DEPTH        requests sent together per round trip (1)\n"
        "  -t TESTS        comma list of tests (default: all request "
        "tests)\n"
        "  -d BYTES        size of the string value written (3)\n"
        "  -r KEYSPACE     random keys key:000000000000 .. KEYSPACE-1 "
        "(default:\n"
        "                  one fixed key)\n"
        "  --lib           go through libmpmgr's calls and pipeline "
        "instead of\n"
        "                  prepared request lines\n"
        "  --csv           print CSV rows (the format of bench/compare.sh)\n"
        "  --server PATH   the mpmgrd to start (else $MPMGRD, else the "
        "build tree's)\n"
        "  --server-cpu N  pin the private server to CPU N\n"
        "  --client-cpu N  pin the clients to CPU N\n"
        "  -v              let the private server log to stderr\n"
        "  -h, --help      show this help\n\n"
        "Request tests (one line per test):\n"
        "  ping      server.ping\n"
        "  setitem   dict.setitem of a random key to the value\n"
        "  getitem   dict.getitem of a random key (the keys are filled "
        "first)\n"
        "  incr      dict.incr of a random counter:NNN key\n"
        "  append    list.append of the value\n"
        "  pop       list.pop from the end (the list is filled first)\n"
        "  lock      lock.acquire then lock.release of one shared lock, "
        "counted\n"
        "            as one operation; at depth 1 that is two round "
        "trips, at\n"
        "            depth P, P pairs go in one round trip\n"
        "  getmany   dict.getmany of %d random keys\n\n"
        "Workloads (through libmpmgr; -n counts operations in all; -P of them\n"
        "per round trip, pipelined):\n"
        "  pool        -c worker processes forked after the dict is made, "
        "each\n"
        "              setting its share of -n [pid, i] keys "
        "(mpmgr_dict_setitemf);\n"
        "              timed from the first fork to the last exit, then "
        "the\n"
        "              dict's length is checked\n"
        "  poolupdate  the same, each worker sending -P entries per "
        "dict.update,\n"
        "              built as a batch with mpmgr_items_addf\n"
        "  counter     -c processes each adding 1 to one key with "
        "dict.incr; the\n"
        "              total is checked\n"
        "  memory      -n int keys with int values into a new dict; the "
        "server's\n"
        "              resident memory (server.info memory_bytes) before "
        "and after,\n"
        "              per entry\n\n"
        "Clients wait for replies as libmpmgr does: they watch the socket "
        "for\n"
        "$MPMGR_SPIN_USEC microseconds (default 50; 0: sleep at once) "
        "before they\n"
        "sleep; see libmpmgr(3).\n",
        usage, GETMANY_KEYS);
}

static void die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void stop_server(void);

static void
die(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "mpmgr-benchmark: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    stop_server();
    exit(1);
}

/* ======================================================================
 * The private server
 * ====================================================================== */

static const char *
server_path(void)
{
    const char *env = getenv("MPMGRD");

    if (opt.server != NULL)
        return opt.server;
    if (env != NULL && *env != '\0')
        return env;
    if (access(MPMGR_BENCH_SERVER, X_OK) == 0)
        return MPMGR_BENCH_SERVER;
    return "mpmgrd";
}

/*
 * Start mpmgrd on a Unix socket in a fresh directory, without an authkey
 * (the directory is ours alone), and wait for its --ready-fd line.
 */
static void
start_server(void)
{
    const char *path = server_path();
    char listen_arg[200], line[512];
    int fds[2];
    ssize_t n;
    size_t got = 0;

    snprintf(server_dir, sizeof(server_dir), "/tmp/mpmgr-bench-XXXXXX");
    if (mkdtemp(server_dir) == NULL)
        die("mkdtemp: %s", strerror(errno));
    snprintf(listen_arg, sizeof(listen_arg), "unix:%s/mpmgr.sock", server_dir);
    if (pipe(fds) < 0)
        die("pipe: %s", strerror(errno));
    fflush(NULL);
    server_pid = fork();
    if (server_pid < 0)
        die("fork: %s", strerror(errno));
    if (server_pid == 0) {
        if (bench_set_cpu(opt.server_cpu) < 0)
            perror("sched_setaffinity");
        close(fds[0]);
        if (fds[1] != 3) {
            dup2(fds[1], 3);
            close(fds[1]);
        }
        unsetenv("MPMGR_AUTHKEY");
        if (!opt.verbose) {
            int null = open("/dev/null", O_WRONLY);

            if (null >= 0 && null != 2) {
                dup2(null, 2);
                close(null);
            }
        }
        execlp(path, path, "--listen", listen_arg, "--ready-fd", "3",
               (char *)NULL);
        fprintf(stderr, "mpmgr-benchmark: cannot run %s: %s\n", path,
                strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    while (got < sizeof(line) - 1) {
        n = read(fds[0], line + got, sizeof(line) - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    line[got] = '\0';
    if (strncmp(line, "ready ", 6) != 0)
        die("%s did not start%s", path,
            opt.verbose ? " (see its messages above)"
                        : "; -v shows its messages");
    snprintf(address, sizeof(address), "%s", listen_arg);
}

static void
stop_server(void)
{
    char sock[128];

    if (server_pid <= 0)
        return;
    kill(server_pid, SIGTERM);
    waitpid(server_pid, NULL, 0);
    server_pid = -1;
    snprintf(sock, sizeof(sock), "%s/mpmgr.sock", server_dir);
    unlink(sock);
    rmdir(server_dir);
}

/* ======================================================================
 * A raw connection: our own framing, for the request tests
 * ====================================================================== */

struct raw {
    int fd;
    char *in; /* unread input */
    size_t start, len, size;
    int64_t next_id;         /* for raw_call */
    struct mpmgr__spin spin; /* waits for replies as libmpmgr does */
};

static int
dial(const char *text, char *err, size_t errlen)
{
    struct mpmgr__addr a;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *ai;
    int fd = -1, one = 1, rc;

    if (mpmgr__addr_parse(text, &a, err, errlen) < 0)
        return -1;
    if (a.family == AF_UNIX) {
        struct sockaddr_un sa = {.sun_family = AF_UNIX};

        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", a.path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
            snprintf(err, errlen, "cannot connect to %s: %s", a.text,
                     strerror(errno));
            if (fd >= 0)
                close(fd);
            return -1;
        }
        return fd;
    }
    if ((rc = getaddrinfo(a.host, a.port, &hints, &res)) != 0) {
        snprintf(err, errlen, "%s: %s", a.text, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(err, errlen, "cannot connect to %s: %s", a.text,
                 strerror(errno));
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

/* Read more input; grows the buffer when it is full.  0, or -1 on EOF. */
static int
raw_fill(struct raw *c)
{
    ssize_t n;

    if (c->start > 0 && c->start == c->len)
        c->start = c->len = 0;
    if (c->len == c->size) {
        if (c->start > 0) {
            memmove(c->in, c->in + c->start, c->len - c->start);
            c->len -= c->start;
            c->start = 0;
        } else {
            c->size = c->size > 0 ? 2 * c->size : 65536;
            c->in = realloc(c->in, c->size);
            if (c->in == NULL)
                die("out of memory");
        }
    }
    mpmgr__spin_wait(&c->spin, c->fd);
    for (;;) {
        n = read(c->fd, c->in + c->len, c->size - c->len);
        if (n > 0) {
            c->len += (size_t)n;
            return 0;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* The next whole line (without its LF), or NULL when the server left. */
static char *
raw_line(struct raw *c, size_t *len)
{
    char *line, *nl;

    for (;;) {
        line = c->in + c->start;
        nl = c->len > c->start ? memchr(line, '\n', c->len - c->start) : NULL;
        if (nl != NULL) {
            *len = (size_t)(nl - line);
            c->start += *len + 1;
            return line;
        }
        if (raw_fill(c) < 0)
            return NULL;
    }
}

/*
 * One request, synchronously, for setting up: PARAMS is stolen.  Returns
 * the result (a new reference) or NULL with the reason in ERR.
 */
static json_t *
raw_call(struct raw *c, const char *method, json_t *params, char *err,
         size_t errlen)
{
    json_t *req, *reply, *result = NULL, *e;
    json_error_t jerr;
    char *text, *line;
    size_t len;

    req = json_pack("{s:s,s:I,s:s,s:o}", "jsonrpc", "2.0", "id",
                    (json_int_t)c->next_id++, "method", method, "params",
                    params != NULL ? params : json_object());
    text = req != NULL ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (text == NULL) {
        snprintf(err, errlen, "cannot encode %s", method);
        return NULL;
    }
    len = strlen(text);
    text[len] = '\n';
    if (bench_write_all(c->fd, text, len + 1) < 0) {
        free(text);
        snprintf(err, errlen, "cannot send %s: %s", method, strerror(errno));
        return NULL;
    }
    free(text);
    if ((line = raw_line(c, &len)) == NULL) {
        snprintf(err, errlen, "the server closed the connection");
        return NULL;
    }
    reply = json_loadb(line, len, 0, &jerr);
    if (reply == NULL) {
        snprintf(err, errlen, "bad reply to %s: %s", method, jerr.text);
        return NULL;
    }
    if ((e = json_object_get(reply, "error")) != NULL)
        snprintf(err, errlen, "%s: %s", method,
                 json_string_value(json_object_get(e, "message")));
    else if ((result = json_object_get(reply, "result")) == NULL)
        snprintf(err, errlen, "%s: reply without a result", method);
    else
        json_incref(result);
    json_decref(reply);
    return result;
}

/* Connect, read the greeting and say hello (with an HMAC when asked). */
static int
raw_connect(struct raw *c, char *err, size_t errlen)
{
    json_t *greeting, *params, *res;
    json_error_t jerr;
    const char *auth, *nonce;
    unsigned char raw_nonce[MPMGR__NONCE_BYTES];
    char hmac[65], *line;
    size_t len;

    memset(c, 0, sizeof(*c));
    mpmgr__spin_init(&c->spin);
    if ((c->fd = dial(address, err, errlen)) < 0)
        return -1;
    if ((line = raw_line(c, &len)) == NULL) {
        snprintf(err, errlen, "no greeting from %s", address);
        goto fail;
    }
    greeting = json_loadb(line, len, 0, &jerr);
    params = json_object_get(greeting, "params");
    auth = json_string_value(json_object_get(params, "auth"));
    nonce = json_string_value(json_object_get(params, "nonce"));
    if (auth == NULL || nonce == NULL) {
        json_decref(greeting);
        snprintf(err, errlen, "bad greeting from %s", address);
        goto fail;
    }
    params = json_pack("{s:i,s:s,s:I}", "protocol", 1, "client",
                       "mpmgr-benchmark", "pid", (json_int_t)getpid());
    if (strcmp(auth, "none") != 0) {
        if (opt.authkey == NULL) {
            json_decref(greeting);
            json_decref(params);
            snprintf(err, errlen,
                     "%s wants an authkey: use -k FILE or "
                     "MPMGR_AUTHKEY",
                     address);
            goto fail;
        }
        if (mpmgr__hex_decode(nonce, strlen(nonce), raw_nonce,
                              sizeof(raw_nonce)) < 0 ||
            mpmgr__hmac_hex(opt.authkey, opt.authkey_len, raw_nonce,
                            sizeof(raw_nonce), hmac) < 0) {
            json_decref(greeting);
            json_decref(params);
            snprintf(err, errlen, "bad nonce from %s", address);
            goto fail;
        }
        json_object_set_new(params, "hmac", json_string(hmac));
    }
    json_decref(greeting);
    if ((res = raw_call(c, "hello", params, err, errlen)) == NULL)
        goto fail;
    json_decref(res);
    return 0;

fail:
    close(c->fd);
    free(c->in);
    c->fd = -1;
    c->in = NULL;
    return -1;
}

static void
raw_close(struct raw *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->in);
    c->fd = -1;
    c->in = NULL;
}

/* ======================================================================
 * Prepared requests
 * ====================================================================== */

/*
 * One write's worth of request lines, made once and reused.  Sending the
 * first K operations sends the bytes up to line_end[K * per_op - 1].
 */
struct phase {
    char *buf;
    size_t len, size;
    size_t *line_end; /* offset after each line's LF */
    size_t nlines, lines_size;
    size_t *keys; /* offsets of the random key digits */
    size_t nkeys, keys_size;
    int per_op;   /* lines per operation */
    int first_id; /* id of the first line; then +1 each */
};

/* A placeholder for the random digits of a key, replaced when added. */
#define KEY_MARK "@@@@@@@@@@@@"

static void
grow(void **p, size_t *size, size_t need, size_t elem)
{
    if (need <= *size)
        return;
    while (*size < need)
        *size = *size > 0 ? 2 * *size : 64;
    *p = realloc(*p, *size * elem);
    if (*p == NULL)
        die("out of memory");
}

/* Append one request line (params text PARAMS, may hold KEY_MARKs). */
static void
phase_add(struct phase *ph, int id, const char *method, const char *params)
{
    char head[128];
    size_t hlen, plen = params != NULL ? strlen(params) : 0, at, i;
    char *p;

    hlen = (size_t)snprintf(head, sizeof(head),
                            "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\"",
                            id, method);
    grow((void **)&ph->buf, &ph->size, ph->len + hlen + plen + 16, 1);
    at = ph->len;
    memcpy(ph->buf + ph->len, head, hlen);
    ph->len += hlen;
    if (params != NULL) {
        memcpy(ph->buf + ph->len, ",\"params\":", 10);
        ph->len += 10;
        memcpy(ph->buf + ph->len, params, plen);
        ph->len += plen;
    }
    memcpy(ph->buf + ph->len, "}\n", 2);
    ph->len += 2;
    /* Find the placeholders, remember them, and write zeros there. */
    for (i = at; i + KEY_DIGITS <= ph->len; i++) {
        if (ph->buf[i] != '@')
            continue;
        p = ph->buf + i;
        if (memcmp(p, KEY_MARK, KEY_DIGITS) != 0)
            continue;
        memset(p, '0', KEY_DIGITS);
        grow((void **)&ph->keys, &ph->keys_size, ph->nkeys + 1,
             sizeof(*ph->keys));
        ph->keys[ph->nkeys++] = i;
        i += KEY_DIGITS - 1;
    }
    grow((void **)&ph->line_end, &ph->lines_size, ph->nlines + 1,
         sizeof(*ph->line_end));
    ph->line_end[ph->nlines++] = ph->len;
}

static void
phase_free(struct phase *ph)
{
    free(ph->buf);
    free(ph->line_end);
    free(ph->keys);
    memset(ph, 0, sizeof(*ph));
}

/* A small fast generator for keys; each client seeds its own. */
static uint64_t
rng_next(uint64_t *s)
{
    uint64_t x = *s;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* Write random key digits into the placeholders before offset LIMIT. */
static void
phase_randomize(struct phase *ph, size_t limit, uint64_t *rng)
{
    size_t i;

    if (opt.keyspace <= 0)
        return;
    for (i = 0; i < ph->nkeys && ph->keys[i] < limit; i++) {
        uint64_t v = rng_next(rng) % (uint64_t)opt.keyspace;
        char *p = ph->buf + ph->keys[i] + KEY_DIGITS;
        int d;

        for (d = 0; d < KEY_DIGITS; d++) {
            *--p = (char)('0' + v % 10);
            v /= 10;
        }
    }
}

/* ======================================================================
 * Tests
 * ====================================================================== */

enum test_kind {
    T_PING,
    T_SETITEM,
    T_GETITEM,
    T_INCR,
    T_APPEND,
    T_POP,
    T_LOCK,
    T_GETMANY,
    T_POOL,
    T_POOL_UPDATE,
    T_COUNTER,
    T_MEMORY
};

static const struct test {
    const char *name;
    enum test_kind kind;
} tests[] = {
    {"ping", T_PING},       {"setitem", T_SETITEM},
    {"getitem", T_GETITEM}, {"incr", T_INCR},
    {"append", T_APPEND},   {"pop", T_POP},
    {"lock", T_LOCK},       {"getmany", T_GETMANY},
    {"pool", T_POOL},       {"poolupdate", T_POOL_UPDATE},
    {"counter", T_COUNTER}, {"memory", T_MEMORY},
};

static const struct test *
find_test(const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
        if (strlen(tests[i].name) == len &&
            memcmp(tests[i].name, name, len) == 0)
            return &tests[i];
    return NULL;
}

/*
 * Build the phases of one round for KIND at depth P: usually one phase of
 * P request lines; for lock at depth 1, two phases (acquire, release) so
 * that a pair costs the two round trips a program holding the lock pays.
 */
static int
build_phases(enum test_kind kind, int p, struct phase ph[2])
{
    /* Room for the largest params: the value, or the getmany keys. */
    size_t size = strlen(value_json) + 512 + GETMANY_KEYS * 32;
    char *params = bench_xmalloc(size);
    int i, k, n, nph = 1;

    memset(ph, 0, 2 * sizeof(*ph));
    ph[0].per_op = 1;
    if (kind == T_LOCK && p == 1) {
        snprintf(params, size, "{\"oid\":%lld}", (long long)lock_oid);
        phase_add(&ph[0], 0, "lock.acquire", params);
        ph[1].per_op = 1;
        ph[1].first_id = 1;
        phase_add(&ph[1], 1, "lock.release", params);
        free(params);
        return 2;
    }
    for (i = 0; i < p; i++) {
        switch (kind) {
        case T_PING:
            phase_add(&ph[0], i, "server.ping", NULL);
            break;
        case T_SETITEM:
            snprintf(params, size,
                     "{\"oid\":%lld,\"key\":\"key:" KEY_MARK "\",\"value\":%s}",
                     (long long)dict_oid, value_json);
            phase_add(&ph[0], i, "dict.setitem", params);
            break;
        case T_GETITEM:
            snprintf(params, size,
                     "{\"oid\":%lld,\"key\":\"key:" KEY_MARK "\"}",
                     (long long)dict_oid);
            phase_add(&ph[0], i, "dict.getitem", params);
            break;
        case T_INCR:
            snprintf(params, size,
                     "{\"oid\":%lld,\"key\":\"counter:" KEY_MARK "\"}",
                     (long long)dict_oid);
            phase_add(&ph[0], i, "dict.incr", params);
            break;
        case T_APPEND:
            snprintf(params, size, "{\"oid\":%lld,\"value\":%s}",
                     (long long)list_oid, value_json);
            phase_add(&ph[0], i, "list.append", params);
            break;
        case T_POP:
            snprintf(params, size, "{\"oid\":%lld}", (long long)list_oid);
            phase_add(&ph[0], i, "list.pop", params);
            break;
        case T_LOCK:
            snprintf(params, size, "{\"oid\":%lld}", (long long)lock_oid);
            ph[0].per_op = 2;
            phase_add(&ph[0], 2 * i, "lock.acquire", params);
            phase_add(&ph[0], 2 * i + 1, "lock.release", params);
            break;
        case T_GETMANY:
            n = snprintf(params, size, "{\"oid\":%lld,\"keys\":[",
                         (long long)dict_oid);
            for (k = 0; k < GETMANY_KEYS; k++)
                n += snprintf(params + n, size - (size_t)n,
                              "%s\"key:" KEY_MARK "\"", k > 0 ? "," : "");
            snprintf(params + n, size - (size_t)n, "]}");
            phase_add(&ph[0], i, "dict.getmany", params);
            break;
        default:
            nph = -1;
            break;
        }
    }
    free(params);
    return nph;
}

/*
 * Check one reply line: our envelope, the expected id, and a result rather
 * than an error.  Returns 0 for a result, 1 for an error reply, -1 for a
 * line that is not a reply to us.
 */
static int
check_reply(const char *line, size_t len, int id)
{
    static const char prefix[] = "{\"jsonrpc\":\"2.0\",\"id\":";
    size_t at = sizeof(prefix) - 1;
    int got = 0;

    if (len < at + 10 || memcmp(line, prefix, at) != 0)
        return -1;
    while (at < len && line[at] >= '0' && line[at] <= '9')
        got = got * 10 + (line[at++] - '0');
    if (got != id || at + 9 > len)
        return -1;
    if (memcmp(line + at, ",\"result\"", 9) == 0)
        return 0;
    if (memcmp(line + at, ",\"error\"", 8) == 0)
        return 1;
    return -1;
}

static void
note_error(struct bench_slot *s, const char *line, size_t len)
{
    s->errors++;
    if (s->message[0] == '\0')
        snprintf(s->message, sizeof(s->message), "%.*s",
                 (int)(len < 200 ? len : 200), line);
}

/*
 * One round trip: send the first NLINES lines of PH, read as many replies.
 * Returns 0, or -1 when the connection broke or a reply was out of step.
 */
static int
raw_round(struct raw *c, struct phase *ph, size_t nlines, struct bench_slot *s)
{
    size_t i, len;
    char *line;
    int rc;

    mpmgr__spin_sent(&c->spin);
    if (bench_write_all(c->fd, ph->buf, ph->line_end[nlines - 1]) < 0) {
        snprintf(s->message, sizeof(s->message), "write: %s", strerror(errno));
        return -1;
    }
    for (i = 0; i < nlines; i++) {
        if ((line = raw_line(c, &len)) == NULL) {
            snprintf(s->message, sizeof(s->message),
                     "the server closed the connection");
            return -1;
        }
        rc = check_reply(line, len, ph->first_id + (int)i);
        if (rc < 0) {
            snprintf(s->message, sizeof(s->message), "unexpected reply: %.*s",
                     (int)(len < 200 ? len : 200), line);
            return -1;
        }
        if (rc > 0)
            note_error(s, line, len);
    }
    return 0;
}

struct run {
    enum test_kind kind;
    const char *name;
};

/* The share of -n that client IDX does. */
static long long
share(long long total, int n, int idx)
{
    return total / n + (idx < total % n);
}

/* A request-test client on its own prepared lines. */
static int
raw_client(struct bench_group *g, int idx, void *arg)
{
    struct run *run = arg;
    struct bench_slot *s = &g->slots[idx];
    uint64_t *lat = g->lat + (size_t)idx * g->lat_per_client;
    long long ops = share(opt.requests, g->nclients, idx);
    uint64_t rng =
        0x9e3779b97f4a7c15ull ^ ((uint64_t)getpid() << 17) ^ (uint64_t)idx;
    struct phase ph[2];
    struct raw c;
    char err[1024];
    int nph, i;
    uint64_t t0, t1;

    if (bench_set_cpu(opt.client_cpu) < 0)
        perror("sched_setaffinity");
    if (raw_connect(&c, err, sizeof(err)) < 0) {
        snprintf(s->message, sizeof(s->message), "%.200s", err);
        s->failed = 1;
        return 1;
    }
    nph = build_phases(run->kind, opt.depth, ph);
    bench_group_ready(g);
    s->t_start = bench_now_ns();
    while (ops > 0) {
        long long k = ops < opt.depth ? ops : opt.depth;

        for (i = 0; i < nph; i++) {
            size_t nlines = (size_t)k * (size_t)ph[i].per_op;

            phase_randomize(&ph[i], ph[i].line_end[nlines - 1], &rng);
            t0 = bench_now_ns();
            if (raw_round(&c, &ph[i], nlines, s) < 0)
                goto broken;
            t1 = bench_now_ns();
            if (s->nlat < g->lat_per_client)
                lat[s->nlat++] = t1 - t0;
        }
        s->ops += (uint64_t)k;
        ops -= k;
    }
    s->t_end = bench_now_ns();
    for (i = 0; i < nph; i++)
        phase_free(&ph[i]);
    raw_close(&c);
    return 0;

broken:
    s->t_end = bench_now_ns();
    s->failed = 1;
    raw_close(&c);
    return 1;
}

/* ----------------------------------------------------------------------
 * The same tests through libmpmgr
 * -------------------------------------------------------------------- */

struct libctx {
    mpmgr_t *m;
    mpmgr_dict_t *d;
    mpmgr_list_t *l;
    mpmgr_lock_t *k;
    json_t *keys; /* getmany's key array, reused */
    uint64_t rng;
};

static int
lib_connect(mpmgr_t **m)
{
    mpmgr_options_t o;

    mpmgr_options_init(&o);
    o.address = address;
    o.authkey = opt.authkey;
    o.authkey_len = opt.authkey_len;
    o.client = "mpmgr-benchmark";
    return mpmgr_connect_opts(&o, m);
}

static void
random_key(struct libctx *x, const char *prefix, char *buf, size_t size)
{
    uint64_t v =
        opt.keyspace > 0 ? rng_next(&x->rng) % (uint64_t)opt.keyspace : 0;

    snprintf(buf, size, "%s%012llu", prefix, (unsigned long long)v);
}

/* One operation through the library (queued when pipelining). */
static int
lib_op(struct libctx *x, enum test_kind kind, int half)
{
    char key[64];
    json_t *v = NULL;
    char *s = NULL;
    int rc, k;

    switch (kind) {
    case T_PING:
        return mpmgr_server_ping(x->m);
    case T_SETITEM:
        random_key(x, "key:", key, sizeof(key));
        return mpmgr_dict_set_ss(x->d, key, value_plain);
    case T_GETITEM:
        random_key(x, "key:", key, sizeof(key));
        rc = mpmgr_dict_get_ss(x->d, key, &s);
        free(s);
        return rc;
    case T_INCR:
        random_key(x, "counter:", key, sizeof(key));
        return mpmgr_dict_incr_s(x->d, key, 1, NULL);
    case T_APPEND:
        return mpmgr_list_append_s(x->l, value_plain);
    case T_POP:
        rc = mpmgr_list_pop(x->l, -1, &v);
        json_decref(v);
        return rc;
    case T_LOCK:
        if (half == 0)
            return mpmgr_lock_acquire(x->k, 1, -1, NULL, NULL);
        return mpmgr_lock_release(x->k);
    case T_GETMANY:
        for (k = 0; k < GETMANY_KEYS; k++) {
            random_key(x, "key:", key, sizeof(key));
            json_array_set_new(x->keys, (size_t)k, json_string(key));
        }
        rc = mpmgr_dict_getmany(x->d, x->keys, NULL, &v);
        json_decref(v);
        return rc;
    default:
        return MPMGR_EINVAL;
    }
}

static void
lib_error(struct bench_slot *s, struct libctx *x, int rc)
{
    s->errors++;
    if (s->message[0] == '\0')
        snprintf(s->message, sizeof(s->message), "%s: %s", mpmgr_err_name(rc),
                 mpmgr_errmsg(x->m));
}

/* Is RC a failure of the connection rather than of one operation? */
static int
transport_error(int rc)
{
    return rc == MPMGR_ECLOSED || rc == MPMGR_ETIMEDOUT || rc == MPMGR_ESYS ||
           rc == MPMGR_EPROTO || rc == MPMGR_ECONNECT || rc == MPMGR_ENOMEM;
}

static int
lib_client(struct bench_group *g, int idx, void *arg)
{
    struct run *run = arg;
    struct bench_slot *s = &g->slots[idx];
    uint64_t *lat = g->lat + (size_t)idx * g->lat_per_client;
    long long ops = share(opt.requests, g->nclients, idx);
    struct libctx x;
    uint64_t t0;
    size_t count, j;
    int rc, k, half;

    memset(&x, 0, sizeof(x));
    x.rng = 0x9e3779b97f4a7c15ull ^ ((uint64_t)getpid() << 17) ^ (uint64_t)idx;
    if (bench_set_cpu(opt.client_cpu) < 0)
        perror("sched_setaffinity");
    if ((rc = lib_connect(&x.m)) < 0 ||
        (rc = mpmgr_dict_attach(x.m, dict_oid, &x.d)) < 0 ||
        (rc = mpmgr_list_attach(x.m, list_oid, &x.l)) < 0 ||
        (rc = mpmgr_lock_attach(x.m, lock_oid, &x.k)) < 0) {
        snprintf(s->message, sizeof(s->message), "%s", mpmgr_errmsg(x.m));
        s->failed = 1;
        return 1;
    }
    x.keys = json_array();
    for (k = 0; k < GETMANY_KEYS; k++)
        json_array_append_new(x.keys, json_null());
    bench_group_ready(g);
    s->t_start = bench_now_ns();
    while (ops > 0) {
        long long n = ops < opt.depth ? ops : opt.depth;

        if (opt.depth == 1) {
            for (half = 0; half < (run->kind == T_LOCK ? 2 : 1); half++) {
                t0 = bench_now_ns();
                rc = lib_op(&x, run->kind, half);
                if (s->nlat < g->lat_per_client)
                    lat[s->nlat++] = bench_now_ns() - t0;
                if (rc < 0 && transport_error(rc))
                    goto broken;
                if (rc < 0)
                    lib_error(s, &x, rc);
            }
        } else {
            t0 = bench_now_ns();
            if ((rc = mpmgr_pipeline_begin(x.m)) < 0)
                goto broken;
            for (k = 0; k < n; k++) {
                for (half = 0; half < (run->kind == T_LOCK ? 2 : 1); half++)
                    if ((rc = lib_op(&x, run->kind, half)) < 0)
                        lib_error(s, &x, rc);
            }
            if ((rc = mpmgr_pipeline_exec(x.m, &count)) < 0)
                goto broken;
            if (s->nlat < g->lat_per_client)
                lat[s->nlat++] = bench_now_ns() - t0;
            for (j = 0; j < count; j++)
                if ((rc = mpmgr_pipeline_result(x.m, j, NULL)) < 0)
                    lib_error(s, &x, rc);
        }
        s->ops += (uint64_t)n;
        ops -= n;
    }
    s->t_end = bench_now_ns();
    json_decref(x.keys);
    mpmgr_lock_free(x.k);
    mpmgr_list_free(x.l);
    mpmgr_dict_free(x.d);
    mpmgr_close(x.m);
    return 0;

broken:
    s->t_end = bench_now_ns();
    snprintf(s->message, sizeof(s->message), "%s: %s", mpmgr_err_name(rc),
             mpmgr_errmsg(x.m));
    s->failed = 1;
    return 1;
}

/* ----------------------------------------------------------------------
 * Setting up: objects, and filling before reads
 * -------------------------------------------------------------------- */

static int64_t
new_object(struct raw *c, const char *type)
{
    char err[1024];
    json_t *res =
        raw_call(c, "new", json_pack("{s:s}", "type", type), err, sizeof(err));
    int64_t oid;

    if (res == NULL)
        die("cannot create a %s: %s", type, err);
    oid = json_integer_value(json_object_get(res, "oid"));
    json_decref(res);
    return oid;
}

/*
 * Run COUNT requests made by MAKE (which appends request I to a phase) on
 * the setup connection, FILL_DEPTH per round trip.  Error replies are
 * fatal: the server must be able to take the data the test needs.
 */
static void
fill(struct raw *c, long long count,
     void (*make)(struct phase *, long long, int), const char *what)
{
    struct bench_slot s;
    struct phase ph;
    long long done = 0, k, i;

    while (done < count) {
        memset(&ph, 0, sizeof(ph));
        memset(&s, 0, sizeof(s));
        k = count - done < FILL_DEPTH ? count - done : FILL_DEPTH;
        for (i = 0; i < k; i++)
            make(&ph, done + i, (int)i);
        if (raw_round(c, &ph, ph.nlines, &s) < 0 || s.errors > 0)
            die("filling %s: %s", what, s.message);
        phase_free(&ph);
        done += k;
    }
}

static void
make_set_key(struct phase *ph, long long n, int id)
{
    char params[256];

    snprintf(params, sizeof(params),
             "{\"oid\":%lld,\"key\":\"key:%012lld\",\"value\":%s}",
             (long long)dict_oid, n, value_json);
    /* The value may be long: build it in a buffer of its own then. */
    if (strlen(value_json) + 80 > sizeof(params)) {
        size_t size = strlen(value_json) + 128;
        char *big = bench_xmalloc(size);

        snprintf(big, size,
                 "{\"oid\":%lld,\"key\":\"key:%012lld\",\"value\":%s}",
                 (long long)dict_oid, n, value_json);
        phase_add(ph, id, "dict.setitem", big);
        free(big);
        return;
    }
    phase_add(ph, id, "dict.setitem", params);
}

static void
make_append(struct phase *ph, long long n, int id)
{
    size_t size = strlen(value_json) + 64;
    char *params = bench_xmalloc(size);

    (void)n;
    snprintf(params, size, "{\"oid\":%lld,\"value\":%s}", (long long)list_oid,
             value_json);
    phase_add(ph, id, "list.append", params);
    free(params);
}

static int64_t memory_dict_oid;

static void
make_set_int(struct phase *ph, long long n, int id)
{
    char params[128];

    snprintf(params, sizeof(params),
             "{\"oid\":%lld,\"key\":%lld,"
             "\"value\":%lld}",
             (long long)memory_dict_oid, n, n);
    phase_add(ph, id, "dict.setitem", params);
}

static int keys_filled;

/* Before getitem and getmany: every key of the keyspace holds the value. */
static void
fill_keys(struct raw *c)
{
    if (keys_filled)
        return;
    fill(c, opt.keyspace > 0 ? opt.keyspace : 1, make_set_key, "the dict");
    keys_filled = 1;
}

/* Before pop: enough elements that no pop finds the list empty. */
static void
fill_list(struct raw *c)
{
    char err[1024];
    json_t *res =
        raw_call(c, "list.len", json_pack("{s:I}", "oid", (json_int_t)list_oid),
                 err, sizeof(err));
    long long have;

    if (res == NULL)
        die("list.len: %s", err);
    have = json_integer_value(res);
    json_decref(res);
    if (have < opt.requests)
        fill(c, opt.requests - have, make_append, "the list");
}

/* Run a request test with forked clients and print its line. */
static int
request_test(struct raw *setup, const struct test *t)
{
    struct run run = {t->kind, t->name};
    struct bench_result r;
    struct bench_group g;
    size_t per;
    int i, failed;

    if (t->kind == T_GETITEM || t->kind == T_GETMANY)
        fill_keys(setup);
    if (t->kind == T_POP)
        fill_list(setup);
    per = (size_t)(opt.requests / opt.clients + 1);
    per = 2 * ((per + (size_t)opt.depth - 1) / (size_t)opt.depth) + 1;
    bench_group_init(&g, opt.clients, per);
    for (i = 0; i < opt.clients; i++)
        bench_group_spawn(&g, i, opt.lib ? lib_client : raw_client, &run);
    bench_group_go(&g);
    failed = bench_group_wait(&g);
    memset(&r, 0, sizeof(r));
    r.system = opt.lib ? "mpmgr-lib" : "mpmgr";
    r.test = t->name;
    r.clients = opt.clients;
    r.depth = opt.depth;
    r.bytes_per_entry = NAN;
    bench_group_result(&g, &r);
    bench_print(&r, opt.csv);
    for (i = 0; i < opt.clients; i++)
        if (g.slots[i].message[0] != '\0') {
            fprintf(stderr, "mpmgr-benchmark: %s: %s\n", t->name,
                    g.slots[i].message);
            break;
        }
    bench_group_free(&g);
    return failed > 0 || r.errors > 0 ? -1 : 0;
}

/* ======================================================================
 * Workloads through libmpmgr
 * ====================================================================== */

struct workload {
    enum test_kind kind;
    mpmgr_dict_t *d; /* made by the parent, used after fork */
};

static mpmgr_t *workload_conn;

/* Operation I of a pool or counter worker, as one call: d[[pid, i]] = i
 * written from its format, or an incr. */
static int
workload_op(const struct workload *w, json_int_t pid, long long i)
{
    if (w->kind == T_COUNTER)
        return mpmgr_dict_incr_s(w->d, "n", 1, NULL);
    return mpmgr_dict_setitemf(w->d, "[II] I", pid, (json_int_t)i,
                               (json_int_t)i);
}

/* Operations FIRST to FIRST + N - 1 as one dict.update of [[key, value]...],
 * the pairs written into a batch as a program building one would. */
static int
workload_update(const struct workload *w, json_int_t pid, long long first,
                long long n)
{
    static mpmgr_items_t *items; /* this worker's, reused */
    long long i;

    if (items == NULL && mpmgr_items_new(&items) < 0)
        die("%s", mpmgr_errmsg(NULL));
    mpmgr_items_clear(items);
    for (i = first; i < first + n; i++)
        if (mpmgr_items_addf(items, "[II]I", pid, (json_int_t)i,
                             (json_int_t)i) < 0)
            die("%s", mpmgr_errmsg(NULL));
    return mpmgr_dict_update_items(w->d, items);
}

/*
 * Operations FIRST to FIRST + N - 1 in one round trip: one call, one
 * dict.update (poolupdate), or a pipeline through mpmgr_pipeline_begin/exec
 * on the inherited connection.  Operations the server refuses are counted
 * in *ERRORS; the result is 0, or the error that broke the connection.
 */
static int
workload_round_trip(const struct workload *w, json_int_t pid, long long first,
                    long long n, uint64_t *errors)
{
    size_t j, count;
    long long i;
    int rc;

    if (w->kind == T_POOL_UPDATE || n == 1) {
        rc = w->kind == T_POOL_UPDATE ? workload_update(w, pid, first, n)
                                      : workload_op(w, pid, first);
        if (rc < 0 && !transport_error(rc)) {
            *errors += (uint64_t)n;
            rc = 0;
        }
        return rc;
    }
    if ((rc = mpmgr_pipeline_begin(workload_conn)) < 0)
        return rc;
    for (i = first; i < first + n; i++)
        if (workload_op(w, pid, i) < 0)
            (*errors)++;
    if ((rc = mpmgr_pipeline_exec(workload_conn, &count)) < 0)
        return rc;
    for (j = 0; j < count; j++)
        if (mpmgr_pipeline_result(workload_conn, j, NULL) < 0)
            (*errors)++;
    return 0;
}

/*
 * A pool or counter worker: its share of the operations, DEPTH per round
 * trip.  It uses the proxy it inherited, as a program would: the library
 * connects anew on the first call in the child.
 */
static int
workload_worker(struct bench_group *g, int idx, void *arg)
{
    const struct workload *w = arg;
    struct bench_slot *s = &g->slots[idx];
    uint64_t *lat = g->lat + (size_t)idx * g->lat_per_client;
    long long ops = share(opt.requests, g->nclients, idx), i, n;
    json_int_t pid = (json_int_t)getpid();
    uint64_t t0;
    int rc;

    if (bench_set_cpu(opt.client_cpu) < 0)
        perror("sched_setaffinity");
    s->t_start = bench_now_ns();
    for (i = 0; i < ops; i += n) {
        n = ops - i < opt.depth ? ops - i : opt.depth;
        t0 = bench_now_ns();
        if ((rc = workload_round_trip(w, pid, i, n, &s->errors)) < 0) {
            snprintf(s->message, sizeof(s->message), "%s", mpmgr_strerror(rc));
            s->failed = 1;
            return 1;
        }
        if (s->nlat < g->lat_per_client)
            lat[s->nlat++] = bench_now_ns() - t0;
        s->ops += (uint64_t)n;
    }
    s->t_end = bench_now_ns();
    mpmgr_dict_free(w->d);
    return 0;
}

/* pool and counter: fork the workers inside the timed span, as a program
 * starting a pool would, and check what they left in the dict. */
static int
workload_test(const struct test *t)
{
    struct workload w = {.kind = t->kind};
    struct bench_result r;
    struct bench_group g;
    uint64_t t0, t1;
    size_t per, len = 0;
    int64_t total = 0;
    int i, rc, failed;

    if ((rc = lib_connect(&workload_conn)) < 0)
        die("cannot connect to %s: %s", address, mpmgr_errmsg(NULL));
    if ((rc = mpmgr_dict_create(workload_conn, NULL, NULL, &w.d)) < 0)
        die("dict.new: %s", mpmgr_errmsg(workload_conn));
    per = (size_t)(opt.requests / opt.clients + 1);
    per = (per + (size_t)opt.depth - 1) / (size_t)opt.depth + 1;
    bench_group_init(&g, opt.clients, per);
    t0 = bench_now_ns();
    for (i = 0; i < opt.clients; i++)
        bench_group_spawn(&g, i, workload_worker, &w);
    failed = bench_group_wait(&g);
    t1 = bench_now_ns();
    memset(&r, 0, sizeof(r));
    r.system = opt.lib ? "mpmgr-lib" : "mpmgr";
    r.test = t->name;
    r.clients = opt.clients;
    r.depth = opt.depth;
    r.bytes_per_entry = NAN;
    bench_group_result(&g, &r);
    r.seconds = (double)(t1 - t0) / 1e9;
    r.rps = (double)r.requests / r.seconds;
    if (t->kind == T_POOL || t->kind == T_POOL_UPDATE) {
        if (mpmgr_dict_len(w.d, &len) < 0 || (long long)len != opt.requests)
            fprintf(stderr,
                    "mpmgr-benchmark: pool: the dict has %zu "
                    "entries, not %lld\n",
                    len, opt.requests);
        if ((long long)len != opt.requests)
            failed++;
    } else {
        if (mpmgr_dict_get_si(w.d, "n", &total) < 0 || total != opt.requests)
            fprintf(stderr,
                    "mpmgr-benchmark: counter: the total is %lld, "
                    "not %lld\n",
                    (long long)total, opt.requests);
        if (total != opt.requests)
            failed++;
    }
    bench_print(&r, opt.csv);
    for (i = 0; i < opt.clients; i++)
        if (g.slots[i].message[0] != '\0') {
            fprintf(stderr, "mpmgr-benchmark: %s: %s\n", t->name,
                    g.slots[i].message);
            break;
        }
    bench_group_free(&g);
    mpmgr_dict_free(w.d);
    mpmgr_close(workload_conn);
    workload_conn = NULL;
    return failed > 0 || r.errors > 0 ? -1 : 0;
}

/* The server's resident memory, from server.info. */
static int64_t
server_memory(struct raw *c)
{
    char err[1024];
    json_t *info = raw_call(c, "server.info", NULL, err, sizeof(err));
    int64_t bytes;

    if (info == NULL)
        die("server.info: %s", err);
    bytes = json_integer_value(json_object_get(info, "memory_bytes"));
    json_decref(info);
    return bytes;
}

/* memory: -n int keys with int values; resident memory per entry. */
static int
memory_test(struct raw *c, const struct test *t)
{
    struct bench_result r;
    int64_t before, after;
    uint64_t t0, t1;
    char err[1024];
    json_t *res;

    memory_dict_oid = new_object(c, "dict");
    before = server_memory(c);
    t0 = bench_now_ns();
    fill(c, opt.requests, make_set_int, "the memory dict");
    t1 = bench_now_ns();
    after = server_memory(c);
    memset(&r, 0, sizeof(r));
    r.system = opt.lib ? "mpmgr-lib" : "mpmgr";
    r.test = t->name;
    r.requests = (uint64_t)opt.requests;
    r.clients = 1;
    r.depth = FILL_DEPTH;
    r.seconds = (double)(t1 - t0) / 1e9;
    r.rps = (double)opt.requests / r.seconds;
    r.p50_us = r.p99_us = r.p999_us = NAN;
    r.client_cpu_us = NAN;
    r.bytes_per_entry = (double)(after - before) / (double)opt.requests;
    bench_print(&r, opt.csv);
    /* Give the memory back, so that later tests see the usual server. */
    res = raw_call(c, "release",
                   json_pack("{s:I}", "oid", (json_int_t)memory_dict_oid), err,
                   sizeof(err));
    json_decref(res);
    return 0;
}

/* ======================================================================
 * main
 * ====================================================================== */

static void
make_value(void)
{
    size_t n = (size_t)opt.value_size;

    value_plain = bench_xmalloc(n + 1);
    memset(value_plain, 'x', n);
    value_plain[n] = '\0';
    value_json = bench_xmalloc(n + 3);
    value_json[0] = '"';
    memset(value_json + 1, 'x', n);
    value_json[n + 1] = '"';
    value_json[n + 2] = '\0';
}

static void
read_authkey(const char *file)
{
    char err[1024];
    const char *env;

    if (file != NULL) {
        if (mpmgr__authkey_read_file(file, &opt.authkey, &opt.authkey_len, err,
                                     sizeof(err)) < 0)
            die("%s", err);
    } else if ((env = getenv("MPMGR_AUTHKEY")) != NULL && opt.addr != NULL) {
        opt.authkey = strdup(env);
        opt.authkey_len = strlen(env);
    }
}

/* The current option's value, from MIN to MAX, or exit with a message. */
static long long
int_option(const char *option, long long min, long long max)
{
    return bench_int_option("mpmgr-benchmark", option, optarg, min, max);
}

int
main(int argc, char **argv)
{
    enum { OPT_CSV = 256, OPT_LIB, OPT_SERVER, OPT_SERVER_CPU, OPT_CLIENT_CPU };
    static const struct option longopts[] = {
        {"csv", no_argument, NULL, OPT_CSV},
        {"lib", no_argument, NULL, OPT_LIB},
        {"server", required_argument, NULL, OPT_SERVER},
        {"server-cpu", required_argument, NULL, OPT_SERVER_CPU},
        {"client-cpu", required_argument, NULL, OPT_CLIENT_CPU},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *keyfile = NULL, *p, *comma;
    const struct test *t;
    struct raw setup;
    char err[1024];
    int ch, status = 0;

    while ((ch = getopt_long(argc, argv, "a:k:c:n:P:t:d:r:hv", longopts,
                             NULL)) != -1) {
        switch (ch) {
        case 'a':
            opt.addr = optarg;
            break;
        case 'k':
            keyfile = optarg;
            break;
        case 'c':
            opt.clients = (int)int_option("-c", 1, MAX_CLIENTS);
            break;
        case 'n':
            opt.requests = int_option("-n", 1, MAX_REQUESTS);
            break;
        case 'P':
            opt.depth = (int)int_option("-P", 1, MAX_DEPTH);
            break;
        case 't':
            opt.tests = optarg;
            break;
        case 'd':
            opt.value_size = (int)int_option("-d", 0, MAX_VALUE_BYTES);
            break;
        case 'r':
            opt.keyspace = int_option("-r", 0, MAX_KEYSPACE);
            break;
        case OPT_CSV:
            opt.csv = 1;
            break;
        case OPT_LIB:
            opt.lib = 1;
            break;
        case OPT_SERVER:
            opt.server = optarg;
            break;
        case OPT_SERVER_CPU:
            opt.server_cpu =
                (int)int_option("--server-cpu", -1, CPU_SETSIZE - 1);
            break;
        case OPT_CLIENT_CPU:
            opt.client_cpu =
                (int)int_option("--client-cpu", -1, CPU_SETSIZE - 1);
            break;
        case 'v':
            opt.verbose = 1;
            break;
        case 'h':
            help();
            return 0;
        default:
            fputs(usage, stderr);
            return 2;
        }
    }
    bench_check_operands("mpmgr-benchmark", usage, optind, argc, argv,
                         opt.requests, opt.clients, "requests");
    /* Check the test names before starting anything. */
    for (p = opt.tests; *p != '\0'; p = *comma != '\0' ? comma + 1 : comma) {
        comma = strchr(p, ',');
        if (comma == NULL)
            comma = p + strlen(p);
        if (comma > p && find_test(p, (size_t)(comma - p)) == NULL) {
            fprintf(stderr, "mpmgr-benchmark: unknown test '%.*s'\n",
                    (int)(comma - p), p);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    read_authkey(keyfile);
    make_value();
    if (opt.addr != NULL)
        snprintf(address, sizeof(address), "%s", opt.addr);
    else
        start_server();
    if (bench_set_cpu(opt.client_cpu) < 0)
        perror("sched_setaffinity");

    if (raw_connect(&setup, err, sizeof(err)) < 0)
        die("%s", err);
    dict_oid = new_object(&setup, "dict");
    list_oid = new_object(&setup, "list");
    lock_oid = new_object(&setup, "lock");

    for (p = opt.tests; *p != '\0'; p = *comma != '\0' ? comma + 1 : comma) {
        comma = strchr(p, ',');
        if (comma == NULL)
            comma = p + strlen(p);
        if (comma == p)
            continue;
        t = find_test(p, (size_t)(comma - p));
        switch (t->kind) {
        case T_POOL:
        case T_POOL_UPDATE:
        case T_COUNTER:
            if (workload_test(t) < 0)
                status = 1;
            break;
        case T_MEMORY:
            if (memory_test(&setup, t) < 0)
                status = 1;
            break;
        default:
            if (request_test(&setup, t) < 0)
                status = 1;
            break;
        }
    }
    raw_close(&setup);
    stop_server();
    return status;
}
