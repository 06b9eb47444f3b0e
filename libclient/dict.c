/*
 * dict.c: the dict proxy: one function per dict.* method of doc/protocol.md
 * section 7, and the typed helpers for int64 and string keys and values.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "client.h"

#define P(d) MPMGR__P(d)

/* ======================================================================
 * Lifecycle
 * ====================================================================== */

int
mpmgr_dict_create(mpmgr_t *m, const char *name, json_t *init,
                  mpmgr_dict_t **out)
{
    return mpmgr__proxy_create(m, MPMGR__DICT, name, init, sizeof(**out),
                               (void **)out);
}

int
mpmgr_dict_open(mpmgr_t *m, const char *name, int flags, json_t *init,
                mpmgr_dict_t **out, int *created)
{
    return mpmgr__proxy_open(m, MPMGR__DICT, name, flags, init, sizeof(**out),
                             (void **)out, created);
}

int
mpmgr_dict_attach(mpmgr_t *m, int64_t oid, mpmgr_dict_t **out)
{
    return mpmgr__proxy_attach(m, oid, MPMGR__DICT, sizeof(**out),
                               (void **)out);
}

void
mpmgr_dict_free(mpmgr_dict_t *d)
{
    mpmgr__proxy_free(P(d));
}

int64_t
mpmgr_dict_oid(const mpmgr_dict_t *d)
{
    return d != NULL ? d->p.oid : 0;
}

/* ======================================================================
 * Methods
 * ====================================================================== */

int
mpmgr_dict_getitem_path(mpmgr_dict_t *d, json_t *key, const char *path,
                        json_t **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.getitem", "{s:O, s:s*}", "key",
                           key, "path", path);

    return rc < 0 ? rc : mpmgr__take_value(res, value);
}

int
mpmgr_dict_getitem(mpmgr_dict_t *d, json_t *key, json_t **value)
{
    return mpmgr_dict_getitem_path(d, key, NULL, value);
}

int
mpmgr_dict_get_path(mpmgr_dict_t *d, json_t *key, const char *path,
                    json_t *default_value, json_t **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.get", "{s:O, s:s*, s:O*}", "key",
                           key, "path", path, "default", default_value);

    return rc < 0 ? rc : mpmgr__take_value(res, value);
}

int
mpmgr_dict_get(mpmgr_dict_t *d, json_t *key, json_t *default_value,
               json_t **value)
{
    return mpmgr_dict_get_path(d, key, NULL, default_value, value);
}

int
mpmgr_dict_setitem_path(mpmgr_dict_t *d, json_t *key, const char *path,
                        json_t *value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.setitem", "{s:O, s:s*, s:O}",
                           "key", key, "path", path, "value", value);

    return rc < 0 ? rc : mpmgr__take_null(P(d)->m, res);
}

int
mpmgr_dict_setitem(mpmgr_dict_t *d, json_t *key, json_t *value)
{
    return mpmgr_dict_setitem_path(d, key, NULL, value);
}

int
mpmgr_dict_setitemf(mpmgr_dict_t *d, const char *fmt, ...)
{
    static const char *const names[] = {"key", "value", NULL};
    json_t *res;
    va_list ap;
    int rc;

    if (fmt == NULL)
        return mpmgr__fail(P(d) != NULL ? P(d)->m : NULL, MPMGR_EINVAL,
                           "invalid argument: a NULL format");
    va_start(ap, fmt);
    rc = mpmgr__vpcall_values(P(d), &res, "dict.setitem", names, fmt, ap);
    va_end(ap);
    return rc < 0 ? rc : mpmgr__take_null(P(d)->m, res);
}

int
mpmgr_dict_setitem_new(mpmgr_dict_t *d, json_t *key, json_t *value)
{
    int rc = mpmgr_dict_setitem(d, key, value);

    json_decref(value);
    return rc;
}

int
mpmgr_dict_delitem_path(mpmgr_dict_t *d, json_t *key, const char *path)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.delitem", "{s:O, s:s*}", "key",
                           key, "path", path);

    return rc < 0 ? rc : mpmgr__take_null(P(d)->m, res);
}

