/*
 * t_dict.c: the dict type (PROTOCOL.md section 6).  Entries live in a
 * uthash keyed by the compact JSON text of the key (value.c's key_make), so
 * 1 and "1" are different keys and 1.0 and 1.00 the same one; uthash keeps
 * insertion order, as Python's dict does.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"

/* ---------------------------------------------------------------------
 * Storage
 * ------------------------------------------------------------------- */

struct dict_entry *
dict_find(const struct dict *d, const struct key *k)
{
    struct dict_entry *e;

    HASH_FIND(hh, d->entries, k->text, k->len, e);
    return e;
}

void
dict_put(struct dict *d, const struct key *k, json_t *value)
{
    struct dict_entry *e = dict_find(d, k);

    if (e != NULL) {
        json_decref(e->value);
        e->value = value;
        return;
    }
    e = xmalloc(sizeof(*e) + k->len + 1);
    memcpy(e->key, k->text, k->len);
    e->key[k->len] = '\0';
    e->value = value;
    HASH_ADD_KEYPTR(hh, d->entries, e->key, k->len, e);
}

void
dict_remove(struct dict *d, struct dict_entry *e)
{
    HASH_DEL(d->entries, e);
    json_decref(e->value);
    free(e);
}

size_t
dict_len(const struct dict *d)
{
    return HASH_COUNT(d->entries);
}

static void
dict_clear(struct dict *d)
{
    struct dict_entry *e, *tmp;

    HASH_ITER(hh, d->entries, e, tmp) {
        dict_remove(d, e);
    }
}

static json_t *
entry_key(const struct dict_entry *e)
{
    return key_value(e->key, e->hh.keylen);
}

/* The pairs of ITEMS as an array of [key, value], or NULL for a bad shape. */
static json_t *
items_pairs(const json_t *items)
{
    json_t *pairs, *v;
    const char *k;
    size_t klen, i;

    if (json_is_object(items)) {
        pairs = json_array();
        json_object_keylen_foreach((json_t *)items, k, klen, v)
            json_array_append_new(pairs, json_pack("[s%O]", k, klen, v));
        return pairs;
    }
    if (!json_is_array(items))
        return NULL;
    for (i = 0; i < json_array_size(items); i++) {
        v = json_array_get(items, i);
        if (!json_is_array(v) || json_array_size(v) != 2)
            return NULL;
    }
    return json_incref((json_t *)items);
}

int
dict_update(struct dict *d, const json_t *items, struct error *e)
{
    json_t *pairs = items_pairs(items), *pair;
    struct key k;
    size_t i;

    if (pairs == NULL)
        return error_set(e, MPMGR_EINVALIDPARAMS,
                         "expected an object or an array of [key, value] "
                         "pairs");
    /* All or nothing: every key must be usable before anything changes. */
    json_array_foreach(pairs, i, pair) {
        if (key_make(&k, json_array_get(pair, 0), e) < 0) {
            json_decref(pairs);
            return -1;
        }
        key_done(&k);
    }
    json_array_foreach(pairs, i, pair) {
        key_make(&k, json_array_get(pair, 0), e);
        dict_put(d, &k, json_incref(json_array_get(pair, 1)));
        key_done(&k);
    }
    json_decref(pairs);
    return 0;
}

static int
dict_init(struct object *o, json_t *init, struct error *e)
{
    o->u.dict.entries = NULL;
    if (init == NULL)
        return 0;
    if (dict_update(&o->u.dict, init, e) < 0) {
        dict_clear(&o->u.dict);
        return -1;
    }
    return 0;
}

static void
dict_destroy(struct object *o)
{
    dict_clear(&o->u.dict);
}

static long
dict_length(const struct object *o)
{
    return (long)dict_len(&o->u.dict);
}

const struct type dict_type = {
    .name = "dict",
    .init = dict_init,
    .destroy = dict_destroy,
    .len = dict_length,
};

/* ---------------------------------------------------------------------
 * Methods
 * ------------------------------------------------------------------- */

