/*
 * spin.c: a client that sleeps as soon as it has sent a request pays for
 * its wake-up when the reply comes: on a virtual machine whose idle CPU
 * halts, about 30 microseconds, more than the server takes to answer.
 * Watching the socket for a few tens of microseconds first catches most
 * replies awake (doc/performance.md, finding 20).
 *
 * Watching must not take the CPU from the server or from other clients.
 * Between looks the client yields, and a yield that ran another process
 * (it took longer than SPIN_SHARED_NS) ends the watch as a failure: the
 * client watches only while it has its CPU to itself.  And a round trip that
 * takes longer than the watch (a slow request, a lock that is held, a server
 * busy with other clients, or one that shares the client's CPU and answers only
 * once the client sleeps) makes the next 1, 2, 4, ... up to 1024 replies be
 * waited for asleep at once; then a watch is tried again.  The round trip is
 * timed from the send, since a server on the same CPU may run inside the
 * client's write.
 */
#include "config.h"

#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "spin.h"

#define SPIN_MAX_USEC 1000000
#define SPIN_MAX_BACKOFF 1024
/* A sched_yield that took longer than this ran another process. */
#define SPIN_SHARED_NS 5000

void
mpmgr__spin_init(struct mpmgr__spin *s)
{
    const char *env = getenv("MPMGR_SPIN_USEC");
    char *end;
    long usec;

    s->usec = MPMGR__SPIN_DEFAULT_USEC;
    s->sent_ns = 0;
    s->skip = 0;
    s->backoff = 1;
    if (env == NULL || *env == '\0')
        return;
    usec = strtol(env, &end, 10);
    /* A value that is not a number leaves the default. */
    if (*end == '\0' && usec >= 0)
        s->usec = usec > SPIN_MAX_USEC ? SPIN_MAX_USEC : (int)usec;
}

static int64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
mpmgr__spin_sent(struct mpmgr__spin *s)
{
    s->sent_ns = 0;
    if (s->usec <= 0)
        return;
    /* Backing off is counted in requests, not in the reads of a reply. */
    if (s->skip > 0)
        s->skip--;
    else
        s->sent_ns = now_ns();
}

/* The watch failed: sleep through the next few waits at once. */
static void
back_off(struct mpmgr__spin *s)
{
    s->skip = s->backoff;
    if (s->backoff < SPIN_MAX_BACKOFF)
        s->backoff *= 2;
}

bool
mpmgr__spin_wait(struct mpmgr__spin *s, int fd)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int64_t end, now;
    bool ready;

    if (s->sent_ns == 0)
        return false;
    end = s->sent_ns + (int64_t)s->usec * 1000;
    s->sent_ns = 0;
    for (;;) {
        ready = poll(&pfd, 1, 0) > 0;
        now = now_ns();
        if (ready || now >= end)
            break;
        sched_yield();
        /* Another process ran meanwhile: the CPU is wanted, stop
         * watching and let it be. */
        if (now_ns() - now > SPIN_SHARED_NS) {
            now = end;
            ready = poll(&pfd, 1, 0) > 0;
            break;
        }
    }
    if (now >= end)
        back_off(s);
    else
        s->backoff = 1;
    return ready;
}
