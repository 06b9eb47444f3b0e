/*
 * t_dict.c: the dict type (doc/protocol.md section 7).  Entries live in a
 * uthash keyed by the compact JSON text of the key (value.c's key_make), so
 * 1 and "1" are different keys and 1.0 and 1.00 the same one; uthash keeps
 * insertion order, as Python's dict does.
 */
#include "config.h"

#include <stddef.h>
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

json_t *
dict_entry_value(const struct dict_entry *e)
{
    return e->is_integer ? json_integer(e->v.integer) : json_incref(e->v.json);
}

/* Drop E's value. */
static void
entry_clear(struct dict_entry *e)
{
    if (!e->is_integer)
        json_decref(e->v.json);
}

/* Make VALUE (stolen) E's value. */
static void
entry_store(struct dict_entry *e, json_t *value)
{
    e->is_integer = json_is_integer(value);
    if (e->is_integer) {
        e->v.integer = json_integer_value(value);
        json_decref(value);
    } else {
        e->v.json = value;
    }
}

/* The entry for K, ready for a value: the one already there (its position
 * kept, its value dropped), or a new one at the end. */
static struct dict_entry *
entry_for(struct dict *d, const struct key *k)
{
    struct dict_entry *e;
    unsigned hash;

    /* Hashed once for both the lookup and the insertion. */
    HASH_VALUE(k->text, k->len, hash);
    HASH_FIND_BYHASHVALUE(hh, d->entries, k->text, k->len, hash, e);
    if (e != NULL) {
        entry_clear(e);
        return e;
    }
    /* The key starts inside the struct's tail padding: counting from the
     * key's offset rather than sizeof saves a malloc size class. */
    e = xmalloc(offsetof(struct dict_entry, key) + k->len + 1);
    memcpy(e->key, k->text, k->len);
    e->key[k->len] = '\0';
    HASH_ADD_KEYPTR_BYHASHVALUE(hh, d->entries, e->key, k->len, hash, e);
    return e;
}

void
dict_put(struct dict *d, const struct key *k, json_t *value)
{
    entry_store(entry_for(d, k), value);
}

void
dict_put_integer(struct dict *d, const struct key *k, json_int_t value)
{
    struct dict_entry *e = entry_for(d, k);

    e->is_integer = true;
    e->v.integer = value;
}

void
dict_remove(struct dict *d, struct dict_entry *e)
{
    HASH_DEL(d->entries, e);
    entry_clear(e);
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

    HASH_ITER (hh, d->entries, e, tmp) {
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
        json_object_keylen_foreach ((json_t *)items, k, klen, v)
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
    /* All or nothing: every key must be usable before anything changes.
     * Checking is enough here: making each key twice cost a sixth of the
     * update (doc/performance.md, finding 14). */
    json_array_foreach (pairs, i, pair) {
        if (key_check(json_array_get(pair, 0), e) < 0) {
            json_decref(pairs);
            return -1;
        }
    }
    json_array_foreach (pairs, i, pair) {
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

/*
 * Find the entry of parameter "key": *ENT is NULL when the key is absent.
 * Returns 0, or -1 after replying TypeError for an unhashable key.
 */
static int
find_entry(struct request *req, struct dict_entry **ent)
{
    struct key k;

    if (key_param(req, &k) < 0)
        return -1;
    *ent = dict_find(&req->obj->u.dict, &k);
    key_done(&k);
    return 0;
}

static void
reply_key_error(struct request *req)
{
    char repr[256];

    value_repr(arg(req, "key"), repr, sizeof(repr));
    rpc_reply_errorf(req, MPMGR_EKEY, "%s", repr);
}

/* The entry at the request's key, or a KeyError reply and -1 when absent. */
static int
find_existing(struct request *req, struct dict_entry **ent)
{
    if (find_entry(req, ent) < 0)
        return -1;
    if (*ent == NULL) {
        reply_key_error(req);
        return -1;
    }
    return 0;
}

static void
dict_getitem_m(struct request *req)
{
    struct dict_entry *ent;
    json_t *value, *found;
    struct error e;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || find_existing(req, &ent) < 0)
        return;
    value = dict_entry_value(ent);
    if (path_get(value, path, plen, &found, &e) < 0)
        rpc_reply_error(req, &e);
    else
        rpc_reply_result(req, json_incref(found));
    json_decref(value);
}

static void
dict_get_m(struct request *req)
{
    struct dict_entry *ent;
    json_t *value, *found, *def = arg(req, "default");
    struct error e;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || find_entry(req, &ent) < 0)
        return;
    if (ent == NULL) {
        rpc_reply_result(req, def != NULL ? json_incref(def) : json_null());
        return;
    }
    value = dict_entry_value(ent);
    if (path_get(value, path, plen, &found, &e) == 0)
        rpc_reply_result(req, json_incref(found));
    else if (e.code == MPMGR_EKEY || e.code == MPMGR_EINDEX)
        /* A missing member or element on the way means "absent" too. */
        rpc_reply_result(req, def != NULL ? json_incref(def) : json_null());
    else
        rpc_reply_error(req, &e);
    json_decref(value);
}

static void
dict_setitem_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    json_t *value = arg(req, "value"), *stored;
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
    /* An integer stored inline has no tree to set into: the temporary
     * copy makes path_set report the TypeError. */
    stored = dict_entry_value(ent);
    if (path_set(stored, path, plen, json_incref(value), &e) < 0)
        rpc_reply_error(req, &e);
    else
        rpc_reply_null(req);
    json_decref(stored);
}

