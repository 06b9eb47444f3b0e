/*
 * lifecycle.c: the methods that make, find and let go of objects
 * (doc/protocol.md section 5): new, open, attach, release, unlink, describe.
 * What keeps an object alive is registry.c's business; these methods only take
 * and drop references and names.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"

/* {"oid":17,"type":"dict"}: what new, open and attach return. */
static json_t *
handle(const struct object *o)
{
    return json_pack("{s:I,s:s}", "oid", (json_int_t)o->oid, "type",
                     o->type->name);
}

json_t *
object_describe(const struct object *o)
{
    json_t *d = handle(o);
    long len = o->type->len(o);

    json_object_set_new(d, "name",
                        o->name != NULL ? json_stringn(o->name, o->namelen)
                                        : json_null());
    if (len >= 0)
        json_object_set_new(d, "len", json_integer(len));
    json_object_set_new(d, "refs", json_integer((json_int_t)o->refs));
    return d;
}

/* The type named by parameter "type", or NULL after an InvalidParams reply. */
static const struct type *
type_param(struct request *req)
{
    json_t *name = arg(req, "type");
    const struct type *t = type_find(json_string_value(name));

    if (t == NULL ||
        strlen(json_string_value(name)) != json_string_length(name)) {
        char repr[128];

        value_repr(name, repr, sizeof(repr));
        rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS,
                         "unknown type %s (expected dict, list, lock or "
                         "rlock)",
                         repr);
        return NULL;
    }
    return t;
}

static void
new_m(struct request *req)
{
    const struct type *t = type_param(req);
    json_t *name = arg(req, "name");
    struct object *o;
    struct error e;

    if (t == NULL)
        return;
    o = registry_create(t, name != NULL ? json_string_value(name) : NULL,
                        name != NULL ? json_string_length(name) : 0,
                        arg(req, "init"), &e);
    if (o == NULL) {
        rpc_reply_error(req, &e);
        return;
    }
    ref_take(req->conn, o);
    rpc_reply_result(req, handle(o));
}

static void
open_m(struct request *req)
{
    json_t *name = arg(req, "name"), *type = arg(req, "type"), *result;
    json_t *create = arg(req, "create");
    const struct type *t = NULL;
    struct object *o;
    struct error e;
    bool created = false;

    if (create != NULL && json_is_true(create) && type == NULL) {
        rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS,
                         "open with create needs a type");
        return;
    }
    if (type != NULL && (t = type_param(req)) == NULL)
        return;
    if (registry_check_name(json_string_value(name), json_string_length(name),
                            &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    o = registry_find_name(json_string_value(name), json_string_length(name));
    if (o != NULL && t != NULL && o->type != t) {
        rpc_reply_errorf(req, MPMGR_ETYPE, "object '%s' is a %s, not a %s",
                         o->name, o->type->name, t->name);
        return;
    }
    if (o == NULL && !json_is_true(create)) {
        rpc_reply_errorf(req, MPMGR_ENOSUCHOBJECT, "no object named '%s'",
                         json_string_value(name));
        return;
    }
    if (o == NULL) {
        o = registry_create(t, json_string_value(name),
                            json_string_length(name), arg(req, "init"), &e);
        if (o == NULL) {
            rpc_reply_error(req, &e);
            return;
        }
        created = true;
    }
    ref_take(req->conn, o);
    result = handle(o);
    json_object_set_new(result, "created", json_boolean(created));
    rpc_reply_result(req, result);
}

static void
attach_m(struct request *req)
{
    ref_take(req->conn, req->obj);
    rpc_reply_result(req, handle(req->obj));
}

static void
release_m(struct request *req)
{
    if (ref_drop(req->conn, req->obj->oid) < 0) {
        rpc_reply_errorf(req, MPMGR_ENOSUCHOBJECT,
                         "this session holds no reference to object %llu",
                         (unsigned long long)req->obj->oid);
        return;
    }
    rpc_reply_null(req);
}

static void
unlink_m(struct request *req)
{
    json_t *name = arg(req, "name");
    struct object *o;
    struct error e;

    if (registry_check_name(json_string_value(name), json_string_length(name),
                            &e) < 0) {
        rpc_reply_error(req, &e);
        return;
    }
    o = registry_find_name(json_string_value(name), json_string_length(name));
    if (o == NULL) {
        rpc_reply_errorf(req, MPMGR_ENOSUCHOBJECT, "no object named '%s'",
                         json_string_value(name));
        return;
    }
    registry_unname(o);
    rpc_reply_null(req);
}

static void
describe_m(struct request *req)
{
    rpc_reply_result(req, object_describe(req->obj));
}

static const struct param new_params[] = {
    {.name = "type", .type = PT_STRING, .flags = P_REQUIRED},
    {.name = "name", .type = PT_STRING},
    {.name = "init", .type = PT_ANY, .flags = P_NULL_IS_VALUE},
    {NULL},
};

static const struct param open_params[] = {
    {.name = "name", .type = PT_STRING, .flags = P_REQUIRED},
    {.name = "type", .type = PT_STRING},
    {.name = "create", .type = PT_BOOL},
    {.name = "init", .type = PT_ANY, .flags = P_NULL_IS_VALUE},
    {NULL},
};

static const struct param oid_params[] = {
    {.name = "oid", .type = PT_INT, .flags = P_REQUIRED},
    {NULL},
};

static const struct param name_params[] = {
    {.name = "name", .type = PT_STRING, .flags = P_REQUIRED},
    {NULL},
};

struct method object_methods[] = {
    {.name = "new", .handler = new_m, .params = new_params, .flags = M_GROWS},
    {.name = "open", .handler = open_m, .params = open_params},
    {.name = "attach",
     .handler = attach_m,
     .params = oid_params,
     .flags = M_OBJECT},
    {.name = "release",
     .handler = release_m,
     .params = oid_params,
     .flags = M_OBJECT},
    {.name = "unlink", .handler = unlink_m, .params = name_params},
    {.name = "describe",
     .handler = describe_m,
     .params = oid_params,
     .flags = M_OBJECT},
    {NULL},
};