/*
 * Compute the key of parameter "key" into K.  Returns 0, or -1 after
 * replying TypeError for an unhashable key.
 */
static int
key_param(struct request *req, struct key *k)
{
    struct error e;

    if (key_make(k, arg(req, "key"), &e) < 0) {
        rpc_reply_error(req, &e);
        return -1;
    }
    return 0;
}

static void
reply_key_error(struct request *req)
{
    char repr[256];

    value_repr(arg(req, "key"), repr, sizeof(repr));
    rpc_reply_errorf(req, MPMGR_EKEY, "%s", repr);
}

static void
getitem_m(struct request *req)
{
    struct dict_entry *ent;
    json_t *found;
    struct error e;
    struct key k;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || key_param(req, &k) < 0)
        return;
    ent = dict_find(&req->obj->u.dict, &k);
    key_done(&k);
    if (ent == NULL) {
        reply_key_error(req);
        return;
    }
    if (path_get(ent->value, path, plen, &found, &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_result(req, json_incref(found));
}

static void
get_m(struct request *req)
{
    struct dict_entry *ent;
    json_t *found, *def = arg(req, "default");
    struct error e;
    struct key k;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || key_param(req, &k) < 0)
        return;
    ent = dict_find(&req->obj->u.dict, &k);
    key_done(&k);
    if (ent == NULL) {
        rpc_reply_result(req, def != NULL ? json_incref(def) : json_null());
        return;
    }
    if (path_get(ent->value, path, plen, &found, &e) < 0) {
        /* A missing member or element on the way means "absent" too. */
        if (e.code == MPMGR_EKEY || e.code == MPMGR_EINDEX)
            rpc_reply_result(req, def != NULL ? json_incref(def)
                                              : json_null());
        else
            rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_result(req, json_incref(found));
}

static void
setitem_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    json_t *value = arg(req, "value");
    struct dict_entry *ent;
    struct error e;
    struct key k;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || key_param(req, &k) < 0)
        return;
    if (plen == 0) {
        dict_put(d, &k, json_incref(value));
        key_done(&k);
        rpc_reply_null(req);
        return;
    }
    ent = dict_find(d, &k);
    key_done(&k);
    if (ent == NULL) {
        reply_key_error(req);
        return;
    }
    if (path_set(ent->value, path, plen, json_incref(value), &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_null(req);
}

static void
delitem_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    struct dict_entry *ent;
    struct error e;
    struct key k;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || key_param(req, &k) < 0)
        return;
    ent = dict_find(d, &k);
    key_done(&k);
    if (ent == NULL) {
        reply_key_error(req);
        return;
    }
    if (plen == 0)
        dict_remove(d, ent);
    else if (path_del(ent->value, path, plen, &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_null(req);
}

static void
contains_m(struct request *req)
{
    struct dict_entry *ent;
    struct key k;

    if (key_param(req, &k) < 0)
        return;
    ent = dict_find(&req->obj->u.dict, &k);
    key_done(&k);
    rpc_reply_result(req, json_boolean(ent != NULL));
}

static void
len_m(struct request *req)
{
    rpc_reply_result(req, json_integer((json_int_t)dict_len(&req->obj->u.dict)));
}

/* What keys, values and items put in their arrays. */
enum dict_view { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS };

static void
reply_view(struct request *req, enum dict_view view)
{
    struct dict_entry *ent, *tmp;
    json_t *result = json_array();

    HASH_ITER(hh, req->obj->u.dict.entries, ent, tmp) {
        if (view == VIEW_KEYS)
            json_array_append_new(result, entry_key(ent));
        else if (view == VIEW_VALUES)
            json_array_append(result, ent->value);
        else
            json_array_append_new(result,
                                  json_pack("[oO]", entry_key(ent),
                                            ent->value));
    }
    rpc_reply_result(req, result);
}

static void
keys_m(struct request *req)
{
    reply_view(req, VIEW_KEYS);
}

static void
values_m(struct request *req)
{
    reply_view(req, VIEW_VALUES);
}

static void
items_m(struct request *req)
{
    reply_view(req, VIEW_ITEMS);
}

static void
update_m(struct request *req)
{
    struct error e;

    if (dict_update(&req->obj->u.dict, arg(req, "items"), &e) < 0) {
        if (e.code == MPMGR_EINVALIDPARAMS)
            error_set(&e, MPMGR_EINVALIDPARAMS,
                      "items must be an object or an array of [key, value] "
                      "pairs");
        rpc_reply_error(req, &e);
        return;
    }
    rpc_reply_null(req);
}

static void
setdefault_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    json_t *def = arg(req, "default");
    struct dict_entry *ent;
    struct key k;

    if (key_param(req, &k) < 0)
        return;
    ent = dict_find(d, &k);
    if (ent == NULL) {
        dict_put(d, &k, def != NULL ? json_incref(def) : json_null());
        ent = dict_find(d, &k);
    }
    key_done(&k);
    rpc_reply_result(req, json_incref(ent->value));
}

