/*
 * check_list.c: every list function of libmpmgr against a real server.
 */
#include "config.h"

#include <stdlib.h>

#include "api.h"

static mpmgr_list_t *
new_list(const char *init)
{
    mpmgr_list_t *l = NULL;
    json_t *j = init != NULL ? mpt_json(init) : NULL;

    mpt_ok(mpmgr_list_create(mpt_m, NULL, j, &l));
    json_decref(j);
    return l;
}

static void
assert_list(mpmgr_list_t *l, const char *want)
{
    json_t *v = NULL;

    mpt_ok(mpmgr_list_slice(l, MPMGR_NONE, MPMGR_NONE, MPMGR_NONE, &v));
    mpt_assert_json(v, want);
}

START_TEST(test_list_lifecycle)
{
    mpmgr_list_t *l = NULL, *o = NULL, *a = NULL;
    json_t *init = mpt_json("[1,2]");
    int created = -1;

    mpt_ok(mpmgr_list_create(mpt_m, "L", init, &l));
    mpt_ok(mpmgr_list_open(mpt_m, "L", 0, NULL, &o, &created));
    ck_assert_int_eq(created, 0);
    mpt_ok(mpmgr_list_attach(mpt_m, mpmgr_list_oid(l), &a));
    assert_list(a, "[1,2]");
    mpmgr_list_free(a);
    mpmgr_list_free(o);
    mpt_ok(mpmgr_list_open(mpt_m, "M", MPMGR_CREATE, init, &o, &created));
    ck_assert_int_eq(created, 1);
    assert_list(o, "[1,2]");
    ck_assert_int_ne(mpmgr_list_oid(o), mpmgr_list_oid(l));
    ck_assert_int_eq(mpmgr_list_oid(NULL), 0);
    json_decref(init);
    mpmgr_list_free(o);
    mpmgr_list_free(l);
    mpmgr_list_free(NULL);
}
END_TEST

START_TEST(test_list_methods)
{
    mpmgr_list_t *l = new_list("[]");
    json_t *v = NULL, *x = json_string("x"), *more = mpt_json("[3,1,2]");
    int found = -1;
    size_t n = 0;
    int64_t i = -1;

    mpt_ok(mpmgr_list_append(l, x));
    mpt_ok(mpmgr_list_append_new(l, json_pack("{s:[]}", "a")));
    mpt_ok(mpmgr_list_extend(l, more));
    mpt_ok(mpmgr_list_insert(l, 0, x));
    mpt_ok(mpmgr_list_insert(l, 100, x));
    assert_list(l, "[\"x\",\"x\",{\"a\":[]},3,1,2,\"x\"]");
    mpt_ok(mpmgr_list_len(l, &n));
    ck_assert_uint_eq(n, 7);
    mpt_ok(mpmgr_list_getitem(l, -1, &v));
    mpt_assert_json(v, "\"x\"");
    mpt_ok(mpmgr_list_setitem_path(l, 2, "/a/-", x));
    mpt_ok(mpmgr_list_getitem_path(l, 2, "/a/0", &v));
    mpt_assert_json(v, "\"x\"");
    mpt_ok(mpmgr_list_count(l, x, &n));
    ck_assert_uint_eq(n, 3);
    mpt_ok(mpmgr_list_contains(l, x, &found));
    ck_assert_int_eq(found, 1);
    mpt_ok(mpmgr_list_index(l, x, 2, MPMGR_NONE, &i));
    ck_assert_int_eq(i, 6);
    mpt_ok(mpmgr_list_remove(l, x));
    mpt_ok(mpmgr_list_delitem(l, 0));
    mpt_ok(mpmgr_list_setitem(l, 0, x));
    mpt_ok(mpmgr_list_slice(l, 1, MPMGR_NONE, 2, &v));
    mpt_assert_json(v, "[3,2]");
    mpt_ok(mpmgr_list_slice(l, MPMGR_NONE, MPMGR_NONE, -1, &v));
    mpt_assert_json(v, "[\"x\",2,1,3,\"x\"]");
    mpt_ok(mpmgr_list_pop(l, -1, &v));
    mpt_assert_json(v, "\"x\"");
    mpt_ok(mpmgr_list_pop(l, 0, NULL));
    mpt_ok(mpmgr_list_sort(l, 0));
    assert_list(l, "[1,2,3]");
    mpt_ok(mpmgr_list_sort(l, 1));
    assert_list(l, "[3,2,1]");
    mpt_ok(mpmgr_list_reverse(l));
    assert_list(l, "[1,2,3]");
    mpt_ok(mpmgr_list_clear(l));
    mpt_ok(mpmgr_list_len(l, &n));
    ck_assert_uint_eq(n, 0);
    json_decref(x);
    json_decref(more);
    mpmgr_list_free(l);
}
END_TEST

