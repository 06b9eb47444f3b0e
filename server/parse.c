/*
 * parse.c: the request parser.  It turns one line of text into jansson
 * values, accepting exactly what jansson's json_loadb accepts with
 * JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL (a unit test
 * holds the two side by side), and enforces --max-depth while it goes.
 *
 * It exists for speed: jansson's own parser reads through a character
 * stream with a function call per byte and was two thirds of the cost of a
 * small request.  This one scans the line in place, copies a string only
 * when it has escapes, and builds the values with jansson's constructors,
 * so everything downstream still sees ordinary json_t values.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpmgrd.h"

struct parser {
    const char *start;            /* the line, for error positions */
    const char *p;                /* next unread byte */
    const char *end;
    int depth;
    int max_depth;
    char *scratch;                /* decoded strings with escapes */
    size_t scratch_size;
    struct error *e;
};

static json_t *parse_value(struct parser *ps);

static json_t *
fail(struct parser *ps, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the first error, with its position, and return NULL. */
static json_t *
fail(struct parser *ps, int code, const char *fmt, ...)
{
    char what[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    error_set(ps->e, code, "%s at byte %zu", what,
              (size_t)(ps->p - ps->start));
    return NULL;
}

static void
skip_space(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'
                               || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

/*
 * The length of the valid UTF-8 sequence at P (before END), or 0 when it is
 * not one: overlong forms, surrogates and code points past U+10FFFF are
 * invalid, as in jansson's utf8_check_full.
 */
static size_t
utf8_length(const unsigned char *p, const unsigned char *end)
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

static char *
scratch_reserve(struct parser *ps, size_t n)
{
    if (n > ps->scratch_size) {
        ps->scratch_size = n < 256 ? 256 : n;
        ps->scratch = xrealloc(ps->scratch, ps->scratch_size);
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
unicode_escape(struct parser *ps)
{
    long cp = hex4(ps->p, ps->end), lo;

    if (cp < 0) {
        fail(ps, MPMGR_EPARSE, "invalid \\u escape");
        return -1;
    }
    ps->p += 4;
    if (cp >= 0xdc00 && cp <= 0xdfff) {
        fail(ps, MPMGR_EPARSE, "invalid Unicode '\\u%04lX'", cp);
        return -1;
    }
    if (cp < 0xd800 || cp > 0xdbff)
        return cp;
    if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u'
        || (lo = hex4(ps->p + 2, ps->end)) < 0xdc00 || lo > 0xdfff) {
        fail(ps, MPMGR_EPARSE, "invalid Unicode '\\u%04lX'", cp);
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
decode_escaped(struct parser *ps, const char *run, size_t len, size_t *outlen)
{
    /* Escapes only shrink text, so the remaining input bounds the output. */
    char *out = scratch_reserve(ps, len + (size_t)(ps->end - ps->p));
    size_t n = len;

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
            fail(ps, MPMGR_EPARSE, "control character 0x%x in string", c);
            return -1;
        }
        if (c != '\\') {
            k = utf8_length((const unsigned char *)ps->p,
                            (const unsigned char *)ps->end);
            if (k == 0) {
                fail(ps, MPMGR_EPARSE, "invalid UTF-8 in string");
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
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            long cp = unicode_escape(ps);

            if (cp < 0)
                return -1;
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            ps->p--;
            fail(ps, MPMGR_EPARSE, "invalid escape '\\%c'", *ps->p);
            return -1;
        }
    }
    fail(ps, MPMGR_EPARSE, "premature end of string");
    return -1;
}

/*
 * Read a string at ps->p (on its opening quote).  *TEXT points into the
 * line when the string has no escapes, else into the scratch buffer.
 */
static int
scan_string(struct parser *ps, const char **text, size_t *len)
{
    const char *run = ++ps->p;

    while (ps->p < ps->end) {
        unsigned char c = (unsigned char)*ps->p;

        if (c == '"') {
            *text = run;
            *len = (size_t)(ps->p - run);
            ps->p++;
            return 0;
        }
        if (c == '\\') {
            if (decode_escaped(ps, run, (size_t)(ps->p - run), len) < 0)
                return -1;
            *text = ps->scratch;
            return 0;
        }
        if (c < 0x20) {
            fail(ps, MPMGR_EPARSE, "control character 0x%x in string", c);
            return -1;
        }
        if (c < 0x80) {
            ps->p++;
        } else {
            size_t k = utf8_length((const unsigned char *)ps->p,
                                   (const unsigned char *)ps->end);

            if (k == 0) {
                fail(ps, MPMGR_EPARSE, "invalid UTF-8 in string");
                return -1;
            }
            ps->p += k;
        }
    }
    fail(ps, MPMGR_EPARSE, "premature end of string");
    return -1;
}

static json_t *
parse_string(struct parser *ps)
{
    const char *text;
    size_t len;

    if (scan_string(ps, &text, &len) < 0)
        return NULL;
    return json_stringn_nocheck(text, len);
}

static bool
is_digit(const struct parser *ps)
{
    return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

static void
skip_digits(struct parser *ps)
{
    while (is_digit(ps))
        ps->p++;
}

/* An integer that fits in 64 bits, from the digits between P and END. */
static json_t *
make_integer(struct parser *ps, const char *p, const char *end)
{
    bool negative = *p == '-';
    unsigned long long v = 0, limit;

    limit = negative ? 9223372036854775808ULL : 9223372036854775807ULL;
    for (p += negative; p < end; p++) {
        unsigned d = (unsigned)(*p - '0');

        if (v > (limit - d) / 10)
            return fail(ps, MPMGR_EPARSE, negative ? "too big negative integer"
                                                   : "too big integer");
        v = v * 10 + d;
    }
    if (negative)
        return json_integer(v == limit ? INT64_MIN : -(json_int_t)v);
    return json_integer((json_int_t)v);
}

/* A real, converted by strtod in the C locale the server runs in. */
static json_t *
make_real(struct parser *ps, const char *p, const char *end)
{
    char small[64], *text = small, *stop;
    size_t n = (size_t)(end - p);
    double d;

    if (n >= sizeof(small))
        text = xmalloc(n + 1);
    memcpy(text, p, n);
    text[n] = '\0';
    errno = 0;
    d = strtod(text, &stop);
    if (text != small)
        free(text);
    if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
        return fail(ps, MPMGR_EPARSE, "real number overflow");
    return json_real(d);
}

static json_t *
parse_number(struct parser *ps)
{
    const char *start = ps->p;
    bool real = false;

    if (*ps->p == '-')
        ps->p++;
    if (!is_digit(ps))
        return fail(ps, MPMGR_EPARSE, "invalid token");
    if (*ps->p == '0') {
        ps->p++;
        if (is_digit(ps))
            return fail(ps, MPMGR_EPARSE, "invalid token");
    } else {
        skip_digits(ps);
    }
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (!is_digit(ps))
            return fail(ps, MPMGR_EPARSE, "invalid token");
        skip_digits(ps);
        real = true;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (!is_digit(ps))
            return fail(ps, MPMGR_EPARSE, "invalid token");
        skip_digits(ps);
        real = true;
    }
    return real ? make_real(ps, start, ps->p) : make_integer(ps, start, ps->p);
}

static json_t *
parse_literal(struct parser *ps, const char *word, json_t *value)
{
    size_t n = strlen(word);

    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, MPMGR_EPARSE, "invalid token");
    ps->p += n;
    return value;
}

/* Step one level down; past --max-depth the message is refused. */
static bool
descend(struct parser *ps)
{
    if (++ps->depth > ps->max_depth) {
        fail(ps, MPMGR_ELIMITEXCEEDED, "nesting deeper than %d levels",
             ps->max_depth);
        return false;
    }
    return true;
}

static json_t *
parse_array(struct parser *ps)
{
    json_t *array, *v;

    if (!descend(ps))
        return NULL;
    array = json_array();
    ps->p++;
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        ps->depth--;
        return array;
    }
    for (;;) {
        if ((v = parse_value(ps)) == NULL)
            goto fail;
        json_array_append_new(array, v);
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            ps->depth--;
            return array;
        }
        fail(ps, MPMGR_EPARSE, "']' expected");
        goto fail;
    }
fail:
    json_decref(array);
    return NULL;
}

static json_t *
parse_object(struct parser *ps)
{
    json_t *object, *v;
    const char *key;
    char small[64], *copy;
    size_t len, size;

    if (!descend(ps))
        return NULL;
    object = json_object();
    ps->p++;
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        ps->depth--;
        return object;
    }
    for (;;) {
        if (ps->p >= ps->end || *ps->p != '"') {
            fail(ps, MPMGR_EPARSE, "string or '}' expected");
            goto fail;
        }
        if (scan_string(ps, &key, &len) < 0)
            goto fail;
        if (memchr(key, '\0', len) != NULL) {
            fail(ps, MPMGR_EPARSE, "NUL byte in object key not supported");
            goto fail;
        }
        /* The value may reuse the scratch buffer: keep the key apart. */
        copy = len < sizeof(small) ? small : xmalloc(len + 1);
        memcpy(copy, key, len);
        skip_space(ps);
        if (ps->p >= ps->end || *ps->p != ':') {
            if (copy != small)
                free(copy);
            fail(ps, MPMGR_EPARSE, "':' expected");
            goto fail;
        }
        ps->p++;
        v = parse_value(ps);
        size = json_object_size(object);
        if (v != NULL)
            json_object_setn_new_nocheck(object, copy, len, v);
        if (copy != small)
            free(copy);
        if (v == NULL)
            goto fail;
        if (json_object_size(object) == size) {
            fail(ps, MPMGR_EPARSE, "duplicate object key");
            goto fail;
        }
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            skip_space(ps);
            continue;
        }
        if (ps->p < ps->end && *ps->p == '}') {
            ps->p++;
            ps->depth--;
            return object;
        }
        fail(ps, MPMGR_EPARSE, "'}' expected");
        goto fail;
    }
fail:
    json_decref(object);
    return NULL;
}

static json_t *
parse_value(struct parser *ps)
{
    skip_space(ps);
    if (ps->p >= ps->end)
        return fail(ps, MPMGR_EPARSE, "unexpected end of input");
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
        return fail(ps, MPMGR_EPARSE, "invalid token");
    }
}

json_t *
parse_json(const char *text, size_t len, int max_depth, struct error *e)
{
    struct parser ps = {
        .start = text,
        .p = text,
        .end = text + len,
        .max_depth = max_depth,
        .e = e,
    };
    json_t *v = parse_value(&ps);

    if (v != NULL) {
        skip_space(&ps);
        if (ps.p < ps.end) {
            json_decref(v);
            v = fail(&ps, MPMGR_EPARSE, "end of input expected");
        }
    }
    free(ps.scratch);
    return v;
}
