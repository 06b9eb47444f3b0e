/*
 * t_list.c: the list type (doc/protocol.md section 8), a growable array of JSON
 * values with Python's index, slice, insert and sort rules.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"

/* ---------------------------------------------------------------------
 * Storage
 * ------------------------------------------------------------------- */

static void
list_reserve(struct list *l, size_t n)
{
    if (n <= l->cap)
        return;
    l->cap = l->cap < 8 ? 8 : l->cap + l->cap / 2;
    if (l->cap < n)
        l->cap = n;
    l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
}

void
list_insert(struct list *l, size_t at, json_t *value)
{
    list_reserve(l, l->len + 1);
    memmove(&l->items[at + 1], &l->items[at],
            (l->len - at) * sizeof(*l->items));
    l->items[at] = value;
    l->len++;
}

json_t *
list_take(struct list *l, size_t at)
{
    json_t *v = l->items[at];

    memmove(&l->items[at], &l->items[at + 1],
            (l->len - at - 1) * sizeof(*l->items));
    l->len--;
    return v;
}

static void
list_clear(struct list *l)
{
    size_t i;

    for (i = 0; i < l->len; i++)
        json_decref(l->items[i]);
    l->len = 0;
}

/* State of one sort: the direction, and the first comparison that failed. */
struct sort_ctx {
    bool reverse;
    bool failed;
    const json_t *bad_a, *bad_b;
};

/* A <= B in the sort's order; on an incomparable pair, note it. */
static bool
sort_le(struct sort_ctx *ctx, const json_t *a, const json_t *b)
{
    int cmp = 0;

    if (ctx->failed)
        return true;
    if (value_compare(a, b, &cmp) < 0) {
        ctx->failed = true;
        ctx->bad_a = a;
        ctx->bad_b = b;
        return true;
    }
    return ctx->reverse ? cmp >= 0 : cmp <= 0;
}

/* Stable merge sort of V[0..N) using TMP as scratch. */
static void
merge_sort(struct sort_ctx *ctx, json_t **v, json_t **tmp, size_t n)
{
    size_t mid = n / 2, i = 0, j = mid, k = 0;

    if (n < 2 || ctx->failed)
        return;
    merge_sort(ctx, v, tmp, mid);
    merge_sort(ctx, v + mid, tmp, n - mid);
    while (i < mid && j < n) {
        /* Take from the left on ties: that keeps the sort stable. */
        if (sort_le(ctx, v[i], v[j]))
            tmp[k++] = v[i++];
        else
            tmp[k++] = v[j++];
    }
    while (i < mid)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof(*v));
}

int
list_sort(struct list *l, bool reverse, struct error *e)
{
    struct sort_ctx ctx = {.reverse = reverse};
    json_t **copy, **tmp;

    if (l->len < 2)
        return 0;
    /* Sort a copy, so that a failure leaves the list as it was. */
    copy = xmalloc(l->len * sizeof(*copy));
    tmp = xmalloc(l->len * sizeof(*tmp));
    memcpy(copy, l->items, l->len * sizeof(*copy));
    merge_sort(&ctx, copy, tmp, l->len);
    free(tmp);
    if (ctx.failed) {
        free(copy);
        return error_set(e, MPMGR_ETYPE,
                         "'<' not supported between "
                         "instances of '%s' and '%s'",
                         value_type_name(ctx.bad_a),
                         value_type_name(ctx.bad_b));
    }
    free(l->items);
    l->items = copy;
    l->cap = l->len;
    return 0;
}

static int
list_init(struct object *o, json_t *init, struct error *e)
{
    struct list *l = &o->u.list;
    size_t i;

    memset(l, 0, sizeof(*l));
    if (init == NULL)
        return 0;
    if (!json_is_array(init))
        return error_set(e, MPMGR_EINVALIDPARAMS,
                         "init for a list must be an array");
    list_reserve(l, json_array_size(init));
    for (i = 0; i < json_array_size(init); i++)
        l->items[l->len++] = json_incref(json_array_get(init, i));
    return 0;
}

