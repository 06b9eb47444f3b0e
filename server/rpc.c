/*
 * rpc.c: JSON-RPC 2.0 on top of lines.  Parses a line with jansson, checks
 * the envelope and the params against the method's declaration, finds the
 * referent of methods that take an oid, calls the handler, and writes the
 * reply into the connection's output in request order.  Batches run element
 * by element so that a blocking element can hold back the rest.
 *
 * Replies are streamed into the output buffer: the envelope's fixed text,
 * then the id and the result or error serialised by jansson's encoder.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "mpmgrd.h"

/* The only members a request object may have. */
static const char *const envelope_members[] = {"jsonrpc", "id", "method",
                                               "params"};

static struct method *methods;   /* dispatch table by wire name */

static struct method *const method_tables[] = {
    hello_methods, object_methods, dict_methods, list_methods,
    lock_methods, rlock_methods, server_methods,
};

void
rpc_init(void)
{
    size_t i;
    struct method *m, *dup;

    for (i = 0; i < sizeof(method_tables) / sizeof(method_tables[0]); i++) {
        for (m = method_tables[i]; m->name != NULL; m++) {
            HASH_FIND(hh, methods, m->name, strlen(m->name), dup);
            if (dup != NULL)
                fatalx("method %s is declared twice", m->name);
            HASH_ADD_KEYPTR(hh, methods, m->name, strlen(m->name), m);
        }
    }
}

void
rpc_free(void)
{
    HASH_CLEAR(hh, methods);
}

/* ---------------------------------------------------------------------
 * Writing replies
 * ------------------------------------------------------------------- */

static int
dump_cb(const char *buf, size_t size, void *data)
{
    return evbuffer_add(data, buf, size);
}

static void
dump(struct evbuffer *out, const json_t *value)
{
    if (json_dump_callback(value, dump_cb, out,
                           JSON_COMPACT | JSON_ENCODE_ANY) < 0)
        fatalx("cannot serialise a reply");
}

#define ADD_LITERAL(out, s) evbuffer_add((out), (s), sizeof(s) - 1)

/*
 * Write one response object.  Inside a batch it becomes the next element of
 * the reply array (the '[' goes out with the first one); otherwise it is a
 * line of its own.
 */
static void
write_response(struct conn *c, const json_t *id, bool error,
               const json_t *value)
{
    struct evbuffer *out = c->out;

    if (c->batch != NULL) {
        evbuffer_add(out, c->batch_started ? "," : "[", 1);
        c->batch_started = true;
    }
    ADD_LITERAL(out, "{\"jsonrpc\":\"2.0\",\"id\":");
    if (id != NULL)
        dump(out, id);
    else
        ADD_LITERAL(out, "null");
    if (error)
        ADD_LITERAL(out, ",\"error\":");
    else
        ADD_LITERAL(out, ",\"result\":");
    dump(out, value);
    if (c->batch != NULL)
        ADD_LITERAL(out, "}");
    else
        ADD_LITERAL(out, "}\n");
}

static json_t *
error_object(const struct error *e)
{
    json_t *obj = json_pack("{s:i,s:s,s:{s:s}}", "code", e->code, "message",
                            e->message, "data", "type", error_type(e->code));

    if (obj == NULL)
        fatalx("cannot build an error reply");
    return obj;
}

static void
write_error(struct conn *c, const json_t *id, const struct error *e)
{
    json_t *obj = error_object(e);

    write_response(c, id, true, obj);
    json_decref(obj);
}

void
rpc_reply_result(struct request *req, json_t *result)
{
    req->replied = true;
    if (req->id != NULL)
        write_response(req->conn, req->id, false, result);
    json_decref(result);
}

void
rpc_reply_null(struct request *req)
{
    rpc_reply_result(req, json_null());
}

void
rpc_reply_error(struct request *req, const struct error *e)
{
    req->replied = true;
    if (req->id != NULL)
        write_error(req->conn, req->id, e);
}

void
rpc_reply_errorf(struct request *req, int code, const char *fmt, ...)
{
    struct error e;
    va_list ap;

    va_start(ap, fmt);
    error_vset(&e, code, fmt, ap);
    va_end(ap);
    rpc_reply_error(req, &e);
}

json_t *
rpc_park(struct request *req)
{
    req->replied = true;
    return req->id != NULL ? json_incref(req->id) : NULL;
}

void
rpc_reply_later(struct conn *c, json_t *id, json_t *result)
{
    if (id != NULL)
        write_response(c, id, false, result);
    json_decref(result);
}

void
rpc_send_error(struct conn *c, const struct error *e)
{
    json_t *obj = error_object(e);

    ADD_LITERAL(c->out, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":");
    dump(c->out, obj);
    ADD_LITERAL(c->out, "}\n");
    json_decref(obj);
}

void
rpc_send_error_line(struct conn *c, int code, const char *fmt, ...)
{
    struct error e;
    va_list ap;

    va_start(ap, fmt);
    error_vset(&e, code, fmt, ap);
    va_end(ap);
    rpc_send_error(c, &e);
}

