/*
 * memory.c: the server's memory: resident, for server.info, and in the
 * heap, for --max-memory, the limit on what the heap holds.
 * Past it, requests that store more (M_GROWS) get LimitExceeded, while
 * reads and deletes go on, so clients can make room: what Redis does with
 * maxmemory and no eviction.  Without it, a server that cannot allocate
 * stops, and every value is lost.
 *
 * The heap is measured with mallinfo2: the bytes malloc has handed out,
 * freed ones not counted (unlike resident memory, which a freed block
 * need not leave).  mallinfo2 walks malloc's free lists, too slow for
 * every request: it runs on a timer, and before any long request line,
 * the kind that can take much memory at once.
 */
#include "config.h"

#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

#include "mpmgrd.h"

/* How often the heap is measured, and from which line length at once. */
#define MEMORY_CHECK_USEC 100000
#define MEMORY_CHECK_LINE 65536

static struct event *ev_memory;
/* /proc/self/statm, kept open: at the open-file limit a fresh open would
 * fail and report 0 just when an operator wants to know. */
static int statm_fd = -1;

uint64_t
memory_resident(void)
{
    unsigned long size, resident;
    char text[128];
    ssize_t n;

    if (statm_fd < 0 &&
        (statm_fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) < 0)
        return 0;
    if ((n = pread(statm_fd, text, sizeof(text) - 1, 0)) <= 0)
        return 0;
    text[n] = '\0';
    if (sscanf(text, "%lu %lu", &size, &resident) != 2)
        return 0;
    return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* Bytes the heap has handed out and not had back. */
static uint64_t
memory_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();

    return (uint64_t)mi.uordblks + (uint64_t)mi.hblkhd;
}

/* The heap in use at the last measure, for server.info. */
static uint64_t heap_measured;

/* Measure the heap now and set srv.memory_full. */
static void
memory_check(void)
{
    uint64_t used;
    bool full;

    if (srv.max_memory == 0)
        return;
    used = heap_measured = memory_in_use();
    full = used >= srv.max_memory;
    if (full && !srv.memory_full)
        log_warn("memory limit reached: %llu bytes in use, --max-memory "
                 "%llu; refusing writes",
                 (unsigned long long)used, (unsigned long long)srv.max_memory);
    else if (!full && srv.memory_full)
        log_info("memory back under the limit: %llu bytes in use",
                 (unsigned long long)used);
    srv.memory_full = full;
}

void
memory_describe(json_t *info)
{
    if (srv.max_memory == 0)
        return;
    /* The last measure, at most 100 ms old: measuring again here would
     * let a client stall the server with server.info. */
    json_object_set_new(info, "max_memory",
                        json_integer((json_int_t)srv.max_memory));
    json_object_set_new(info, "heap_bytes",
                        json_integer((json_int_t)heap_measured));
    json_object_set_new(info, "memory_full", json_boolean(srv.memory_full));
}

void
memory_check_line(size_t len)
{
    if (len >= MEMORY_CHECK_LINE)
        memory_check();
}

static void
memory_timer_cb(evutil_socket_t fd, short what, void *arg)
{
    memory_check();
}

void
memory_init(void)
{
    struct timeval tv = {0, MEMORY_CHECK_USEC};

    memory_resident();
    if (srv.max_memory == 0)
        return;
    ev_memory = event_new(srv.base, -1, EV_PERSIST, memory_timer_cb, NULL);
    if (ev_memory == NULL)
        fatalx("cannot start the memory timer");
    event_add(ev_memory, &tv);
    memory_check();
}

void
memory_done(void)
{
    if (ev_memory != NULL)
        event_free(ev_memory);
    ev_memory = NULL;
    if (statm_fd >= 0)
        close(statm_fd);
    statm_fd = -1;
}
