/*
 * check_lock.c: lock and rlock proxies, across connections and processes.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"

START_TEST(test_lock_acquire_release)
{
    mpmgr_lock_t *l = NULL, *o = NULL, *a = NULL, *c = NULL;
    int acquired = -1, locked = -1, created = -1;
    int64_t t1 = 0, t2 = 0;

    mpt_ok(mpmgr_lock_create(mpt_m, "L", &l));
    ck_assert_int_eq(mpmgr_lock_is_rlock(l), 0);
    mpt_ok(mpmgr_lock_acquire(l, 1, -1, &acquired, &t1));
    ck_assert_int_eq(acquired, 1);
    mpt_ok(mpmgr_lock_locked(l, &locked));
    ck_assert_int_eq(locked, 1);
    /* A lock is not re-entrant: a second try fails without waiting. */
    mpt_ok(mpmgr_lock_acquire(l, 0, -1, &acquired, NULL));
    ck_assert_int_eq(acquired, 0);
    mpt_ok(mpmgr_lock_acquire(l, 1, 0.05, &acquired, NULL));
    ck_assert_int_eq(acquired, 0);
    mpt_ok(mpmgr_lock_release(l));
    mpt_ok(mpmgr_lock_open(mpt_m, "L", 0, &o, &created));
    mpt_ok(mpmgr_lock_acquire(o, 1, 1.0, &acquired, &t2));
    ck_assert_int_eq(acquired, 1);
    ck_assert_int_eq(t2, t1 + 1);
    mpt_ok(mpmgr_lock_attach(mpt_m, mpmgr_lock_oid(l), &a));
    mpt_ok(mpmgr_lock_release(a));
    mpt_ok(mpmgr_lock_locked(l, &locked));
    ck_assert_int_eq(locked, 0);
    mpt_ok(mpmgr_lock_open(mpt_m, "L2", MPMGR_CREATE, &c, &created));
    ck_assert_int_eq(created, 1);
    mpmgr_lock_free(c);
    mpmgr_lock_free(o);
    mpmgr_lock_free(a);
    mpmgr_lock_free(l);
    mpmgr_lock_free(NULL);
    ck_assert_int_eq(mpmgr_lock_oid(NULL), 0);
}
END_TEST

START_TEST(test_lock_rlock)
{
    mpmgr_lock_t *r = NULL, *o = NULL, *theirs = NULL;
    mpmgr_t *m2 = mpt_connect();
    int acquired = -1, locked = -1;
    int64_t t1 = 0, t2 = 0;

    mpt_ok(mpmgr_rlock_create(mpt_m, "R", &r));
    ck_assert_int_eq(mpmgr_lock_is_rlock(r), 1);
    mpt_ok(mpmgr_lock_acquire(r, 1, -1, &acquired, &t1));
    mpt_ok(mpmgr_lock_acquire(r, 0, -1, &acquired, &t2));
    ck_assert_int_eq(acquired, 1);
    ck_assert_int_eq(t1, t2);
    mpt_ok(mpmgr_rlock_open(m2, "R", 0, &theirs, NULL));
    ck_assert_int_eq(mpmgr_lock_is_rlock(theirs), 1);
    mpt_fails(mpmgr_lock_release(theirs), MPMGR_ERUNTIME);
    mpt_ok(mpmgr_lock_acquire(theirs, 0, -1, &acquired, NULL));
    ck_assert_int_eq(acquired, 0);
    mpt_ok(mpmgr_lock_release(r));
    mpt_ok(mpmgr_lock_locked(r, &locked));
    ck_assert_int_eq(locked, 1);
    mpt_ok(mpmgr_lock_release(r));
    mpt_ok(mpmgr_lock_locked(r, &locked));
    ck_assert_int_eq(locked, 0);
    mpt_ok(mpmgr_lock_attach(mpt_m, mpmgr_lock_oid(r), &o));
    ck_assert_int_eq(mpmgr_lock_is_rlock(o), 1);
    mpt_fails(mpmgr_lock_open(mpt_m, "R", 0, &o, NULL), MPMGR_ETYPE);
    mpmgr_lock_free(o);
    mpmgr_lock_free(theirs);
    mpmgr_close(m2);
    mpmgr_lock_free(r);
}
END_TEST

/* A session that ends releases its locks, so a crashed holder is harmless. */
START_TEST(test_lock_released_when_holder_dies)
{
    mpmgr_lock_t *l = NULL;
    int acquired = 0, ready[2];
    char c;
    pid_t pid;

    mpt_ok(mpmgr_lock_create(mpt_m, NULL, &l));
    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int got = 0;

        if (mpmgr_lock_acquire(l, 1, -1, &got, NULL) != 0 || !got)
            _exit(1);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    mpt_ok(mpmgr_lock_acquire(l, 0, -1, &acquired, NULL));
    ck_assert_int_eq(acquired, 0);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    mpt_ok(mpmgr_lock_acquire(l, 1, 30, &acquired, NULL));
    ck_assert_int_eq(acquired, 1);
    close(ready[0]);
    close(ready[1]);
    mpmgr_lock_free(l);
}
END_TEST

