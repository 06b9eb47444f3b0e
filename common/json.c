/*
 * json.c: the JSON reader of the server and the library.  It turns one
 * line of text into jansson values, accepting exactly what jansson's
 * json_loadb accepts with JSON_DECODE_ANY | JSON_REJECT_DUPLICATES |
 * JSON_ALLOW_NUL (a unit test holds the two side by side), except that it
 * refuses a raw NUL byte anywhere, where jansson drops one that directly
 * follows a number, true, false or null.  It enforces a nesting limit
 * while it goes.
 *
 * It exists for speed: jansson's own parser reads through a character
 * stream with a function call per byte and was two thirds of the cost of a
 * small request.  This one scans the line in place, copies a string only
 * when it has escapes, and builds the values with jansson's constructors,
 * so everything downstream still sees ordinary json_t values.  Running out
 * of memory is an error (MPMGR_ENOMEM), never an abort: the library uses
 * this code too.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mpmgr.h"

void
mpmgr__json_init(struct mpmgr__json_parser *ps, const char *text, size_t len,
                 int max_depth)
{
    memset(ps, 0, sizeof(*ps));
    ps->start = ps->p = text;
    ps->end = text + len;
    ps->max_depth = max_depth;
}

void
mpmgr__json_done(struct mpmgr__json_parser *ps)
{
    free(ps->scratch);
    ps->scratch = NULL;
}

json_t *
mpmgr__json_fail(struct mpmgr__json_parser *ps, int code, const char *fmt, ...)
{
    char what[160];
    va_list ap;

    if (ps->error.code != 0)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    ps->error.code = code;
    snprintf(ps->error.text, sizeof(ps->error.text), "%s at byte %zu", what,
             (size_t)(ps->p - ps->start));
    return NULL;
}

/* The constructors of jansson return NULL only when memory runs out. */
static json_t *
made(struct mpmgr__json_parser *ps, json_t *v)
{
    return v != NULL ? v : mpmgr__json_fail(ps, MPMGR_ENOMEM, "out of memory");
}

/*
 * The length of the valid UTF-8 sequence at P (before END), or 0 when it is
 * not one: overlong forms, surrogates and code points past U+10FFFF are
 * invalid, as in jansson's utf8_check_full.
 */
size_t
mpmgr__utf8_length(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t n, i;
    unsigned lo = 0x80, hi = 0xbf;

    if (c < 0x80)
        return 1;
    if (c < 0xc2 || c > 0xf4)
        return 0;
    n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if ((size_t)(end - p) < n)
        return 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    return n;
}

