/*
 * benchutil.c: clocks, pinning, shared memory, the start barrier of forked
 * clients, percentiles and output, shared by the benchmark programs.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "benchutil.h"
#include "number.h"

const char bench_csv_header[] =
    "\"system\",\"test\",\"rps\",\"p50_us\",\"p99_us\",\"p999_us\","
    "\"requests\",\"clients\",\"depth\",\"seconds\",\"errors\","
    "\"bytes_per_entry\",\"client_cpu_us\"";

uint64_t
bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
bench_set_cpu(int cpu)
{
    cpu_set_t set;

    if (cpu < 0)
        return 0;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set);
}

void *
bench_shared_alloc(size_t size)
{
    void *p;

    if (size == 0)
        size = 1;
    p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
             0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    return p;
}

void
bench_shared_free(void *p, size_t size)
{
    if (p != NULL)
        munmap(p, size == 0 ? 1 : size);
}

void *
bench_xmalloc(size_t size)
{
    void *p = malloc(size == 0 ? 1 : size);

    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

long long
bench_int_option(const char *prog, const char *option, const char *text,
                 long long min, long long max)
{
    long long n;

    if (mpmgr__parse_integer(text, min, max, &n) < 0) {
        fprintf(stderr,
                "%s: bad %s '%s': expected an integer from %lld to "
                "%lld\n",
                prog, option, text, min, max);
        exit(2);
    }
    return n;
}

void
bench_check_operands(const char *prog, const char *usage, int first, int argc,
                     char **argv, long long requests, int clients,
                     const char *noun)
{
    if (first < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n%s", prog, argv[first],
                usage);
        exit(2);
    }
    if (requests < clients) {
        fprintf(stderr, "%s: -n %lld is fewer %s than the %d clients of -c\n",
                prog, requests, noun, clients);
        exit(2);
    }
}

int
bench_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    ssize_t n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* ----------------------------------------------------------------------
 * Groups of forked clients
 * -------------------------------------------------------------------- */

void
bench_group_init(struct bench_group *g, int n, size_t lat_per_client)
{
    memset(g, 0, sizeof(*g));
    g->nclients = n;
    g->pids = bench_xmalloc((size_t)n * sizeof(*g->pids));
    g->slots = bench_shared_alloc((size_t)n * sizeof(*g->slots));
    g->lat_per_client = lat_per_client;
    g->lat = bench_shared_alloc((size_t)n * lat_per_client * sizeof(*g->lat));
    if (pipe(g->ready_pipe) < 0 || pipe(g->go_pipe) < 0) {
        perror("pipe");
        exit(2);
    }
}

void
bench_group_free(struct bench_group *g)
{
    free(g->pids);
    bench_shared_free(g->slots, (size_t)g->nclients * sizeof(*g->slots));
    bench_shared_free(g->lat, (size_t)g->nclients * g->lat_per_client *
                                  sizeof(*g->lat));
    if (g->ready_pipe[0] >= 0)
        close(g->ready_pipe[0]);
    if (g->go_pipe[1] >= 0)
        close(g->go_pipe[1]);
    memset(g, 0, sizeof(*g));
}

pid_t
bench_group_spawn(struct bench_group *g, int idx,
                  int (*fn)(struct bench_group *, int, void *), void *arg)
{
    pid_t pid;

    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        int rc;

        close(g->ready_pipe[0]);
        close(g->go_pipe[1]);
        rc = fn(g, idx, arg);
        /* A client that failed before saying it was ready must not hold
         * the others back: closing the pipe tells the parent. */
        _exit(rc == 0 ? 0 : 1);
    }
    g->pids[idx] = pid;
    return pid;
}

void
bench_group_ready(struct bench_group *g)
{
    char c = 'r';

    if (bench_write_all(g->ready_pipe[1], &c, 1) < 0)
        _exit(1);
    close(g->ready_pipe[1]);
    g->ready_pipe[1] = -1;
    /* The parent closes its end of the go pipe to start everyone. */
    while (read(g->go_pipe[0], &c, 1) < 0 && errno == EINTR)
        ;
    close(g->go_pipe[0]);
    g->go_pipe[0] = -1;
}

