/*
 * check_items.c: pairs written from formats: batches for dict.update
 * (mpmgr_items_t) and mpmgr_dict_setitemf, sent to a real server.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "api.h"

/* Assert that CALL fails with MPMGR_EINVAL and a message naming WHY. */
#define assert_invalid(call, why)                                              \
    do {                                                                       \
        mpt_fails(call, MPMGR_EINVAL);                                         \
        ck_assert_msg(strstr(mpmgr_errmsg(NULL), why) != NULL,                 \
                      "message \"%s\" lacks \"%s\"", mpmgr_errmsg(NULL), why); \
    } while (0)

START_TEST(test_items_every_letter)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    mpmgr_items_t *it = NULL;
    json_t *k = json_pack("[si]", "k", 1), *v = json_pack("{s:[]}", "e");
    json_t *name = json_string("obj");

    mpt_ok(mpmgr_items_new(&it));
    ck_assert_uint_eq(mpmgr_items_count(it), 0);
    mpt_ok(mpmgr_items_addf(it, "[II] I", (json_int_t)4242, (json_int_t)7,
                            (json_int_t)-9000000000));
    mpt_ok(mpmgr_items_addf(it, "s s", "name", "caf\xc3\xa9 \"q\"\n"));
    mpt_ok(mpmgr_items_addf(it, "i [b, b, n]", -3, 1, 0));
    mpt_ok(mpmgr_items_addf(it, "s {s:I, s:[s, {}], s:{}}", "job", "tries",
                            (json_int_t)2, "tags", "a", "empty"));
    mpt_ok(mpmgr_items_addf(it, "O o", k, json_integer(5)));
    mpt_ok(mpmgr_items_add(it, name, v));
    mpt_ok(mpmgr_items_addf(it, "[] []"));
    mpt_ok(mpmgr_items_addf(it, "s [f, f, f, f]", "reals", 0.1, -2.0, 1e300,
                            5e-324));
    ck_assert_uint_eq(mpmgr_items_count(it), 8);
    mpt_ok(mpmgr_dict_update_items(d, it));
    mpt_assert_items(d,
                     "[[[4242,7],-9000000000],"
                     "[\"name\",\"caf\\u00e9 \\\"q\\\"\\n\"],"
                     "[-3,[true,false,null]],"
                     "[\"job\",{\"tries\":2,\"tags\":[\"a\",{}],\"empty\":{}}],"
                     "[[\"k\",1],5],"
                     "[\"obj\",{\"e\":[]}],"
                     "[[],[]],"
                     "[\"reals\",[0.1,-2.0,1e300,5e-324]]]");
    json_decref(k);
    json_decref(v);
    json_decref(name);
    mpmgr_items_free(it);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_items_reuse_and_order)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    mpmgr_items_t *it = NULL;
    json_int_t i;

    mpt_ok(mpmgr_items_new(&it));
    mpt_ok(mpmgr_dict_update_items(d, it)); /* empty: nothing changes */
    mpt_assert_items(d, "[]");
    for (i = 0; i < 1000; i++)
        mpt_ok(mpmgr_items_addf(it, "I I", i % 10, i));
    mpt_ok(mpmgr_dict_update_items(d, it));
    /* Later pairs overwrite earlier ones; first insertion keeps order. */
    mpt_assert_items(d, "[[0,990],[1,991],[2,992],[3,993],[4,994],[5,995],"
                        "[6,996],[7,997],[8,998],[9,999]]");
    mpmgr_items_clear(it);
    ck_assert_uint_eq(mpmgr_items_count(it), 0);
    mpt_ok(mpmgr_items_addf(it, "s I", "after", (json_int_t)1));
    mpt_ok(mpmgr_dict_update_items(d, it));
    mpt_ok(mpmgr_dict_update_items(d, it)); /* the batch is kept */
    ck_assert_uint_eq(mpmgr_items_count(it), 1);
    mpt_assert_items(d, "[[0,990],[1,991],[2,992],[3,993],[4,994],[5,995],"
                        "[6,996],[7,997],[8,998],[9,999],[\"after\",1]]");
    mpmgr_items_free(it);
    mpmgr_items_free(NULL);
    mpmgr_items_clear(NULL);
    ck_assert_uint_eq(mpmgr_items_count(NULL), 0);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_items_in_a_pipeline)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    mpmgr_items_t *a = NULL, *b = NULL;
    size_t count = 0;
    json_t *r = NULL;

    mpt_ok(mpmgr_items_new(&a));
    mpt_ok(mpmgr_items_new(&b));
    mpt_ok(mpmgr_items_addf(a, "I s", (json_int_t)1, "one"));
    mpt_ok(mpmgr_items_addf(b, "{s:i} i", "obj", 1, 2));
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_dict_update_items(d, a));
    mpt_ok(mpmgr_dict_update_items(d, b));
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &count));
    ck_assert_uint_eq(count, 2);
    mpt_ok(mpmgr_pipeline_result(mpt_m, 0, &r));
    mpt_assert_json(r, "null");
    mpt_fails(mpmgr_pipeline_result(mpt_m, 1, &r), MPMGR_ETYPE);
    mpt_assert_items(d, "[[1,\"one\"]]");
    mpmgr_items_free(a);
    mpmgr_items_free(b);
    mpmgr_dict_free(d);
}
END_TEST

