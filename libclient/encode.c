/*
 * encode.c: writing one request line into a connection's output buffer.
 *
 * Every call takes this path, so the parts of the line that are ours (the
 * envelope, the id, the member names of the params) are written directly,
 * the common values by the shared writer (common/json_write.c), and only
 * the rest by jansson.  Dumping the params as one object made jansson
 * format the object's address with snprintf for its loop check on every
 * call, and "oid" cost a hashtable insert into it first: together a third
 * of the library's cost per call (doc/performance.md, finding 7).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "client.h"
#include "json.h"

/*
 * Where a request line is written: a sink (common/json.h) over a buffer
 * (M's output, or a call's members), and whether a write ran out of
 * memory, so that a value jansson refuses to write (a string that is not
 * UTF-8, made with json_stringn_nocheck; an array inside itself) is told
 * apart from a lack of memory.  The buffer's length is the sink's once
 * writer_done has run.
 */
struct writer {
    struct mpmgr__json_sink s; /* first: grow casts back */
    struct mpmgr__buf *b;
    bool nomem;
};

/* The sink's GROW: more room in the buffer behind it. */
static int
grow(struct mpmgr__json_sink *s, size_t more)
{
    struct writer *w = (struct writer *)s;

    w->b->len = s->len;
    if (mpmgr__buf_reserve(w->b, more) < 0) {
        w->nomem = true;
        return -1;
    }
    s->data = w->b->data;
    s->len = w->b->len;
    s->size = w->b->size;
    return 0;
}

static void
writer_init(struct writer *w, struct mpmgr__buf *b)
{
    w->s = (struct mpmgr__json_sink){b->data, b->len, b->size, grow};
    w->b = b;
    w->nomem = false;
}

/* Give the buffer what was written. */
static void
writer_done(struct writer *w)
{
    w->b->len = w->s.len;
}

/* Append N bytes; inline, so that a literal's copy is a few moves. */
static inline int
put(struct writer *w, const char *data, size_t n)
{
    return mpmgr__json_sink_put(&w->s, data, n);
}

#define PUT_LITERAL(w, text) put((w), (text), sizeof(text) - 1)

/* put() as jansson's dump callback. */
static int
append(const char *data, size_t size, void *arg)
{
    return put(arg, data, size);
}

/* A decimal integer, without snprintf's format parsing. */
static int
append_int(struct writer *w, int64_t v)
{
    char digits[24], *end = digits + sizeof(digits);
    char *start = mpmgr__json_format_integer((json_int_t)v, end);

    return put(w, start, (size_t)(end - start));
}

/* The length of S when it is a name of our own (a method, a parameter)
 * that needs no escaping; else -1. */
static ptrdiff_t
plain_name_length(const char *s)
{
    const char *p;

    for (p = s; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '.' || *p == '_'))
            return -1;
    return p - s;
}

/* S as a JSON string: copied between quotes when plain, else escaped by
 * jansson.  0 or -1. */
static int
append_name(struct writer *w, const char *s)
{
    ptrdiff_t n = plain_name_length(s);
    json_t *str;
    int rc;

    if (n >= 0)
        return put(w, "\"", 1) < 0 || put(w, s, (size_t)n) < 0 ||
                       put(w, "\"", 1) < 0
                   ? -1
                   : 0;
    if ((str = json_string(s)) == NULL)
        return -1;
    rc = json_dump_callback(str, append, w, JSON_ENCODE_ANY);
    json_decref(str);
    return rc;
}

/* A value: the common ones written directly, the rest by jansson. */
static int
append_value(struct writer *w, json_t *value)
{
    size_t mark = w->s.len;
    int rc = mpmgr__json_write_simple(value, &w->s);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    w->s.len = mark; /* declined: drop what it wrote */
    return json_dump_callback(value, append, w, JSON_COMPACT | JSON_ENCODE_ANY);
}

/*
 * PARAMS, an object, member by member after "oid": OID when OID is not 0;
 * anything else as one value.
 */
static int
append_params(struct writer *w, int64_t oid, json_t *params)
{
    const char *name;
    json_t *value;
    char sep = '{';

    if (!json_is_object(params))
        return append_value(w, params);
    if (oid != 0) {
        if (PUT_LITERAL(w, "{\"oid\":") < 0 || append_int(w, oid) < 0)
            return -1;
        sep = ',';
    }
    json_object_foreach (params, name, value) {
        if (put(w, &sep, 1) < 0 || append_name(w, name) < 0 ||
            PUT_LITERAL(w, ":") < 0 || append_value(w, value) < 0)
            return -1;
        sep = ',';
    }
    if (sep == '{' && PUT_LITERAL(w, "{") < 0)
        return -1;
    return PUT_LITERAL(w, "}");
}

