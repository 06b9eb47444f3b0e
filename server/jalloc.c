/*
 * jalloc.c: the allocator jansson uses in mpmgrd: a short list of freed
 * blocks for each small size, in front of malloc.
 *
 * A request's values are made while it is read and freed once it is
 * answered, in bursts: a dict.update of 100 [[pid, i], i] pairs read as
 * values was some 700 integers, arrays and their tables.  glibc keeps
 * only 7 freed blocks of a size at hand (its tcache); the rest go through
 * its slower bins, and a profile of that update showed malloc's inner
 * functions at half the server's instructions (doc/performance.md,
 * finding 13).  Keeping up to LIST_MAX blocks of each size here lets the
 * next request take them back at the cost of a pointer swap.  It saves
 * 8% of a setitem too.
 *
 * A block carries no header: its size class is found from
 * malloc_usable_size when it is freed, so a stored value costs no more
 * memory than before.  Under AddressSanitizer the lists are left out, so
 * that a use after free is still caught.
 */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>

#include "mpmgrd.h"

#if defined(__SANITIZE_ADDRESS__)
#define JALLOC_LISTS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JALLOC_LISTS 0
#endif
#endif
#ifndef JALLOC_LISTS
#define JALLOC_LISTS 1
#endif

/* Sizes are kept in steps of 16 bytes up to CLASS_MAX; larger blocks go
 * straight back to malloc. */
#define CLASS_STEP 16
#define CLASS_MAX 128
#define NCLASSES (CLASS_MAX / CLASS_STEP)
/* At most this many blocks per size wait here (128 KiB at 128 bytes). */
#define LIST_MAX 1024

struct block {
    struct block *next;
};

static struct {
    struct block *head;
    unsigned count;
} lists[NCLASSES];

void *
jalloc(size_t size)
{
    size_t c = size > 0 ? (size - 1) / CLASS_STEP : 0;
    struct block *b;

    if (!JALLOC_LISTS || c >= NCLASSES)
        return xmalloc(size);
    if ((b = lists[c].head) != NULL) {
        lists[c].head = b->next;
        lists[c].count--;
        return b;
    }
    /* Every block of class C holds (C + 1) * CLASS_STEP bytes, whatever
     * was asked for, so that any block of the class serves any request. */
    return xmalloc((c + 1) * CLASS_STEP);
}

void
jfree(void *p)
{
    struct block *b = p;
    size_t usable, c;

    if (p == NULL)
        return;
    usable = JALLOC_LISTS ? malloc_usable_size(p) : 0;
    if (usable < CLASS_STEP) {
        free(p);
        return;
    }
    /* The largest class this block can serve. */
    c = usable / CLASS_STEP - 1;
    if (c >= NCLASSES || lists[c].count >= LIST_MAX) {
        free(p);
        return;
    }
    b->next = lists[c].head;
    lists[c].head = b;
    lists[c].count++;
}