int
mpmgr_dict_delitem(mpmgr_dict_t *d, json_t *key)
{
    return mpmgr_dict_delitem_path(d, key, NULL);
}

int
mpmgr_dict_contains(mpmgr_dict_t *d, json_t *key, int *found)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.contains", "{s:O}", "key", key);

    return rc < 0 ? rc : mpmgr__take_bool(P(d)->m, res, found);
}

int
mpmgr_dict_len(mpmgr_dict_t *d, size_t *len)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.len", "{}");

    return rc < 0 ? rc : mpmgr__take_size(P(d)->m, res, len);
}

/* keys, values, items: a method without params that returns an array. */
static int
get_array(mpmgr_dict_t *d, const char *method, json_t **out)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, method, "{}");

    return rc < 0 ? rc : mpmgr__take_array(P(d)->m, res, out);
}

int
mpmgr_dict_keys(mpmgr_dict_t *d, json_t **keys)
{
    return get_array(d, "dict.keys", keys);
}

int
mpmgr_dict_values(mpmgr_dict_t *d, json_t **values)
{
    return get_array(d, "dict.values", values);
}

int
mpmgr_dict_items(mpmgr_dict_t *d, json_t **items)
{
    return get_array(d, "dict.items", items);
}

int
mpmgr_dict_update(mpmgr_dict_t *d, json_t *items)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.update", "{s:O}", "items", items);

    return rc < 0 ? rc : mpmgr__take_null(P(d)->m, res);
}

int
mpmgr_dict_update_items(mpmgr_dict_t *d, const mpmgr_items_t *items)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.update", "{s:J}", "items",
                           mpmgr__items_text(items));

    return rc < 0 ? rc : mpmgr__take_null(P(d)->m, res);
}

int
mpmgr_dict_setdefault(mpmgr_dict_t *d, json_t *key, json_t *default_value,
                      json_t **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.setdefault", "{s:O, s:O*}", "key",
                           key, "default", default_value);

    return rc < 0 ? rc : mpmgr__take_value(res, value);
}

int
mpmgr_dict_pop(mpmgr_dict_t *d, json_t *key, json_t *default_value,
               json_t **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.pop", "{s:O, s:O*}", "key", key,
                           "default", default_value);

    return rc < 0 ? rc : mpmgr__take_value(res, value);
}

int
mpmgr_dict_popitem(mpmgr_dict_t *d, json_t **key, json_t **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.popitem", "{}");

    if (rc < 0 || res == NULL)
        return rc;
    if (!json_is_array(res) || json_array_size(res) != 2) {
        json_decref(res);
        return mpmgr__fail(d->p.m, MPMGR_EPROTO, "popitem gave no pair");
    }
    if (key != NULL)
        *key = json_incref(json_array_get(res, 0));
    if (value != NULL)
        *value = json_incref(json_array_get(res, 1));
    json_decref(res);
    return 0;
}

int
mpmgr_dict_clear(mpmgr_dict_t *d)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.clear", "{}");

    return rc < 0 ? rc : mpmgr__take_null(P(d)->m, res);
}

int
mpmgr_dict_incr_path(mpmgr_dict_t *d, json_t *key, const char *path, json_t *by,
                     json_t **result)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.incr", "{s:O, s:s*, s:O*}", "key",
                           key, "path", path, "by", by);

    return rc < 0 ? rc : mpmgr__take_value(res, result);
}

int
mpmgr_dict_incr(mpmgr_dict_t *d, json_t *key, json_t *by, json_t **result)
{
    return mpmgr_dict_incr_path(d, key, NULL, by, result);
}

int
mpmgr_dict_cas(mpmgr_dict_t *d, json_t *key, json_t *expect, json_t *value,
               int *swapped, json_t **current)
{
    json_t *res, *cur;
    int rc = mpmgr__pcallf(P(d), &res, "dict.cas", "{s:O, s:O*, s:O}", "key",
                           key, "expect", expect, "value", value);

    if (rc < 0 || res == NULL)
        return rc;
    if (!json_is_boolean(json_object_get(res, "swapped"))) {
        json_decref(res);
        return mpmgr__fail(d->p.m, MPMGR_EPROTO, "cas gave no outcome");
    }
    if (swapped != NULL)
        *swapped = json_is_true(json_object_get(res, "swapped"));
    if (current != NULL) {
        cur = json_object_get(res, "current");
        *current = cur != NULL ? json_incref(cur) : NULL;
    }
    json_decref(res);
    return 0;
}

