/*
 * t_lock.c: lock and rlock (doc/protocol.md section 9).  A lock has a holder, a
 * fencing token that grows with every grant, and a first-come-first-served
 * queue of parked acquires.  A blocking acquire never blocks the loop: it
 * is parked with an optional timer, and the connection runs no further
 * requests until it is granted, times out, or the session ends.
 */
#include "config.h"

#include <math.h>

#include <utlist.h>

#include "mpmgrd.h"

/* A parked acquire. */
struct waiter {
    struct conn *conn;
    struct object *lock;
    json_t *id;                 /* NULL for a notification */
    struct event *timer;        /* NULL when it waits forever */
    struct waiter *prev, *next; /* the lock's queue */
};

/* ---------------------------------------------------------------------
 * Storage
 * ------------------------------------------------------------------- */

static json_t *
granted(const struct lock *l)
{
    return json_pack("{s:b,s:I}", "acquired", 1, "token", (json_int_t)l->token);
}

/* Make C the holder of O, with a new token. */
static void
lock_grant(struct object *o, struct conn *c)
{
    struct lock *l = &o->u.lock;

    l->holder = c;
    l->count = 1;
    l->token++;
    DL_APPEND2(c->held, o, u.lock.held_prev, u.lock.held_next);
    c->nheld++;
}

static void
waiter_free(struct waiter *w)
{
    if (w->timer != NULL)
        event_free(w->timer);
    json_decref(w->id);
    free(w);
}

/* Take C's parked acquire out of its lock's queue. */
static void
unpark(struct conn *c)
{
    struct waiter *w = c->waiting;

    DL_DELETE(w->lock->u.lock.waiters, w);
    c->waiting = NULL;
    waiter_free(w);
}

/* O's holder holds it no more. */
static void
drop_holder(struct object *o)
{
    struct lock *l = &o->u.lock;

    DL_DELETE2(l->holder->held, o, u.lock.held_prev, u.lock.held_next);
    l->holder->nheld--;
    l->holder = NULL;
    l->count = 0;
}

/*
 * Free O's holder and hand the lock to the first waiter, whose parked
 * request then gets its reply and whose connection resumes.  Not while the
 * server stops: every session is about to end, and a waiter told that it
 * got the lock would lose it at once.
 */
static void
lock_release(struct object *o)
{
    struct lock *l = &o->u.lock;
    struct waiter *w = srv.stopping ? NULL : l->waiters;
    struct conn *c;

    drop_holder(o);
    if (w != NULL) {
        c = w->conn;
        lock_grant(o, c);
        rpc_reply_later(c, w->id, granted(l));
        unpark(c);
        conn_resume(c);
    }
}

static void
waiter_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
    struct waiter *w = arg;
    struct conn *c = w->conn;

    rpc_reply_later(c, w->id, json_pack("{s:b}", "acquired", 0));
    unpark(c);
    conn_resume(c);
}

void
lock_cancel_wait(struct conn *c)
{
    if (c->waiting != NULL)
        unpark(c);
}

size_t
lock_waiters(const struct object *o)
{
    const struct waiter *w;
    size_t n = 0;

    DL_FOREACH (o->u.lock.waiters, w) {
        n++;
    }
    return n;
}

uint64_t
lock_waited_for(const struct conn *c)
{
    return c->waiting != NULL ? c->waiting->lock->oid : 0;
}

void
lock_release_all(struct conn *c)
{
    struct object *o, *tmp;

    DL_FOREACH_SAFE2 (c->held, o, tmp, u.lock.held_next) {
        lock_release(o);
    }
}

static int
lock_init(struct object *o, json_t *init, struct error *e)
{
    if (init != NULL)
        return error_set(e, MPMGR_EINVALIDPARAMS, "a %s takes no init",
                         o->type->name);
    return 0;
}

/*
 * A lock is freed when it has neither name nor reference (doc/protocol.md
 * section 5), held or not: its holder no longer holds it, and each parked
 * acquire is answered with NoSuchObject, since nothing can grant it now.
 */
static void
lock_destroy(struct object *o)
{
    struct lock *l = &o->u.lock;
    struct waiter *w, *tmp;
    struct error e;

    if (l->holder != NULL)
        drop_holder(o);
    error_set(&e, MPMGR_ENOSUCHOBJECT,
              "%s %llu was freed while this acquire waited: no name or "
              "reference was left",
              o->type->name, (unsigned long long)o->oid);
    DL_FOREACH_SAFE (l->waiters, w, tmp) {
        struct conn *c = w->conn;

        /* A stopping server closes the waiter's connection instead. */
        if (!srv.stopping) {
            rpc_error_later(c, w->id, &e);
            conn_resume(c);
        }
        unpark(c);
    }
}

static long
lock_length(const struct object *o)
{
    return -1;
}