/* Four hex digits at P as a number, or -1. */
static long
hex4(const char *p, const char *end)
{
    long v = 0;
    int i;

    if (end - p < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        char c = p[i];

        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* Room for N bytes in the scratch buffer, or NULL when memory runs out. */
static char *
scratch_reserve(struct mpmgr__json_parser *ps, size_t n)
{
    if (n > ps->scratch_size) {
        size_t size = n < 256 ? 256 : n;
        char *bigger = realloc(ps->scratch, size);

        if (bigger == NULL) {
            mpmgr__json_fail(ps, MPMGR_ENOMEM, "out of memory");
            return NULL;
        }
        ps->scratch = bigger;
        ps->scratch_size = size;
    }
    return ps->scratch;
}

/* Append code point CP as UTF-8 at OUT; returns the bytes written. */
static size_t
put_utf8(char *out, long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* A \u escape at ps->p (just past the 'u'), with its surrogate pair. */
static long
unicode_escape(struct mpmgr__json_parser *ps)
{
    long cp = hex4(ps->p, ps->end), lo;

    if (cp < 0) {
        mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid \\u escape");
        return -1;
    }
    ps->p += 4;
    if (cp >= 0xdc00 && cp <= 0xdfff) {
        mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid Unicode '\\u%04lX'", cp);
        return -1;
    }
    if (cp < 0xd800 || cp > 0xdbff)
        return cp;
    if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
        (lo = hex4(ps->p + 2, ps->end)) < 0xdc00 || lo > 0xdfff) {
        mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid Unicode '\\u%04lX'", cp);
        return -1;
    }
    ps->p += 6;
    return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
}

/*
 * Decode the rest of a string that has escapes, from ps->p, after the
 * LEN plain bytes already at RUN.  Leaves the text in the scratch buffer.
 */
static int
decode_escaped(struct mpmgr__json_parser *ps, const char *run, size_t len,
               size_t *outlen)
{
    /* Escapes only shrink text, so the remaining input bounds the output. */
    char *out = scratch_reserve(ps, len + (size_t)(ps->end - ps->p));
    size_t n = len;

    if (out == NULL)
        return -1;
    memcpy(out, run, len);
    while (ps->p < ps->end) {
        unsigned char c = (unsigned char)*ps->p;
        size_t k;

        if (c == '"') {
            ps->p++;
            *outlen = n;
            return 0;
        }
        if (c < 0x20) {
            mpmgr__json_fail(ps, MPMGR_EPARSE,
                             "control character 0x%x in string", c);
            return -1;
        }
        if (c != '\\') {
            k = mpmgr__utf8_length((const unsigned char *)ps->p,
                                   (const unsigned char *)ps->end);
            if (k == 0) {
                mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid UTF-8 in string");
                return -1;
            }
            memcpy(out + n, ps->p, k);
            n += k;
            ps->p += k;
            continue;
        }
        if (ps->end - ps->p < 2) {
            ps->p++;
            break;
        }
        ps->p += 2;
        switch (ps->p[-1]) {
        case '"':
            out[n++] = '"';
            break;
        case '\\':
            out[n++] = '\\';
            break;
        case '/':
            out[n++] = '/';
            break;
        case 'b':
            out[n++] = '\b';
            break;
        case 'f':
            out[n++] = '\f';
            break;
        case 'n':
            out[n++] = '\n';
            break;
        case 'r':
            out[n++] = '\r';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'u': {
            long cp = unicode_escape(ps);

            if (cp < 0)
                return -1;
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            ps->p--;
            mpmgr__json_fail(ps, MPMGR_EPARSE,
                             "invalid escape: backslash and byte 0x%02x",
                             (unsigned char)*ps->p);
            return -1;
        }
    }
    mpmgr__json_fail(ps, MPMGR_EPARSE, "premature end of string");
    return -1;
}

/*
 * What a byte means inside a string: most bytes are plain and need no
 * more than this one look-up.
 */
enum { PLAIN, QUOTE, BACKSLASH, CONTROL, MULTIBYTE };

static const unsigned char string_class[256] = {
    [0x00 ... 0x1f] = CONTROL,
    ['"'] = QUOTE,
    ['\\'] = BACKSLASH,
    [0x80 ... 0xff] = MULTIBYTE,
};

/* Past the plain bytes at P: 8 at a time while 8 remain, then one by one. */
static const char *
skip_plain(const char *p, const char *end)
{
    uint64_t x, marks;

    for (; end - p >= 8; p += 8) {
        memcpy(&x, p, 8);
        if ((marks = mpmgr__json_special_bytes(x)) != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return p + __builtin_ctzll(marks) / 8; /* the first in memory */
#else
            break;
#endif
        }
    }
    while (p < end && string_class[(unsigned char)*p] == PLAIN)
        p++;
    return p;
}

/*
 * Read a string at ps->p (on its opening quote).  *TEXT points into the
 * line when the string has no escapes, else into the scratch buffer.
 */
int
mpmgr__json_scan_string(struct mpmgr__json_parser *ps, const char **text,
                        size_t *len)
{
    const char *run = ++ps->p;
    size_t k;

    for (;;) {
        ps->p = skip_plain(ps->p, ps->end);
        if (ps->p >= ps->end)
            break;
        switch (string_class[(unsigned char)*ps->p]) {
        case QUOTE:
            *text = run;
            *len = (size_t)(ps->p - run);
            ps->p++;
            return 0;
        case BACKSLASH:
            if (decode_escaped(ps, run, (size_t)(ps->p - run), len) < 0)
                return -1;
            *text = ps->scratch;
            return 0;
        case CONTROL:
            mpmgr__json_fail(ps, MPMGR_EPARSE,
                             "control character 0x%x in string",
                             (unsigned char)*ps->p);
            return -1;
        default:
            k = mpmgr__utf8_length((const unsigned char *)ps->p,
                                   (const unsigned char *)ps->end);
            if (k == 0) {
                mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid UTF-8 in string");
                return -1;
            }
            ps->p += k;
        }
    }
    mpmgr__json_fail(ps, MPMGR_EPARSE, "premature end of string");
    return -1;
}

static json_t *
parse_string(struct mpmgr__json_parser *ps)
{
    const char *text;
    size_t len;

    if (mpmgr__json_scan_string(ps, &text, &len) < 0)
        return NULL;
    return made(ps, json_stringn_nocheck(text, len));
}

static bool
is_digit(const struct mpmgr__json_parser *ps)
{
    return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

static void
skip_digits(struct mpmgr__json_parser *ps)
{
    while (is_digit(ps))
        ps->p++;
}

size_t
mpmgr__json_small_integer(const char *p, const char *end, json_int_t *v)
{
    const char *start = p, *digits, *stop;
    unsigned digit;
    json_int_t n = 0;

    if (p < end && *p == '-')
        p++;
    digits = p;
    /* Past 18 digits it may not fit: stop there, and a 19th digit after
     * the stop is refused below like any other digit. */
    stop = end - p > 18 ? p + 18 : end;
    if (p < end && *p == '0')
        p++;
    else
        while (p < stop && (digit = (unsigned)(*p - '0')) <= 9) {
            n = n * 10 + (json_int_t)digit;
            p++;
        }
    if (p == digits)
        return 0;
    if (p < end &&
        (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9')))
        return 0;
    *v = *start == '-' ? -n : n;
    return (size_t)(p - start);
}

/* An integer that fits in 64 bits, from the digits between P and END. */
static json_t *
make_integer(struct mpmgr__json_parser *ps, const char *p, const char *end)
{
    bool negative = *p == '-';
    unsigned long long v = 0, limit;

    limit = negative ? 9223372036854775808ULL : 9223372036854775807ULL;
    for (p += negative; p < end; p++) {
        unsigned d = (unsigned)(*p - '0');

        if (v > (limit - d) / 10)
            return mpmgr__json_fail(ps, MPMGR_EPARSE,
                                    negative ? "too big negative integer"
                                             : "too big integer");
        v = v * 10 + d;
    }
    if (negative)
        return made(ps, json_integer(v == limit ? INT64_MIN : -(json_int_t)v));
    return made(ps, json_integer((json_int_t)v));
}

/* A real, converted by strtod in the C locale (neither the server nor the
 * library sets another). */
static json_t *
make_real(struct mpmgr__json_parser *ps, const char *p, const char *end)
{
    char small[64], *text = small, *stop;
    size_t n = (size_t)(end - p);
    double d;

    if (n >= sizeof(small) && (text = malloc(n + 1)) == NULL)
        return mpmgr__json_fail(ps, MPMGR_ENOMEM, "out of memory");
    memcpy(text, p, n);
    text[n] = '\0';
    errno = 0;
    d = strtod(text, &stop);
    if (text != small)
        free(text);
    if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
        return mpmgr__json_fail(ps, MPMGR_EPARSE, "real number overflow");
    return made(ps, json_real(d));
}

static json_t *
parse_number(struct mpmgr__json_parser *ps)
{
    const char *start = ps->p;
    bool real = false;

    if (*ps->p == '-')
        ps->p++;
    if (!is_digit(ps))
        return mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid token");
    if (*ps->p == '0') {
        ps->p++;
        if (is_digit(ps))
            return mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid token");
    } else {
        skip_digits(ps);
    }
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (!is_digit(ps))
            return mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid token");
        skip_digits(ps);
        real = true;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (!is_digit(ps))
            return mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid token");
        skip_digits(ps);
        real = true;
    }
    return real ? make_real(ps, start, ps->p) : make_integer(ps, start, ps->p);
}

static json_t *
parse_literal(struct mpmgr__json_parser *ps, const char *word, json_t *value)
{
    size_t n = strlen(word);

    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid token");
    ps->p += n;
    return value;
}

/* Step one level down; past --max-depth the message is refused. */
bool
mpmgr__json_descend(struct mpmgr__json_parser *ps)
{
    if (++ps->depth > ps->max_depth) {
        mpmgr__json_fail(ps, MPMGR_ELIMITEXCEEDED,
                         "nesting deeper than %d levels", ps->max_depth);
        return false;
    }
    return true;
}

/*
 * After mpmgr__json_descend, at '[': false when the array is empty (and
 * already closed).
 */
bool
mpmgr__json_open_array(struct mpmgr__json_parser *ps)
{
    ps->p++;
    mpmgr__json_skip_space(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        ps->depth--;
        return false;
    }
    return true;
}

/*
 * After an element: true when a ',' was read and another element follows;
 * false at the closing ']' (the level is left) or on an error (*FAILED).
 */
bool
mpmgr__json_next_element(struct mpmgr__json_parser *ps, bool *failed)
{
    mpmgr__json_skip_space(ps);
    if (ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        return true;
    }
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        ps->depth--;
        return false;
    }
    mpmgr__json_fail(ps, MPMGR_EPARSE, "']' expected");
    *failed = true;
    return false;
}

static json_t *
parse_array(struct mpmgr__json_parser *ps)
{
    json_t *array, *v;
    bool more, failed = false;

    if (!mpmgr__json_descend(ps))
        return NULL;
    if ((array = made(ps, json_array())) == NULL)
        return NULL;
    for (more = mpmgr__json_open_array(ps); more;
         more = mpmgr__json_next_element(ps, &failed)) {
        if ((v = mpmgr__json_value(ps)) == NULL)
            goto fail;
        if (json_array_append_new(array, v) < 0) {
            mpmgr__json_fail(ps, MPMGR_ENOMEM, "out of memory");
            goto fail;
        }
    }
    if (!failed)
        return array;
fail:
    json_decref(array);
    return NULL;
}

void
mpmgr__json_key_free(struct mpmgr__json_key *k)
{
    free(k->copy);
    k->copy = NULL;
}

/*
 * Read a member's name and the ':' after it, at ps->p.  Returns 0 (free K
 * with member_key_free), or -1 with the error recorded.
 */
int
mpmgr__json_read_key(struct mpmgr__json_parser *ps, struct mpmgr__json_key *k)
{
    k->copy = NULL;
    if (ps->p >= ps->end || *ps->p != '"') {
        mpmgr__json_fail(ps, MPMGR_EPARSE, "string or '}' expected");
        return -1;
    }
    if (mpmgr__json_scan_string(ps, &k->text, &k->len) < 0)
        return -1;
    if (k->text == ps->scratch) {
        if (memchr(k->text, '\0', k->len) != NULL) {
            mpmgr__json_fail(ps, MPMGR_EPARSE,
                             "NUL byte in object key not supported");
            return -1;
        }
        if (k->len < sizeof(k->small)) {
            memcpy(k->small, k->text, k->len);
            k->text = k->small;
        } else {
            if ((k->copy = malloc(k->len)) == NULL) {
                mpmgr__json_fail(ps, MPMGR_ENOMEM, "out of memory");
                return -1;
            }
            memcpy(k->copy, k->text, k->len);
            k->text = k->copy;
        }
    }
    mpmgr__json_skip_space(ps);
    if (ps->p >= ps->end || *ps->p != ':') {
        mpmgr__json_key_free(k);
        mpmgr__json_fail(ps, MPMGR_EPARSE, "':' expected");
        return -1;
    }
    ps->p++;
    return 0;
}

/*
 * After a member: true to read another (a ',' was eaten), false at the
 * closing '}' (eaten too, and the level left) or on an error (recorded in
 * *FAILED).
 */
bool
mpmgr__json_next_member(struct mpmgr__json_parser *ps, bool *failed)
{
    mpmgr__json_skip_space(ps);
    if (ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        mpmgr__json_skip_space(ps);
        return true;
    }
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        ps->depth--;
        return false;
    }
    mpmgr__json_fail(ps, MPMGR_EPARSE, "'}' expected");
    *failed = true;
    return false;
}

/* Open an object at ps->p: false when it is empty (and already closed). */
bool
mpmgr__json_open_object(struct mpmgr__json_parser *ps)
{
    ps->p++;
    mpmgr__json_skip_space(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        ps->depth--;
        return false;
    }
    return true;
}

/*
 * Add member K = V (stolen) to OBJECT.  A duplicate name is refused, as
 * JSON_REJECT_DUPLICATES does.  Returns 0, or -1 with the error recorded.
 */
int
mpmgr__json_add_member(struct mpmgr__json_parser *ps, json_t *object,
                       const struct mpmgr__json_key *k, json_t *v)
{
    size_t size = json_object_size(object);

    if (json_object_setn_new_nocheck(object, k->text, k->len, v) < 0) {
        mpmgr__json_fail(ps, MPMGR_ENOMEM, "out of memory");
        return -1;
    }
    if (json_object_size(object) == size) {
        mpmgr__json_fail(ps, MPMGR_EPARSE, "duplicate object key");
        return -1;
    }
    return 0;
}

/* A member of an object being built: its value goes into the object. */
static int
add_member(struct mpmgr__json_parser *ps, const struct mpmgr__json_key *k,
           void *object)
{
    json_t *v = mpmgr__json_value(ps);

    return v != NULL ? mpmgr__json_add_member(ps, object, k, v) : -1;
}

static json_t *
parse_object(struct mpmgr__json_parser *ps)
{
    json_t *object = made(ps, json_object());

    if (object == NULL)
        return NULL;
    if (mpmgr__json_read_object(ps, add_member, object) == 0)
        return object;
    json_decref(object);
    return NULL;
}

json_t *
mpmgr__json_value(struct mpmgr__json_parser *ps)
{
    mpmgr__json_skip_space(ps);
    if (ps->p >= ps->end)
        return mpmgr__json_fail(ps, MPMGR_EPARSE, "unexpected end of input");
    switch (*ps->p) {
    case '{':
        return parse_object(ps);
    case '[':
        return parse_array(ps);
    case '"':
        return parse_string(ps);
    case 't':
        return parse_literal(ps, "true", json_true());
    case 'f':
        return parse_literal(ps, "false", json_false());
    case 'n':
        return parse_literal(ps, "null", json_null());
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
            return parse_number(ps);
        return mpmgr__json_fail(ps, MPMGR_EPARSE, "invalid token");
    }
}

json_t *
mpmgr__json_parse(const char *text, size_t len, int max_depth,
                  struct mpmgr__json_error *error)
{
    struct mpmgr__json_parser ps;
    json_t *v;

    mpmgr__json_init(&ps, text, len, max_depth);
    v = mpmgr__json_value(&ps);
    if (v != NULL) {
        mpmgr__json_skip_space(&ps);
        if (ps.p < ps.end) {
            json_decref(v);
            v = mpmgr__json_fail(&ps, MPMGR_EPARSE, "end of input expected");
        }
    }
    mpmgr__json_done(&ps);
    *error = ps.error;
    return v;
}
