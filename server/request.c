/*
 * request.c: a request line taken apart, and a batch read element by
 * element (checked whole first, then read again as each runs, so that a
 * waiting batch holds its text, not its parsed elements).  The envelope is
 * read into a struct rather than a jansson object: jsonrpc and method are
 * checked and looked up in place, and the members of params go straight
 * into the slots of the method's declaration.  Only the id and the
 * parameter values become jansson values, read by the JSON reader of
 * common/json.c, which also enforces --max-depth.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mpmgrd.h"

enum member { M_JSONRPC, M_ID, M_METHOD, M_PARAMS, M_OTHER };

static enum member
classify(const struct mpmgr__json_key *k)
{
    switch (k->len) {
    case 2:
        return memcmp(k->text, "id", 2) == 0 ? M_ID : M_OTHER;
    case 6:
        if (memcmp(k->text, "method", 6) == 0)
            return M_METHOD;
        return memcmp(k->text, "params", 6) == 0 ? M_PARAMS : M_OTHER;
    case 7:
        return memcmp(k->text, "jsonrpc", 7) == 0 ? M_JSONRPC : M_OTHER;
    default:
        return M_OTHER;
    }
}

/* What an envelope's members were, before they are judged. */
struct members {
    struct envelope *env;
    unsigned seen;   /* bits of enum member */
    bool version_ok; /* "jsonrpc":"2.0" */
    bool method_string;
    json_t *others; /* unknown members, to catch duplicates */
};

/* "method": look the name up now; keep it only when it is unknown. */
static int
read_method(struct mpmgr__json_parser *ps, struct envelope *env,
            struct members *m)
{
    const char *name;
    size_t len;
    json_t *v;

    mpmgr__json_skip_space(ps);
    if (ps->p < ps->end && *ps->p == '"') {
        if (mpmgr__json_scan_string(ps, &name, &len) < 0)
            return -1;
        m->method_string = true;
        env->method = rpc_find_method(name, len);
        if (env->method == NULL)
            env->method_name = json_stringn_nocheck(name, len);
        return 0;
    }
    if ((v = mpmgr__json_value(ps)) == NULL)
        return -1;
    json_decref(v);
    return 0;
}

/*
 * Give V (stolen) to slot I, that of parameter K of ENV's method; I is -1
 * for an unknown name, kept aside for the InvalidParams reply.  Returns 0,
 * or -1 for a duplicate name (ParseError).
 */
static int
assign_param(struct mpmgr__json_parser *ps, struct envelope *env,
             const struct mpmgr__json_key *k, int i, json_t *v,
             unsigned *filled, json_t **others)
{
    if (i < 0) {
        if (env->unknown_param == NULL)
            env->unknown_param = json_stringn_nocheck(k->text, k->len);
        if (*others == NULL)
            *others = json_object();
        return mpmgr__json_add_member(ps, *others, k, v);
    }
    if (*filled & (1u << i)) {
        json_decref(v);
        mpmgr__json_fail(ps, MPMGR_EPARSE, "duplicate object key");
        return -1;
    }
    *filled |= 1u << i;
    env->args[i] = v;
    return 0;
}

/* The params being read into an envelope's slots. */
struct params {
    struct envelope *env;
    unsigned filled; /* bits of the slots given */
    json_t *others;  /* unknown names, to catch duplicates */
};

/* Slot I's value read by its parameter's own reader: 1 read, 0 left to
 * the ordinary reader, -1 failed (see struct param_reader). */
static int
read_prepared(struct mpmgr__json_parser *ps, struct params *p, int i)
{
    struct envelope *env = p->env;
    const struct param *spec = &env->method->params[i];
    int rc;

    if (spec->reader == NULL || (p->filled & (1u << i)))
        return 0;
    mpmgr__json_skip_space(ps);
    if ((rc = spec->reader->read(ps, &env->prepared)) == 1) {
        p->filled |= 1u << i;
        env->prepared_by = spec;
    }
    return rc;
}

