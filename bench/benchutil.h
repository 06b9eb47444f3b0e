/*
 * benchutil.h: what mpmgr-benchmark and pingpong share: clocks, CPU
 * pinning, memory shared with forked clients, the start barrier, latency
 * percentiles and the one output format (a table line or a CSV row) that
 * bench/compare.sh reads.
 */
#ifndef MPMGR_BENCHUTIL_H
#define MPMGR_BENCHUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Nanoseconds on the monotonic clock. */
uint64_t bench_now_ns(void);

/* Pin the calling process to CPU (negative: leave it).  0 or -1. */
int bench_set_cpu(int cpu);

/* Zeroed memory shared with children forked later; exits on failure. */
void *bench_shared_alloc(size_t size);
void bench_shared_free(void *p, size_t size);

/* A malloc that exits on failure. */
void *bench_xmalloc(size_t size);

/* The value of a command-line OPTION, TEXT, as an integer from MIN to MAX;
 * anything else exits with status 2 and a message that names the option. */
long long bench_int_option(const char *prog, const char *option,
                           const char *text, long long min, long long max);

/* After the options: exit with status 2 and a message when operands are
 * left (ARGV[FIRST] on), or when -n's REQUESTS are fewer than the CLIENTS
 * of -c, each of which needs one; NOUN says what -n counts. */
void bench_check_operands(const char *prog, const char *usage, int first,
                          int argc, char **argv, long long requests,
                          int clients, const char *noun);

/* Write all of BUF to FD, retrying on EINTR.  0 or -1. */
int bench_write_all(int fd, const void *buf, size_t len);

/* What each forked client leaves in shared memory for the parent. */
struct bench_slot {
    uint64_t t_start;  /* ns: first request written */
    uint64_t t_end;    /* ns: last reply read */
    uint64_t ops;      /* operations completed */
    uint64_t errors;   /* error replies */
    uint64_t nlat;     /* latency samples written */
    int failed;        /* the client gave up (see message) */
    char message[256]; /* first error seen, for the report */
};

/*
 * A group of forked clients that start together: each child calls
 * bench_group_ready() once it is connected, which returns when the parent
 * calls bench_group_go().
 */
struct bench_group {
    int nclients;
    pid_t *pids;
    int ready_pipe[2];
    int go_pipe[2];
    struct bench_slot *slots; /* shared, one per client */
    uint64_t *lat;            /* shared latency samples */
    size_t lat_per_client;    /* room for each client's samples */
    double cpu_s;             /* user+system time of the children */
};

/* Make a group of N clients with room for LAT_PER_CLIENT samples each. */
void bench_group_init(struct bench_group *g, int n, size_t lat_per_client);
void bench_group_free(struct bench_group *g);

/*
 * Fork client IDX, which runs FN(IDX, ARG) and exits with its result.
 * Returns the child's pid, or -1.
 */
pid_t bench_group_spawn(struct bench_group *g, int idx,
                        int (*fn)(struct bench_group *, int, void *),
                        void *arg);

/* In a child: say we are ready, then wait for the start. */
void bench_group_ready(struct bench_group *g);

/* In the parent: wait until every child is ready (or has died), then let
 * them all go.  Returns the number of children that got ready. */
int bench_group_go(struct bench_group *g);

/* In the parent: wait for every child; returns how many failed. */
int bench_group_wait(struct bench_group *g);

/* One row of output. */
struct bench_result {
    const char *system; /* "mpmgr", "pingpong", ... */
    const char *test;
    uint64_t requests; /* operations done */
    int clients;
    int depth;
    double seconds;
    double rps;
    double p50_us, p99_us, p999_us; /* NAN when unknown */
    uint64_t errors;
    double bytes_per_entry; /* NAN except for memory */
    double client_cpu_us;   /* client CPU per operation; NAN if unknown */
};

/* Fill the percentiles of R from the N samples in LAT (sorted in place). */
void bench_percentiles(uint64_t *lat, size_t n, struct bench_result *r);

/*
 * Fill R from the finished group G: operations, time from the first start
 * to the last end, rate, percentiles, errors and client CPU.
 */
void bench_group_result(struct bench_group *g, struct bench_result *r);

/* Print R as a CSV row (the header first, once) or as a table line. */
void bench_print(const struct bench_result *r, int csv);

/* The CSV header line (without newline). */
extern const char bench_csv_header[];

#endif /* MPMGR_BENCHUTIL_H */