int
bench_group_go(struct bench_group *g)
{
    int ready = 0;
    ssize_t n;
    char buf[64];

    /* The parent keeps only the read end of ready and the write end of go. */
    close(g->ready_pipe[1]);
    g->ready_pipe[1] = -1;
    close(g->go_pipe[0]);
    g->go_pipe[0] = -1;
    /* EOF comes once every child has written its byte or died. */
    for (;;) {
        n = read(g->ready_pipe[0], buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        ready += (int)n;
    }
    close(g->go_pipe[1]);
    g->go_pipe[1] = -1;
    return ready;
}

int
bench_group_wait(struct bench_group *g)
{
    struct rusage ru;
    int i, status, failed = 0;

    g->cpu_s = 0;
    for (i = 0; i < g->nclients; i++) {
        if (g->pids[i] <= 0) {
            failed++;
            continue;
        }
        while (wait4(g->pids[i], &status, 0, &ru) < 0) {
            if (errno != EINTR) {
                failed++;
                goto next;
            }
        }
        g->cpu_s += (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
            g->slots[i].failed)
            failed++;
    next:;
    }
    return failed;
}

/* ----------------------------------------------------------------------
 * Results
 * -------------------------------------------------------------------- */

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The nearest-rank percentile P (0..1) of N sorted samples, in us. */
static double
rank_us(const uint64_t *v, size_t n, double p)
{
    size_t i = (size_t)ceil(p * (double)n);

    if (i > 0)
        i--;
    if (i >= n)
        i = n - 1;
    return (double)v[i] / 1e3;
}

void
bench_percentiles(uint64_t *lat, size_t n, struct bench_result *r)
{
    if (n == 0) {
        r->p50_us = r->p99_us = r->p999_us = NAN;
        return;
    }
    qsort(lat, n, sizeof(*lat), cmp_u64);
    r->p50_us = rank_us(lat, n, 0.50);
    r->p99_us = rank_us(lat, n, 0.99);
    r->p999_us = rank_us(lat, n, 0.999);
}

void
bench_group_result(struct bench_group *g, struct bench_result *r)
{
    uint64_t first = UINT64_MAX, last = 0;
    size_t total = 0, i;
    uint64_t *all;

    r->requests = 0;
    r->errors = 0;
    for (i = 0; i < (size_t)g->nclients; i++) {
        struct bench_slot *s = &g->slots[i];

        r->requests += s->ops;
        r->errors += s->errors;
        total += s->nlat;
        if (s->ops > 0 && s->t_start < first)
            first = s->t_start;
        if (s->ops > 0 && s->t_end > last)
            last = s->t_end;
    }
    r->seconds = last > first ? (double)(last - first) / 1e9 : 0;
    r->rps = r->seconds > 0 ? (double)r->requests / r->seconds : 0;
    all = bench_xmalloc(total * sizeof(*all));
    total = 0;
    for (i = 0; i < (size_t)g->nclients; i++) {
        memcpy(all + total, g->lat + i * g->lat_per_client,
               g->slots[i].nlat * sizeof(*all));
        total += g->slots[i].nlat;
    }
    bench_percentiles(all, total, r);
    free(all);
    r->client_cpu_us =
        r->requests > 0 ? g->cpu_s * 1e6 / (double)r->requests : NAN;
}

/* A number for CSV: empty when unknown. */
static void
csv_num(char *buf, size_t size, double v, int decimals)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.*f", decimals, v);
}

void
bench_print(const struct bench_result *r, int csv)
{
    static int header_done;
    char rps[32], p50[32], p99[32], p999[32], bpe[32], cpu[32];

    if (csv) {
        if (!header_done) {
            printf("%s\n", bench_csv_header);
            header_done = 1;
        }
        csv_num(rps, sizeof(rps), r->rps, 1);
        csv_num(p50, sizeof(p50), r->p50_us, 1);
        csv_num(p99, sizeof(p99), r->p99_us, 1);
        csv_num(p999, sizeof(p999), r->p999_us, 1);
        csv_num(bpe, sizeof(bpe), r->bytes_per_entry, 1);
        csv_num(cpu, sizeof(cpu), r->client_cpu_us, 2);
        printf("\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%llu\",\"%d\","
               "\"%d\",\"%.3f\",\"%llu\",\"%s\",\"%s\"\n",
               r->system, r->test, rps, p50, p99, p999,
               (unsigned long long)r->requests, r->clients, r->depth,
               r->seconds, (unsigned long long)r->errors, bpe, cpu);
    } else {
        printf("%-10s %9llu ops  %2d client%s  depth %-4d %10.0f ops/s",
               r->test, (unsigned long long)r->requests, r->clients,
               r->clients == 1 ? " " : "s", r->depth, r->rps);
        if (!isnan(r->p50_us))
            printf("  p50 %7.1f  p99 %7.1f  p99.9 %7.1f us", r->p50_us,
                   r->p99_us, r->p999_us);
        if (!isnan(r->client_cpu_us))
            printf("  client cpu %.2f us/op", r->client_cpu_us);
        if (!isnan(r->bytes_per_entry))
            printf("  %.1f bytes/entry", r->bytes_per_entry);
        if (r->errors > 0)
            printf("  %llu errors", (unsigned long long)r->errors);
        printf("\n");
    }
    fflush(stdout);
}
