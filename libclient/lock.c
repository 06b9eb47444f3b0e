/*
 * lock.c: the lock proxy, which serves both lock and rlock objects
 * (doc/protocol.md section 9): the proxy's type picks the method's prefix.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "client.h"
#include "proto.h"

#define P(l) MPMGR__P(l)

int
mpmgr_lock_create(mpmgr_t *m, const char *name, mpmgr_lock_t **out)
{
    return mpmgr__proxy_create(m, MPMGR__LOCK, name, NULL, sizeof(**out),
                               (void **)out);
}

int
mpmgr_rlock_create(mpmgr_t *m, const char *name, mpmgr_lock_t **out)
{
    return mpmgr__proxy_create(m, MPMGR__RLOCK, name, NULL, sizeof(**out),
                               (void **)out);
}

int
mpmgr_lock_open(mpmgr_t *m, const char *name, int flags, mpmgr_lock_t **out,
                int *created)
{
    return mpmgr__proxy_open(m, MPMGR__LOCK, name, flags, NULL, sizeof(**out),
                             (void **)out, created);
}

int
mpmgr_rlock_open(mpmgr_t *m, const char *name, int flags, mpmgr_lock_t **out,
                 int *created)
{
    return mpmgr__proxy_open(m, MPMGR__RLOCK, name, flags, NULL, sizeof(**out),
                             (void **)out, created);
}

int
mpmgr_lock_attach(mpmgr_t *m, int64_t oid, mpmgr_lock_t **out)
{
    return mpmgr__proxy_attach(m, oid, MPMGR__LOCK, sizeof(**out),
                               (void **)out);
}

void
mpmgr_lock_free(mpmgr_lock_t *l)
{
    mpmgr__proxy_free(P(l));
}

int64_t
mpmgr_lock_oid(const mpmgr_lock_t *l)
{
    return l != NULL ? l->p.oid : 0;
}

int
mpmgr_lock_is_rlock(const mpmgr_lock_t *l)
{
    return l != NULL && l->p.type == MPMGR__RLOCK;
}

/* "lock.VERB" or "rlock.VERB" as L's type requires. */
static const char *
method(const mpmgr_lock_t *l, const char *lock, const char *rlock)
{
    return l != NULL && l->p.type == MPMGR__RLOCK ? rlock : lock;
}

/*
 * How long to wait for the reply: the connection's reply timeout on top of
 * the lock's own, or for ever when the caller waits for ever.
 */
static int64_t
acquire_deadline(const mpmgr_lock_t *l, int blocking, double timeout)
{
    int64_t reply = mpmgr__deadline(l->p.m->reply_timeout_ms);

    if (reply == INT64_MAX || (blocking && timeout < 0))
        return INT64_MAX;
    if (blocking && timeout > MPMGR__TIMEOUT_FOREVER)
        return INT64_MAX;
    return reply + (blocking ? (int64_t)(timeout * 1000.0) + 1 : 0);
}

/* Read {"acquired":bool,"token":n} into the out-parameters. */
static int
take_acquired(mpmgr_t *m, json_t *res, int *acquired, int64_t *token)
{
    json_t *ok = json_object_get(res, "acquired");

    if (res == NULL)
        return 0;
    if (!json_is_boolean(ok)) {
        json_decref(res);
        return mpmgr__fail(m, MPMGR_EPROTO, "acquire gave no outcome");
    }
    if (acquired != NULL)
        *acquired = json_is_true(ok);
    if (token != NULL && json_is_true(ok))
        *token = json_integer_value(json_object_get(res, "token"));
    json_decref(res);
    return 0;
}

int
mpmgr_lock_acquire(mpmgr_lock_t *l, int blocking, double timeout, int *acquired,
                   int64_t *token)
{
    json_t *params, *res;
    int rc = 0;

    if (l == NULL)
        return mpmgr__null_handle();
    if (isnan(timeout))
        return mpmgr__fail(l->p.m, MPMGR_EINVAL,
                           "invalid argument: a timeout that is NaN");
    params = json_object();
    if (params != NULL && !blocking &&
        json_object_set_new(params, "blocking", json_false()) < 0)
        rc = MPMGR_ENOMEM;
    /* Past the server's "for ever" (INFINITY too, which JSON cannot
     * carry) no timeout is sent: the server then waits for ever. */
    if (params != NULL && timeout >= 0 && timeout <= MPMGR__TIMEOUT_FOREVER &&
        json_object_set_new(params, "timeout", json_real(timeout)) < 0)
        rc = MPMGR_ENOMEM;
    if (rc < 0) {
        json_decref(params);
        return mpmgr__fail(l->p.m, rc, "out of memory");
    }
    rc = mpmgr__pcall_timed(&l->p, method(l, "lock.acquire", "rlock.acquire"),
                            params, acquire_deadline(l, blocking, timeout),
                            &res);
    return rc < 0 ? rc : take_acquired(l->p.m, res, acquired, token);
}

int
mpmgr_lock_release(mpmgr_lock_t *l)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res,
                           method(l, "lock.release", "rlock.release"), "{}");

    return rc < 0 ? rc : mpmgr__take_null(P(l)->m, res);
}

int
mpmgr_lock_locked(mpmgr_lock_t *l, int *locked)
{
    json_t *res;
    int rc = mpmgr__pcallf(P(l), &res, method(l, "lock.locked", "rlock.locked"),
                           "{}");

    return rc < 0 ? rc : mpmgr__take_bool(P(l)->m, res, locked);
}
