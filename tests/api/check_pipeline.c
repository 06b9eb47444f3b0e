/*
 * check_pipeline.c: many operations in one round trip, each with its own
 * result or error.
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"

START_TEST(test_pipeline_results_in_order)
{
    mpmgr_dict_t *d = NULL;
    mpmgr_list_t *l = NULL;
    json_t *res = NULL, *missing = json_string("missing");
    int64_t untouched = -7;
    size_t n = 0;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    mpt_ok(mpmgr_list_create(mpt_m, NULL, NULL, &l));
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_dict_set_si(d, "a", 1));             /* 0 */
    mpt_ok(mpmgr_dict_incr_s(d, "a", 2, &untouched)); /* 1 */
    mpt_ok(mpmgr_dict_getitem(d, missing, &res));     /* 2: KeyError */
    mpt_ok(mpmgr_list_append_i(l, 5));                /* 3 */
    mpt_ok(mpmgr_list_pop(l, 3, NULL));               /* 4: IndexError */
    mpt_ok(mpmgr_server_ping(mpt_m));                 /* 5 */
    /* Queued calls leave their out-parameters alone. */
    ck_assert_int_eq(untouched, -7);
    ck_assert_ptr_null(res);
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &n));
    ck_assert_uint_eq(n, 6);
    mpt_ok(mpmgr_pipeline_result(mpt_m, 0, &res));
    mpt_assert_json(res, "null");
    mpt_ok(mpmgr_pipeline_result(mpt_m, 1, &res));
    mpt_assert_json(res, "3");
    mpt_fails(mpmgr_pipeline_result(mpt_m, 2, &res), MPMGR_EKEY);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m), "KeyError: 'missing'");
    mpt_ok(mpmgr_pipeline_result(mpt_m, 3, NULL));
    mpt_fails(mpmgr_pipeline_result(mpt_m, 4, &res), MPMGR_EINDEX);
    mpt_ok(mpmgr_pipeline_result(mpt_m, 5, &res));
    mpt_assert_json(res, "\"pong\"");
    /* Results stay readable until the next pipeline. */
    mpt_ok(mpmgr_pipeline_result(mpt_m, 1, NULL));
    mpt_ok(mpmgr_dict_get_si(d, "a", &untouched));
    ck_assert_int_eq(untouched, 3);
    json_decref(missing);
    mpmgr_list_free(l);
    mpmgr_dict_free(d);
}
END_TEST

/*
 * A child forked while the parent queues a pipeline does not inherit it:
 * its calls run at once on a connection of its own, its exec finds no
 * pipeline, and the parent's queued incr runs once, when the parent says.
 */
START_TEST(test_pipeline_open_across_fork)
{
    mpmgr_dict_t *d = NULL;
    int64_t n = 0;
    size_t count = 0;
    pid_t child;
    int status;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    mpt_ok(mpmgr_dict_set_si(d, "n", 10));
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_dict_incr_s(d, "n", 1, NULL));
    child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        int64_t seen = 0;
        size_t c = 0;

        if (mpmgr_dict_get_si(d, "n", &seen) < 0 || seen != 10)
            _exit(1);
        if (mpmgr_pipeline_exec(mpt_m, &c) != MPMGR_EINVAL)
            _exit(2);
        if (mpmgr_dict_incr_s(d, "child", 1, &seen) < 0 || seen != 1)
            _exit(3);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "child failed at step %d", WEXITSTATUS(status));
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &count));
    ck_assert_uint_eq(count, 1);
    mpt_ok(mpmgr_pipeline_result(mpt_m, 0, NULL));
    mpt_ok(mpmgr_dict_get_si(d, "n", &n));
    ck_assert_int_eq(n, 11);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_pipeline_empty_and_reuse)
{
    size_t n = 99;

    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &n));
    ck_assert_uint_eq(n, 0);
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_server_ping(mpt_m));
    mpt_ok(mpmgr_pipeline_exec(mpt_m, NULL));
    mpt_ok(mpmgr_pipeline_result(mpt_m, 0, NULL));
    mpt_ok(mpmgr_server_ping(mpt_m));
}
END_TEST

