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
            k = utf8_sequence_length((const unsigned char *)ps->p,
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
            fail(ps, MPMGR_EPARSE, "invalid escape: backslash and byte 0x%02x",
                 (unsigned char)*ps->p);
            return -1;
        }
    }
    fail(ps, MPMGR_EPARSE, "premature end of string");
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

/*
 * Read a string at ps->p (on its opening quote).  *TEXT points into the
 * line when the string has no escapes, else into the scratch buffer.
 */
static int
scan_string(struct parser *ps, const char **text, size_t *len)
{
    const char *run = ++ps->p;
    size_t k;

    for (;;) {
        while (ps->p < ps->end
               && string_class[(unsigned char)*ps->p] == PLAIN)
            ps->p++;
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
            fail(ps, MPMGR_EPARSE, "control character 0x%x in string",
                 (unsigned char)*ps->p);
            return -1;
        default:
            k = utf8_sequence_length((const unsigned char *)ps->p,
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

/*
 * An object member's name.  It points into the line when it has no
 * escapes; a name decoded into the scratch buffer is copied, since the
 * member's value may reuse that buffer.
 */
struct member_key {
    const char *text;
    size_t len;
    char *copy;                   /* malloc'd, or NULL */
    char small[64];
};

static void
member_key_free(struct member_key *k)
{
    free(k->copy);
    k->copy = NULL;
}

/*
 * Read a member's name and the ':' after it, at ps->p.  Returns 0 (free K
 * with member_key_free), or -1 with the error recorded.
 */
static int
read_member_key(struct parser *ps, struct member_key *k)
{
    k->copy = NULL;
    if (ps->p >= ps->end || *ps->p != '"') {
        fail(ps, MPMGR_EPARSE, "string or '}' expected");
        return -1;
    }
    if (scan_string(ps, &k->text, &k->len) < 0)
        return -1;
    if (k->text == ps->scratch) {
        if (memchr(k->text, '\0', k->len) != NULL) {
            fail(ps, MPMGR_EPARSE, "NUL byte in object key not supported");
            return -1;
        }
        if (k->len < sizeof(k->small)) {
            memcpy(k->small, k->text, k->len);
            k->text = k->small;
        } else {
            k->copy = xmalloc(k->len);
            memcpy(k->copy, k->text, k->len);
            k->text = k->copy;
        }
    }
    skip_space(ps);
    if (ps->p >= ps->end || *ps->p != ':') {
        member_key_free(k);
        fail(ps, MPMGR_EPARSE, "':' expected");
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
static bool
next_member(struct parser *ps, bool *failed)
{
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        skip_space(ps);
        return true;
    }
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        ps->depth--;
        return false;
    }
    fail(ps, MPMGR_EPARSE, "'}' expected");
    *failed = true;
    return false;
}

/* Open an object at ps->p: false when it is empty (and already closed). */
static bool
open_object(struct parser *ps)
{
    ps->p++;
    skip_space(ps);
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
static int
add_member(struct parser *ps, json_t *object, const struct member_key *k,
           json_t *v)
{
    size_t size = json_object_size(object);

    json_object_setn_new_nocheck(object, k->text, k->len, v);
    if (json_object_size(object) == size) {
        fail(ps, MPMGR_EPARSE, "duplicate object key");
        return -1;
    }
    return 0;
}

static json_t *
parse_object(struct parser *ps)
{
    struct member_key k;
    json_t *object, *v;
    bool more, failed = false;

    if (!descend(ps))
        return NULL;
    object = json_object();
    for (more = open_object(ps); more; more = next_member(ps, &failed)) {
        if (read_member_key(ps, &k) < 0)
            goto fail;
        v = parse_value(ps);
        if (v == NULL || add_member(ps, object, &k, v) < 0) {
            member_key_free(&k);
            goto fail;
        }
        member_key_free(&k);
    }
    if (!failed)
        return object;
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

/* ---------------------------------------------------------------------
 * Requests: the envelope is read into a struct, not a jansson object
 * ------------------------------------------------------------------- */

enum member { M_JSONRPC, M_ID, M_METHOD, M_PARAMS, M_OTHER };

static enum member
classify(const struct member_key *k)
{
    switch (k->len) {
    case 2:
        return memcmp(k->text, "id", 2) == 0 ? M_ID : M_OTHER;
    case 6:
        if (memcmp(k->text, "method", 6) == 0)
            return M_METHOD;
        return memcmp(k->text, "params", 6) == 0 ? M_PARAMS : M_OTHER;
    case 7:
        return memcmp(k->text, "jsonrpc", 7) == 0 ? M_JSONRPC : M_OTHER;
    default:
        return M_OTHER;
    }
}

/* What an envelope's members were, before they are judged. */
struct members {
    unsigned seen;                /* bits of enum member */
    bool version_ok;              /* "jsonrpc":"2.0" */
    bool method_string;
    json_t *others;               /* unknown members, to catch duplicates */
};

/* "method": look the name up now; keep it only when it is unknown. */
static int
read_method(struct parser *ps, struct envelope *env, struct members *m)
{
    const char *name;
    size_t len;
    json_t *v;

    skip_space(ps);
    if (ps->p < ps->end && *ps->p == '"') {
        if (scan_string(ps, &name, &len) < 0)
            return -1;
        m->method_string = true;
        env->method = rpc_find_method(name, len);
        if (env->method == NULL)
            env->method_name = json_stringn_nocheck(name, len);
        return 0;
    }
    if ((v = parse_value(ps)) == NULL)
        return -1;
    json_decref(v);
    return 0;
}

/*
 * Give V (stolen) to the slot of parameter K of ENV's method.  An unknown
 * name is kept aside for the InvalidParams reply.  Returns 0, or -1 for a
 * duplicate name (ParseError).
 */
static int
assign_param(struct parser *ps, struct envelope *env,
             const struct member_key *k, json_t *v, unsigned *filled,
             json_t **others)
{
    int i = rpc_param_slot(env->method->params, k->text, k->len);

    if (i < 0) {
        if (env->unknown_param == NULL)
            env->unknown_param = json_stringn_nocheck(k->text, k->len);
        if (*others == NULL)
            *others = json_object();
        return add_member(ps, *others, k, v);
    }
    if (*filled & (1u << i)) {
        json_decref(v);
        fail(ps, MPMGR_EPARSE, "duplicate object key");
        return -1;
    }
    *filled |= 1u << i;
    env->args[i] = v;
    return 0;
}

/*
 * A params object whose method is already known: its members go straight
 * into their slots, with no jansson object in between.
 */
static int
read_params(struct parser *ps, struct envelope *env)
{
    json_t *others = NULL, *v;
    struct member_key k;
    unsigned filled = 0;
    bool more, failed = false;

    if (!descend(ps))
        return -1;
    for (more = open_object(ps); more; more = next_member(ps, &failed)) {
        if (read_member_key(ps, &k) < 0)
            goto fail;
        v = parse_value(ps);
        if (v == NULL || assign_param(ps, env, &k, v, &filled, &others) < 0) {
            member_key_free(&k);
            goto fail;
        }
        member_key_free(&k);
    }
    json_decref(others);
    return failed ? -1 : 0;
fail:
    json_decref(others);
    return -1;
}

/*
 * A params object read before its method was known (or for an unknown
 * method): sort its members into the slots now.
 */
static void
sort_params(struct parser *ps, struct envelope *env)
{
    json_t *params = env->params, *others = NULL, *v;
    struct member_key k;
    unsigned filled = 0;
    const char *name;

    if (env->method == NULL || !json_is_object(params))
        return;
    json_object_keylen_foreach(params, name, k.len, v) {
        k.text = name;
        assign_param(ps, env, &k, json_incref(v), &filled, &others);
    }
    json_decref(others);
    json_decref(params);
    env->params = NULL;
}

static int
read_member(struct parser *ps, const struct member_key *k,
            struct envelope *env, struct members *m)
{
    enum member which = classify(k);
    json_t *v;

    if (which != M_OTHER && (m->seen & (1u << which))) {
        fail(ps, MPMGR_EPARSE, "duplicate object key");
        return -1;
    }
    m->seen |= 1u << which;
    if (which == M_METHOD)
        return read_method(ps, env, m);
    skip_space(ps);
    if (which == M_PARAMS && env->method != NULL && ps->p < ps->end
        && *ps->p == '{')
        return read_params(ps, env);
    if ((v = parse_value(ps)) == NULL)
        return -1;
    switch (which) {
    case M_JSONRPC:
        m->version_ok = json_is_string(v) && json_string_length(v) == 3
                        && memcmp(json_string_value(v), "2.0", 3) == 0;
        json_decref(v);
        return 0;
    case M_ID:
        env->id = v;
        return 0;
    case M_PARAMS:
        env->params = v;
        return 0;
    default:
        if (m->others == NULL)
            m->others = json_object();
        return add_member(ps, m->others, k, v);
    }
}

/*
 * Judge a complete envelope (doc/protocol.md section 3), in a fixed order
 * so that the reason given does not depend on the order of the members.
 */
static void
judge(struct envelope *env, const struct members *m)
{
    env->notification = !(m->seen & (1u << M_ID));
    if (env->id != NULL && !json_is_integer(env->id)
        && !json_is_string(env->id)) {
        json_decref(env->id);
        env->id = NULL;
        env->problem = "id must be an integer or a string";
    } else if (m->others != NULL) {
        env->problem = "unknown member in the request object";
    } else if (!m->version_ok) {
        env->problem = "jsonrpc must be \"2.0\"";
    } else if (!m->method_string) {
        env->problem = "method must be a string";
    } else if (env->params != NULL && !json_is_object(env->params)
               && !json_is_array(env->params)) {
        env->problem = "params must be an object";
    }
}

/* One request object at ps->p, or any other value (an invalid request). */
static int
parse_envelope(struct parser *ps, struct envelope *env)
{
    struct members m = {0};
    struct member_key k;
    bool more, failed = false;
    json_t *v;

    memset(env, 0, sizeof(*env));
    skip_space(ps);
    if (ps->p >= ps->end || *ps->p != '{') {
        if ((v = parse_value(ps)) == NULL)
            return -1;
        json_decref(v);
        env->problem = "a request must be a JSON object";
        return 0;
    }
    if (!descend(ps))
        return -1;
    for (more = open_object(ps); more; more = next_member(ps, &failed)) {
        if (read_member_key(ps, &k) < 0)
            goto fail;
        if (read_member(ps, &k, env, &m) < 0) {
            member_key_free(&k);
            goto fail;
        }
        member_key_free(&k);
    }
    if (failed)
        goto fail;
    judge(env, &m);
    sort_params(ps, env);
    json_decref(m.others);
    return 0;
fail:
    json_decref(m.others);
    envelope_clear(env);
    return -1;
}

void
envelope_clear(struct envelope *env)
{
    size_t i;

    json_decref(env->id);
    json_decref(env->method_name);
    json_decref(env->params);
    for (i = 0; i < MAX_PARAMS; i++)
        json_decref(env->args[i]);
    json_decref(env->unknown_param);
    memset(env, 0, sizeof(*env));
}

void
envelopes_free(struct envelope *batch, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        envelope_clear(&batch[i]);
    free(batch);
}

/* A batch at ps->p: an array of envelopes. */
static int
parse_batch(struct parser *ps, struct envelope **batch, size_t *n)
{
    size_t cap = 0;

    *batch = NULL;
    *n = 0;
    if (!descend(ps))
        return -1;
    ps->p++;
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        ps->depth--;
        return 0;
    }
    for (;;) {
        if (*n == cap) {
            cap = cap < 8 ? 8 : 2 * cap;
            *batch = xrealloc(*batch, cap * sizeof(**batch));
        }
        if (parse_envelope(ps, &(*batch)[*n]) < 0)
            goto fail;
        (*n)++;
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            ps->depth--;
            return 0;
        }
        fail(ps, MPMGR_EPARSE, "']' expected");
        goto fail;
    }
fail:
    envelopes_free(*batch, *n);
    *batch = NULL;
    *n = 0;
    return -1;
}

int
parse_request(const char *text, size_t len, int max_depth,
              struct envelope *one, struct envelope **batch, size_t *n,
              struct error *e)
{
    struct parser ps = {
        .start = text,
        .p = text,
        .end = text + len,
        .max_depth = max_depth,
        .e = e,
    };
    int rc;

    *batch = NULL;
    *n = 0;
    skip_space(&ps);
    if (ps.p < ps.end && *ps.p == '[')
        rc = parse_batch(&ps, batch, n) == 0 ? 1 : -1;
    else
        rc = parse_envelope(&ps, one);
    if (rc >= 0) {
        skip_space(&ps);
        if (ps.p < ps.end) {
            fail(&ps, MPMGR_EPARSE, "end of input expected");
            if (*batch != NULL)
                envelopes_free(*batch, *n);
            else
                envelope_clear(one);
            *batch = NULL;
            *n = 0;
            rc = -1;
        }
    }
    free(ps.scratch);
    return rc;
}
