/*
 * rpc.c: JSON-RPC 2.0 on top of lines.  Has a line taken apart
 * (request.c), refuses what authentication or the envelope rule out, checks
 * the params against the method's declaration, finds the referent of
 * methods that take an oid, calls the handler, and writes the reply into
 * the connection's output in request order.  Batches run element by element
 * so that a blocking element can hold back the rest.
 *
 * A reply is written by json_write.c into a scratch buffer and copied into
 * the connection's output; what that writer leaves to jansson (reals,
 * objects, strings that need escapes, arrays nested very deep) is streamed
 * into the output by jansson's encoder after the envelope's fixed text.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "json.h"
#include "mpmgrd.h"

static struct method *methods; /* dispatch table by wire name */

static struct method *const method_tables[] = {
    hello_methods, object_methods, dict_methods,   list_methods,
    lock_methods,  rlock_methods,  server_methods,
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

const struct method *
rpc_find_method(const char *name, size_t len)
{
    struct method *m;

    HASH_FIND(hh, methods, name, len, m);
    return m;
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

#define SINK_LITERAL(s, text)                                                  \
    (mpmgr__json_sink_put((s), (text), sizeof(text) - 1) == 0)

/*
 * The response {"jsonrpc":"2.0","id":ID,"result":VALUE} (or "error") into
 * S, when ID and VALUE are values the shared writer writes, byte for byte
 * as jansson would.  1 when written; 0 when they are not such values; -1
 * when S could not grow.  Through jansson a short reply took two dumps
 * and four adds, a fifth of a small request (doc/performance.md, finding
 * 2), and a long string is checked byte by byte (finding 9).
 */
static int
response_text(struct mpmgr__json_sink *s, const json_t *id, bool error,
              const json_t *value, bool in_batch)
{
    int rc;

    if (!SINK_LITERAL(s, "{\"jsonrpc\":\"2.0\",\"id\":"))
        return -1;
    if (id == NULL ? !SINK_LITERAL(s, "null")
                   : (rc = mpmgr__json_write_simple(id, s)) != 1)
        return id == NULL ? -1 : rc;
    if (error ? !SINK_LITERAL(s, ",\"error\":")
              : !SINK_LITERAL(s, ",\"result\":"))
        return -1;
    if ((rc = mpmgr__json_write_simple(value, s)) != 1)
        return rc;
    return (in_batch ? SINK_LITERAL(s, "}") : SINK_LITERAL(s, "}\n")) ? 1 : -1;
}

/* A reply's text is written in one scratch sink (the server has one
 * thread); after a reply longer than this its memory is let go. */
#define SCRATCH_KEEP (1024 * 1024)

/*
 * Write one response object.  Inside a batch it becomes the next element of
 * the reply array (the '[' goes out with the first one); otherwise it is a
 * line of its own.  Simple values are written by the shared writer into
 * the scratch sink and added at once; anything else is dumped by jansson.
 */
static void
write_response(struct conn *c, const json_t *id, bool error,
               const json_t *value)
{
    static struct mpmgr__json_sink scratch = {NULL, 0, 0, xgrow};
    struct evbuffer *out = c->out;
    int rc;

    if (c->batch != NULL) {
        evbuffer_add(out, c->batch->started ? "," : "[", 1);
        c->batch->started = true;
    }
    scratch.len = 0;
    rc = response_text(&scratch, id, error, value, c->batch != NULL);
    if (rc == 1)
        evbuffer_add(out, scratch.data, scratch.len);
    if (scratch.size > SCRATCH_KEEP) {
        free(scratch.data);
        scratch = (struct mpmgr__json_sink){NULL, 0, 0, xgrow};
    }
    if (rc == 1)
        return;
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
rpc_error_later(struct conn *c, json_t *id, const struct error *e)
{
    if (id != NULL)
        write_error(c, id, e);
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
    msg = json_pack(
        "{s:s,s:s,s:{s:s,s:s,s:i,s:s,s:s}}", "jsonrpc", "2.0", "method",
        "greeting", "params", "server", MPMGR__SERVER_NAME, "version",
        PACKAGE_VERSION, "protocol", MPMGR__PROTOCOL, "auth",
        srv.authkey != NULL ? "hmac-sha256" : "none", "nonce", nonce);
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

int
rpc_param_slot(const struct param *spec, const char *name, size_t len)
{
    int i;

    /* Tables are short: a first-byte check settles most names. */
    for (i = 0; spec[i].name != NULL; i++)
        if (len > 0 && spec[i].name[0] == name[0] &&
            strlen(spec[i].name) == len && memcmp(spec[i].name, name, len) == 0)
            return i;
    return -1;
}

/*
 * Check the parameters parse_request sorted into slots against the
 * method's declaration and fill req->args: an unknown name, a wrong type or
 * a missing required parameter is InvalidParams naming the parameter.
 */
static int
check_params(struct request *req, const struct envelope *env, struct error *e)
{
    const struct param *spec = req->method->params;
    char repr[128];
    int i;

    if (env->unknown_param != NULL) {
        value_repr(env->unknown_param, repr, sizeof(repr));
        return error_set(e, MPMGR_EINVALIDPARAMS, "unknown parameter %s for %s",
                         repr, req->method->name);
    }
    req->prepared = env->prepared;
    for (i = 0; spec[i].name != NULL; i++) {
        json_t *v = env->args[i];

        if (env->prepared_by == &spec[i])
            continue; /* read by its own reader, which judged it */

        /* null means "not given", except where null is a value. */
        if (json_is_null(v) && !(spec[i].flags & P_NULL_IS_VALUE) &&
            !(spec[i].flags & P_REQUIRED))
            v = NULL;
        if (v != NULL && !param_type_ok(spec[i].type, v))
            return error_set(e, MPMGR_EINVALIDPARAMS,
                             "parameter '%s' must be %s", spec[i].name,
                             param_type_name(spec[i].type));
        if (v == NULL && (spec[i].flags & P_REQUIRED))
            return error_set(e, MPMGR_EINVALIDPARAMS,
                             "missing parameter '%s' for %s", spec[i].name,
                             req->method->name);
        req->args[i] = v;
    }
    return 0;
}

json_t *
arg(const struct request *req, const char *name)
{
    int i = rpc_param_slot(req->method->params, name, strlen(name));

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

/* Write E, for a notification too (with id null), and close C. */
static void
refuse(struct conn *c, const json_t *id, const struct error *e)
{
    write_error(c, id, e);
    conn_close(c);
}

void
rpc_refuse(struct request *req, const struct error *e)
{
    refuse(req->conn, req->id, e);
}

/* Anything but hello before authentication: one AuthFailed, then close. */
static void
refuse_unauthenticated(struct conn *c, const json_t *id)
{
    struct error e;

    error_set(&e, MPMGR_EAUTHFAILED, "authenticate with hello first");
    refuse(c, id, &e);
}

static void
invalid_request(struct conn *c, const json_t *id, const char *why)
{
    struct error e;

    error_set(&e, MPMGR_EINVALIDREQUEST, "%s", why);
    write_error(c, id, &e);
}

/* Run one request: a line of its own or a batch element. */
static void
run_request(struct conn *c, const struct envelope *env)
{
    struct request req = {.conn = c, .id = env->id, .method = env->method};
    const struct method *m = env->method;
    struct error e;

    if (auth_pending(c) && (env->problem != NULL || m != hello_methods)) {
        refuse_unauthenticated(c, env->id);
        return;
    }
    if (env->problem != NULL) {
        invalid_request(c, env->id, env->problem);
        return;
    }
    if (m == NULL) {
        char repr[128];

        value_repr(env->method_name, repr, sizeof(repr));
        rpc_reply_errorf(&req, MPMGR_EMETHODNOTFOUND, "no method %s", repr);
        return;
    }
    srv.requests++;
    c->requests++;
    if (json_is_array(env->params)) {
        rpc_reply_errorf(&req, MPMGR_EINVALIDPARAMS,
                         "params must be an object of named parameters, "
                         "not an array");
        return;
    }
    if (check_params(&req, env, &e) < 0) {
        rpc_reply_error(&req, &e);
        return;
    }
    if ((m->flags & M_GROWS) && srv.memory_full) {
        rpc_reply_errorf(&req, MPMGR_ELIMITEXCEEDED,
                         "memory limit reached (--max-memory %llu bytes): "
                         "%s would store more; delete something first",
                         (unsigned long long)srv.max_memory, m->name);
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
    struct envelope one;
    struct error e;
    size_t batch_len;

    memory_check_line(len);
    switch (parse_request(line, len, srv.max_depth, &one, &batch_len, &e)) {
    case -1:
        if (auth_pending(c))
            refuse_unauthenticated(c, NULL);
        else
            rpc_send_error(c, &e);
        break;
    case 0:
        run_request(c, &one);
        envelope_clear(&one);
        break;
    default:
        if (auth_pending(c))
            refuse_unauthenticated(c, NULL);
        else if (batch_len == 0)
            invalid_request(c, NULL, "empty batch");
        else {
            /* The batch runs element by element from conn_process, so that
             * a waiting element can hold back the rest. */
            c->batch = batch_open(line, len, srv.max_depth);
        }
    }
}

void
rpc_batch_step(struct conn *c)
{
    struct envelope env;

    if (batch_next(c->batch, &env)) {
        run_request(c, &env);
        envelope_clear(&env);
        return;
    }
    rpc_batch_end(c);
}

void
rpc_batch_end(struct conn *c)
{
    /* Close the reply's array (cut short when the session ends first), or
     * send nothing at all when no element was answered. */
    if (c->batch != NULL && c->batch->started)
        ADD_LITERAL(c->out, "]\n");
    batch_free(c->batch);
    c->batch = NULL;
}
