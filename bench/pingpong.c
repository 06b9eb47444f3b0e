/*
 * pingpong.c: the floor under every server.  A forked echo server on a
 * Unix socket sends back every byte it reads, and clients send a small
 * message (or DEPTH of them at once) and wait for it to come back.  No
 * server that parses and answers requests over the same socket can do more
 * round trips than this on the same machine and cores, when it waits
 * for its next request the same way (--busy-poll, as in mpmgrd).
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchutil.h"
#include "spin.h"

/* The most bytes one round trip carries: -P times -s. */
#define MAX_BATCH_BYTES (1 << 17)

static const char usage[] =
    "usage: pingpong [-h] [--csv] [-c CLIENTS] [-n ROUNDTRIPS] [-P DEPTH]\n"
    "                [-s BYTES] [--busy-poll USEC] [--server-work USEC]\n"
    "                [--server-cpu N] [--client-cpu N]\n";

static struct {
    int clients;
    long long requests;
    int depth;
    int size;
    int server_cpu;
    int client_cpu;
    long busy_poll_us;
    long server_work_us;
    int csv;
    char dir[64];
    char path[108];
} opt = {1, 100000, 1, 64, -1, -1, 0, 0, 0, "", ""};

static void
help(void)
{
    printf("%s\n"
           "A bare Unix-socket ping-pong: the floor no server beats.\n\n"
           "  -c CLIENTS        clients, each its own process and "
           "connection (1)\n"
           "  -n MESSAGES       messages in all, as in mpmgr-benchmark "
           "(100000)\n"
           "  -P DEPTH          messages sent together per round trip (1)\n"
           "  -s BYTES          message size, newline included (64)\n"
           "  --busy-poll USEC  the server polls this long for the next "
           "message\n"
           "                    before it sleeps, as mpmgrd --busy-poll "
           "does (0)\n"
           "  --server-work USEC\n"
           "                    the server spins this long on each read "
           "before it\n"
           "                    answers: a stand-in for a real server's "
           "work (0)\n"
           "  --server-cpu N    pin the echo server to CPU N\n"
           "  --client-cpu N    pin the clients to CPU N\n"
           "  --csv             print CSV (the format of "
           "mpmgr-benchmark --csv)\n"
           "  -h, --help        show this help\n\n"
           "The clients wait for replies as libmpmgr does: they watch the "
           "socket for\n"
           "$MPMGR_SPIN_USEC microseconds (default 50; 0: sleep at once) "
           "before they\n"
           "sleep; see libmpmgr(3).\n",
           usage);
}

/* ----------------------------------------------------------------------
 * The echo server: one epoll loop, non-blocking sockets
 * -------------------------------------------------------------------- */

static void
serve(int lfd)
{
    struct epoll_event ev, evs[64];
    static char buf[1 << 16];
    uint64_t poll_ns = (uint64_t)opt.busy_poll_us * 1000, last_message = 0;
    int ep, n, i;

    ep = epoll_create1(0);
    ev.events = EPOLLIN;
    ev.data.fd = lfd;
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
        _exit(2);
    for (;;) {
        /* Poll while a message came within the window, as mpmgrd does. */
        int timeout = bench_now_ns() - last_message < poll_ns ? 0 : -1;

        n = epoll_wait(ep, evs, 64, timeout);
        if (n > 0 && poll_ns > 0)
            last_message = bench_now_ns();
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            _exit(2);
        for (i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            ssize_t got;

            if (fd == lfd) {
                int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

                if (cfd < 0)
                    continue;
                ev.events = EPOLLIN;
                ev.data.fd = cfd;
                epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
                continue;
            }
            got = read(fd, buf, sizeof(buf));
            if (got <= 0) {
                close(fd);
                continue;
            }
            if (opt.server_work_us > 0) {
                uint64_t until =
                    bench_now_ns() + (uint64_t)opt.server_work_us * 1000;

                while (bench_now_ns() < until)
                    ;
            }
            /* The clients never have more than their window in flight, so
             * a blocking write of what came in always completes. */
            if (bench_write_all(fd, buf, (size_t)got) < 0)
                close(fd);
        }
    }
}

/* ----------------------------------------------------------------------
 * Clients
 * -------------------------------------------------------------------- */

static int
dial(void)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", opt.path);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror("connect");
        return -1;
    }
    return fd;
}