START_TEST(test_pipeline_misuse)
{
    mpmgr_dict_t *d = NULL;
    json_t *res = NULL;

    mpt_fails(mpmgr_pipeline_exec(mpt_m, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_pipeline_result(mpt_m, 0, &res), MPMGR_EINVAL);
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_fails(mpmgr_pipeline_begin(mpt_m), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_create(mpt_m, NULL, NULL, &d), MPMGR_EINVAL);
    mpt_fails(mpmgr_pipeline_result(mpt_m, 0, &res), MPMGR_EINVAL);
    /* Argument errors are reported at once and queue nothing. */
    mpt_fails(mpmgr_dict_setitem(d, NULL, NULL), MPMGR_EINVAL);
    mpt_ok(mpmgr_pipeline_exec(mpt_m, NULL));
    mpt_fails(mpmgr_pipeline_result(mpt_m, 0, &res), MPMGR_EINVAL);
    mpt_fails(mpmgr_pipeline_begin(NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_pipeline_exec(NULL, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_pipeline_result(NULL, 0, NULL), MPMGR_EINVAL);
}
END_TEST

/* Proxies freed while pipelining release their reference in order. */
START_TEST(test_pipeline_free_inside)
{
    mpmgr_dict_t *d = NULL;
    json_t *info = NULL;
    int64_t oid;
    size_t n = 0;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    oid = mpmgr_dict_oid(d);
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_dict_set_ii(d, 1, 1));
    mpmgr_dict_free(d);
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &n));
    ck_assert_uint_eq(n, 1);
    mpt_fails(mpmgr_describe(mpt_m, oid, &info), MPMGR_ENOSUCHOBJECT);
}
END_TEST

/* The server dies before exec: exec and every result say so. */
START_TEST(test_pipeline_server_killed)
{
    size_t n = 0;

    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_server_ping(mpt_m));
    mpt_ok(mpmgr_server_ping(mpt_m));
    kill(mpt_srv.pid, SIGKILL);
    waitpid(mpt_srv.pid, NULL, 0);
    mpt_srv.pid = 0;
    ck_assert_int_lt(mpmgr_pipeline_exec(mpt_m, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_lt(mpmgr_pipeline_result(mpt_m, 0, NULL), 0);
    ck_assert_int_lt(mpmgr_pipeline_result(mpt_m, 1, NULL), 0);
    mpt_fails(mpmgr_server_ping(mpt_m), MPMGR_ECLOSED);
}
END_TEST

/* Big pipelines: the library reads replies while it still writes. */
START_TEST(test_pipeline_limits_deep)
{
    mpmgr_dict_t *d = NULL;
    json_t *res = NULL;
    size_t n = 0, i;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    for (i = 0; i < 50000; i++)
        mpt_ok(mpmgr_dict_incr_s(d, "n", 1, NULL));
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &n));
    ck_assert_uint_eq(n, 50000);
    for (i = 0; i < n; i++)
        mpt_ok(mpmgr_pipeline_result(mpt_m, i, NULL));
    mpt_ok(mpmgr_pipeline_result(mpt_m, n - 1, &res));
    mpt_assert_json(res, "50000");
    mpmgr_dict_free(d);
}
END_TEST

Suite *
suite_pipeline(void)
{
    Suite *s = suite_create("pipeline");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");
    TCase *limits = mpt_tcase("limits");

    tcase_add_test(core, test_pipeline_results_in_order);
    tcase_add_test(core, test_pipeline_empty_and_reuse);
    tcase_add_test(core, test_pipeline_free_inside);
    tcase_add_test(core, test_pipeline_open_across_fork);
    tcase_add_test(errors, test_pipeline_misuse);
    tcase_add_test(errors, test_pipeline_server_killed);
    tcase_add_test(limits, test_pipeline_limits_deep);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, limits);
    return s;
}