/* Write {"jsonrpc":"2.0","id":ID,"method":METHOD,"params": */
static int
append_envelope(struct writer *w, int64_t id, const char *method)
{
    return PUT_LITERAL(w, "{\"jsonrpc\":\"2.0\",\"id\":") < 0 ||
                   append_int(w, id) < 0 ||
                   PUT_LITERAL(w, ",\"method\":") < 0 ||
                   append_name(w, method) < 0 ||
                   PUT_LITERAL(w, ",\"params\":") < 0
               ? -1
               : 0;
}

/* After a failed write: what M's last error is. */
static int
encode_failed(mpmgr_t *m, const struct writer *w, const char *method)
{
    if (w->nomem)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory encoding %s",
                           method);
    return mpmgr__fail(m, MPMGR_EINVAL,
                       "cannot encode the request: a name or string that is "
                       "not UTF-8, or a container inside itself");
}

/*
 * Append the request line {"jsonrpc":"2.0","id":ID,"method":METHOD,
 * "params":PARAMS} to M's output, with "oid": OID first in the params
 * unless OID is 0.  On failure nothing is appended and the error is M's
 * last: MPMGR_ENOMEM, or MPMGR_EINVAL for a name or value that JSON
 * cannot carry.
 */
int
mpmgr__encode_request(mpmgr_t *m, int64_t id, const char *method, int64_t oid,
                      json_t *params)
{
    struct writer w;
    size_t mark = m->out.len;

    writer_init(&w, &m->out);
    if (append_envelope(&w, id, method) == 0 &&
        append_params(&w, oid, params) == 0 && PUT_LITERAL(&w, "}\n") == 0) {
        writer_done(&w);
        return 0;
    }
    w.s.len = mark; /* nothing appended */
    writer_done(&w);
    return encode_failed(m, &w, method);
}

/*
 * The same line with params {"oid":OID,MEMBERS}: MEMBERS (LEN bytes) are
 * params members already written by mpmgr__encode_members.
 */
int
mpmgr__encode_request_members(mpmgr_t *m, int64_t id, const char *method,
                              int64_t oid, const char *members, size_t len)
{
    struct writer w;
    size_t mark = m->out.len;
    int ok;

    writer_init(&w, &m->out);
    ok = append_envelope(&w, id, method) == 0 && PUT_LITERAL(&w, "{") == 0;
    if (ok && oid != 0)
        ok = PUT_LITERAL(&w, "\"oid\":") == 0 && append_int(&w, oid) == 0 &&
             (len == 0 || PUT_LITERAL(&w, ",") == 0);
    /* No members: the buffer may never have been allocated. */
    if (ok && (len == 0 || put(&w, members, len) == 0) &&
        PUT_LITERAL(&w, "}}\n") == 0) {
        writer_done(&w);
        return 0;
    }
    w.s.len = mark; /* nothing appended */
    writer_done(&w);
    return encode_failed(m, &w, method);
}

/* ======================================================================
 * Params from a format
 * ====================================================================== */

/* Is S valid UTF-8?  (Only asked when jansson refused S, to tell that
 * from a lack of memory.) */
static bool
valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    size_t len;

    for (; p < end; p += len)
        if ((len = mpmgr__utf8_length(p, end)) == 0)
            return false;
    return true;
}

/* String S as a JSON value.  On failure W->nomem tells a lack of memory
 * from a string that is not UTF-8. */
static int
append_string(struct writer *w, const char *s)
{
    json_t *v = json_string(s);
    int rc;

    if (v == NULL) {
        w->nomem = valid_utf8(s);
        return -1;
    }
    rc = append_value(w, v);
    json_decref(v);
    return rc;
}

/* The letters take_arg takes in a value; the call formats also take J. */
#define VALUE_LETTERS "IibfsOo"

/* One argument of a call's format: letter C and its value. */
struct arg {
    char c;
    json_int_t n;  /* I, i, b */
    double f;      /* f */
    const char *s; /* s, J */
    json_t *v;     /* O, o */
};

/*
 * Take the argument for format letter C from AP: I json_int_t, i int, b int
 * as true/false, f double, s a UTF-8 string, O a json_t (borrowed), o a
 * json_t (stolen; the caller releases it), J JSON text the library wrote
 * itself (members only).  NULL, or why the argument cannot be written: a
 * NULL string or json_t, a real JSON has no text for.
 */
