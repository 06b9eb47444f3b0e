/*
 * buf.c: the growable byte buffers that hold a connection's unread input
 * and unsent output, and the monotonic clock the timeouts are measured on.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"

/*
 * Make room for MORE bytes after b->len, first by dropping the consumed
 * front, then by growing.  Returns 0 or MPMGR_ENOMEM.
 */
int
mpmgr__buf_reserve(struct mpmgr__buf *b, size_t more)
{
    size_t want;
    char *bigger;

    if (b->size - b->len >= more)
        return 0;
    if (b->start > 0) {
        memmove(b->data, b->data + b->start, b->len - b->start);
        b->len -= b->start;
        b->start = 0;
        if (b->size - b->len >= more)
            return 0;
    }
    want = b->size > 0 ? b->size : 4096;
    while (want - b->len < more) {
        if (want > SIZE_MAX / 2)
            return MPMGR_ENOMEM;
        want *= 2;
    }
    bigger = realloc(b->data, want);
    if (bigger == NULL)
        return MPMGR_ENOMEM;
    b->data = bigger;
    b->size = want;
    return 0;
}

/* Forget the contents, keep the memory. */
void
mpmgr__buf_reset(struct mpmgr__buf *b)
{
    b->start = b->len = 0;
}

void
mpmgr__buf_free(struct mpmgr__buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

int64_t
mpmgr__now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The moment TIMEOUT_MS from now; INT64_MAX for none (0 or negative). */
int64_t
mpmgr__deadline(int timeout_ms)
{
    return timeout_ms > 0 ? mpmgr__now_ms() + timeout_ms : INT64_MAX;
}
