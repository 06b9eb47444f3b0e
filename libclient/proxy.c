/*
 * proxy.c: what every proxy shares: making one (new, open, attach),
 * dropping it (release), and sending a method for it.  A proxy holds a
 * reference in one session; when the process has a newer session (a forked
 * child), the proxy attaches to its object there before its first call.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

static const char *const type_names[] = {
    [MPMGR__DICT] = "dict",
    [MPMGR__LIST] = "list",
    [MPMGR__LOCK] = "lock",
    [MPMGR__RLOCK] = "rlock",
};

/* Does a handle of type NAME serve a proxy of type WANT?  A lock proxy
 * serves both kinds of lock. */
static int
type_matches(const char *name, enum mpmgr__type want, enum mpmgr__type *got)
{
    size_t i;

    for (i = 0; i < sizeof(type_names) / sizeof(*type_names); i++) {
        if (strcmp(name, type_names[i]) != 0)
            continue;
        *got = (enum mpmgr__type)i;
        return i == want || (want == MPMGR__LOCK && i == MPMGR__RLOCK);
    }
    return 0;
}

static void
send_release(mpmgr_t *m, int64_t oid)
{
    json_t *res = NULL;

    if (mpmgr__call(m, "release", json_pack("{s:I}", "oid", (json_int_t)oid),
                    &res) == 0)
        json_decref(res);
}

/*
 * Turn a handle (RES, consumed) into a proxy of SIZE bytes in *OUT.  A
 * handle of the wrong type gives its reference back and is MPMGR_ETYPE.
 */
static int
take_handle(mpmgr_t *m, json_t *res, enum mpmgr__type want, size_t size,
            void **out, int *created)
{
    json_t *h = json_is_object(json_object_get(res, "handle"))
                    ? json_object_get(res, "handle")
                    : res;
    json_t *oid = json_object_get(h, "oid");
    const char *type = json_string_value(json_object_get(h, "type"));
    enum mpmgr__type got = want;
    struct mpmgr__proxy *p;
    int rc = 0;

    if (!json_is_integer(oid) || type == NULL)
        rc = mpmgr__fail(m, MPMGR_EPROTO, "malformed handle from %s",
                         m->addr.text);
    else if (!type_matches(type, want, &got)) {
        send_release(m, json_integer_value(oid));
        rc = mpmgr__fail(m, MPMGR_ETYPE,
                         "TypeError: object %lld is a %s, "
                         "not a %s",
                         (long long)json_integer_value(oid), type,
                         type_names[want]);
    } else if ((p = calloc(1, size)) == NULL) {
        send_release(m, json_integer_value(oid));
        rc = mpmgr__fail(m, MPMGR_ENOMEM, "out of memory");
    } else {
        p->m = m;
        p->oid = json_integer_value(oid);
        p->type = got;
        p->gen = m->gen;
        *out = p;
        if (created != NULL)
            *created = json_is_true(json_object_get(res, "created"));
    }
    json_decref(res);
    return rc;
}

/* Proxies come from a reply, so they cannot be made while pipelining. */
static int
check_maker(mpmgr_t *m, void **out)
{
    if (m == NULL)
        return mpmgr__null_handle();
    if (out == NULL)
        return mpmgr__fail(m, MPMGR_EINVAL, "no out pointer for the proxy");
    if (mpmgr__pipelining(m))
        return mpmgr__fail(m, MPMGR_EINVAL,
                           "proxies cannot be made while pipelining");
    return 0;
}

int
mpmgr__proxy_create(mpmgr_t *m, enum mpmgr__type type, const char *name,
                    json_t *init, size_t size, void **out)
{
    json_t *res;
    int rc;

    if ((rc = check_maker(m, out)) < 0)
        return rc;
    rc = mpmgr__callf(m, &res, "new", "{s:s, s:s*, s:O*}", "type",
                      type_names[type], "name", name, "init", init);
    return rc < 0 ? rc : take_handle(m, res, type, size, out, NULL);
}

int
mpmgr__proxy_open(mpmgr_t *m, enum mpmgr__type type, const char *name,
                  int flags, json_t *init, size_t size, void **out,
                  int *created)
{
    json_t *res;
    int rc;

    if ((rc = check_maker(m, out)) < 0)
        return rc;
    rc = mpmgr__callf(m, &res, "open", "{s:s, s:s, s:b, s:O*}", "type",
                      type_names[type], "name", name, "create",
                      (flags & MPMGR_CREATE) != 0, "init", init);
    return rc < 0 ? rc : take_handle(m, res, type, size, out, created);
}

int
mpmgr__proxy_attach(mpmgr_t *m, int64_t oid, enum mpmgr__type want, size_t size,
                    void **out)
{
    json_t *res;
    int rc;

    if ((rc = check_maker(m, out)) < 0)
        return rc;
    rc = mpmgr__callf(m, &res, "attach", "{s:I}", "oid", (json_int_t)oid);
    return rc < 0 ? rc : take_handle(m, res, want, size, out, NULL);
}

/*
 * Take a reference in M's current session for P, whose reference belongs
 * to an older one (the parent's, in a forked child).  In a pipeline the
 * attach is queued ahead of the call, out of the caller's sight.
 */