static const char *
take_arg(char c, va_list *ap, struct arg *a)
{
    memset(a, 0, sizeof(*a));
    a->c = c;
    if (c == 'I')
        a->n = va_arg(*ap, json_int_t);
    else if (c == 'i' || c == 'b')
        a->n = va_arg(*ap, int);
    else if (c == 'f')
        return isfinite(a->f = va_arg(*ap, double))
                   ? NULL
                   : "a real that is infinite or NaN";
    else if (c == 's' || c == 'J')
        return (a->s = va_arg(*ap, const char *)) != NULL ? NULL
                                                          : "a NULL string";
    else /* 'O' or 'o': mpmgr__encode_members checked the letter */
        return (a->v = va_arg(*ap, json_t *)) != NULL ? NULL : "a NULL value";
    return NULL;
}

/* A finite real, written as jansson writes it (it reads back exactly). */
static int
append_real(struct writer *w, double f)
{
    json_t *real = json_real(f);
    int rc = real != NULL ? append_value(w, real) : -1;

    json_decref(real);
    return rc;
}

/* Why append_arg failed for letter C. */
static const char *
unwritable(const struct writer *w, char c)
{
    if (w->nomem)
        return "out of memory";
    if (c == 's')
        return "a string that is not UTF-8";
    return "a value JSON cannot carry: a string in it that is not UTF-8, "
           "or a container inside itself";
}

static int
append_arg(struct writer *w, const struct arg *a)
{
    switch (a->c) {
    case 'I':
    case 'i':
        return append_int(w, (int64_t)a->n);
    case 'b':
        return a->n ? PUT_LITERAL(w, "true") : PUT_LITERAL(w, "false");
    case 'f':
        return append_real(w, a->f);
    case 's':
        return append_string(w, a->s);
    case 'J':
        return put(w, a->s, strlen(a->s));
    default:
        return append_value(w, a->v);
    }
}

/*
 * The members of a params object, "name":value,..., into B (emptied
 * first), from FMT and AP in the subset of json_pack's syntax the
 * library's calls use: "{s:X, s:X*, ...}" with X one of take_arg's
 * letters, a '*' meaning that a NULL string or json_t leaves the member
 * out.  Writing them here, not through json_pack and a params object,
 * saves a third of a call's cost (doc/performance.md, finding 12).
 * Every argument is taken, and every o's reference released, even after
 * a failure.  Returns 0, or MPMGR_EINVAL or MPMGR_ENOMEM as M's last
 * error.
 */
int
mpmgr__encode_members(mpmgr_t *m, struct mpmgr__buf *b, const char *fmt,
                      va_list ap)
{
    const char *name, *why = NULL;
    struct writer w;
    va_list args;
    const char *why_not;
    struct arg a;

    mpmgr__buf_reset(b);
    writer_init(&w, b);
    va_copy(args, ap);
    for (; *fmt != '\0'; fmt++) {
        if (*fmt != 's')
            continue; /* '{', '}', ':', ',', '*' and spaces */
        /* A format outside the subset is a bug in the library; the
         * arguments after it cannot be taken safely. */
        if (fmt[1] != ':' || fmt[2] == '\0' ||
            !strchr(VALUE_LETTERS "J", fmt[2])) {
            why = "a call format libmpmgr cannot write";
            break;
        }
        name = va_arg(args, const char *);
        fmt += 2; /* on the letter */
        why_not = take_arg(*fmt, &args, &a);
        /* A '*' leaves out a NULL string or json_t, nothing else; after a
         * failure the arguments are only taken. */
        if (why == NULL && why_not != NULL && (fmt[1] != '*' || a.c == 'f'))
            why = why_not;
        else if (why == NULL && why_not == NULL &&
                 ((w.s.len > 0 && PUT_LITERAL(&w, ",") < 0) ||
                  append_name(&w, name) < 0 || PUT_LITERAL(&w, ":") < 0 ||
                  append_arg(&w, &a) < 0))
            why = unwritable(&w, a.c);
        if (a.c == 'o')
            json_decref(a.v);
    }
    va_end(args);
    if (why != NULL)
        w.s.len = 0;
    writer_done(&w);
    if (why == NULL)
        return 0;
    if (w.nomem)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory");
    return mpmgr__fail(m, MPMGR_EINVAL, "invalid argument: %s", why);
}

/* ======================================================================
 * Values from a format
 * ====================================================================== */

/* A walk of a value format (mpmgr__encode_values) and what it wrote. */
struct values {
    struct writer w;
    va_list ap;
    const char *why; /* the first failure; after it arguments are only taken */
    bool lost;       /* a letter we cannot take: stop taking arguments */
};

static void value_from_format(struct values *v, const char **fmt);

static void
values_fail(struct values *v, const char *why)
{
    if (v->why == NULL)
        v->why = why;
}