const struct type lock_type = {
    .name = "lock",
    .init = lock_init,
    .destroy = lock_destroy,
    .len = lock_length,
};

const struct type rlock_type = {
    .name = "rlock",
    .init = lock_init,
    .destroy = lock_destroy,
    .len = lock_length,
};

/* ---------------------------------------------------------------------
 * Methods
 * ------------------------------------------------------------------- */

/* Park REQ until its lock is granted, it times out after SECONDS (< 0:
 * never), or its session ends. */
static void
park(struct request *req, double seconds)
{
    struct waiter *w = xcalloc(1, sizeof(*w));
    struct lock *l = &req->obj->u.lock;

    w->conn = req->conn;
    w->lock = req->obj;
    w->id = rpc_park(req);
    if (seconds >= 0 && seconds < MPMGR__TIMEOUT_FOREVER) {
        struct timeval tv;

        tv.tv_sec = (time_t)seconds;
        tv.tv_usec = (suseconds_t)((seconds - floor(seconds)) * 1e6);
        w->timer = evtimer_new(srv.base, waiter_timeout_cb, w);
        evtimer_add(w->timer, &tv);
    }
    DL_APPEND(l->waiters, w);
    req->conn->waiting = w;
}

static void
acquire(struct request *req, bool reentrant)
{
    struct lock *l = &req->obj->u.lock;
    json_t *blocking = arg(req, "blocking"), *timeout = arg(req, "timeout");
    double seconds = -1;

    if (json_is_false(blocking) && timeout != NULL) {
        rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS,
                         "a non-blocking acquire cannot take a timeout");
        return;
    }
    if (timeout != NULL) {
        seconds = json_number_value(timeout);
        if (seconds < 0 && seconds != -1) {
            rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS,
                             "timeout must be -1 or a number >= 0");
            return;
        }
    }
    if (reentrant && l->holder == req->conn) {
        l->count++;
        rpc_reply_result(req, granted(l));
        return;
    }
    if (l->holder == NULL) {
        lock_grant(req->obj, req->conn);
        rpc_reply_result(req, granted(l));
        return;
    }
    if (json_is_false(blocking) || seconds == 0) {
        rpc_reply_result(req, json_pack("{s:b}", "acquired", 0));
        return;
    }
    park(req, seconds);
}

static void
lock_acquire_m(struct request *req)
{
    acquire(req, false);
}

static void
rlock_acquire_m(struct request *req)
{
    acquire(req, true);
}

/* threading.Lock: any session may release a held lock. */
static void
lock_release_m(struct request *req)
{
    if (req->obj->u.lock.holder == NULL) {
        rpc_reply_errorf(req, MPMGR_ERUNTIME, "release unlocked lock");
        return;
    }
    lock_release(req->obj);
    rpc_reply_null(req);
}

/* threading.RLock: only the holder releases, once per acquire. */
static void
rlock_release_m(struct request *req)
{
    struct lock *l = &req->obj->u.lock;

    if (l->holder != req->conn) {
        rpc_reply_errorf(req, MPMGR_ERUNTIME,
                         "cannot release un-acquired lock");
        return;
    }
    if (--l->count == 0)
        lock_release(req->obj);
    rpc_reply_null(req);
}

static void
locked_m(struct request *req)
{
    rpc_reply_result(req, json_boolean(req->obj->u.lock.holder != NULL));
}

#define OID                                                                    \
    {                                                                          \
        .name = "oid", .type = PT_INT, .flags = P_REQUIRED                     \
    }

static const struct param oid_only[] = {OID, {NULL}};
static const struct param acquire_params[] = {
    OID,
    {.name = "blocking", .type = PT_BOOL},
    {.name = "timeout", .type = PT_NUMBER},
    {NULL},
};

struct method lock_methods[] = {
    {.name = "lock.acquire",
     .handler = lock_acquire_m,
     .type = &lock_type,
     .params = acquire_params,
     .flags = M_OBJECT},
    {.name = "lock.release",
     .handler = lock_release_m,
     .type = &lock_type,
     .params = oid_only,
     .flags = M_OBJECT},
    {.name = "lock.locked",
     .handler = locked_m,
     .type = &lock_type,
     .params = oid_only,
     .flags = M_OBJECT},
    {NULL},
};

struct method rlock_methods[] = {
    {.name = "rlock.acquire",
     .handler = rlock_acquire_m,
     .type = &rlock_type,
     .params = acquire_params,
     .flags = M_OBJECT},
    {.name = "rlock.release",
     .handler = rlock_release_m,
     .type = &rlock_type,
     .params = oid_only,
     .flags = M_OBJECT},
    {.name = "rlock.locked",
     .handler = locked_m,
     .type = &rlock_type,
     .params = oid_only,
     .flags = M_OBJECT},
    {NULL},
};