void
rpc_send_greeting(struct conn *c)
{
    char nonce[MPMGR__NONCE_HEX + 1];
    json_t *msg;

    mpmgr__hex_encode(c->nonce, sizeof(c->nonce), nonce);
    msg = json_pack("{s:s,s:s,s:{s:s,s:s,s:i,s:s,s:s}}", "jsonrpc", "2.0",
                    "method", "greeting", "params", "server",
                    MPMGR__SERVER_NAME, "version", PACKAGE_VERSION,
                    "protocol", MPMGR__PROTOCOL, "auth",
                    srv.authkey != NULL ? "hmac-sha256" : "none", "nonce",
                    nonce);
    if (msg == NULL)
        fatalx("cannot build the greeting");
    dump(c->out, msg);
    ADD_LITERAL(c->out, "\n");
    json_decref(msg);
}

/* ---------------------------------------------------------------------
 * Params
 * ------------------------------------------------------------------- */

static const char *
param_type_name(enum param_type t)
{
    switch (t) {
    case PT_INT:
        return "an integer";
    case PT_NUMBER:
        return "a number";
    case PT_BOOL:
        return "a boolean";
    case PT_STRING:
        return "a string";
    case PT_ARRAY:
        return "an array";
    default:
        return "a JSON value";
    }
}

static bool
param_type_ok(enum param_type t, const json_t *v)
{
    switch (t) {
    case PT_INT:
        return json_is_integer(v);
    case PT_NUMBER:
        return json_is_number(v);
    case PT_BOOL:
        return json_is_boolean(v);
    case PT_STRING:
        return json_is_string(v);
    case PT_ARRAY:
        return json_is_array(v);
    default:
        return true;
    }
}

/* The position of parameter NAME (of length LEN) in SPEC, or -1. */
static int
param_index(const struct param *spec, const char *name, size_t len)
{
    int i;

    for (i = 0; spec[i].name != NULL; i++)
        if (strlen(spec[i].name) == len && memcmp(spec[i].name, name, len) == 0)
            return i;
    return -1;
}

/*
 * Check PARAMS (NULL when omitted) against the method's declaration and
 * fill req->args.  An unknown name, a wrong type or a missing required
 * parameter is InvalidParams naming the parameter.
 */
static int
bind_params(struct request *req, json_t *params, struct error *e)
{
    const struct param *spec = req->method->params;
    const char *name;
    size_t len;
    json_t *v;
    int i;

    json_object_keylen_foreach(params, name, len, v) {
        i = param_index(spec, name, len);
        if (i < 0) {
            json_t *s = json_stringn_nocheck(name, len);
            char repr[128];

            value_repr(s, repr, sizeof(repr));
            json_decref(s);
            return error_set(e, MPMGR_EINVALIDPARAMS,
                             "unknown parameter %s for %s", repr,
                             req->method->name);
        }
        if (json_is_null(v) && !(spec[i].flags & P_NULL_IS_VALUE)
            && !(spec[i].flags & P_REQUIRED))
            continue;
        if (!param_type_ok(spec[i].type, v))
            return error_set(e, MPMGR_EINVALIDPARAMS,
                             "parameter '%s' must be %s", spec[i].name,
                             param_type_name(spec[i].type));
        req->args[i] = v;
    }
    for (i = 0; spec[i].name != NULL; i++)
        if ((spec[i].flags & P_REQUIRED) && req->args[i] == NULL)
            return error_set(e, MPMGR_EINVALIDPARAMS,
                             "missing parameter '%s' for %s", spec[i].name,
                             req->method->name);
    return 0;
}

json_t *
arg(const struct request *req, const char *name)
{
    int i = param_index(req->method->params, name, strlen(name));

    if (i < 0)
        fatalx("%s has no parameter %s", req->method->name, name);
    return req->args[i];
}

json_int_t
arg_int(const struct request *req, const char *name, json_int_t def)
{
    json_t *v = arg(req, name);

    return v != NULL ? json_integer_value(v) : def;
}

int
arg_path(struct request *req, const char **path, size_t *len)
{
    json_t *p = arg(req, "path");
    struct error e;

    *path = p != NULL ? json_string_value(p) : "";
    *len = p != NULL ? json_string_length(p) : 0;
    if (path_check(*path, *len, &e) < 0) {
        rpc_reply_error(req, &e);
        return -1;
    }
    return 0;
}

/* The referent of a method with an oid, checked for the method's type. */
static int
find_referent(struct request *req, struct error *e)
{
    json_int_t oid = json_integer_value(req->args[0]);
    const struct type *want = req->method->type;

    req->obj = oid > 0 ? registry_find((uint64_t)oid) : NULL;
    if (req->obj == NULL)
        return error_set(e, MPMGR_ENOSUCHOBJECT, "no object with oid %lld",
                         (long long)oid);
    if (want != NULL && req->obj->type != want)
        return error_set(e, MPMGR_ETYPE, "object %lld is a %s, not a %s",
                         (long long)oid, req->obj->type->name, want->name);
    return 0;
}

/* ---------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------- */

static bool
auth_pending(const struct conn *c)
{
    return !c->authenticated;
}