/* An object key is refused by the server, and nothing of the batch is
 * stored: dict.update is all or nothing. */
START_TEST(test_items_unhashable_key)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    mpmgr_items_t *it = NULL;

    mpt_ok(mpmgr_items_new(&it));
    mpt_ok(mpmgr_items_addf(it, "s i", "first", 1));
    mpt_ok(mpmgr_items_addf(it, "[{s:i}] i", "a", 1, 2));
    mpt_fails(mpmgr_dict_update_items(d, it), MPMGR_ETYPE);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m), "TypeError: unhashable type: 'dict'");
    mpt_assert_items(d, "[]");
    mpmgr_items_free(it);
    mpmgr_dict_free(d);
}
END_TEST

/* A refused pair leaves the batch as it was, whatever came before it. */
START_TEST(test_items_errors_leave_the_batch)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    mpmgr_items_t *it = NULL;
    json_t *kept = json_string("kept");

    mpt_ok(mpmgr_items_new(&it));
    assert_invalid(mpmgr_items_addf(it, "s i", (const char *)NULL, 1),
                   "a NULL string");
    assert_invalid(mpmgr_items_addf(it, "O i", (json_t *)NULL, 1),
                   "a NULL value");
    mpt_ok(mpmgr_items_addf(it, "s i", "a", 1));
    assert_invalid(mpmgr_items_addf(it, "s x", "b", 2),
                   "a format letter libmpmgr cannot write");
    assert_invalid(mpmgr_items_addf(it, "s", "b"),
                   "a format with a value missing");
    assert_invalid(mpmgr_items_addf(it, "s i i", "b", 2, 3),
                   "more values than it should have");
    assert_invalid(mpmgr_items_addf(it, "[s i", "b", 2), "unclosed '['");
    assert_invalid(mpmgr_items_addf(it, "s {s:i", "b", "c", 2), "unclosed '{'");
    assert_invalid(mpmgr_items_addf(it, "s {i:i}", "b", 1, 2),
                   "member name that is not 's'");
    assert_invalid(mpmgr_items_addf(it, "s s", "b", "\xff"), "not UTF-8");
    assert_invalid(mpmgr_items_addf(it, "s {s:i}", "b", "\xc3", 2),
                   "not UTF-8");
    assert_invalid(mpmgr_items_addf(NULL, "s i", "b", 2), "NULL batch");
    assert_invalid(mpmgr_items_addf(it, NULL), "a NULL format");
    assert_invalid(mpmgr_items_add(it, kept, NULL), "a NULL value");
    ck_assert_uint_eq(mpmgr_items_count(it), 1);
    mpt_ok(mpmgr_dict_update_items(d, it));
    mpt_assert_items(d, "[[\"a\",1]]");
    mpt_ok(mpmgr_items_addf(it, "s i", "c", 3));
    mpt_ok(mpmgr_dict_update_items(d, it));
    mpt_assert_items(d, "[[\"a\",1],[\"c\",3]]");
    mpt_fails(mpmgr_dict_update_items(d, NULL), MPMGR_EINVAL);
    json_decref(kept);
    mpmgr_items_free(it);
    mpmgr_dict_free(d);
}
END_TEST

