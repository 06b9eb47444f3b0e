/*
 * mpmgrd.c: the program: options, start-up, the event loop, and a clean
 * exit on SIGTERM, SIGINT or server.shutdown.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "addr.h"
#include "auth.h"
#include "mpmgrd.h"
#include "number.h"

static const char usage_text[] =
    "usage: mpmgrd [-hv] [--version] [-l ADDR]... [-k FILE] [--insecure]\n"
    "              [--max-message BYTES] [--max-depth N] [--max-output BYTES]\n"
    "              [--max-clients N] [--max-memory BYTES]\n"
    "              [--auth-timeout SECONDS] [--ready-fd FD]\n"
    "              [--busy-poll USEC] [--remove-dir]\n";

/* The defaults come from common/proto.h, so that the text cannot drift
 * from what the server does. */
static void
usage(FILE *f)
{
    char path[256];

    if (mpmgr__addr_default_path(path, sizeof(path)) < 0)
        snprintf(path, sizeof(path), "(too long)");
    fprintf(f, "%s", usage_text);
    if (f == stderr)
        return;
    fprintf(f,
            "\n"
            "mpmgrd is the mpmgr manager server: it owns shared dicts, lists "
            "and locks\nthat client processes use over JSON-RPC.\n"
            "\n"
            "  -l, --listen ADDR        listen on ADDR (repeatable): "
            "unix:PATH or a path\n"
            "                           with '/', tcp:HOST:PORT, "
            "HOST:PORT, [V6ADDR]:PORT\n"
            "                           (default: %s)\n"
            "  -k, --authkey-file FILE  require clients to prove this key\n"
            "                           (else $MPMGR_AUTHKEY, if set)\n"
            "      --insecure           allow TCP without an authkey\n"
            "      --max-message BYTES  longest request line (default %zuM)\n"
            "      --max-depth N        deepest nesting of a message "
            "(default %d,\n"
            "                           at most %d)\n"
            "      --max-output BYTES   replies queued for one client before "
            "it is no longer\n"
            "                           read from (default %zuM)\n"
            "      --max-clients N      most connections at once "
            "(default %d)\n"
            "      --max-memory BYTES   past this much heap, refuse requests "
            "that store\n"
            "                           more (default: no limit)\n"
            "      --auth-timeout SECS  time allowed for hello when an "
            "authkey is set\n"
            "                           (default %g)\n"
            "      --busy-poll USEC     after a request, wait this long "
            "for the next one\n"
            "                           polling, not asleep (default %d; "
            "0: sleep at once)\n"
            "      --ready-fd FD        once listening, write \"ready "
            "ADDR...\" to FD and\n"
            "                           close it\n"
            "      --remove-dir         on exit, remove each Unix socket's "
            "directory too,\n"
            "                           when empty (one made for this "
            "server)\n"
            "  -v, --verbose            log more; repeat for more detail\n"
            "  -h, --help               show this help\n"
            "      --version            show the version\n"
            "\n"
            "SIGTERM or SIGINT stops the server cleanly. See mpmgrd(8).\n",
            path, MPMGR__DEFAULT_MAX_MESSAGE >> 20, MPMGR__DEFAULT_MAX_DEPTH,
            MPMGR__MAX_DEPTH_CEILING, MPMGR__DEFAULT_MAX_OUTPUT >> 20,
            MPMGR__DEFAULT_MAX_CLIENTS, MPMGR__DEFAULT_AUTH_TIMEOUT,
            MPMGR__DEFAULT_BUSY_POLL_US);
}

static void __attribute__((noreturn))
bad_option(const char *option, const char *value, const char *why)
{
    fprintf(stderr, "mpmgrd: bad %s '%s': %s\n", option, value, why);
    usage(stderr);
    exit(2);
}

/* "64M", "16MiB", "1048576": a byte count with an optional binary suffix. */
static size_t
parse_size(const char *option, const char *s)
{
    static const char why[] =
        "expected a positive size such as 1048576, 64K or 16M";
    unsigned long long n, mult = 1;
    char *end;

    /* strtoull would also skip white space, take a sign and wrap a
     * negative number round to a huge one. */
    if (*s < '0' || *s > '9')
        bad_option(option, s, why);
    errno = 0;
    n = strtoull(s, &end, 10);
    switch (*end) {
    case 'k':
    case 'K':
        mult = 1ULL << 10;
        end++;
        break;
    case 'm':
    case 'M':
        mult = 1ULL << 20;
        end++;
        break;
    case 'g':
    case 'G':
        mult = 1ULL << 30;
        end++;
        break;
    }
    if (mult > 1 && (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0))
        end += strlen(end);
    if (n == 0 || errno != 0 || *end != '\0' || n > SIZE_MAX / mult)
        bad_option(option, s, why);
    return (size_t)(n * mult);
}