static int
client(struct bench_group *g, int idx, void *arg)
{
    struct bench_slot *s = &g->slots[idx];
    uint64_t *lat = g->lat + (size_t)idx * g->lat_per_client;
    long long ops =
        opt.requests / g->nclients + (idx < opt.requests % g->nclients);
    size_t window = (size_t)opt.depth * (size_t)opt.size, want, have;
    char *out, *in;
    struct mpmgr__spin spin;
    uint64_t t0, t1;
    int fd;

    (void)arg;
    /* The floor's client waits for its replies as libmpmgr does. */
    mpmgr__spin_init(&spin);
    if (bench_set_cpu(opt.client_cpu) < 0)
        perror("sched_setaffinity");
    if ((fd = dial()) < 0) {
        s->failed = 1;
        return 1;
    }
    out = bench_xmalloc(window);
    in = bench_xmalloc(window);
    memset(out, 'x', window);
    for (want = (size_t)opt.size - 1; want < window; want += (size_t)opt.size)
        out[want] = '\n';
    bench_group_ready(g);
    s->t_start = bench_now_ns();
    while (ops > 0) {
        long long k = ops < opt.depth ? ops : opt.depth;
        ssize_t n;

        want = (size_t)k * (size_t)opt.size;
        t0 = bench_now_ns();
        mpmgr__spin_sent(&spin);
        if (bench_write_all(fd, out, want) < 0)
            goto broken;
        for (have = 0; have < want; have += (size_t)n) {
            mpmgr__spin_wait(&spin, fd);
            n = read(fd, in + have, want - have);
            if (n < 0 && errno == EINTR) {
                n = 0;
                continue;
            }
            if (n <= 0)
                goto broken;
        }
        t1 = bench_now_ns();
        lat[s->nlat++] = t1 - t0;
        s->ops += (uint64_t)k;
        ops -= k;
    }
    s->t_end = bench_now_ns();
    close(fd);
    return 0;

broken:
    snprintf(s->message, sizeof(s->message), "echo server went away");
    s->failed = 1;
    return 1;
}

/* The current option's value, from MIN to MAX, or exit with a message. */
static long long
int_option(const char *option, long long min, long long max)
{
    return bench_int_option("pingpong", option, optarg, min, max);
}

int
main(int argc, char **argv)
{
    enum {
        OPT_CSV = 256,
        OPT_SERVER_CPU,
        OPT_CLIENT_CPU,
        OPT_BUSY_POLL,
        OPT_SERVER_WORK
    };
    static const struct option longopts[] = {
        {"csv", no_argument, NULL, OPT_CSV},
        {"server-cpu", required_argument, NULL, OPT_SERVER_CPU},
        {"client-cpu", required_argument, NULL, OPT_CLIENT_CPU},
        {"busy-poll", required_argument, NULL, OPT_BUSY_POLL},
        {"server-work", required_argument, NULL, OPT_SERVER_WORK},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    struct bench_result r;
    struct bench_group g;
    pid_t server;
    int lfd, ch, i, failed;
    size_t per;

    while ((ch = getopt_long(argc, argv, "c:n:P:s:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            opt.clients = (int)int_option("-c", 1, 10000);
            break;
        case 'n':
            opt.requests = int_option("-n", 1, 10000000000LL);
            break;
        case 'P':
            opt.depth = (int)int_option("-P", 1, MAX_BATCH_BYTES);
            break;
        case 's':
            opt.size = (int)int_option("-s", 1, 65536);
            break;
        case OPT_CSV:
            opt.csv = 1;
            break;
        case OPT_SERVER_CPU:
            opt.server_cpu =
                (int)int_option("--server-cpu", -1, CPU_SETSIZE - 1);
            break;
        case OPT_CLIENT_CPU:
            opt.client_cpu =
                (int)int_option("--client-cpu", -1, CPU_SETSIZE - 1);
            break;
        case OPT_BUSY_POLL:
            opt.busy_poll_us = (long)int_option("--busy-poll", 0, 1000000);
            break;
        case OPT_SERVER_WORK:
            opt.server_work_us = (long)int_option("--server-work", 0, 1000000);
            break;
        case 'h':
            help();
            return 0;
        default:
            fputs(usage, stderr);
            return 2;
        }
    }
    bench_check_operands("pingpong", usage, optind, argc, argv, opt.requests,
                         opt.clients, "messages");
    if ((long long)opt.depth * opt.size > MAX_BATCH_BYTES) {
        fprintf(stderr,
                "pingpong: -P %d messages of -s %d bytes exceed the %d "
                "bytes one round trip may carry\n",
                opt.depth, opt.size, MAX_BATCH_BYTES);
        return 2;
    }
    snprintf(opt.dir, sizeof(opt.dir), "/tmp/pingpong-XXXXXX");
    if (mkdtemp(opt.dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(opt.path, sizeof(opt.path), "%s/sock", opt.dir);
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", opt.path);
    lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        listen(lfd, 1024) < 0) {
        perror("listen");
        rmdir(opt.dir);
        return 2;
    }
    fflush(NULL);
    server = fork();
    if (server < 0) {
        perror("fork");
        return 2;
    }
    if (server == 0) {
        if (bench_set_cpu(opt.server_cpu) < 0)
            perror("sched_setaffinity");
        serve(lfd);
        _exit(0);
    }
    close(lfd);

    per = (size_t)(opt.requests / opt.clients + 1);
    per = (per + (size_t)opt.depth - 1) / (size_t)opt.depth;
    bench_group_init(&g, opt.clients, per);
    for (i = 0; i < opt.clients; i++)
        bench_group_spawn(&g, i, client, NULL);
    bench_group_go(&g);
    failed = bench_group_wait(&g);

    memset(&r, 0, sizeof(r));
    r.system = "pingpong";
    r.test = "pingpong";
    r.clients = opt.clients;
    r.depth = opt.depth;
    r.bytes_per_entry = NAN;
    bench_group_result(&g, &r);
    bench_print(&r, opt.csv);
    for (i = 0; i < opt.clients; i++)
        if (g.slots[i].message[0] != '\0') {
            fprintf(stderr, "pingpong: %s\n", g.slots[i].message);
            break;
        }
    bench_group_free(&g);

    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    unlink(opt.path);
    rmdir(opt.dir);
    return failed > 0 ? 1 : 0;
}