static void
pop_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    json_t *def = arg(req, "default"), *value;
    struct dict_entry *ent;
    struct key k;

    if (key_param(req, &k) < 0)
        return;
    ent = dict_find(d, &k);
    key_done(&k);
    if (ent == NULL && def == NULL) {
        reply_key_error(req);
        return;
    }
    if (ent == NULL) {
        rpc_reply_result(req, json_incref(def));
        return;
    }
    value = json_incref(ent->value);
    dict_remove(d, ent);
    rpc_reply_result(req, value);
}

static void
popitem_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    struct dict_entry *last;
    json_t *pair;

    if (d->entries == NULL) {
        rpc_reply_errorf(req, MPMGR_EKEY, "'popitem(): dictionary is empty'");
        return;
    }
    last = ELMT_FROM_HH(d->entries->hh.tbl, d->entries->hh.tbl->tail);
    pair = json_pack("[oO]", entry_key(last), last->value);
    dict_remove(d, last);
    rpc_reply_result(req, pair);
}

static void
clear_m(struct request *req)
{
    dict_clear(&req->obj->u.dict);
    rpc_reply_null(req);
}

static void
incr_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    json_t *by = arg(req, "by"), *one = NULL, *sum;
    struct dict_entry *ent;
    struct error e;
    struct key k;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || key_param(req, &k) < 0)
        return;
    if (by == NULL)
        by = one = json_integer(1);
    ent = dict_find(d, &k);
    if (plen > 0) {
        if (ent == NULL)
            reply_key_error(req);
        else if (path_incr(ent->value, path, plen, by, &sum, &e) < 0)
            rpc_reply_error(req, &e);
        else
            rpc_reply_result(req, json_incref(sum));
    } else {
        json_t *zero = json_integer(0);

        sum = number_add(ent != NULL ? ent->value : zero, by, &e);
        json_decref(zero);
        if (sum == NULL) {
            rpc_reply_error(req, &e);
        } else {
            dict_put(d, &k, json_incref(sum));
            rpc_reply_result(req, sum);
        }
    }
    key_done(&k);
    json_decref(one);
}

static void
cas_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    json_t *expect = arg(req, "expect"), *value = arg(req, "value");
    json_t *result;
    struct dict_entry *ent;
    struct key k;
    bool swap;

    if (key_param(req, &k) < 0)
        return;
    ent = dict_find(d, &k);
    /* With expect: swap when the stored value equals it.  Without: swap
     * when the key is absent. */
    if (expect != NULL)
        swap = ent != NULL && value_equal(ent->value, expect);
    else
        swap = ent == NULL;
    if (swap) {
        dict_put(d, &k, json_incref(value));
        ent = dict_find(d, &k);
    }
    key_done(&k);
    result = json_pack("{s:b}", "swapped", swap);
    if (ent != NULL)
        json_object_set(result, "current", ent->value);
    rpc_reply_result(req, result);
}

