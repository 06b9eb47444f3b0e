/*
 * check_fork.c: proxies made before fork() work in the children, each on a
 * connection of its own, and the parent's connection is never touched.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"

#define CHILDREN 32

/* In a child: return 0 from a check instead of failing the parent's test. */
#define CHILD_OK(call)                                                         \
    do {                                                                       \
        if ((call) != 0)                                                       \
            _exit(1);                                                          \
    } while (0)

/* The child's work: a counter, a pid-keyed entry, a list item, under a
 * lock, all through proxies it inherited. */
static void
child_work(mpmgr_dict_t *d, mpmgr_list_t *l, mpmgr_lock_t *k, int parent_sid)
{
    int acquired = 0;

    CHILD_OK(mpmgr_dict_incr_s(d, "count", 1, NULL));
    CHILD_OK(mpmgr_dict_set_is(d, getpid(), "done"));
    CHILD_OK(mpmgr_lock_acquire(k, 1, -1, &acquired, NULL));
    CHILD_OK(mpmgr_list_append_i(l, getpid()));
    CHILD_OK(mpmgr_lock_release(k));
    /* A session of its own, not the parent's. */
    if (mpmgr_session_id(mpt_m) == parent_sid || mpmgr_session_id(mpt_m) <= 0)
        _exit(2);
    mpmgr_lock_free(k);
    mpmgr_list_free(l);
    mpmgr_dict_free(d);
    mpmgr_close(mpt_m);
    _exit(0);
}

START_TEST(test_fork_32_children)
{
    mpmgr_dict_t *d = NULL;
    mpmgr_list_t *l = NULL;
    mpmgr_lock_t *k = NULL;
    pid_t pids[CHILDREN];
    int64_t count = 0, sid = mpmgr_session_id(mpt_m);
    size_t len = 0;
    char *s = NULL;
    int i;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    mpt_ok(mpmgr_list_create(mpt_m, NULL, NULL, &l));
    mpt_ok(mpmgr_lock_create(mpt_m, NULL, &k));
    for (i = 0; i < CHILDREN; i++) {
        pids[i] = fork();
        ck_assert_int_ge(pids[i], 0);
        if (pids[i] == 0)
            child_work(d, l, k, (int)sid);
    }
    for (i = 0; i < CHILDREN; i++)
        mpt_wait_ok(pids[i]);
    mpt_ok(mpmgr_dict_get_si(d, "count", &count));
    ck_assert_int_eq(count, CHILDREN);
    for (i = 0; i < CHILDREN; i++) {
        mpt_ok(mpmgr_dict_get_is(d, pids[i], &s));
        ck_assert_str_eq(s, "done");
        free(s);
    }
    mpt_ok(mpmgr_list_len(l, &len));
    ck_assert_uint_eq(len, CHILDREN);
    /* The parent's connection is still in step and still its own. */
    ck_assert_int_eq(mpmgr_session_id(mpt_m), sid);
    mpt_ok(mpmgr_server_ping(mpt_m));
    mpmgr_lock_free(k);
    mpmgr_list_free(l);
    mpmgr_dict_free(d);
}
END_TEST

/* A child that only frees and closes what it inherited sends nothing: the
 * parent's session and its references are untouched. */
START_TEST(test_fork_child_close_sends_nothing)
{
    mpmgr_dict_t *d = NULL;
    json_t *info = NULL;
    pid_t pid;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        mpmgr_dict_free(d);
        mpmgr_close(mpt_m);
        _exit(0);
    }
    mpt_wait_ok(pid);
    mpt_ok(mpmgr_describe(mpt_m, mpmgr_dict_oid(d), &info));
    ck_assert_int_eq(json_integer_value(json_object_get(info, "refs")), 1);
    json_decref(info);
    mpt_ok(mpmgr_dict_set_ii(d, 1, 1));
    mpmgr_dict_free(d);
}
END_TEST

/* A child's first call may come inside a pipeline: the implicit attach is
 * queued ahead of it and does not shift the results. */
START_TEST(test_fork_child_pipeline)
{
    mpmgr_dict_t *d = NULL;
    pid_t pid;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    mpt_ok(mpmgr_dict_set_si(d, "x", 41));
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        json_t *res = NULL;
        size_t n = 0;

        CHILD_OK(mpmgr_pipeline_begin(mpt_m));
        CHILD_OK(mpmgr_dict_incr_s(d, "x", 1, NULL));
        CHILD_OK(mpmgr_pipeline_exec(mpt_m, &n));
        CHILD_OK(mpmgr_pipeline_result(mpt_m, 0, &res));
        _exit(n == 1 && json_integer_value(res) == 42 ? 0 : 3);
    }
    mpt_wait_ok(pid);
    mpmgr_dict_free(d);
}
END_TEST

/* The child's reference keeps an unnamed object alive while it runs, even
 * after the parent has dropped its own. */