static void
dict_delitem_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    struct dict_entry *ent;
    json_t *stored;
    struct error e;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || find_existing(req, &ent) < 0)
        return;
    if (plen == 0) {
        dict_remove(d, ent);
        rpc_reply_null(req);
        return;
    }
    stored = dict_entry_value(ent);
    if (path_del(stored, path, plen, &e) < 0)
        rpc_reply_error(req, &e);
    else
        rpc_reply_null(req);
    json_decref(stored);
}

static void
dict_contains_m(struct request *req)
{
    struct dict_entry *ent;

    if (find_entry(req, &ent) < 0)
        return;
    rpc_reply_result(req, json_boolean(ent != NULL));
}

static void
dict_len_m(struct request *req)
{
    rpc_reply_result(req,
                     json_integer((json_int_t)dict_len(&req->obj->u.dict)));
}

/* What keys, values and items put in their arrays. */
enum dict_view { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS };

static void
reply_view(struct request *req, enum dict_view view)
{
    struct dict_entry *ent, *tmp;
    json_t *result = json_array();

    HASH_ITER (hh, req->obj->u.dict.entries, ent, tmp) {
        if (view == VIEW_KEYS)
            json_array_append_new(result, entry_key(ent));
        else if (view == VIEW_VALUES)
            json_array_append_new(result, dict_entry_value(ent));
        else
            json_array_append_new(result, json_pack("[oo]", entry_key(ent),
                                                    dict_entry_value(ent)));
    }
    rpc_reply_result(req, result);
}

static void
dict_keys_m(struct request *req)
{
    reply_view(req, VIEW_KEYS);
}

static void
dict_values_m(struct request *req)
{
    reply_view(req, VIEW_VALUES);
}

static void
dict_items_m(struct request *req)
{
    reply_view(req, VIEW_ITEMS);
}

static void
dict_update_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    struct error e;
    int rc = req->prepared != NULL ? items_update(d, req->prepared, &e)
                                   : dict_update(d, arg(req, "items"), &e);

    if (rc < 0) {
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
dict_setdefault_m(struct request *req)
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
    rpc_reply_result(req, dict_entry_value(ent));
}

static void
dict_pop_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    json_t *def = arg(req, "default"), *value;
    struct dict_entry *ent;

    if (find_entry(req, &ent) < 0)
        return;
    if (ent == NULL && def == NULL) {
        reply_key_error(req);
        return;
    }
    if (ent == NULL) {
        rpc_reply_result(req, json_incref(def));
        return;
    }
    value = dict_entry_value(ent);
    dict_remove(d, ent);
    rpc_reply_result(req, value);
}