/* Anything but hello before authentication: one AuthFailed, then close. */
static void
refuse_unauthenticated(struct conn *c, const json_t *id)
{
    struct error e;

    error_set(&e, MPMGR_EAUTHFAILED, "authenticate with hello first");
    write_error(c, id, &e);
    conn_close(c);
}

static void
invalid_request(struct conn *c, const json_t *id, const char *why)
{
    struct error e;

    error_set(&e, MPMGR_EINVALIDREQUEST, "%s", why);
    write_error(c, id, &e);
}

/* An id worth echoing: an integer or a string. */
static const json_t *
valid_id(const json_t *msg)
{
    const json_t *id = json_is_object(msg) ? json_object_get(msg, "id") : NULL;

    return json_is_integer(id) || json_is_string(id) ? id : NULL;
}

/*
 * What is wrong with the envelope of MSG (section 3 of doc/protocol.md), or
 * NULL when it is a well-formed request object.
 */
static const char *
envelope_problem(json_t *msg)
{
    const json_t *id, *version, *method, *params;
    const char *key;
    json_t *v;
    size_t i, n = sizeof(envelope_members) / sizeof(*envelope_members);

    if (!json_is_object(msg))
        return "a request must be a JSON object";
    id = json_object_get(msg, "id");
    if (id != NULL && !json_is_integer(id) && !json_is_string(id))
        return "id must be an integer or a string";
    json_object_foreach(msg, key, v) {
        for (i = 0; i < n && strcmp(key, envelope_members[i]) != 0; i++)
            ;
        if (i == n)
            return "unknown member in the request object";
    }
    version = json_object_get(msg, "jsonrpc");
    if (!json_is_string(version) || json_string_length(version) != 3
        || strcmp(json_string_value(version), "2.0") != 0)
        return "jsonrpc must be \"2.0\"";
    method = json_object_get(msg, "method");
    if (!json_is_string(method))
        return "method must be a string";
    params = json_object_get(msg, "params");
    if (params != NULL && !json_is_object(params) && !json_is_array(params))
        return "params must be an object";
    return NULL;
}

/* Before authentication only a well-formed hello may pass. */
static bool
is_hello(json_t *msg)
{
    const json_t *method = json_object_get(msg, "method");

    return json_string_length(method) == 5
           && strcmp(json_string_value(method), "hello") == 0;
}

/* Run one request object: a line of its own or a batch element. */
static void
run_request(struct conn *c, json_t *msg)
{
    const char *problem = envelope_problem(msg);
    struct request req = {.conn = c};
    json_t *method_name, *params;
    struct method *m;
    struct error e;

    if (auth_pending(c) && (problem != NULL || !is_hello(msg))) {
        refuse_unauthenticated(c, valid_id(msg));
        return;
    }
    if (problem != NULL) {
        invalid_request(c, valid_id(msg), problem);
        return;
    }
    req.id = json_object_get(msg, "id");
    method_name = json_object_get(msg, "method");
    params = json_object_get(msg, "params");
    HASH_FIND(hh, methods, json_string_value(method_name),
              json_string_length(method_name), m);
    if (m == NULL) {
        char repr[128];

        value_repr(method_name, repr, sizeof(repr));
        rpc_reply_errorf(&req, MPMGR_EMETHODNOTFOUND, "no method %s", repr);
        return;
    }
    req.method = m;
    srv.requests++;
    c->requests++;
    if (json_is_array(params)) {
        rpc_reply_errorf(&req, MPMGR_EINVALIDPARAMS,
                         "params must be an object of named parameters, "
                         "not an array");
        return;
    }
    /* Omitted params read as {} (bind_params accepts NULL). */
    if (bind_params(&req, params, &e) < 0) {
        rpc_reply_error(&req, &e);
        return;
    }
    if ((m->flags & M_OBJECT) && find_referent(&req, &e) < 0) {
        rpc_reply_error(&req, &e);
        return;
    }
    m->handler(&req);
}

void
rpc_line(struct conn *c, const char *line, size_t len)
{
    struct error e;
    json_t *msg;

    msg = parse_json(line, len, srv.max_depth, &e);
    if (msg == NULL) {
        if (auth_pending(c))
            refuse_unauthenticated(c, NULL);
        else
            rpc_send_error(c, &e);
        return;
    }
    if (json_is_array(msg)) {
        if (auth_pending(c))
            refuse_unauthenticated(c, NULL);
        else if (json_array_size(msg) == 0)
            invalid_request(c, NULL, "empty batch");
        else {
            c->batch = json_incref(msg);
            c->batch_next = 0;
            c->batch_started = false;
        }
    } else {
        run_request(c, msg);
    }
    json_decref(msg);
}

void
rpc_batch_step(struct conn *c)
{
    if (c->batch_next < json_array_size(c->batch)) {
        json_t *msg = json_incref(json_array_get(c->batch, c->batch_next++));

        run_request(c, msg);
        json_decref(msg);
        return;
    }
    /* All elements ran: close the array, or send nothing at all when every
     * element was a notification. */
    if (c->batch_started)
        ADD_LITERAL(c->out, "]\n");
    json_decref(c->batch);
    c->batch = NULL;
}