/* An o argument is the batch's to release, even when the pair fails. */
START_TEST(test_items_stolen_on_failure)
{
    mpmgr_items_t *it = NULL;
    json_t *v = json_string("v");

    mpt_ok(mpmgr_items_new(&it));
    json_incref(v);
    assert_invalid(mpmgr_items_addf(it, "s o", (const char *)NULL, v),
                   "a NULL string");
    ck_assert_int_eq(v->refcount, 1);
    json_incref(v);
    assert_invalid(mpmgr_items_addf(it, "o o", v, (json_t *)NULL),
                   "a NULL value");
    ck_assert_int_eq(v->refcount, 1);
    /* A surplus value, no batch, no dict: still taken. */
    json_incref(v);
    assert_invalid(mpmgr_items_addf(it, "s s o", "a", "b", v),
                   "more values than it should have");
    ck_assert_int_eq(v->refcount, 1);
    json_incref(v);
    assert_invalid(mpmgr_items_addf(it, "s f", "k", NAN), "infinite or NaN");
    assert_invalid(mpmgr_items_addf(it, "s [f]", "k", -INFINITY),
                   "infinite or NaN");
    assert_invalid(mpmgr_items_addf(NULL, "s o", "k", v), "a NULL batch");
    ck_assert_int_eq(v->refcount, 1);
    json_incref(v);
    assert_invalid(mpmgr_dict_setitemf(NULL, "s o", "k", v), "a NULL handle");
    ck_assert_int_eq(v->refcount, 1);
    ck_assert_uint_eq(mpmgr_items_count(it), 0);
    assert_invalid(mpmgr_items_new(NULL), "no out pointer");
    json_decref(v);
    mpmgr_items_free(it);
}
END_TEST

START_TEST(test_items_setitemf)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    json_t *k = json_pack("[II]", (json_int_t)4242, (json_int_t)7), *v = NULL;
    json_t *stolen = json_string("s"), *k77 = json_integer(77);
    size_t count = 0;

    mpt_ok(mpmgr_dict_setitemf(d, "[II] I", (json_int_t)4242, (json_int_t)7,
                               (json_int_t)49));
    mpt_ok(mpmgr_dict_getitem(d, k, &v));
    mpt_assert_json(v, "49");
    mpt_ok(mpmgr_dict_setitemf(d, "s {s:[i, n], s:b}", "job", "args", 3, "done",
                               0));
    mpt_ok(mpmgr_dict_setitemf(d, "[II] s", (json_int_t)4242, (json_int_t)7,
                               "again")); /* overwrites, keeps its place */
    mpt_assert_items(d, "[[[4242,7],\"again\"],"
                        "[\"job\",{\"args\":[3,null],\"done\":false}]]");
    /* A worker's float result, as Python's d[pid] = 0.5 stores it. */
    mpt_ok(mpmgr_dict_setitemf(d, "I f", (json_int_t)77, 0.5));
    mpt_ok(mpmgr_dict_getitem(d, k77, &v));
    mpt_assert_json(v, "0.5");
    mpt_ok(mpmgr_dict_delitem(d, k77));
    json_decref(k77);
    mpt_fails(mpmgr_dict_setitemf(d, "I f", (json_int_t)77, NAN), MPMGR_EINVAL);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m),
                     "invalid argument: a real that is infinite or NaN");
    /* The server judges the key; the library the arguments. */
    mpt_fails(mpmgr_dict_setitemf(d, "{s:i} i", "a", 1, 2), MPMGR_ETYPE);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m), "TypeError: unhashable type: 'dict'");
    mpt_fails(mpmgr_dict_setitemf(d, "s s", "k", (const char *)NULL),
              MPMGR_EINVAL);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m), "invalid argument: a NULL string");
    mpt_fails(mpmgr_dict_setitemf(d, "s", "k"), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_setitemf(d, "s i i", "k", 1, 2), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_setitemf(d, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_setitemf(NULL, "s i", "k", 1), MPMGR_EINVAL);
    json_incref(stolen);
    mpt_fails(mpmgr_dict_setitemf(d, "O o", (json_t *)NULL, stolen),
              MPMGR_EINVAL);
    ck_assert_int_eq(stolen->refcount, 1);
    /* Queued in a pipeline like any call. */
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_dict_setitemf(d, "I I", (json_int_t)1, (json_int_t)2));
    mpt_ok(mpmgr_dict_setitemf(d, "[{}] I", (json_int_t)3));
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &count));
    ck_assert_uint_eq(count, 2);
    mpt_ok(mpmgr_pipeline_result(mpt_m, 0, NULL));
    mpt_fails(mpmgr_pipeline_result(mpt_m, 1, NULL), MPMGR_ETYPE);
    mpt_assert_items(d, "[[[4242,7],\"again\"],"
                        "[\"job\",{\"args\":[3,null],\"done\":false}],[1,2]]");
    json_decref(stolen);
    json_decref(k);
    mpmgr_dict_free(d);
}
END_TEST

Suite *
suite_items(void)
{
    Suite *s = suite_create("items");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");

    tcase_add_test(core, test_items_every_letter);
    tcase_add_test(core, test_items_reuse_and_order);
    tcase_add_test(core, test_items_in_a_pipeline);
    tcase_add_test(core, test_items_setitemf);
    tcase_add_test(errors, test_items_unhashable_key);
    tcase_add_test(errors, test_items_errors_leave_the_batch);
    tcase_add_test(errors, test_items_stolen_on_failure);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}