/* A blocked acquire completes when the holder releases. */
START_TEST(test_lock_waiter_served)
{
    mpmgr_lock_t *l = NULL;
    mpmgr_t *m2 = mpt_connect();
    mpmgr_lock_t *l2 = NULL;
    int acquired = 0, go[2];
    pid_t pid;

    mpt_ok(mpmgr_lock_create(mpt_m, "W", &l));
    mpt_ok(mpmgr_lock_open(m2, "W", 0, &l2, NULL));
    mpt_ok(mpmgr_lock_acquire(l2, 1, -1, &acquired, NULL));
    ck_assert_int_eq(pipe(go), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char c;

        /* Release once the parent is (about to be) waiting. */
        if (read(go[0], &c, 1) != 1 || mpmgr_lock_release(l2) != 0)
            _exit(1);
        _exit(0);
    }
    ck_assert_int_eq(write(go[1], "x", 1), 1);
    mpt_ok(mpmgr_lock_acquire(l, 1, -1, &acquired, NULL));
    ck_assert_int_eq(acquired, 1);
    mpt_wait_ok(pid);
    close(go[0]);
    close(go[1]);
    mpmgr_lock_free(l2);
    mpmgr_close(m2);
    mpmgr_lock_free(l);
}
END_TEST

START_TEST(test_lock_errors)
{
    mpmgr_lock_t *l = NULL, *x = NULL;
    mpmgr_dict_t *d = NULL;
    int acquired;

    mpt_ok(mpmgr_lock_create(mpt_m, NULL, &l));
    mpt_fails(mpmgr_lock_release(l), MPMGR_ERUNTIME);
    mpt_fails(mpmgr_lock_acquire(l, 0, 1.0, &acquired, NULL),
              MPMGR_EINVALIDPARAMS);
    mpt_fails(mpmgr_lock_acquire(NULL, 1, -1, &acquired, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_lock_acquire(l, 1, NAN, &acquired, NULL), MPMGR_EINVAL);
    /* INFINITY waits for ever, as a negative timeout does. */
    acquired = 0;
    mpt_ok(mpmgr_lock_acquire(l, 1, INFINITY, &acquired, NULL));
    ck_assert_int_eq(acquired, 1);
    mpt_ok(mpmgr_lock_release(l));
    mpt_fails(mpmgr_lock_release(NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_lock_locked(NULL, &acquired), MPMGR_EINVAL);
    mpt_ok(mpmgr_dict_create(mpt_m, "D", NULL, &d));
    mpt_fails(mpmgr_lock_attach(mpt_m, mpmgr_dict_oid(d), &x), MPMGR_ETYPE);
    mpt_fails(mpmgr_lock_open(mpt_m, "D", 0, &x, NULL), MPMGR_ETYPE);
    mpt_fails(mpmgr_lock_open(mpt_m, "none", 0, &x, NULL), MPMGR_ENOSUCHOBJECT);
    ck_assert_ptr_null(x);
    mpmgr_dict_free(d);
    mpmgr_lock_free(l);
}
END_TEST

/* A reply timeout does not cut short a lock wait the caller asked for. */
START_TEST(test_lock_limits_wait_beyond_reply_timeout)
{
    mpmgr_lock_t *l = NULL, *l2 = NULL;
    mpmgr_t *m2 = mpt_connect();
    int acquired = -1;

    mpt_ok(mpmgr_set_timeouts(mpt_m, 0, 100));
    mpt_ok(mpmgr_lock_create(mpt_m, "T", &l));
    mpt_ok(mpmgr_lock_open(m2, "T", 0, &l2, NULL));
    mpt_ok(mpmgr_lock_acquire(l2, 1, -1, &acquired, NULL));
    mpt_ok(mpmgr_lock_acquire(l, 1, 0.5, &acquired, NULL));
    ck_assert_int_eq(acquired, 0);
    mpt_ok(mpmgr_server_ping(mpt_m));
    mpmgr_lock_free(l2);
    mpmgr_close(m2);
    mpmgr_lock_free(l);
}
END_TEST

Suite *
suite_lock(void)
{
    Suite *s = suite_create("lock");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");
    TCase *limits = mpt_tcase("limits");

    tcase_add_test(core, test_lock_acquire_release);
    tcase_add_test(core, test_lock_rlock);
    tcase_add_test(core, test_lock_released_when_holder_dies);
    tcase_add_test(core, test_lock_waiter_served);
    tcase_add_test(errors, test_lock_errors);
    tcase_add_test(limits, test_lock_limits_wait_beyond_reply_timeout);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, limits);
    return s;
}
