/*
 * check_server.c: the server.* calls, describe, unlink and the raw
 * mpmgr_call, against a real server.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"

START_TEST(test_server_ping_info)
{
    json_t *info = NULL;

    mpt_ok(mpmgr_server_ping(mpt_m));
    mpt_ok(mpmgr_server_info(mpt_m, &info));
    ck_assert_str_eq(json_string_value(json_object_get(info, "server")),
                     "mpmgrd");
    ck_assert_int_eq(json_integer_value(json_object_get(info, "protocol")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(info, "pid")),
                     mpt_srv.pid);
    ck_assert(json_is_array(json_object_get(info, "listen")));
    json_decref(info);
}
END_TEST

START_TEST(test_server_objects_sessions)
{
    mpmgr_dict_t *d = NULL;
    mpmgr_list_t *l = NULL;
    mpmgr_lock_t *k = NULL;
    json_t *objs = NULL, *sess = NULL, *me = NULL, *s;
    size_t i;
    int acquired;

    mpt_ok(mpmgr_dict_create(mpt_m, "app.d", NULL, &d));
    mpt_ok(mpmgr_list_create(mpt_m, "app.l", NULL, &l));
    mpt_ok(mpmgr_lock_create(mpt_m, "other", &k));
    mpt_ok(mpmgr_lock_acquire(k, 1, -1, &acquired, NULL));
    mpt_ok(mpmgr_server_objects(mpt_m, NULL, NULL, 0, &objs));
    ck_assert_uint_eq(json_array_size(objs), 3);
    json_decref(objs);
    mpt_ok(mpmgr_server_objects(mpt_m, NULL, "app.", 0, &objs));
    ck_assert_uint_eq(json_array_size(objs), 2);
    json_decref(objs);
    mpt_ok(mpmgr_server_objects(mpt_m, "lock", NULL, 0, &objs));
    ck_assert_uint_eq(json_array_size(objs), 1);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_array_get(objs, 0), "holder")),
        mpmgr_session_id(mpt_m));
    json_decref(objs);
    mpt_ok(mpmgr_server_objects(mpt_m, NULL, NULL, 1, &objs));
    ck_assert_uint_eq(json_array_size(objs), 1);
    json_decref(objs);
    mpt_ok(mpmgr_server_sessions(mpt_m, &sess));
    json_array_foreach (sess, i, s)
        if (json_integer_value(json_object_get(s, "session")) ==
            mpmgr_session_id(mpt_m))
            me = s;
    ck_assert_ptr_nonnull(me);
    ck_assert_int_eq(json_integer_value(json_object_get(me, "pid")), getpid());
    ck_assert_int_eq(json_integer_value(json_object_get(me, "refs")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(me, "locks")), 1);
    json_decref(sess);
    mpmgr_lock_free(k);
    mpmgr_list_free(l);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_server_describe_unlink)
{
    mpmgr_dict_t *d = NULL, *again = NULL;
    json_t *info = NULL;
    int64_t oid;

    mpt_ok(mpmgr_dict_create(mpt_m, "gone", NULL, &d));
    oid = mpmgr_dict_oid(d);
    mpt_ok(mpmgr_dict_set_ii(d, 1, 1));
    mpt_ok(mpmgr_describe(mpt_m, oid, &info));
    mpt_assert_json(info, "{\"oid\":1,\"type\":\"dict\",\"name\":\"gone\","
                          "\"len\":1,\"refs\":1}");
    mpt_ok(mpmgr_unlink(mpt_m, "gone"));
    mpt_fails(mpmgr_dict_open(mpt_m, "gone", 0, NULL, &again, NULL),
              MPMGR_ENOSUCHOBJECT);
    /* Unnamed and still referenced: it lives on until freed. */
    mpt_ok(mpmgr_describe(mpt_m, oid, NULL));
    mpmgr_dict_free(d);
    mpt_fails(mpmgr_describe(mpt_m, oid, &info), MPMGR_ENOSUCHOBJECT);
    mpt_fails(mpmgr_unlink(mpt_m, "gone"), MPMGR_ENOSUCHOBJECT);
    mpt_fails(mpmgr_unlink(mpt_m, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_describe(NULL, oid, &info), MPMGR_EINVAL);
}
END_TEST