static int
read_param(struct mpmgr__json_parser *ps, const struct mpmgr__json_key *k,
           void *arg)
{
    struct params *p = arg;
    int i = rpc_param_slot(p->env->method->params, k->text, k->len), rc;
    json_t *v;

    if (i >= 0 && (rc = read_prepared(ps, p, i)) != 0)
        return rc > 0 ? 0 : -1;
    if ((v = mpmgr__json_value(ps)) == NULL)
        return -1;
    return assign_param(ps, p->env, k, i, v, &p->filled, &p->others);
}

/*
 * A params object whose method is already known: its members go straight
 * into their slots, with no jansson object in between.
 */
static int
read_params(struct mpmgr__json_parser *ps, struct envelope *env)
{
    struct params p = {.env = env};
    int rc = mpmgr__json_read_object(ps, read_param, &p);

    json_decref(p.others);
    return rc;
}

/*
 * A params object read before its method was known (or for an unknown
 * method): sort its members into the slots now.
 */
static void
sort_params(struct mpmgr__json_parser *ps, struct envelope *env)
{
    json_t *params = env->params, *others = NULL, *v;
    struct mpmgr__json_key k;
    unsigned filled = 0;
    const char *name;

    if (env->method == NULL || !json_is_object(params))
        return;
    json_object_keylen_foreach (params, name, k.len, v) {
        k.text = name;
        assign_param(ps, env, &k,
                     rpc_param_slot(env->method->params, name, k.len),
                     json_incref(v), &filled, &others);
    }
    json_decref(others);
    json_decref(params);
    env->params = NULL;
}

static int
read_member(struct mpmgr__json_parser *ps, const struct mpmgr__json_key *k,
            void *arg)
{
    struct members *m = arg;
    struct envelope *env = m->env;
    enum member which = classify(k);
    json_t *v;

    if (which != M_OTHER && (m->seen & (1u << which))) {
        mpmgr__json_fail(ps, MPMGR_EPARSE, "duplicate object key");
        return -1;
    }
    m->seen |= 1u << which;
    if (which == M_METHOD)
        return read_method(ps, env, m);
    mpmgr__json_skip_space(ps);
    if (which == M_PARAMS && env->method != NULL && ps->p < ps->end &&
        *ps->p == '{')
        return read_params(ps, env);
    if ((v = mpmgr__json_value(ps)) == NULL)
        return -1;
    switch (which) {
    case M_JSONRPC:
        m->version_ok = json_is_string(v) && json_string_length(v) == 3 &&
                        memcmp(json_string_value(v), "2.0", 3) == 0;
        json_decref(v);
        return 0;
    case M_ID:
        env->id = v;
        return 0;
    case M_PARAMS:
        env->params = v;
        return 0;
    default:
        if (m->others == NULL)
            m->others = json_object();
        return mpmgr__json_add_member(ps, m->others, k, v);
    }
}

/*
 * Judge a complete envelope (doc/protocol.md section 3), in a fixed order
 * so that the reason given does not depend on the order of the members.
 */
static void
judge(struct envelope *env, const struct members *m)
{
    env->notification = !(m->seen & (1u << M_ID));
    if (env->id != NULL && !json_is_integer(env->id) &&
        !json_is_string(env->id)) {
        json_decref(env->id);
        env->id = NULL;
        env->problem = "id must be an integer or a string";
    } else if (m->others != NULL) {
        env->problem = "unknown member in the request object";
    } else if (!m->version_ok) {
        env->problem = "jsonrpc must be \"2.0\"";
    } else if (!m->method_string) {
        env->problem = "method must be a string";
    } else if (env->params != NULL && !json_is_object(env->params) &&
               !json_is_array(env->params)) {
        env->problem = "params must be an object";
    }
}

