/*
 * admin.c: the server.* methods (doc/protocol.md section 10), which let an
 * operator see what the server holds, who is connected and who holds which
 * lock, and stop it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <utlist.h>

#include "mpmgrd.h"

static void
ping_m(struct request *req)
{
    rpc_reply_result(req, json_string("pong"));
}

static void
info_m(struct request *req)
{
    json_t *info = json_pack(
        "{s:s,s:s,s:i,s:I,s:f,s:I,s:I,s:I,s:I,s:o}", "server",
        MPMGR__SERVER_NAME, "version", PACKAGE_VERSION, "protocol",
        MPMGR__PROTOCOL, "pid", (json_int_t)getpid(), "uptime_s",
        now_monotonic() - srv.started, "sessions", (json_int_t)nconns,
        "objects", (json_int_t)registry_count(), "requests",
        (json_int_t)srv.requests, "memory_bytes", (json_int_t)memory_resident(),
        "listen", listeners_addresses());

    memory_describe(info);
    rpc_reply_result(req, info);
}

static bool
matches(const struct object *o, const struct type *type, const json_t *prefix)
{
    size_t plen;

    if (type != NULL && o->type != type)
        return false;
    if (prefix == NULL)
        return true;
    plen = json_string_length(prefix);
    return o->name != NULL && o->namelen >= plen &&
           memcmp(o->name, json_string_value(prefix), plen) == 0;
}

/* Who holds lock O and how many wait for it, each when there is one. */
static void
describe_lock_state(const struct object *o, json_t *d)
{
    size_t waiters = lock_waiters(o);

    if (o->u.lock.holder != NULL)
        json_object_set_new(
            d, "holder", json_integer((json_int_t)o->u.lock.holder->session));
    if (waiters > 0)
        json_object_set_new(d, "waiters", json_integer((json_int_t)waiters));
}

static void
objects_m(struct request *req)
{
    json_t *type_name = arg(req, "type"), *prefix = arg(req, "prefix");
    json_int_t limit = arg_int(req, "limit", -1);
    const struct type *type = NULL;
    struct object *o;
    json_t *list;

    if (type_name != NULL &&
        (type = type_find(json_string_value(type_name))) == NULL) {
        rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS, "unknown type '%s'",
                         json_string_value(type_name));
        return;
    }
    if (arg(req, "limit") != NULL && limit < 0) {
        rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS,
                         "limit must not be negative");
        return;
    }
    list = json_array();
    for (o = registry_first(); o != NULL; o = o->hh.next) {
        json_t *d;

        if (limit >= 0 && json_array_size(list) >= (size_t)limit)
            break;
        if (!matches(o, type, prefix))
            continue;
        d = object_describe(o);
        if (o->type == &lock_type || o->type == &rlock_type)
            describe_lock_state(o, d);
        json_array_append_new(list, d);
    }
    rpc_reply_result(req, list);
}

static json_t *
session_entry(const struct conn *c)
{
    uint64_t waiting = lock_waited_for(c);
    json_t *s = json_pack(
        "{s:I,s:o,s:o,s:s,s:f,s:I,s:I,s:I}", "session", (json_int_t)c->session,
        "client", c->client != NULL ? json_string(c->client) : json_null(),
        "pid", c->pid >= 0 ? json_integer(c->pid) : json_null(), "peer",
        c->peer, "since", c->since, "requests", (json_int_t)c->requests, "refs",
        (json_int_t)c->nrefs, "locks", (json_int_t)c->nheld);

    if (waiting != 0)
        json_object_set_new(s, "waiting", json_integer((json_int_t)waiting));
    if (c->has_cred) {
        json_object_set_new(s, "peer_pid", json_integer(c->peer_pid));
        json_object_set_new(s, "peer_uid", json_integer(c->peer_uid));
    }
    return s;
}

static void
sessions_m(struct request *req)
{
    json_t *list = json_array();
    struct conn *c;

    DL_FOREACH (conns, c) {
        json_array_append_new(list, session_entry(c));
    }
    rpc_reply_result(req, list);
}

static void
shutdown_m(struct request *req)
{
    log_info("shutdown requested by session %llu",
             (unsigned long long)req->conn->session);
    rpc_reply_null(req);
    server_stop();
}

static const struct param no_params[] = {{NULL}};
static const struct param objects_params[] = {
    {.name = "type", .type = PT_STRING},
    {.name = "prefix", .type = PT_STRING},
    {.name = "limit", .type = PT_INT},
    {NULL},
};

struct method server_methods[] = {
    {.name = "server.ping", .handler = ping_m, .params = no_params},
    {.name = "server.info", .handler = info_m, .params = no_params},
    {.name = "server.objects", .handler = objects_m, .params = objects_params},
    {.name = "server.sessions", .handler = sessions_m, .params = no_params},
    {.name = "server.shutdown", .handler = shutdown_m, .params = no_params},
    {NULL},
};
