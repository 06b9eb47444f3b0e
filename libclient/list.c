/*
 * list.c: the list proxy: one function per list.* method of doc/protocol.md
 * section 8, and typed helpers for int64 and string elements.
 */
#include "config.h"

#include <stdlib.h>

#include "client.h"

#define P(l) MPMGR__P(l)

/* ======================================================================
 * Lifecycle
 * ====================================================================== */

int
mpmgr_list_create(mpmgr_t *m, const char *name, json_t *init,
                  mpmgr_list_t **out)
{
    return mpmgr__proxy_create(m, MPMGR__LIST, name, init, sizeof(**out),
                               (void **)out);
}

int
mpmgr_list_open(mpmgr_t *m, const char *name, int flags, json_t *init,
                mpmgr_list_t **out, int *created)
{
    return mpmgr__proxy_open(m, MPMGR__LIST, name, flags, init, sizeof(**out),
                             (void **)out, created);
}

int
mpmgr_list_attach(mpmgr_t *m, int64_t oid, mpmgr_list_t **out)
{
    return mpmgr__proxy_attach(m, oid, MPMGR__LIST, sizeof(**out),
                               (void **)out);
}

void
mpmgr_list_free(mpmgr_list_t *l)
{
    mpmgr__proxy_free(P(l));
}

int64_t
mpmgr_list_oid(const mpmgr_list_t *l)
{
    return l != NULL ? l->p.oid : 0;
}

/* ======================================================================
 * Methods
 * ====================================================================== */

int
mpmgr_list_getitem_path(mpmgr_list_t *l, int64_t index, const char *path,
                        json_t **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.getitem", "{s:I, s:s*}", "index",
                           (json_int_t)index, "path", path);

    return rc < 0 ? rc : mpmgr__take_value(res, value);
}

int
mpmgr_list_getitem(mpmgr_list_t *l, int64_t index, json_t **value)
{
    return mpmgr_list_getitem_path(l, index, NULL, value);
}

/* An optional integer parameter: a JSON integer, or NULL to leave it out. */
static json_t *
opt_int(int64_t v)
{
    return v == MPMGR_NONE ? NULL : json_integer(v);
}

int
mpmgr_list_slice(mpmgr_list_t *l, int64_t start, int64_t stop, int64_t step,
                 json_t **values)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.slice", "{s:o*, s:o*, s:o*}",
                           "start", opt_int(start), "stop", opt_int(stop),
                           "step", opt_int(step));

    return rc < 0 ? rc : mpmgr__take_array(P(l)->m, res, values);
}

int
mpmgr_list_setitem_path(mpmgr_list_t *l, int64_t index, const char *path,
                        json_t *value)
{
    json_t *res;
    int rc =
        mpmgr__pcallf(P(l), &res, "list.setitem", "{s:I, s:s*, s:O}", "index",
                      (json_int_t)index, "path", path, "value", value);

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_list_setitem(mpmgr_list_t *l, int64_t index, json_t *value)
{
    return mpmgr_list_setitem_path(l, index, NULL, value);
}

int
mpmgr_list_delitem(mpmgr_list_t *l, int64_t index)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.delitem", "{s:I}", "index",
                           (json_int_t)index);

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_list_len(mpmgr_list_t *l, size_t *len)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.len", "{}");

    return rc < 0 ? rc : mpmgr__take_size(P(l)->m, res, len);
}

int
mpmgr_list_contains(mpmgr_list_t *l, json_t *value, int *found)
{
    json_t *res;
    int rc =
        mpmgr__pcallf(P(l), &res, "list.contains", "{s:O}", "value", value);

    return rc < 0 ? rc : mpmgr__take_bool(P(l)->m, res, found);
}

int
mpmgr_list_count(mpmgr_list_t *l, json_t *value, size_t *count)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.count", "{s:O}", "value", value);

    return rc < 0 ? rc : mpmgr__take_size(P(l)->m, res, count);
}

int
mpmgr_list_index(mpmgr_list_t *l, json_t *value, int64_t start, int64_t stop,
                 int64_t *index)
{
    json_t *res;
    int rc =
        mpmgr__pcallf(P(l), &res, "list.index", "{s:O, s:o*, s:o*}", "value",
                      value, "start", opt_int(start), "stop", opt_int(stop));

    return rc < 0 ? rc : mpmgr__take_int(P(l)->m, res, index);
}

/* A method that sends one json_t under NAME and expects null back. */
static int
send_value(mpmgr_list_t *l, const char *method, const char *name, json_t *value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, method, "{s:O}", name, value);

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_list_append(mpmgr_list_t *l, json_t *value)
{
    return send_value(l, "list.append", "value", value);
}

int
mpmgr_list_append_new(mpmgr_list_t *l, json_t *value)
{
    int rc = mpmgr_list_append(l, value);

    json_decref(value);
    return rc;
}

int
mpmgr_list_extend(mpmgr_list_t *l, json_t *values)
{
    return send_value(l, "list.extend", "values", values);
}

int
mpmgr_list_remove(mpmgr_list_t *l, json_t *value)
{
    return send_value(l, "list.remove", "value", value);
}

int
mpmgr_list_insert(mpmgr_list_t *l, int64_t index, json_t *value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.insert", "{s:I, s:O}", "index",
                           (json_int_t)index, "value", value);

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_list_pop(mpmgr_list_t *l, int64_t index, json_t **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.pop", "{s:I}", "index",
                           (json_int_t)index);

    return rc < 0 ? rc : mpmgr__take_value(res, value);
}

/* reverse and clear: no params, null back. */
static int
no_params(mpmgr_list_t *l, const char *method)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, method, "{}");

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_list_reverse(mpmgr_list_t *l)
{
    return no_params(l, "list.reverse");
}

int
mpmgr_list_clear(mpmgr_list_t *l)
{
    return no_params(l, "list.clear");
}

int
mpmgr_list_sort(mpmgr_list_t *l, int reverse)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.sort", "{s:b}", "reverse",
                           reverse != 0);

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

/* ======================================================================
 * Typed helpers
 * ====================================================================== */

int
mpmgr_list_append_i(mpmgr_list_t *l, int64_t value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.append", "{s:I}", "value",
                           (json_int_t)value);

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_list_append_s(mpmgr_list_t *l, const char *value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.append", "{s:s}", "value", value);

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_list_get_i(mpmgr_list_t *l, int64_t index, int64_t *value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.getitem", "{s:I}", "index",
                           (json_int_t)index);

    return rc < 0 ? rc : mpmgr__take_int(P(l)->m, res, value);
}

int
mpmgr_list_get_s(mpmgr_list_t *l, int64_t index, char **value)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, "list.getitem", "{s:I}", "index",
                           (json_int_t)index);

    return rc < 0 ? rc : mpmgr__take_str(P(l)->m, res, value);
}