static void
dict_popitem_m(struct request *req)
{
    struct dict *d = &req->obj->u.dict;
    struct dict_entry *last;
    json_t *pair;

    if (d->entries == NULL) {
        rpc_reply_errorf(req, MPMGR_EKEY, "'popitem(): dictionary is empty'");
        return;
    }
    last = ELMT_FROM_HH(d->entries->hh.tbl, d->entries->hh.tbl->tail);
    pair = json_pack("[oo]", entry_key(last), dict_entry_value(last));
    dict_remove(d, last);
    rpc_reply_result(req, pair);
}

static void
dict_clear_m(struct request *req)
{
    dict_clear(&req->obj->u.dict);
    rpc_reply_null(req);
}

/*
 * dict.incr without a path on an integer stored inline: the common shared
 * counter, done without allocating.  Returns false when it does not apply.
 */
static bool
incr_inline(struct request *req, struct dict_entry *ent, const json_t *by)
{
    struct error e;
    json_int_t sum;

    if (ent == NULL || !ent->is_integer || !json_is_integer(by))
        return false;
    if (integer_add(ent->v.integer, json_integer_value(by), &sum, &e) < 0) {
        rpc_reply_error(req, &e);
        return true;
    }
    ent->v.integer = sum;
    rpc_reply_result(req, json_integer(sum));
    return true;
}

/* dict.incr with a path: add inside the value stored under the key. */
static void
incr_path(struct request *req, struct dict_entry *ent, const char *path,
          size_t plen, const json_t *by)
{
    json_t *stored, *sum;
    struct error e;

    if (ent == NULL) {
        reply_key_error(req);
        return;
    }
    stored = dict_entry_value(ent);
    if (path_incr(stored, path, plen, by, &sum, &e) < 0)
        rpc_reply_error(req, &e);
    else
        rpc_reply_result(req, json_incref(sum));
    json_decref(stored);
}

/* dict.incr of the value itself, any number; a missing key starts at 0. */
static void
incr_value(struct request *req, const struct key *k, struct dict_entry *ent,
           const json_t *by)
{
    json_t *old = ent != NULL ? dict_entry_value(ent) : json_integer(0);
    json_t *sum;
    struct error e;

    sum = number_add(old, by, &e);
    json_decref(old);
    if (sum == NULL) {
        rpc_reply_error(req, &e);
        return;
    }
    dict_put(&req->obj->u.dict, k, json_incref(sum));
    rpc_reply_result(req, sum);
}

static void
dict_incr_m(struct request *req)
{
    json_t *by = arg(req, "by"), *one = NULL;
    struct dict_entry *ent;
    struct key k;
    size_t plen;
    const char *path;

    if (arg_path(req, &path, &plen) < 0 || key_param(req, &k) < 0)
        return;
    if (by == NULL)
        by = one = json_integer(1);
    ent = dict_find(&req->obj->u.dict, &k);
    if (plen > 0)
        incr_path(req, ent, path, plen, by);
    else if (!incr_inline(req, ent, by))
        incr_value(req, &k, ent, by);
    key_done(&k);
    json_decref(one);
}

/* Whether E's value equals EXPECT, as dict.cas compares. */
static bool
entry_equal(const struct dict_entry *e, const json_t *expect)
{
    json_t *value = dict_entry_value(e);
    bool equal = value_equal(value, expect);

    json_decref(value);
    return equal;
}

static void
dict_cas_m(struct request *req)
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
        swap = ent != NULL && entry_equal(ent, expect);
    else
        swap = ent == NULL;
    if (swap) {
        dict_put(d, &k, json_incref(value));
        ent = dict_find(d, &k);
    }
    key_done(&k);
    result = json_pack("{s:b}", "swapped", swap);
    if (ent != NULL)
        json_object_set_new(result, "current", dict_entry_value(ent));
    rpc_reply_result(req, result);
}

static void
dict_getmany_m(struct request *req)
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
    json_array_foreach (keys, i, key) {
        if (key_make(&k, key, &e) < 0) {
            json_decref(result);
            json_decref(def);
            rpc_reply_error(req, &e);
            return;
        }
        ent = dict_find(&req->obj->u.dict, &k);
        key_done(&k);
        if (ent != NULL)
            json_array_append_new(result, dict_entry_value(ent));
        else
            json_array_append(result, def);
    }
    json_decref(def);
    rpc_reply_result(req, result);
}