/* Write LITERAL unless a failure came first. */
static void
values_put(struct values *v, const char *text, size_t n)
{
    if (v->why == NULL && put(&v->w, text, n) < 0)
        values_fail(v, "out of memory");
}

/* json_pack's separators, which say nothing here. */
static void
skip_separators(const char **fmt)
{
    while (**fmt == ' ' || **fmt == ',' || **fmt == ':' || **fmt == '\t' ||
           **fmt == '\n')
        (*fmt)++;
}

/* An array "[...]" or an object "{s:X ...}" at *FMT. */
static void
container_from_format(struct values *v, const char **fmt)
{
    char close = **fmt == '[' ? ']' : '}';
    const char *name;
    bool first = true;

    values_put(v, *fmt, 1);
    for ((*fmt)++; !v->lost; first = false) {
        skip_separators(fmt);
        if (**fmt == close) {
            (*fmt)++;
            values_put(v, &close, 1);
            return;
        }
        if (**fmt == '\0') {
            values_fail(v, close == ']' ? "an unclosed '[' in the format"
                                        : "an unclosed '{' in the format");
            return;
        }
        if (!first)
            values_put(v, ",", 1);
        if (close == '}') {
            if (**fmt != 's') {
                values_fail(v, "an object member name that is not 's'");
                v->lost = true;
                return;
            }
            (*fmt)++;
            name = va_arg(v->ap, const char *);
            if (name == NULL)
                values_fail(v, "a NULL string");
            else if (v->why == NULL && append_string(&v->w, name) < 0)
                values_fail(v, v->w.nomem ? "out of memory"
                                          : "a string that is not UTF-8");
            values_put(v, ":", 1);
            skip_separators(fmt);
        }
        value_from_format(v, fmt);
    }
}

/* The value at *FMT: a take_arg letter, n for null, or a container. */
static void
value_from_format(struct values *v, const char **fmt)
{
    const char *why_not;
    struct arg a;
    char c = **fmt;

    if (c == '[' || c == '{') {
        container_from_format(v, fmt);
        return;
    }
    if (c == 'n') {
        (*fmt)++;
        values_put(v, "null", 4);
        return;
    }
    if (c == '\0' || strchr(VALUE_LETTERS, c) == NULL) {
        /* The arguments after it cannot be taken safely. */
        values_fail(v, c == '\0' ? "a format with a value missing"
                                 : "a format letter libmpmgr cannot write");
        v->lost = true;
        return;
    }
    (*fmt)++;
    if ((why_not = take_arg(c, &v->ap, &a)) != NULL)
        values_fail(v, why_not);
    else if (v->why == NULL && append_arg(&v->w, &a) < 0)
        values_fail(v, unwritable(&v->w, a.c));
    if (a.c == 'o')
        json_decref(a.v);
}

/*
 * Append COUNT values written from FMT and AP to B, separated by commas,
 * each after its name from NAMES ("name":value) unless NAMES is NULL, in
 * the subset of json_pack's syntax take_arg's letters make, plus n
 * (null), [...] and {s:X ...}.  Every argument is taken and every o's
 * reference released, even after a failure and for surplus values, unless
 * the format has a letter we cannot read (its argument's type is unknown,
 * and so is where the next one starts).  Returns 0, or MPMGR_EINVAL or
 * MPMGR_ENOMEM as M's last error (the thread's when M is NULL) with B as it
 * was.
 */
int
mpmgr__encode_values(mpmgr_t *m, struct mpmgr__buf *b, const char *const *names,
                     int count, const char *fmt, va_list ap)
{
    size_t mark = b->len;
    struct values v = {.why = NULL};
    int i;

    writer_init(&v.w, b);
    va_copy(v.ap, ap);
    for (i = 0; i < count && !v.lost; i++) {
        skip_separators(&fmt);
        if (i > 0)
            values_put(&v, ",", 1);
        if (names != NULL && v.why == NULL &&
            (append_name(&v.w, names[i]) < 0 || PUT_LITERAL(&v.w, ":") < 0))
            values_fail(&v, "out of memory");
        value_from_format(&v, &fmt);
    }
    skip_separators(&fmt);
    /* Values beyond COUNT are an error, but their arguments are there and
     * are taken all the same, so that no stolen json_t leaks. */
    while (*fmt != '\0' && !v.lost) {
        values_fail(&v, "a format with more values than it should have");
        value_from_format(&v, &fmt);
        skip_separators(&fmt);
    }
    va_end(v.ap);
    if (v.why != NULL)
        v.w.s.len = mark;
    writer_done(&v.w);
    if (v.why == NULL)
        return 0;
    if (v.w.nomem)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory");
    return mpmgr__fail(m, MPMGR_EINVAL, "invalid argument: %s", v.why);
}