int
mpmgr_dict_getmany(mpmgr_dict_t *d, json_t *keys, json_t *default_value,
                   json_t **values)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.getmany", "{s:O, s:O*}", "keys",
                           keys, "default", default_value);

    return rc < 0 ? rc : mpmgr__take_array(P(d)->m, res, values);
}

/* ======================================================================
 * Typed helpers
 * ====================================================================== */

/* dict.setitem with a key and a value packed from FMT's two arguments. */
#define SET(d, fmt, k, v)                                                      \
    do {                                                                       \
        json_t *res;                                                           \
        int rc = mpmgr__pcallf(P(d), &res, "dict.setitem", "{s:" fmt "}",      \
                               "key", k, "value", v);                          \
        return rc < 0 ? rc : mpmgr__take_null(P(d)->m, res);                   \
    } while (0)

int
mpmgr_dict_set_ii(mpmgr_dict_t *d, int64_t key, int64_t value)
{
    SET(d, "I, s:I", (json_int_t)key, (json_int_t)value);
}

int
mpmgr_dict_set_is(mpmgr_dict_t *d, int64_t key, const char *value)
{
    SET(d, "I, s:s", (json_int_t)key, value);
}

int
mpmgr_dict_set_si(mpmgr_dict_t *d, const char *key, int64_t value)
{
    SET(d, "s, s:I", key, (json_int_t)value);
}

int
mpmgr_dict_set_ss(mpmgr_dict_t *d, const char *key, const char *value)
{
    SET(d, "s, s:s", key, value);
}

/* dict.getitem with a key packed from FMT; the result for a take helper. */
#define GET(d, fmt, k, take, out)                                              \
    do {                                                                       \
        json_t *res;                                                           \
        int rc = mpmgr__pcallf(P(d), &res, "dict.getitem", "{s:" fmt "}",      \
                               "key", k);                                      \
        return rc < 0 ? rc : take(P(d)->m, res, out);                          \
    } while (0)

int
mpmgr_dict_get_ii(mpmgr_dict_t *d, int64_t key, int64_t *value)
{
    GET(d, "I", (json_int_t)key, mpmgr__take_int, value);
}

int
mpmgr_dict_get_is(mpmgr_dict_t *d, int64_t key, char **value)
{
    GET(d, "I", (json_int_t)key, mpmgr__take_str, value);
}

int
mpmgr_dict_get_si(mpmgr_dict_t *d, const char *key, int64_t *value)
{
    GET(d, "s", key, mpmgr__take_int, value);
}

int
mpmgr_dict_get_ss(mpmgr_dict_t *d, const char *key, char **value)
{
    GET(d, "s", key, mpmgr__take_str, value);
}

/*
 * An int counter's new value.  The server adds to a real as a real, so
 * by the time a real comes back the increment is made: the error must say
 * so, or a caller that retries would add twice.
 */
static int
take_counter(mpmgr_t *m, json_t *res, int64_t *result)
{
    int rc;

    if (!json_is_real(res))
        return mpmgr__take_int(m, res, result);
    rc = mpmgr__fail(m, MPMGR_ETYPE,
                     "TypeError: the value is now %.17g, a real: the "
                     "increment was made, but an int counter gives only "
                     "integers (mpmgr_dict_incr gives reals)",
                     json_real_value(res));
    json_decref(res);
    return rc;
}

int
mpmgr_dict_incr_i(mpmgr_dict_t *d, int64_t key, int64_t by, int64_t *result)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.incr", "{s:I, s:I}", "key",
                           (json_int_t)key, "by", (json_int_t)by);

    return rc < 0 ? rc : take_counter(P(d)->m, res, result);
}

int
mpmgr_dict_incr_s(mpmgr_dict_t *d, const char *key, int64_t by, int64_t *result)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(d), &res, "dict.incr", "{s:s, s:I}", "key", key,
                           "by", (json_int_t)by);

    return rc < 0 ? rc : take_counter(P(d)->m, res, result);
}
