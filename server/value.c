/*
 * value.c: what the protocol says about JSON values (doc/protocol.md section 6;
 * the sort order is section 8's): the identity of a dict key, deep equality,
 * the order list.sort uses, nesting depth, adding numbers (dict.incr), and
 * short renderings for error messages.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "mpmgrd.h"

static const int dump_flags = JSON_COMPACT | JSON_ENCODE_ANY;

/* True when an object hides anywhere inside V. */
static bool
contains_object(const json_t *v)
{
    size_t i;

    if (json_is_object(v))
        return true;
    if (!json_is_array(v))
        return false;
    for (i = 0; i < json_array_size(v); i++)
        if (contains_object(json_array_get(v, i)))
            return true;
    return false;
}

int
key_check(const json_t *key, struct error *e)
{
    return contains_object(key)
               ? error_set(e, MPMGR_ETYPE, "unhashable type: 'dict'")
               : 0;
}

int
key_make(struct key *k, const json_t *key, struct error *e)
{
    /* A fixed sink: a key too long for the small buffer goes to
     * json_dumpb. */
    struct mpmgr__json_sink small = {k->small, 0, sizeof(k->small),
                                     mpmgr__json_fixed};
    size_t need;

    k->text = k->small;
    k->len = 0;
    /* The common keys, such as (pid, i), without json_dumpb's cost. */
    if (mpmgr__json_write_simple(key, &small) == 1) {
        k->len = small.len;
        return 0;
    }
    if (key_check(key, e) < 0)
        return -1;
    need = json_dumpb(key, k->small, sizeof(k->small), dump_flags);
    if (need > sizeof(k->small)) {
        k->text = xmalloc(need);
        json_dumpb(key, k->text, need, dump_flags);
    }
    k->len = need;
    return 0;
}

void
key_done(struct key *k)
{
    if (k->text != k->small)
        free(k->text);
    k->text = k->small;
}

json_t *
key_value(const char *text, size_t len)
{
    struct mpmgr__json_error err;
    json_t *v = mpmgr__json_parse(text, len, MPMGR__MAX_DEPTH_CEILING, &err);

    /* The text was made by key_make, so it always parses. */
    if (v == NULL)
        fatalx("stored key does not parse: %s", err.text);
    return v;
}

/*
 * Compare an integer with a real exactly, as Python does: converting the
 * integer to double could round it and call unequal numbers equal.
 */
static int
compare_int_real(json_int_t i, double d)
{
    double t;
    json_int_t ti;

    if (d >= 9223372036854775808.0)
        return -1;
    if (d < -9223372036854775808.0)
        return 1;
    t = trunc(d);
    ti = (json_int_t)t;
    if (i != ti)
        return i < ti ? -1 : 1;
    return d > t ? -1 : d < t ? 1 : 0;
}

static int
compare_numbers(const json_t *a, const json_t *b)
{
    if (json_is_integer(a) && json_is_integer(b)) {
        json_int_t x = json_integer_value(a), y = json_integer_value(b);

        return x < y ? -1 : x > y;
    }
    if (json_is_integer(a))
        return compare_int_real(json_integer_value(a), json_real_value(b));
    if (json_is_integer(b))
        return -compare_int_real(json_integer_value(b), json_real_value(a));
    return json_real_value(a) < json_real_value(b)
               ? -1
               : json_real_value(a) > json_real_value(b);
}

/* Strings order by code point, which for UTF-8 is byte order. */
static int
compare_strings(const json_t *a, const json_t *b)
{
    size_t la = json_string_length(a), lb = json_string_length(b);
    int c =
        memcmp(json_string_value(a), json_string_value(b), la < lb ? la : lb);

    if (c != 0)
        return c < 0 ? -1 : 1;
    return la < lb ? -1 : la > lb;
}

bool
value_equal(const json_t *a, const json_t *b)
{
    size_t i;

    if (json_is_number(a) && json_is_number(b))
        return compare_numbers(a, b) == 0;
    if (json_typeof(a) != json_typeof(b))
        return false;
    switch (json_typeof(a)) {
    case JSON_STRING:
        return compare_strings(a, b) == 0;
    case JSON_ARRAY:
        if (json_array_size(a) != json_array_size(b))
            return false;
        for (i = 0; i < json_array_size(a); i++)
            if (!value_equal(json_array_get(a, i), json_array_get(b, i)))
                return false;
        return true;
    case JSON_OBJECT: {
        const char *k;
        size_t klen;
        json_t *va;

        if (json_object_size(a) != json_object_size(b))
            return false;
        json_object_keylen_foreach ((json_t *)a, k, klen, va) {
            json_t *vb = json_object_getn(b, k, klen);

            if (vb == NULL || !value_equal(va, vb))
                return false;
        }
        return true;
    }
    default:
        /* true, false and null: equal when the types are. */
        return true;
    }
}

int
value_compare(const json_t *a, const json_t *b, int *cmp)
{
    size_t i, na, nb;

    if (json_is_number(a) && json_is_number(b)) {
        *cmp = compare_numbers(a, b);
        return 0;
    }
    if (json_is_string(a) && json_is_string(b)) {
        *cmp = compare_strings(a, b);
        return 0;
    }
    if (!json_is_array(a) || !json_is_array(b))
        return -1;
    na = json_array_size(a);
    nb = json_array_size(b);
    for (i = 0; i < na && i < nb; i++) {
        if (value_compare(json_array_get(a, i), json_array_get(b, i), cmp) < 0)
            return -1;
        if (*cmp != 0)
            return 0;
    }
    *cmp = na < nb ? -1 : na > nb;
    return 0;
}