static void
list_destroy(struct object *o)
{
    list_clear(&o->u.list);
    free(o->u.list.items);
}

static long
list_length(const struct object *o)
{
    return (long)o->u.list.len;
}

const struct type list_type = {
    .name = "list",
    .init = list_init,
    .destroy = list_destroy,
    .len = list_length,
};

/* ---------------------------------------------------------------------
 * Methods
 * ------------------------------------------------------------------- */

/*
 * Resolve the "index" parameter Python's way (negative counts from the
 * end).  Returns 0 and *AT, or -1 after an IndexError reply naming WHAT.
 */
static int
index_param(struct request *req, const char *what, size_t *at)
{
    json_int_t i = arg_int(req, "index", -1);
    size_t len = req->obj->u.list.len;

    if (i < 0)
        i += (json_int_t)len;
    if (i < 0 || (size_t)i >= len) {
        rpc_reply_errorf(req, MPMGR_EINDEX, "%s", what);
        return -1;
    }
    *at = (size_t)i;
    return 0;
}

static void
list_getitem_m(struct request *req)
{
    json_t *found;
    struct error e;
    size_t at, plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0)
        return;
    if (index_param(req, "list index out of range", &at) < 0)
        return;
    if (path_get(req->obj->u.list.items[at], path, plen, &found, &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_result(req, json_incref(found));
}

/*
 * Python's slice arithmetic (PySlice_AdjustIndices): clamp START and STOP
 * to LEN for the direction of STEP and return how many elements it takes.
 */
static size_t
slice_adjust(json_int_t len, json_int_t *start, json_int_t *stop,
             json_int_t step)
{
    if (*start < 0) {
        *start += len;
        if (*start < 0)
            *start = step < 0 ? -1 : 0;
    } else if (*start >= len) {
        *start = step < 0 ? len - 1 : len;
    }
    if (*stop < 0) {
        *stop += len;
        if (*stop < 0)
            *stop = step < 0 ? -1 : 0;
    } else if (*stop >= len) {
        *stop = step < 0 ? len - 1 : len;
    }
    if (step < 0 && *stop < *start)
        return (size_t)((*start - *stop - 1) / -step + 1);
    if (step > 0 && *start < *stop)
        return (size_t)((*stop - *start - 1) / step + 1);
    return 0;
}

static void
list_slice_m(struct request *req)
{
    struct list *l = &req->obj->u.list;
    json_int_t step = arg_int(req, "step", 1), start, stop;
    json_t *result;
    size_t n, i;

    if (step == 0) {
        rpc_reply_errorf(req, MPMGR_EVALUE, "slice step cannot be zero");
        return;
    }
    /* As in Python, a step of -2**63 acts as -(2**63 - 1). */
    if (step < -INT64_MAX)
        step = -INT64_MAX;
    start = arg_int(req, "start", step < 0 ? INT64_MAX : 0);
    stop = arg_int(req, "stop", step < 0 ? INT64_MIN : INT64_MAX);
    n = slice_adjust((json_int_t)l->len, &start, &stop, step);
    result = json_array();
    for (i = 0; i < n; i++)
        json_array_append(result, l->items[start + (json_int_t)i * step]);
    rpc_reply_result(req, result);
}

static void
list_setitem_m(struct request *req)
{
    json_t *value = arg(req, "value");
    json_t **slot;
    struct error e;
    size_t at, plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0)
        return;
    if (index_param(req, "list assignment index out of range", &at) < 0)
        return;
    slot = &req->obj->u.list.items[at];
    if (plen == 0) {
        json_decref(*slot);
        *slot = json_incref(value);
    } else if (path_set(*slot, path, plen, json_incref(value), &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_null(req);
}

static void
list_delitem_m(struct request *req)
{
    size_t at;

    if (index_param(req, "list assignment index out of range", &at) < 0)
        return;
    json_decref(list_take(&req->obj->u.list, at));
    rpc_reply_null(req);
}

static void
list_len_m(struct request *req)
{
    rpc_reply_result(req, json_integer((json_int_t)req->obj->u.list.len));
}

/* How many elements of L equal VALUE. */
static size_t
count_equal(const struct list *l, const json_t *value)
{
    size_t i, n = 0;

    for (i = 0; i < l->len; i++)
        n += value_equal(l->items[i], value);
    return n;
}

static void
list_contains_m(struct request *req)
{
    rpc_reply_result(req, json_boolean(count_equal(&req->obj->u.list,
                                                   arg(req, "value")) > 0));
}

static void
list_count_m(struct request *req)
{
    rpc_reply_result(req, json_integer((json_int_t)count_equal(
                              &req->obj->u.list, arg(req, "value"))));
}

/* list.index's start and stop: negative counts from the end, then clamp. */
static size_t
clamp_bound(json_int_t i, size_t len)
{
    if (i < 0) {
        i += (json_int_t)len;
        if (i < 0)
            i = 0;
    }
    return (size_t)i > len ? len : (size_t)i;
}

static void
list_index_m(struct request *req)
{
    struct list *l = &req->obj->u.list;
    json_t *value = arg(req, "value");
    size_t start = clamp_bound(arg_int(req, "start", 0), l->len);
    size_t stop = clamp_bound(arg_int(req, "stop", INT64_MAX), l->len), i;
    char repr[256];

    for (i = start; i < stop; i++) {
        if (value_equal(l->items[i], value)) {
            rpc_reply_result(req, json_integer((json_int_t)i));
            return;
        }
    }
    value_repr(value, repr, sizeof(repr));
    rpc_reply_errorf(req, MPMGR_EVALUE, "%s is not in list", repr);
}

static void
list_append_m(struct request *req)
{
    struct list *l = &req->obj->u.list;

    list_insert(l, l->len, json_incref(arg(req, "value")));
    rpc_reply_null(req);
}

static void
list_extend_m(struct request *req)
{
    struct list *l = &req->obj->u.list;
    json_t *values = arg(req, "values");
    size_t i;

    list_reserve(l, l->len + json_array_size(values));
    for (i = 0; i < json_array_size(values); i++)
        l->items[l->len++] = json_incref(json_array_get(values, i));
    rpc_reply_null(req);
}

static void
list_insert_m(struct request *req)
{
    struct list *l = &req->obj->u.list;
    json_int_t i = arg_int(req, "index", 0);

    /* Python clamps the position instead of failing. */
    if (i < 0) {
        i += (json_int_t)l->len;
        if (i < 0)
            i = 0;
    }
    if ((size_t)i > l->len)
        i = (json_int_t)l->len;
    list_insert(l, (size_t)i, json_incref(arg(req, "value")));
    rpc_reply_null(req);
}

static void
list_pop_m(struct request *req)
{
    size_t at;

    if (req->obj->u.list.len == 0) {
        rpc_reply_errorf(req, MPMGR_EINDEX, "pop from empty list");
        return;
    }
    if (index_param(req, "pop index out of range", &at) < 0)
        return;
    rpc_reply_result(req, list_take(&req->obj->u.list, at));
}

static void
list_remove_m(struct request *req)
{
    struct list *l = &req->obj->u.list;
    json_t *value = arg(req, "value");
    size_t i;

    for (i = 0; i < l->len; i++) {
        if (value_equal(l->items[i], value)) {
            json_decref(list_take(l, i));
            rpc_reply_null(req);
            return;
        }
    }
    rpc_reply_errorf(req, MPMGR_EVALUE, "list.remove(x): x not in list");
}

static void
list_reverse_m(struct request *req)
{
    struct list *l = &req->obj->u.list;
    size_t i;

    for (i = 0; i < l->len / 2; i++) {
        json_t *t = l->items[i];

        l->items[i] = l->items[l->len - 1 - i];
        l->items[l->len - 1 - i] = t;
    }
    rpc_reply_null(req);
}

static void
list_clear_m(struct request *req)
{
    list_clear(&req->obj->u.list);
    rpc_reply_null(req);
}

static void
list_sort_m(struct request *req)
{
    json_t *reverse = arg(req, "reverse");
    struct error e;

    if (list_sort(&req->obj->u.list, json_is_true(reverse), &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_null(req);
}

/* ---------------------------------------------------------------------
 * Method table
 * ------------------------------------------------------------------- */

#define OID                                                                    \
    {                                                                          \
        .name = "oid", .type = PT_INT, .flags = P_REQUIRED                     \
    }
#define INDEX                                                                  \
    {                                                                          \
        .name = "index", .type = PT_INT, .flags = P_REQUIRED                   \
    }
#define VALUE                                                                  \
    {                                                                          \
        .name = "value", .type = PT_ANY, .flags = P_REQUIRED | P_NULL_IS_VALUE \
    }
#define PATH                                                                   \
    {                                                                          \
        .name = "path", .type = PT_STRING                                      \
    }

static const struct param oid_only[] = {OID, {NULL}};
static const struct param index_only[] = {OID, INDEX, {NULL}};
static const struct param value_only[] = {OID, VALUE, {NULL}};
static const struct param getitem_params[] = {OID, INDEX, PATH, {NULL}};
static const struct param setitem_params[] = {OID, INDEX, VALUE, PATH, {NULL}};
static const struct param insert_params[] = {OID, INDEX, VALUE, {NULL}};
static const struct param slice_params[] = {
    OID,
    {.name = "start", .type = PT_INT},
    {.name = "stop", .type = PT_INT},
    {.name = "step", .type = PT_INT},
    {NULL},
};
static const struct param index_params[] = {
    OID,
    VALUE,
    {.name = "start", .type = PT_INT},
    {.name = "stop", .type = PT_INT},
    {NULL},
};
static const struct param extend_params[] = {
    OID,
    {.name = "values", .type = PT_ARRAY, .flags = P_REQUIRED | P_NULL_IS_VALUE},
    {NULL},
};
static const struct param pop_params[] = {
    OID,
    {.name = "index", .type = PT_INT},
    {NULL},
};
static const struct param sort_params[] = {
    OID,
    {.name = "reverse", .type = PT_BOOL},
    {NULL},
};

#define LIST_METHOD(wire, fn, spec, more)                                      \
    {                                                                          \
        .name = wire, .handler = fn, .type = &list_type, .params = spec,       \
        .flags = M_OBJECT | (more)                                             \
    }

struct method list_methods[] = {
    LIST_METHOD("list.getitem", list_getitem_m, getitem_params, 0),
    LIST_METHOD("list.slice", list_slice_m, slice_params, 0),
    LIST_METHOD("list.setitem", list_setitem_m, setitem_params, M_GROWS),
    LIST_METHOD("list.delitem", list_delitem_m, index_only, 0),
    LIST_METHOD("list.len", list_len_m, oid_only, 0),
    LIST_METHOD("list.contains", list_contains_m, value_only, 0),
    LIST_METHOD("list.count", list_count_m, value_only, 0),
    LIST_METHOD("list.index", list_index_m, index_params, 0),
    LIST_METHOD("list.append", list_append_m, value_only, M_GROWS),
    LIST_METHOD("list.extend", list_extend_m, extend_params, M_GROWS),
    LIST_METHOD("list.insert", list_insert_m, insert_params, M_GROWS),
    LIST_METHOD("list.pop", list_pop_m, pop_params, 0),
    LIST_METHOD("list.remove", list_remove_m, value_only, 0),
    LIST_METHOD("list.reverse", list_reverse_m, oid_only, 0),
    LIST_METHOD("list.clear", list_clear_m, oid_only, 0),
    LIST_METHOD("list.sort", list_sort_m, sort_params, 0),
    {NULL},
};
