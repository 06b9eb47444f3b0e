/*
 * items.c: a batch of [key, value] pairs for one dict.update, written as
 * JSON text as they are added.  Built from json_t values, a batch of
 * 100 pairs costs 500 jansson values made, written out and freed, three
 * quarters of a pool worker's time (doc/performance.md, finding 15);
 * written from a format it costs none.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

struct mpmgr_items {
    struct mpmgr__buf text; /* "[pair,pair...]" once there is a pair */
    size_t count;
};

int
mpmgr_items_new(mpmgr_items_t **items)
{
    if (items == NULL)
        return mpmgr__fail(NULL, MPMGR_EINVAL,
                           "invalid argument: no out pointer for the batch");
    *items = calloc(1, sizeof(**items));
    if (*items == NULL)
        return mpmgr__fail(NULL, MPMGR_ENOMEM, "out of memory");
    return 0;
}

void
mpmgr_items_free(mpmgr_items_t *items)
{
    if (items == NULL)
        return;
    mpmgr__buf_free(&items->text);
    free(items);
}

void
mpmgr_items_clear(mpmgr_items_t *items)
{
    if (items == NULL)
        return;
    mpmgr__buf_reset(&items->text);
    items->count = 0;
}

size_t
mpmgr_items_count(const mpmgr_items_t *items)
{
    return items != NULL ? items->count : 0;
}

/*
 * Append a pair written from FMT: "[" (or "," in place of the closing
 * "]"), the key and the value, "]]".  The text is always a whole array
 * and a C string.  On failure it is left as it was.
 */
static int
add_pair(mpmgr_items_t *items, const char *fmt, va_list ap)
{
    struct mpmgr__buf *b = &items->text;
    size_t mark = b->len;
    int rc;

    if ((rc = mpmgr__buf_reserve(b, 2)) < 0)
        return mpmgr__fail(NULL, rc, "out of memory");
    if (items->count > 0)
        b->len--; /* the closing ']' */
    b->data[b->len++] = items->count > 0 ? ',' : '[';
    b->data[b->len++] = '[';
    rc = mpmgr__encode_values(NULL, b, NULL, 2, fmt, ap);
    if (rc == 0 && (rc = mpmgr__buf_reserve(b, 3)) < 0)
        mpmgr__fail(NULL, rc, "out of memory");
    if (rc < 0) {
        b->len = mark;
        if (items->count > 0)
            b->data[mark - 1] = ']';
        b->data[mark] = '\0';
        return rc;
    }
    memcpy(b->data + b->len, "]]", 3); /* with the NUL */
    b->len += 2;
    items->count++;
    return 0;
}

/* Without a batch: take the arguments all the same (a stolen json_t is
 * freed, as promised), then fail. */
static int
drop_pair(const char *fmt, va_list ap)
{
    struct mpmgr__buf scratch = {0};

    mpmgr__encode_values(NULL, &scratch, NULL, 2, fmt, ap);
    mpmgr__buf_free(&scratch);
    return mpmgr__fail(NULL, MPMGR_EINVAL, "invalid argument: a NULL batch");
}

int
mpmgr_items_addf(mpmgr_items_t *items, const char *fmt, ...)
{
    va_list ap;
    int rc;

    if (fmt == NULL)
        return mpmgr__fail(NULL, MPMGR_EINVAL,
                           "invalid argument: a NULL format");
    va_start(ap, fmt);
    rc = items != NULL ? add_pair(items, fmt, ap) : drop_pair(fmt, ap);
    va_end(ap);
    return rc;
}

int
mpmgr_items_add(mpmgr_items_t *items, json_t *key, json_t *value)
{
    return mpmgr_items_addf(items, "OO", key, value);
}

const char *
mpmgr__items_text(const mpmgr_items_t *items)
{
    if (items == NULL)
        return NULL;
    return items->count > 0 ? items->text.data : "[]";
}