int
value_depth(const json_t *v)
{
    int depth = 0, d;
    size_t i;

    if (json_is_array(v)) {
        for (i = 0; i < json_array_size(v); i++)
            if ((d = value_depth(json_array_get(v, i))) > depth)
                depth = d;
        return depth + 1;
    }
    if (json_is_object(v)) {
        const char *k;
        json_t *member;

        json_object_foreach ((json_t *)v, k, member)
            if ((d = value_depth(member)) > depth)
                depth = d;
        return depth + 1;
    }
    return 0;
}

void
utf8_sanitize(char *s)
{
    unsigned char *p = (unsigned char *)s, *end = p + strlen(s);

    while (p < end) {
        size_t n = mpmgr__utf8_length(p, end);

        if (n == 0)
            *p++ = '?';
        else
            p += n;
    }
}

/* Render a string Python's way, in single quotes, into BUF of SIZE.  A
 * long one is cut between characters, never inside one, and marked. */
static void
repr_string(const json_t *s, char *buf, size_t size)
{
    /* Kept free for the end: "...", the closing quote and the NUL. */
    static const size_t end = 5;
    const char *p = json_string_value(s);
    size_t n = json_string_length(s), i = 0, out = 0;

    if (size < end + 1) {
        buf[0] = '\0';
        return;
    }
    buf[out++] = '\'';
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        const char *piece = p + i;
        size_t len = 1, need = 1;
        char esc[5];

        if (c == '\'' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            piece = esc;
            need = 2;
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof(esc), "\\x%02x", c);
            piece = esc;
            need = 4;
        } else if (c >= 0x80) {
            need = len = mpmgr__utf8_length((const unsigned char *)p + i,
                                            (const unsigned char *)p + n);
        }
        if (len == 0 || out + need + end > size)
            break;
        memcpy(buf + out, piece, need);
        out += need;
        i += len;
    }
    if (i < n) {
        memcpy(buf + out, "...", 3);
        out += 3;
    }
    buf[out++] = '\'';
    buf[out] = '\0';
}

/* The LEN bytes of jansson's text in BUF, of SIZE, with its reals in
 * their fewest digits (the text is for people); returns the new length. */
static size_t
shorten_reals(char *buf, size_t len, size_t size)
{
    char *shorter = mpmgr__json_shorten_reals(buf, len);
    size_t n;

    if (shorter == NULL)
        return len;
    if ((n = strlen(shorter)) <= size)
        memcpy(buf, shorter, n);
    else
        n = len;
    free(shorter);
    return n;
}

/* A dump cut at SIZE bytes: json_dumpb leaves a buffer that is too small
 * undefined, and a value in an error message may be of any length. */
struct cut_dump {
    char *buf;
    size_t size;
    size_t used; /* bytes the whole dump needs, as far as it went */
};

static int
dump_cut(const char *text, size_t len, void *arg)
{
    struct cut_dump *d = arg;

    if (d->used < d->size)
        memcpy(d->buf + d->used, text,
               len < d->size - d->used ? len : d->size - d->used);
    d->used += len;
    /* Past the end nothing more is kept: stop dumping. */
    return d->used > d->size ? -1 : 0;
}

void
value_repr(const json_t *v, char *buf, size_t size)
{
    struct cut_dump d = {buf, size - 1, 0};
    size_t need;

    if (json_is_string(v)) {
        repr_string(v, buf, size);
        return;
    }
    json_dump_callback(v, dump_cut, &d, dump_flags);
    need = d.used;
    if (need <= size - 1 && memchr(buf, '.', need) != NULL)
        need = shorten_reals(buf, need, size - 1);
    if (need > size - 1) {
        /* Cut long values, marking the cut, between characters. */
        need = size - 4;
        while (need > 0 && ((unsigned char)buf[need] & 0xc0) == 0x80)
            need--;
        memcpy(buf + need, "...", 3);
        need += 3;
    }
    buf[need] = '\0';
}

const char *
value_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "dict";
    case JSON_ARRAY:
        return "list";
    case JSON_STRING:
        return "str";
    case JSON_INTEGER:
        return "int";
    case JSON_REAL:
        return "float";
    case JSON_TRUE:
    case JSON_FALSE:
        return "bool";
    default:
        return "NoneType";
    }
}

int
integer_add(json_int_t a, json_int_t b, json_int_t *sum, struct error *e)
{
    if (!__builtin_add_overflow(a, b, sum))
        return 0;
    return error_set(e, MPMGR_EVALUE,
                     "integer overflow: the result does not fit in 64 bits");
}

json_t *
number_add(const json_t *old, const json_t *by, struct error *e)
{
    if (!json_is_number(old)) {
        error_set(e, MPMGR_ETYPE, "cannot add a number to a '%s'",
                  value_type_name(old));
        return NULL;
    }
    if (json_is_integer(old) && json_is_integer(by)) {
        json_int_t sum;

        if (integer_add(json_integer_value(old), json_integer_value(by), &sum,
                        e) < 0)
            return NULL;
        return json_integer(sum);
    }
    {
        double sum = json_number_value(old) + json_number_value(by);

        if (!isfinite(sum)) {
            error_set(e, MPMGR_EVALUE, "the result is not a finite number");
            return NULL;
        }
        return json_real(sum);
    }
}
