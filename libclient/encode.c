/*
 * encode.c: writing one request line into a connection's output buffer.
 *
 * Every call takes this path, so the parts of the line that are ours (the
 * envelope, the id, the member names of the params) are written directly,
 * the common values by the shared writer (common/json_write.c), and only
 * the rest by jansson.  Dumping the params as one object
 * would make jansson format the object's address with snprintf for its
 * loop check and build the object's hashtable on every call: a third of
 * the library's cost per call before this file existed.
 */
#include "config.h"

#include <string.h>

#include "client.h"
#include "json.h"

static int
append(const char *data, size_t size, void *arg)
{
    struct mpmgr__buf *b = arg;

    if (mpmgr__buf_reserve(b, size) < 0)
        return -1;
    memcpy(b->data + b->len, data, size);
    b->len += size;
    return 0;
}

static int
append_str(struct mpmgr__buf *b, const char *s)
{
    return append(s, strlen(s), b);
}

/* A decimal integer, without snprintf's format parsing. */
static int
append_int(struct mpmgr__buf *b, int64_t v)
{
    char digits[24], *end = digits + sizeof(digits);
    char *start = mpmgr__json_format_integer((json_int_t)v, end);

    return append(start, (size_t)(end - start), b);
}

/* Names of our own (methods, parameters) need no escaping. */
static int
plain_name(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '_'))
            return 0;
    return 1;
}

/*
 * S as a JSON string: copied between quotes when plain, else escaped by
 * jansson.  Returns -1 when out of memory, -2 when S is not UTF-8.
 */
static int
append_name(struct mpmgr__buf *b, const char *s)
{
    json_t *str;
    int rc;

    if (plain_name(s))
        return append("\"", 1, b) < 0 || append_str(b, s) < 0 ||
                       append("\"", 1, b) < 0
                   ? -1
                   : 0;
    if ((str = json_string(s)) == NULL)
        return -2;
    rc = json_dump_callback(str, append, b, JSON_ENCODE_ANY);
    json_decref(str);
    return rc;
}

/* A value: the common ones written directly, the rest by jansson. */
static int
append_value(struct mpmgr__buf *b, json_t *value)
{
    size_t mark = b->len;
    int rc = mpmgr__json_write_simple(value, append, b);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    b->len = mark;
    return json_dump_callback(value, append, b, JSON_COMPACT | JSON_ENCODE_ANY);
}

/*
 * PARAMS, an object, member by member after "oid": OID when OID is not 0;
 * anything else as one value.
 */
static int
append_params(struct mpmgr__buf *b, int64_t oid, json_t *params)
{
    const char *name;
    json_t *value;
    char sep = '{';

    if (!json_is_object(params))
        return append_value(b, params);
    if (oid != 0) {
        if (append_str(b, "{\"oid\":") < 0 || append_int(b, oid) < 0)
            return -1;
        sep = ',';
    }
    json_object_foreach (params, name, value) {
        if (append(&sep, 1, b) < 0 || append_name(b, name) < 0 ||
            append(":", 1, b) < 0 || append_value(b, value) < 0)
            return -1;
        sep = ',';
    }
    if (sep == '{' && append("{", 1, b) < 0)
        return -1;
    return append("}", 1, b);
}

/*
 * Append the request line {"jsonrpc":"2.0","id":ID,"method":METHOD,
 * "params":PARAMS} to M's output, with "oid": OID first in the params
 * unless OID is 0.  On failure nothing is appended and the
 * error is M's last.
 */
int
mpmgr__encode_request(mpmgr_t *m, int64_t id, const char *method, int64_t oid,
                      json_t *params)
{
    struct mpmgr__buf *b = &m->out;
    size_t mark = b->len;
    int rc;

    if (append_str(b, "{\"jsonrpc\":\"2.0\",\"id\":") < 0 ||
        append_int(b, id) < 0 || append_str(b, ",\"method\":") < 0)
        goto nomem;
    if ((rc = append_name(b, method)) == -2) {
        b->len = mark;
        return mpmgr__fail(m, MPMGR_EINVAL, "method name is not valid UTF-8");
    }
    if (rc < 0 || append_str(b, ",\"params\":") < 0 ||
        append_params(b, oid, params) < 0 || append("}\n", 2, b) < 0)
        goto nomem;
    return 0;

nomem:
    b->len = mark;
    return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory encoding %s", method);
}