/* Add a --listen address, refusing one that does not parse or that was
 * given already (as a command-line mistake: exit 2). */
static void
add_listen(const char *text)
{
    struct mpmgr__addr a;
    char err[256];
    size_t i;

    if (mpmgr__addr_parse(text, &a, err, sizeof(err)) < 0)
        bad_option("--listen", text, err);
    for (i = 0; i < srv.nlisten; i++)
        if (strcmp(a.text, srv.listen[i].text) == 0)
            bad_option("--listen", text, "given twice");
    srv.listen = xrealloc(srv.listen, (srv.nlisten + 1) * sizeof(*srv.listen));
    srv.listen[srv.nlisten++] = a;
}

static long
parse_long(const char *option, const char *s, long min, long max)
{
    long long n;

    if (mpmgr__parse_integer(s, min, max, &n) < 0) {
        char why[96];

        snprintf(why, sizeof(why), "expected an integer from %ld to %ld", min,
                 max);
        bad_option(option, s, why);
    }
    return (long)n;
}

static double
parse_seconds(const char *option, const char *s)
{
    double d;

    if (mpmgr__parse_seconds(s, 1e9, &d) < 0)
        bad_option(option, s, "expected a positive number of seconds");
    return d;
}

static void
load_authkey(const char *file)
{
    const char *env = getenv("MPMGR_AUTHKEY");
    char err[512];

    if (file != NULL) {
        if (mpmgr__authkey_read_file(file, &srv.authkey, &srv.authkey_len, err,
                                     sizeof(err)) < 0) {
            fprintf(stderr, "mpmgrd: %s\n", err);
            exit(1);
        }
    } else if (env != NULL && *env != '\0') {
        srv.authkey = xstrdup(env);
        srv.authkey_len = strlen(env);
    }
}

enum {
    OPT_INSECURE = 256,
    OPT_MAX_MESSAGE,
    OPT_MAX_DEPTH,
    OPT_MAX_OUTPUT,
    OPT_MAX_CLIENTS,
    OPT_AUTH_TIMEOUT,
    OPT_MAX_MEMORY,
    OPT_READY_FD,
    OPT_BUSY_POLL,
    OPT_REMOVE_DIR,
    OPT_VERSION,
};

