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

#include <stdbool.h>
#include <string.h>

#include "client.h"
#include "json.h"

/*
 * Where a request line is written: M's output, and whether an append ran
 * out of memory, so that a value jansson refuses to write (a string that
 * is not UTF-8, made with json_stringn_nocheck; an array inside itself) is
 * told apart from a lack of memory.
 */
struct writer {
    struct mpmgr__buf *b;
    bool nomem;
};

static int
append(const char *data, size_t size, void *arg)
{
    struct writer *w = arg;

    if (mpmgr__buf_reserve(w->b, size) < 0) {
        w->nomem = true;
        return -1;
    }
    memcpy(w->b->data + w->b->len, data, size);
    w->b->len += size;
    return 0;
}

static int
append_str(struct writer *w, const char *s)
{
    return append(s, strlen(s), w);
}

/* A decimal integer, without snprintf's format parsing. */
static int
append_int(struct writer *w, int64_t v)
{
    char digits[24], *end = digits + sizeof(digits);
    char *start = mpmgr__json_format_integer((json_int_t)v, end);

    return append(start, (size_t)(end - start), w);
}

/* Names of our own (methods, parameters) need no escaping. */
static bool
plain_name(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '_'))
            return false;
    return true;
}

/* S as a JSON string: copied between quotes when plain, else escaped by
 * jansson.  0 or -1. */
static int
append_name(struct writer *w, const char *s)
{
    json_t *str;
    int rc;

    if (plain_name(s))
        return append("\"", 1, w) < 0 || append_str(w, s) < 0 ||
                       append("\"", 1, w) < 0
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
    size_t mark = w->b->len;
    int rc = mpmgr__json_write_simple(value, append, w);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    w->b->len = mark;
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
        if (append_str(w, "{\"oid\":") < 0 || append_int(w, oid) < 0)
            return -1;
        sep = ',';
    }
    json_object_foreach (params, name, value) {
        if (append(&sep, 1, w) < 0 || append_name(w, name) < 0 ||
            append(":", 1, w) < 0 || append_value(w, value) < 0)
            return -1;
        sep = ',';
    }
    if (sep == '{' && append("{", 1, w) < 0)
        return -1;
    return append("}", 1, w);
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
    struct writer w = {.b = &m->out, .nomem = false};
    size_t mark = m->out.len;

    if (append_str(&w, "{\"jsonrpc\":\"2.0\",\"id\":") == 0 &&
        append_int(&w, id) == 0 && append_str(&w, ",\"method\":") == 0 &&
        append_name(&w, method) == 0 && append_str(&w, ",\"params\":") == 0 &&
        append_params(&w, oid, params) == 0 && append("}\n", 2, &w) == 0)
        return 0;
    m->out.len = mark;
    if (w.nomem)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory encoding %s",
                           method);
    return mpmgr__fail(m, MPMGR_EINVAL,
                       "cannot encode the request: a name or string that is "
                       "not UTF-8, or a container inside itself");
}
