/*
 * check_path.c: JSON Pointers into stored values (server/path.c), with the
 * error kinds of doc/protocol.md section 6.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"
#include "unit.h"

static json_t *doc;

static void
setup(void)
{
    srv.max_depth = 256;
    doc = json_loads("{\"a\":{\"b\":[10,20,{\"c\":true}]},\"x/y\":1,"
                     "\"m~n\":2,\"-\":3,\"s\":\"str\"}",
                     0, NULL);
    ck_assert_ptr_nonnull(doc);
}

static void
teardown(void)
{
    json_decref(doc);
}

/* path_get on P: the error code, or 0 with the found value dumped. */
static int
get(const char *p, char *out, size_t size)
{
    struct error e;
    json_t *v;

    if (path_get(doc, p, strlen(p), &v, &e) < 0)
        return e.code;
    json_dumpb(v, out, size, JSON_COMPACT | JSON_ENCODE_ANY);
    out[size - 1] = '\0';
    return 0;
}

START_TEST(test_path_get)
{
    char buf[128] = {0};

    ck_assert_int_eq(get("/a/b/1", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "20");
    memset(buf, 0, sizeof(buf));
    ck_assert_int_eq(get("/a/b/2/c", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "true");
    memset(buf, 0, sizeof(buf));
    ck_assert_int_eq(get("/x~1y", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "1");
    memset(buf, 0, sizeof(buf));
    ck_assert_int_eq(get("/m~0n", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "2");
    memset(buf, 0, sizeof(buf));
    ck_assert_int_eq(get("/-", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "3");
}
END_TEST

START_TEST(test_path_get_errors)
{
    char buf[8];

    ck_assert_int_eq(get("/nope", buf, sizeof(buf)), MPMGR_EKEY);
    ck_assert_int_eq(get("/a/b/3", buf, sizeof(buf)), MPMGR_EINDEX);
    ck_assert_int_eq(get("/a/b/01", buf, sizeof(buf)), MPMGR_EINDEX);
    ck_assert_int_eq(get("/a/b/-", buf, sizeof(buf)), MPMGR_EINDEX);
    ck_assert_int_eq(get("/a/b/-1", buf, sizeof(buf)), MPMGR_EINDEX);
    ck_assert_int_eq(get("/s/0", buf, sizeof(buf)), MPMGR_ETYPE);
    ck_assert_int_eq(get("/a/b/0/x", buf, sizeof(buf)), MPMGR_ETYPE);
    ck_assert_int_eq(get("a", buf, sizeof(buf)), MPMGR_EINVALIDPARAMS);
    ck_assert_int_eq(get("/a~2", buf, sizeof(buf)), MPMGR_EINVALIDPARAMS);
}
END_TEST

START_TEST(test_path_set)
{
    struct error e;
    json_t *v;

    ck_assert_int_eq(path_set(doc, "/a/new", 6, json_integer(5), &e), 0);
    ck_assert_int_eq(path_set(doc, "/a/b/-", 6, json_integer(30), &e), 0);
    ck_assert_int_eq(path_set(doc, "/a/b/0", 6, json_integer(11), &e), 0);
    ck_assert_int_eq(path_get(doc, "/a/b", 4, &v, &e), 0);
    ck_assert_uint_eq(json_array_size(v), 4);
    ck_assert_int_eq(json_integer_value(json_array_get(v, 0)), 11);
    ck_assert_int_eq(json_integer_value(json_array_get(v, 3)), 30);
    ck_assert_int_eq(path_set(doc, "/a/b/9", 6, json_integer(1), &e), -1);
    ck_assert_int_eq(e.code, MPMGR_EINDEX);
    ck_assert_int_eq(path_set(doc, "/q/r", 4, json_integer(1), &e), -1);
    ck_assert_int_eq(e.code, MPMGR_EKEY);
    ck_assert_int_eq(path_set(doc, "/s/x", 4, json_integer(1), &e), -1);
    ck_assert_int_eq(e.code, MPMGR_ETYPE);
}
END_TEST

START_TEST(test_path_set_depth_limit)
{
    json_t *deep = json_loads("[[[[1]]]]", 0, NULL);
    struct error e;

    srv.max_depth = 5;
    /* Two levels of path plus four of value: one too many. */
    ck_assert_int_eq(path_set(doc, "/a/z", 4, deep, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_ELIMITEXCEEDED);
}
END_TEST

START_TEST(test_path_del)
{
    struct error e;
    json_t *v;

    ck_assert_int_eq(path_del(doc, "/a/b/0", 6, &e), 0);
    ck_assert_int_eq(path_get(doc, "/a/b/0", 6, &v, &e), 0);
    ck_assert_int_eq(json_integer_value(v), 20);
    ck_assert_int_eq(path_del(doc, "/a/nope", 7, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_EKEY);
    ck_assert_int_eq(path_del(doc, "/a/b/-", 6, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_EINDEX);
}
END_TEST

START_TEST(test_path_incr)
{
    json_t *one = json_integer(1), *result;
    struct error e;

    ck_assert_int_eq(path_incr(doc, "/a/n", 4, one, &result, &e), 0);
    ck_assert_int_eq(json_integer_value(result), 1);
    ck_assert_int_eq(path_incr(doc, "/a/n", 4, one, &result, &e), 0);
    ck_assert_int_eq(json_integer_value(result), 2);
    ck_assert_int_eq(path_incr(doc, "/a/b/1", 6, one, &result, &e), 0);
    ck_assert_int_eq(json_integer_value(result), 21);
    ck_assert_int_eq(path_incr(doc, "/s", 2, one, &result, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_ETYPE);
    ck_assert_int_eq(path_incr(doc, "/a/b/7", 6, one, &result, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_EINDEX);
    json_decref(one);
}
END_TEST

Suite *
suite_path(void)
{
    Suite *s = suite_create("path");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_path_get);
    tcase_add_test(tc, test_path_get_errors);
    tcase_add_test(tc, test_path_set);
    tcase_add_test(tc, test_path_set_depth_limit);
    tcase_add_test(tc, test_path_del);
    tcase_add_test(tc, test_path_incr);
    suite_add_tcase(s, tc);
    return s;
}