/* One request object at ps->p, or any other value (an invalid request). */
static int
parse_envelope(struct mpmgr__json_parser *ps, struct envelope *env)
{
    struct members m = {.env = env};
    json_t *v;

    memset(env, 0, sizeof(*env));
    mpmgr__json_skip_space(ps);
    if (ps->p >= ps->end || *ps->p != '{') {
        if ((v = mpmgr__json_value(ps)) == NULL)
            return -1;
        json_decref(v);
        env->problem = "a request must be a JSON object";
        return 0;
    }
    if (mpmgr__json_read_object(ps, read_member, &m) < 0)
        goto fail;
    judge(env, &m);
    sort_params(ps, env);
    json_decref(m.others);
    return 0;
fail:
    json_decref(m.others);
    envelope_clear(env);
    return -1;
}

void
envelope_clear(struct envelope *env)
{
    size_t i;

    json_decref(env->id);
    json_decref(env->method_name);
    json_decref(env->params);
    for (i = 0; i < MAX_PARAMS; i++)
        json_decref(env->args[i]);
    json_decref(env->unknown_param);
    if (env->prepared_by != NULL)
        env->prepared_by->reader->drop(env->prepared);
    memset(env, 0, sizeof(*env));
}

/*
 * A batch at ps->p, read through once to know that all of it is valid JSON
 * (an invalid batch gets one ParseError and none of it runs): 0 with the
 * number of elements in *N, or -1.  Each element is read again as it runs
 * (batch_next), so a batch never takes much more memory than its text.
 */
static int
check_batch(struct mpmgr__json_parser *ps, size_t *n)
{
    struct envelope env;
    bool more, failed = false;

    *n = 0;
    if (!mpmgr__json_descend(ps))
        return -1;
    for (more = mpmgr__json_open_array(ps); more;
         more = mpmgr__json_next_element(ps, &failed)) {
        if (parse_envelope(ps, &env) < 0)
            return -1;
        envelope_clear(&env);
        (*n)++;
    }
    return failed ? -1 : 0;
}

struct batch *
batch_open(const char *text, size_t len, int max_depth)
{
    struct batch *b = xmalloc(sizeof(*b));

    b->text = xmalloc(len);
    memcpy(b->text, text, len);
    mpmgr__json_init(&b->ps, b->text, len, max_depth);
    mpmgr__json_skip_space(&b->ps);
    /* parse_request has read this text: the '[' is there and in depth. */
    mpmgr__json_descend(&b->ps);
    b->more = mpmgr__json_open_array(&b->ps);
    b->started = false;
    return b;
}

bool
batch_next(struct batch *b, struct envelope *env)
{
    bool failed = false;

    if (!b->more)
        return false;
    if (parse_envelope(&b->ps, env) < 0)
        fatalx("a batch read differently the second time: %s",
               b->ps.error.text);
    b->more = mpmgr__json_next_element(&b->ps, &failed);
    return true;
}

void
batch_free(struct batch *b)
{
    if (b == NULL)
        return;
    mpmgr__json_done(&b->ps);
    free(b->text);
    free(b);
}

int
parse_request(const char *text, size_t len, int max_depth, struct envelope *one,
              size_t *batch_len, struct error *e)
{
    struct mpmgr__json_parser ps;
    int rc;

    *batch_len = 0;
    mpmgr__json_init(&ps, text, len, max_depth);
    mpmgr__json_skip_space(&ps);
    if (ps.p < ps.end && *ps.p == '[')
        rc = check_batch(&ps, batch_len) == 0 ? 1 : -1;
    else
        rc = parse_envelope(&ps, one);
    if (rc >= 0) {
        mpmgr__json_skip_space(&ps);
        if (ps.p < ps.end) {
            mpmgr__json_fail(&ps, MPMGR_EPARSE, "end of input expected");
            if (rc == 0)
                envelope_clear(one);
            rc = -1;
        }
    }
    mpmgr__json_done(&ps);
    if (rc < 0)
        error_set(e, ps.error.code, "%s", ps.error.text);
    return rc;
}
