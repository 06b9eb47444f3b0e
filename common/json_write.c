/*
 * json_write.c: the writer shared by mpmgrd (the text of a dict key, the
 * id and result of a reply) and libmpmgr (the values of a request).
 *
 * jansson's json_dump_callback spends thousands of instructions on values
 * as small as [pid, i]: every array or object costs an snprintf of its
 * address for the loop check, and every integer an snprintf.  The common
 * values (plain strings, integers, true, false, null and arrays of them)
 * are written here instead, byte for byte as jansson writes them
 * (tests/unit/check_write.c compares the two); anything else is left to
 * jansson.
 */
#include "config.h"

#include <string.h>

#include "json.h"

/*
 * True when jansson writes string S of length N as '"' S '"', unescaped:
 * no byte it escapes, and valid UTF-8 (jansson refuses to dump anything
 * else; a string made with json_stringn_nocheck may hold it).
 */
static bool
plain_string(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t len;
    uint64_t x;

    while (p < end) {
        /* 8 plain ASCII bytes at a time (a long value is mostly these). */
        if (end - p >= 8) {
            memcpy(&x, p, 8);
            if (mpmgr__json_special_bytes(x) == 0) {
                p += 8;
                continue;
            }
        }
        if (*p < 0x80) {
            if (*p < 0x20 || *p == '"' || *p == '\\')
                return false;
            p++;
        } else if ((len = mpmgr__utf8_length(p, end)) == 0) {
            return false;
        } else {
            p += len;
        }
    }
    return true;
}

/* "00" to "99": two digits a step halves the divisions. */
static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

char *
mpmgr__json_format_integer(json_int_t v, char *end)
{
    unsigned long long u =
        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    unsigned d;

    while (u >= 100) {
        d = (unsigned)(u % 100) * 2;
        u /= 100;
        *--end = digit_pairs[d + 1];
        *--end = digit_pairs[d];
    }
    if (u >= 10) {
        d = (unsigned)u * 2;
        *--end = digit_pairs[d + 1];
        *--end = digit_pairs[d];
    } else {
        *--end = (char)('0' + u);
    }
    if (v < 0)
        *--end = '-';
    return end;
}

#define PUT(s, text, n)                                                        \
    do {                                                                       \
        if (mpmgr__json_sink_put((s), (text), (n)) < 0)                        \
            return -1;                                                         \
    } while (0)

/*
 * Arrays nested deeper than this are left to jansson, whose loop check
 * refuses an array that contains itself (possible in a caller's json_t):
 * followed here, it would recurse until the stack ran out.
 */
#define MAX_NESTING 32

static int
write_simple(const json_t *v, struct mpmgr__json_sink *s, int depth)
{
    char buf[24], *start;
    const char *word;
    size_t i, n;
    int rc;

    switch (json_typeof(v)) {
    case JSON_STRING:
        n = json_string_length(v);
        if (!plain_string(json_string_value(v), n))
            return 0;
        PUT(s, "\"", 1);
        PUT(s, json_string_value(v), n);
        PUT(s, "\"", 1);
        return 1;
    case JSON_INTEGER:
        start = mpmgr__json_format_integer(json_integer_value(v),
                                           buf + sizeof(buf));
        PUT(s, start, (size_t)(buf + sizeof(buf) - start));
        return 1;
    case JSON_TRUE:
    case JSON_FALSE:
    case JSON_NULL:
        word = json_is_true(v) ? "true" : json_is_false(v) ? "false" : "null";
        PUT(s, word, strlen(word));
        return 1;
    case JSON_ARRAY:
        if (depth >= MAX_NESTING)
            return 0;
        PUT(s, "[", 1);
        for (i = 0; i < json_array_size(v); i++) {
            if (i > 0)
                PUT(s, ",", 1);
            if ((rc = write_simple(json_array_get(v, i), s, depth + 1)) <= 0)
                return rc;
        }
        PUT(s, "]", 1);
        return 1;
    default:
        return 0;
    }
}

int
mpmgr__json_fixed(struct mpmgr__json_sink *s, size_t more)
{
    (void)s;
    (void)more;
    return -1;
}

int
mpmgr__json_write_simple(const json_t *v, struct mpmgr__json_sink *s)
{
    return write_simple(v, s, 0);
}