static const struct option long_options[] = {
    {"listen", required_argument, NULL, 'l'},
    {"authkey-file", required_argument, NULL, 'k'},
    {"insecure", no_argument, NULL, OPT_INSECURE},
    {"max-message", required_argument, NULL, OPT_MAX_MESSAGE},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-output", required_argument, NULL, OPT_MAX_OUTPUT},
    {"max-clients", required_argument, NULL, OPT_MAX_CLIENTS},
    {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
    {"auth-timeout", required_argument, NULL, OPT_AUTH_TIMEOUT},
    {"ready-fd", required_argument, NULL, OPT_READY_FD},
    {"busy-poll", required_argument, NULL, OPT_BUSY_POLL},
    {"remove-dir", no_argument, NULL, OPT_REMOVE_DIR},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Parse the command line into srv; returns the log level. */
static int
parse_options(int argc, char **argv)
{
    const char *authkey_file = NULL;
    int ch, level = LOG_INFO;

    while ((ch = getopt_long(argc, argv, "l:k:vh", long_options, NULL)) != -1) {
        switch (ch) {
        case 'l':
            add_listen(optarg);
            break;
        case 'k':
            authkey_file = optarg;
            break;
        case OPT_INSECURE:
            srv.insecure = true;
            break;
        case OPT_MAX_MESSAGE:
            srv.max_message = parse_size("--max-message", optarg);
            break;
        case OPT_MAX_DEPTH:
            srv.max_depth = (int)parse_long("--max-depth", optarg, 1,
                                            MPMGR__MAX_DEPTH_CEILING);
            break;
        case OPT_MAX_OUTPUT:
            srv.max_output = parse_size("--max-output", optarg);
            break;
        case OPT_MAX_CLIENTS:
            srv.max_clients =
                (unsigned)parse_long("--max-clients", optarg, 1, 1000000);
            break;
        case OPT_MAX_MEMORY:
            srv.max_memory = parse_size("--max-memory", optarg);
            break;
        case OPT_AUTH_TIMEOUT:
            srv.auth_timeout = parse_seconds("--auth-timeout", optarg);
            break;
        case OPT_READY_FD:
            srv.ready_fd = (int)parse_long("--ready-fd", optarg, 0, INT_MAX);
            break;
        case OPT_BUSY_POLL:
            srv.busy_poll_us =
                (unsigned)parse_long("--busy-poll", optarg, 0, 1000000);
            break;
        case OPT_REMOVE_DIR:
            srv.remove_dir = true;
            break;
        case 'v':
            if (level < LOG_TRACE)
                level++;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case OPT_VERSION:
            printf("mpmgrd %s (protocol %d)\n", PACKAGE_VERSION,
                   MPMGR__PROTOCOL);
            exit(0);
        default:
            usage(stderr);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "mpmgrd: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        exit(2);
    }
    if (srv.nlisten == 0) {
        char path[256];

        if (mpmgr__addr_default_path(path, sizeof(path)) < 0) {
            fprintf(stderr, "mpmgrd: the default socket path is too long; "
                            "give --listen\n");
            exit(2);
        }
        add_listen(path);
    }
    load_authkey(authkey_file);
    return level;
}

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
    log_info("caught %s, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    server_stop();
}

static void
block_stop_signals(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
}

/*
 * Take as many descriptors as there may be clients, and some: raise the
 * hard limit too when allowed to (root), else take all the hard limit
 * gives.
 */
static void
raise_fd_limit(void)
{
    rlim_t want = (rlim_t)srv.max_clients + 64;
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) {
        struct rlimit more = {want, want};

        if (setrlimit(RLIMIT_NOFILE, &more) == 0)
            rl = more;
    }
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
            log_warn("cannot raise the open-file limit");
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
        log_warn("the open-file limit (%llu) is below --max-clients (%u); "
                 "accepts will fail before that",
                 (unsigned long long)rl.rlim_cur, srv.max_clients);
}

/* Tell whoever started us, through --ready-fd, that we are listening. */
static void
notify_ready(void)
{
    json_t *addrs = listeners_addresses(), *a;
    size_t i;
    FILE *f;

    if (srv.ready_fd < 0) {
        json_decref(addrs);
        return;
    }
    f = fdopen(srv.ready_fd, "w");
    if (f == NULL)
        fatal("--ready-fd %d", srv.ready_fd);
    fputs("ready", f);
    json_array_foreach (addrs, i, a)
        fprintf(f, " %s", json_string_value(a));
    fputc('\n', f);
    if (fclose(f) != 0)
        log_warn("cannot write to --ready-fd");
    json_decref(addrs);
}

int
main(int argc, char **argv)
{
    struct event *ev_term, *ev_int;

    log_init(parse_options(argc, argv));
    hash_seed();
    json_set_alloc_funcs(jalloc, jfree);
    raise_fd_limit();
    signal(SIGPIPE, SIG_IGN);
    /* A server started from a terminal keeps its values when the terminal
     * closes, as redis-server does. */
    signal(SIGHUP, SIG_IGN);
    srv.base = event_base_new();
    if (srv.base == NULL)
        fatalx("cannot create the event loop");
    srv.started = now_monotonic();
    memory_init();
    rpc_init();
    listeners_open();
    ev_term = evsignal_new(srv.base, SIGTERM, signal_cb, NULL);
    ev_int = evsignal_new(srv.base, SIGINT, signal_cb, NULL);
    evsignal_add(ev_term, NULL);
    evsignal_add(ev_int, NULL);
    log_info("mpmgrd %s ready, authentication %s", PACKAGE_VERSION,
             srv.authkey != NULL ? "on" : "off");
    notify_ready();

    server_run();

    /* A SIGTERM that comes while we tear down must not kill us with the
     * default action once the signal events are gone: hold it back. */
    block_stop_signals();

    /* No new clients while the last replies drain. */
    listeners_close();
    conn_close_all();
    registry_free_all();
    rpc_free();
    memory_done();
    event_free(ev_term);
    event_free(ev_int);
    event_base_free(srv.base);
    free(srv.listen);
    free(srv.authkey);
    log_info("stopped");
    return 0;
}