START_TEST(test_list_typed_helpers)
{
    mpmgr_list_t *l = new_list(NULL);
    int64_t n = 0;
    char *s = NULL;

    mpt_ok(mpmgr_list_append_i(l, 41));
    mpt_ok(mpmgr_list_append_s(l, "forty-two"));
    mpt_ok(mpmgr_list_get_i(l, 0, &n));
    ck_assert_int_eq(n, 41);
    mpt_ok(mpmgr_list_get_s(l, -1, &s));
    ck_assert_str_eq(s, "forty-two");
    free(s);
    mpt_fails(mpmgr_list_get_i(l, 1, &n), MPMGR_ETYPE);
    mpt_fails(mpmgr_list_get_s(l, 0, &s), MPMGR_ETYPE);
    mpmgr_list_free(l);
}
END_TEST

START_TEST(test_list_errors)
{
    mpmgr_list_t *l = new_list("[1,\"a\"]"), *other = NULL;
    mpmgr_dict_t *d = NULL;
    json_t *v = NULL, *absent = json_string("absent");
    int64_t i;

    mpt_fails(mpmgr_list_getitem(l, 5, &v), MPMGR_EINDEX);
    mpt_fails(mpmgr_list_setitem(l, -3, absent), MPMGR_EINDEX);
    mpt_fails(mpmgr_list_delitem(l, 2), MPMGR_EINDEX);
    mpt_fails(mpmgr_list_index(l, absent, MPMGR_NONE, MPMGR_NONE, &i),
              MPMGR_EVALUE);
    mpt_fails(mpmgr_list_remove(l, absent), MPMGR_EVALUE);
    mpt_fails(mpmgr_list_sort(l, 0), MPMGR_ETYPE);
    assert_list(l, "[1,\"a\"]");
    mpt_fails(mpmgr_list_slice(l, MPMGR_NONE, MPMGR_NONE, 0, &v), MPMGR_EVALUE);
    mpt_fails(mpmgr_list_extend(l, absent), MPMGR_EINVALIDPARAMS);
    mpt_ok(mpmgr_list_clear(l));
    mpt_fails(mpmgr_list_pop(l, -1, &v), MPMGR_EINDEX);
    ck_assert_ptr_null(v);
    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    mpt_fails(mpmgr_list_attach(mpt_m, mpmgr_dict_oid(d), &other), MPMGR_ETYPE);
    mpt_fails(mpmgr_list_append(l, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_list_append(NULL, absent), MPMGR_EINVAL);
    mpt_fails(mpmgr_list_append_s(l, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_list_index(l, NULL, 0, 1, &i), MPMGR_EINVAL);
    json_decref(absent);
    mpmgr_dict_free(d);
    mpmgr_list_free(l);
}
END_TEST

START_TEST(test_list_limits_many)
{
    mpmgr_list_t *l = new_list(NULL);
    size_t n = 0;
    int64_t i, v;

    for (i = 0; i < 3000; i++)
        mpt_ok(mpmgr_list_append_i(l, i));
    mpt_ok(mpmgr_list_len(l, &n));
    ck_assert_uint_eq(n, 3000);
    mpt_ok(mpmgr_list_get_i(l, -3000, &v));
    ck_assert_int_eq(v, 0);
    mpmgr_list_free(l);
}
END_TEST

Suite *
suite_list(void)
{
    Suite *s = suite_create("list");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");
    TCase *limits = mpt_tcase("limits");

    tcase_add_test(core, test_list_lifecycle);
    tcase_add_test(core, test_list_methods);
    tcase_add_test(core, test_list_typed_helpers);
    tcase_add_test(errors, test_list_errors);
    tcase_add_test(limits, test_list_limits_many);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, limits);
    return s;
}