START_TEST(test_server_raw_call)
{
    json_t *params = json_pack("{s:s}", "type", "list"), *res = NULL;

    mpt_ok(mpmgr_call(mpt_m, "new", params, &res));
    ck_assert_int_eq(json_integer_value(json_object_get(res, "oid")), 1);
    json_decref(res);
    json_decref(params);
    mpt_ok(mpmgr_call(mpt_m, "server.ping", NULL, &res));
    mpt_assert_json(res, "\"pong\"");
    mpt_ok(mpmgr_call(mpt_m, "server.ping", NULL, NULL));
    mpt_fails(mpmgr_call(mpt_m, "no.such.method", NULL, &res),
              MPMGR_EMETHODNOTFOUND);
    mpt_fails(mpmgr_call(mpt_m, "we\"ird", NULL, &res), MPMGR_EMETHODNOTFOUND);
    params = json_pack("{s:i}", "bogus", 1);
    mpt_fails(mpmgr_call(mpt_m, "server.ping", params, &res),
              MPMGR_EINVALIDPARAMS);
    json_decref(params);
    /* A name the library must escape arrives intact. */
    params = json_pack("{s:i}", "b\"og\xc3\xa9", 1);
    mpt_fails(mpmgr_call(mpt_m, "server.ping", params, &res),
              MPMGR_EINVALIDPARAMS);
    ck_assert_ptr_nonnull(
        strstr(mpmgr_errmsg(mpt_m), "unknown parameter 'b\"og\xc3\xa9'"));
    json_decref(params);
    params = json_array();
    mpt_fails(mpmgr_call(mpt_m, "server.ping", params, &res), MPMGR_EINVAL);
    json_decref(params);
    mpt_fails(mpmgr_call(mpt_m, NULL, NULL, &res), MPMGR_EINVAL);
    mpt_fails(mpmgr_call(NULL, "server.ping", NULL, &res), MPMGR_EINVAL);
    mpt_fails(mpmgr_call(mpt_m, "server.ping\xff", NULL, &res), MPMGR_EINVAL);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(mpt_m), "not UTF-8"));
    mpt_ok(mpmgr_server_ping(mpt_m));
    mpt_fails(mpmgr_server_ping(NULL), MPMGR_EINVAL);
}
END_TEST

/* The server replies, then exits cleanly by itself. */
START_TEST(test_server_shutdown)
{
    int status = -1;

    mpt_ok(mpmgr_server_shutdown(mpt_m));
    ck_assert_int_eq(waitpid(mpt_srv.pid, &status, 0), mpt_srv.pid);
    mpt_srv.pid = 0;
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    mpt_fails(mpmgr_server_ping(mpt_m), MPMGR_ECLOSED);
}
END_TEST

START_TEST(test_server_error_names)
{
#define XX(name, code, type, desc)                                             \
    ck_assert_str_eq(mpmgr_err_name(MPMGR_E##name), type);                     \
    ck_assert_str_eq(mpmgr_strerror(MPMGR_E##name), desc);
    MPMGR_ERRNO_MAP(XX)
#undef XX
    ck_assert_str_eq(mpmgr_err_name(12345), "Unknown");
    ck_assert_str_eq(mpmgr_strerror(12345), "unknown error");
    ck_assert_str_eq(mpmgr_strerror(0), "success");
    ck_assert_str_eq(mpmgr_version(), PACKAGE_VERSION);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m), "");
}
END_TEST

Suite *
suite_server(void)
{
    Suite *s = suite_create("server");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");

    tcase_add_test(core, test_server_ping_info);
    tcase_add_test(core, test_server_objects_sessions);
    tcase_add_test(core, test_server_describe_unlink);
    tcase_add_test(core, test_server_shutdown);
    tcase_add_test(errors, test_server_raw_call);
    tcase_add_test(errors, test_server_error_names);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}