static void
getmany_m(struct request *req)
{
    json_t *keys = arg(req, "keys"), *def = arg(req, "default"), *key;
    json_t *result;
    struct dict_entry *ent;
    struct error e;
    struct key k;
    size_t i;

    if (def == NULL)
        def = json_null();
    else
        json_incref(def);
    result = json_array();
    json_array_foreach(keys, i, key) {
        if (key_make(&k, key, &e) < 0) {
            json_decref(result);
            json_decref(def);
            rpc_reply_error(req, &e);
            return;
        }
        ent = dict_find(&req->obj->u.dict, &k);
        key_done(&k);
        json_array_append(result, ent != NULL ? ent->value : def);
    }
    json_decref(def);
    rpc_reply_result(req, result);
}

/* ---------------------------------------------------------------------
 * Method table
 * ------------------------------------------------------------------- */

#define OID {.name = "oid", .type = PT_INT, .flags = P_REQUIRED}
#define KEY {.name = "key", .type = PT_ANY, .flags = P_REQUIRED}
#define PATH {.name = "path", .type = PT_STRING}
#define DEFAULT {.name = "default", .type = PT_ANY, .flags = P_NULL_IS_VALUE}

static const struct param oid_only[] = {OID, {NULL}};
static const struct param key_only[] = {OID, KEY, {NULL}};
static const struct param key_path[] = {OID, KEY, PATH, {NULL}};
static const struct param key_default[] = {OID, KEY, DEFAULT, {NULL}};
static const struct param get_params[] = {OID, KEY, DEFAULT, PATH, {NULL}};
static const struct param setitem_params[] = {
    OID, KEY,
    {.name = "value", .type = PT_ANY, .flags = P_REQUIRED | P_NULL_IS_VALUE},
    PATH, {NULL},
};
static const struct param update_params[] = {
    OID,
    {.name = "items", .type = PT_ANY, .flags = P_REQUIRED | P_NULL_IS_VALUE},
    {NULL},
};
static const struct param incr_params[] = {
    OID, KEY, {.name = "by", .type = PT_NUMBER}, PATH, {NULL},
};
static const struct param cas_params[] = {
    OID, KEY,
    {.name = "expect", .type = PT_ANY, .flags = P_NULL_IS_VALUE},
    {.name = "value", .type = PT_ANY, .flags = P_REQUIRED | P_NULL_IS_VALUE},
    {NULL},
};
static const struct param getmany_params[] = {
    OID, {.name = "keys", .type = PT_ARRAY, .flags = P_REQUIRED}, DEFAULT,
    {NULL},
};

#define DICT_METHOD(wire, fn, spec)                                           \
    {.name = wire, .handler = fn, .type = &dict_type, .params = spec,         \
     .flags = M_OBJECT}

struct method dict_methods[] = {
    DICT_METHOD("dict.getitem", getitem_m, key_path),
    DICT_METHOD("dict.get", get_m, get_params),
    DICT_METHOD("dict.setitem", setitem_m, setitem_params),
    DICT_METHOD("dict.delitem", delitem_m, key_path),
    DICT_METHOD("dict.contains", contains_m, key_only),
    DICT_METHOD("dict.len", len_m, oid_only),
    DICT_METHOD("dict.keys", keys_m, oid_only),
    DICT_METHOD("dict.values", values_m, oid_only),
    DICT_METHOD("dict.items", items_m, oid_only),
    DICT_METHOD("dict.update", update_m, update_params),
    DICT_METHOD("dict.setdefault", setdefault_m, key_default),
    DICT_METHOD("dict.pop", pop_m, key_default),
    DICT_METHOD("dict.popitem", popitem_m, oid_only),
    DICT_METHOD("dict.clear", clear_m, oid_only),
    DICT_METHOD("dict.incr", incr_m, incr_params),
    DICT_METHOD("dict.cas", cas_m, cas_params),
    DICT_METHOD("dict.getmany", getmany_m, getmany_params),
    {NULL},
};