/* ---------------------------------------------------------------------
 * Method table
 * ------------------------------------------------------------------- */

#define OID                                                                    \
    {                                                                          \
        .name = "oid", .type = PT_INT, .flags = P_REQUIRED                     \
    }
#define KEY                                                                    \
    {                                                                          \
        .name = "key", .type = PT_ANY, .flags = P_REQUIRED                     \
    }
#define PATH                                                                   \
    {                                                                          \
        .name = "path", .type = PT_STRING                                      \
    }
#define DEFAULT                                                                \
    {                                                                          \
        .name = "default", .type = PT_ANY, .flags = P_NULL_IS_VALUE            \
    }

static const struct param oid_only[] = {OID, {NULL}};
static const struct param key_only[] = {OID, KEY, {NULL}};
static const struct param key_path[] = {OID, KEY, PATH, {NULL}};
static const struct param key_default[] = {OID, KEY, DEFAULT, {NULL}};
static const struct param get_params[] = {OID, KEY, DEFAULT, PATH, {NULL}};
static const struct param setitem_params[] = {
    OID,
    KEY,
    {.name = "value", .type = PT_ANY, .flags = P_REQUIRED | P_NULL_IS_VALUE},
    PATH,
    {NULL},
};
static const struct param_reader items_reader = {items_read, items_free};
static const struct param update_params[] = {
    OID,
    {.name = "items",
     .type = PT_ANY,
     .flags = P_REQUIRED | P_NULL_IS_VALUE,
     .reader = &items_reader},
    {NULL},
};
static const struct param incr_params[] = {
    OID, KEY, {.name = "by", .type = PT_NUMBER}, PATH, {NULL},
};
static const struct param cas_params[] = {
    OID,
    KEY,
    {.name = "expect", .type = PT_ANY, .flags = P_NULL_IS_VALUE},
    {.name = "value", .type = PT_ANY, .flags = P_REQUIRED | P_NULL_IS_VALUE},
    {NULL},
};
static const struct param getmany_params[] = {
    OID,
    {.name = "keys", .type = PT_ARRAY, .flags = P_REQUIRED},
    DEFAULT,
    {NULL},
};

#define DICT_METHOD(wire, fn, spec, more)                                      \
    {                                                                          \
        .name = wire, .handler = fn, .type = &dict_type, .params = spec,       \
        .flags = M_OBJECT | (more)                                             \
    }

struct method dict_methods[] = {
    DICT_METHOD("dict.getitem", dict_getitem_m, key_path, 0),
    DICT_METHOD("dict.get", dict_get_m, get_params, 0),
    DICT_METHOD("dict.setitem", dict_setitem_m, setitem_params, M_GROWS),
    DICT_METHOD("dict.delitem", dict_delitem_m, key_path, 0),
    DICT_METHOD("dict.contains", dict_contains_m, key_only, 0),
    DICT_METHOD("dict.len", dict_len_m, oid_only, 0),
    DICT_METHOD("dict.keys", dict_keys_m, oid_only, 0),
    DICT_METHOD("dict.values", dict_values_m, oid_only, 0),
    DICT_METHOD("dict.items", dict_items_m, oid_only, 0),
    DICT_METHOD("dict.update", dict_update_m, update_params, M_GROWS),
    DICT_METHOD("dict.setdefault", dict_setdefault_m, key_default, M_GROWS),
    DICT_METHOD("dict.pop", dict_pop_m, key_default, 0),
    DICT_METHOD("dict.popitem", dict_popitem_m, oid_only, 0),
    DICT_METHOD("dict.clear", dict_clear_m, oid_only, 0),
    DICT_METHOD("dict.incr", dict_incr_m, incr_params, M_GROWS),
    DICT_METHOD("dict.cas", dict_cas_m, cas_params, M_GROWS),
    DICT_METHOD("dict.getmany", dict_getmany_m, getmany_params, 0),
    {NULL},
};