START_TEST(test_fork_child_holds_reference)
{
    mpmgr_dict_t *d = NULL;
    int go[2], done[2];
    char c;
    pid_t pid;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    ck_assert_int_eq(pipe(go), 0);
    ck_assert_int_eq(pipe(done), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        CHILD_OK(mpmgr_dict_set_ii(d, 1, 1));
        CHILD_OK(write(done[1], "x", 1) == 1 ? 0 : 1);
        CHILD_OK(read(go[0], &c, 1) == 1 ? 0 : 1);
        CHILD_OK(mpmgr_dict_set_ii(d, 2, 2));
        _exit(0);
    }
    ck_assert_int_eq(read(done[0], &c, 1), 1);
    mpmgr_dict_free(d);
    ck_assert_int_eq(write(go[1], "x", 1), 1);
    mpt_wait_ok(pid);
    close(go[0]);
    close(go[1]);
    close(done[0]);
    close(done[1]);
}
END_TEST

/* A forked child cannot reach a server that is gone: an error, no hang. */
START_TEST(test_fork_child_server_gone)
{
    mpmgr_dict_t *d = NULL;
    pid_t pid;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    ck_assert_int_eq(mptest_server_stop(&mpt_srv), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(mpmgr_dict_set_ii(d, 1, 1) == MPMGR_ECONNECT ? 0 : 1);
    mpt_wait_ok(pid);
    mpmgr_dict_free(d);
}
END_TEST

/*
 * The server restarts at the same address, and another program's first
 * object there has the oid of this program's dict.  A child forked now
 * must not write into it: whether the parent has noticed the restart (its
 * call failed before the fork) or not, the child's call is ECLOSED.
 */
static void
child_after_restart(int parent_calls_first)
{
    const char *const extra[] = {"--listen", mpt_srv.addr, NULL};
    struct mptest_server next;
    mpmgr_dict_t *mine = NULL, *theirs = NULL;
    mpmgr_t *other;
    size_t len = 0;
    pid_t pid;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &mine));
    ck_assert_int_eq(mptest_server_stop(&mpt_srv), 0);
    ck_assert_int_eq(mkdir(mpt_srv.dir, 0700), 0);
    mpt_start_at(&next, MPT_KEY, extra);
    ck_assert_int_eq(mpmgr_connect(next.addr, MPT_KEY, &other), 0);
    ck_assert_int_eq(mpmgr_dict_create(other, NULL, NULL, &theirs), 0);
    ck_assert_int_eq(mpmgr_dict_oid(theirs), mpmgr_dict_oid(mine));
    ck_assert_int_eq(mpmgr_dict_set_ss(theirs, "secret", "theirs"), 0);
    if (parent_calls_first)
        ck_assert_int_ne(mpmgr_dict_set_ss(mine, "owner", "parent"), 0);

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(mpmgr_dict_set_ss(mine, "owner", "child") == MPMGR_ECLOSED ? 0
                                                                         : 1);
    mpt_wait_ok(pid);
    ck_assert_int_eq(mpmgr_dict_len(theirs, &len), 0);
    ck_assert_uint_eq(len, 1);

    mpmgr_dict_free(theirs);
    mpmgr_close(other);
    mpmgr_dict_free(mine);
    ck_assert_int_eq(mptest_server_stop(&next), 0);
    rmdir(mpt_srv.dir);
}

START_TEST(test_fork_child_after_restart)
{
    child_after_restart(0);
}
END_TEST

START_TEST(test_fork_child_after_restart_noticed)
{
    child_after_restart(1);
}
END_TEST

/* A thread's share of test_fork_threads_own_connections. */
static void *
thread_work(void *arg)
{
    int64_t oid = *(int64_t *)arg, i;
    mpmgr_t *m = NULL;
    mpmgr_dict_t *d = NULL;
    intptr_t failed = 0;

    if (mpmgr_connect(mpt_srv.addr, MPT_KEY, &m) != 0 ||
        mpmgr_dict_attach(m, oid, &d) != 0)
        return (void *)1;
    for (i = 0; i < 100; i++)
        failed |= mpmgr_dict_incr_s(d, "n", 1, NULL) != 0;
    mpmgr_dict_free(d);
    mpmgr_close(m);
    return (void *)failed;
}

/* Threads that work at once use one connection each. */
START_TEST(test_fork_threads_own_connections)
{
    mpmgr_dict_t *d = NULL;
    pthread_t t[8];
    int64_t oid, n = 0;
    void *failed;
    int i;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    oid = mpmgr_dict_oid(d);
    for (i = 0; i < 8; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, thread_work, &oid), 0);
    for (i = 0; i < 8; i++) {
        ck_assert_int_eq(pthread_join(t[i], &failed), 0);
        ck_assert_ptr_null(failed);
    }
    mpt_ok(mpmgr_dict_get_si(d, "n", &n));
    ck_assert_int_eq(n, 800);
    mpmgr_dict_free(d);
}
END_TEST

Suite *
suite_fork(void)
{
    Suite *s = suite_create("fork");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");

    tcase_add_test(core, test_fork_32_children);
    tcase_add_test(core, test_fork_child_close_sends_nothing);
    tcase_add_test(core, test_fork_child_pipeline);
    tcase_add_test(core, test_fork_child_holds_reference);
    tcase_add_test(core, test_fork_threads_own_connections);
    tcase_add_test(errors, test_fork_child_server_gone);
    tcase_add_test(errors, test_fork_child_after_restart);
    tcase_add_test(errors, test_fork_child_after_restart_noticed);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}
