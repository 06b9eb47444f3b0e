/*
 * json_reals.c: JSON text for people, with each real in the fewest digits
 * that read back exactly.
 *
 * jansson writes every real with 17 significant digits, so that it reads
 * back exactly; 0.1 comes out as 0.10000000000000001, which looks like a
 * bug to anyone used to Python's repr.  On the wire that costs nothing (the
 * reader gets the same double), but the mpmgr tool and the server's error
 * messages show values to people.  jansson's precision can only be set
 * for a whole dump, so the text jansson writes is rewritten here, one real
 * at a time, each written again by jansson at its own precision.
 */
#include "config.h"

#include <float.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* A normal double written with this many significant digits, DBL_DIG,
 * drops the trailing zeros of any shorter form that reads back ("%.15g"
 * writes 0.1 as 0.1), so it needs no fewer; a subnormal one may.  Every
 * double reads back from 17. */
#define DIGITS_NORMAL DBL_DIG
#define DIGITS_MAX 17

static bool
reads_back(double d, int digits)
{
    char text[40];

    snprintf(text, sizeof(text), "%.*g", digits, d);
    return strtod(text, NULL) == d;
}

/* The fewest significant digits that write D so that it reads back.  More
 * digits never read back worse, so a binary search finds them. */
static int
shortest_digits(double d)
{
    int lo = d > -DBL_MIN && d < DBL_MIN ? 1 : DIGITS_NORMAL;
    int hi = DIGITS_MAX, mid;

    while (lo < hi) {
        mid = (lo + hi) / 2;
        if (reads_back(d, mid))
            hi = mid;
        else
            lo = mid + 1;
    }
    return hi;
}

/* The output sink's GROW: on the heap, doubling. */
static int
grow(struct mpmgr__json_sink *s, size_t more)
{
    size_t size = 2 * (s->len + more) + 64;
    char *bigger = realloc(s->data, size);

    if (bigger == NULL)
        return -1;
    s->data = bigger;
    s->size = size;
    return 0;
}

/* The length of the string token at P, quotes included. */
static size_t
string_length(const char *p, const char *end)
{
    const char *q = p + 1;

    while (q < end && *q != '"')
        q += *q == '\\' && q + 1 < end ? 2 : 1;
    return (size_t)(q - p) + (q < end);
}

/* The length of the number token at P. */
static size_t
number_length(const char *p, const char *end)
{
    const char *q = p;

    while (q < end && strchr("+-0123456789.eE", *q) != NULL && *q != '\0')
        q++;
    return (size_t)(q - p);
}

/* Put the real whose jansson text is the N bytes at P, in as few digits
 * as read back exactly, written the way jansson writes reals. */
static int
put_real(struct mpmgr__json_sink *o, const char *p, size_t n)
{
    char text[64];
    json_t *real;
    size_t len;

    if (n >= sizeof(text))
        return mpmgr__json_sink_put(o, p, n);
    memcpy(text, p, n);
    text[n] = '\0';
    if ((real = json_real(strtod(text, NULL))) == NULL)
        return -1;
    len = json_dumpb(real, text, sizeof(text),
                     JSON_ENCODE_ANY | JSON_REAL_PRECISION(shortest_digits(
                                           json_real_value(real))));
    json_decref(real);
    return len > 0 && len <= sizeof(text) ? mpmgr__json_sink_put(o, text, len)
                                          : mpmgr__json_sink_put(o, p, n);
}

char *
mpmgr__json_shorten_reals(const char *text, size_t len)
{
    struct mpmgr__json_sink o = {NULL, 0, 0, grow};
    const char *p = text, *end = text + len;
    size_t n;
    int rc = 0;

    for (; p < end && rc == 0; p += n) {
        if (*p == '"') {
            n = string_length(p, end);
            rc = mpmgr__json_sink_put(&o, p, n);
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            n = number_length(p, end);
            /* jansson writes a real with a '.' or an 'e'; an integer
             * with neither. */
            rc = memchr(p, '.', n) != NULL || memchr(p, 'e', n) != NULL
                     ? put_real(&o, p, n)
                     : mpmgr__json_sink_put(&o, p, n);
        } else {
            n = 1;
            rc = mpmgr__json_sink_put(&o, p, n);
        }
    }
    if (rc < 0 || mpmgr__json_sink_put(&o, "", 1) < 0) { /* the NUL */
        free(o.data);
        return NULL;
    }
    return o.data;
}

char *
mpmgr__json_dumps_short(const json_t *value, size_t flags)
{
    char *text = json_dumps(value, flags), *shorter;

    if (text == NULL || strpbrk(text, ".e") == NULL)
        return text;
    shorter = mpmgr__json_shorten_reals(text, strlen(text));
    free(text);
    return shorter;
}