static int
reattach(struct mpmgr__proxy *p)
{
    mpmgr_t *m = p->m;
    json_t *params = json_pack("{s:I}", "oid", (json_int_t)p->oid), *res;
    int rc;

    if (mpmgr__pipelining(m))
        rc = mpmgr__queue_hidden(m, "attach", params);
    else if ((rc = mpmgr__call(m, "attach", params, &res)) == 0)
        json_decref(res);
    if (rc == 0)
        p->gen = m->gen;
    return rc;
}

/*
 * Make M ready for a call for P (NULL: a method of the connection): open
 * and ours, unless a pipeline is being queued, and P attached in it.
 */
static int
prepare(mpmgr_t *m, struct mpmgr__proxy *p)
{
    int rc = 0;

    if (!mpmgr__pipelining(m))
        rc = mpmgr__ensure(m);
    if (rc == 0 && p != NULL && p->gen != m->gen)
        rc = reattach(p);
    return rc;
}

/* Send METHOD for proxy P with PARAMS (stolen; "oid" is added here). */
int
mpmgr__pcall_timed(struct mpmgr__proxy *p, const char *method, json_t *params,
                   int64_t deadline, json_t **result)
{
    mpmgr_t *m = p->m;
    int rc = prepare(m, p);

    *result = NULL;
    if (rc < 0) {
        json_decref(params);
        return rc;
    }
    return mpmgr__call_timed(m, method, p->oid, params, deadline, result);
}

/*
 * Send METHOD, for proxy P when it is non-NULL, else on M, with params
 * written from FMT: by mpmgr__encode_members (a NULL json_t or string is
 * MPMGR_EINVAL unless its format says it is optional), or, when NAMES is
 * non-NULL, by mpmgr__encode_values with those member names.  *RESULT as
 * for mpmgr__call_timed.
 */
static int
vcall(mpmgr_t *m, struct mpmgr__proxy *p, json_t **result, const char *method,
      const char *const *names, const char *fmt, va_list ap)
{
    struct mpmgr__buf scratch = {0};
    struct mpmgr__buf *members = m != NULL ? &m->members : &scratch;
    int rc, count = 0;

    *result = NULL;
    /* The params first: they take the arguments (a stolen json_t is
     * freed), whatever happens next, even without a handle. */
    if (names != NULL) {
        while (names[count] != NULL)
            count++;
        mpmgr__buf_reset(members);
        rc = mpmgr__encode_values(m, members, names, count, fmt, ap);
    } else {
        rc = mpmgr__encode_members(m, members, fmt, ap);
    }
    if (m == NULL) {
        mpmgr__buf_free(&scratch);
        return mpmgr__null_handle();
    }
    if (rc < 0 || (rc = prepare(m, p)) < 0)
        return rc;
    return mpmgr__call_members(m, method, p != NULL ? p->oid : 0,
                               m->members.data, m->members.len,
                               mpmgr__deadline(m->reply_timeout_ms), result);
}

int
mpmgr__pcallf(struct mpmgr__proxy *p, json_t **result, const char *method,
              const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vcall(p != NULL ? p->m : NULL, p, result, method, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int
mpmgr__vpcall_values(struct mpmgr__proxy *p, json_t **result,
                     const char *method, const char *const *names,
                     const char *fmt, va_list ap)
{
    return vcall(p != NULL ? p->m : NULL, p, result, method, names, fmt, ap);
}

/* mpmgr__pcallf() for a method of the connection rather than an object. */
int
mpmgr__callf(mpmgr_t *m, json_t **result, const char *method, const char *fmt,
             ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vcall(m, NULL, result, method, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

/*
 * Drop P.  Its reference is released only in the session that holds it,
 * and only by the process that owns that session: a forked child that
 * never used P has nothing to release and must not touch the parent's
 * socket.
 */
void
mpmgr__proxy_free(struct mpmgr__proxy *p)
{
    mpmgr_t *m;
    char *saved;

    if (p == NULL)
        return;
    m = p->m;
    if (mpmgr__own_process(m) && m->fd >= 0 && p->gen == m->gen) {
        /* The caller's last error stays readable after the free. */
        saved = m->errmsg;
        m->errmsg = NULL;
        if (mpmgr__pipelining(m))
            mpmgr__queue_hidden(m, "release",
                                json_pack("{s:I}", "oid", (json_int_t)p->oid));
        else
            send_release(m, p->oid);
        free(m->errmsg);
        m->errmsg = saved;
    }
    free(p);
}

int
mpmgr_describe(mpmgr_t *m, int64_t oid, json_t **info)
{
    json_t *res;
    int rc = mpmgr__callf(m, &res, "describe", "{s:I}", "oid", (json_int_t)oid);

    return rc < 0 ? rc : mpmgr__take_value(res, info);
}

int
mpmgr_unlink(mpmgr_t *m, const char *name)
{
    json_t *res;
    int rc = mpmgr__callf(m, &res, "unlink", "{s:s}", "name", name);

    return rc < 0 ? rc : mpmgr__take_null(m, res);
}
