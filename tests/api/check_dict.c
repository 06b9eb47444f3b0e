/*
 * check_dict.c: every dict function of libmpmgr against a real server.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api.h"

START_TEST(test_dict_create_and_lifecycle)
{
    mpmgr_dict_t *d = mpt_new_dict("{\"a\":1}"), *n = NULL, *o = NULL,
                 *a = NULL;
    int created = -1;
    json_t *info = NULL, *init = mpt_json("[[1,2]]");

    ck_assert_int_gt(mpmgr_dict_oid(d), 0);
    mpt_ok(mpmgr_dict_create(mpt_m, "named", init, &n));
    json_decref(init);
    mpt_ok(mpmgr_dict_open(mpt_m, "named", 0, NULL, &o, &created));
    ck_assert_int_eq(created, 0);
    ck_assert_int_eq(mpmgr_dict_oid(o), mpmgr_dict_oid(n));
    mpt_assert_items(o, "[[1,2]]");
    mpt_ok(mpmgr_dict_attach(mpt_m, mpmgr_dict_oid(d), &a));
    mpt_assert_items(a, "[[\"a\",1]]");
    mpt_ok(mpmgr_describe(mpt_m, mpmgr_dict_oid(d), &info));
    ck_assert_int_eq(json_integer_value(json_object_get(info, "refs")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(info, "type")), "dict");
    json_decref(info);
    mpmgr_dict_free(a);
    mpmgr_dict_free(o);
    mpmgr_dict_free(n);
    mpmgr_dict_free(d);
    mpmgr_dict_free(NULL);
    ck_assert_int_eq(mpmgr_dict_oid(NULL), 0);
}
END_TEST

START_TEST(test_dict_open_create)
{
    mpmgr_dict_t *d = NULL, *again = NULL;
    json_t *init = mpt_json("{\"x\":true}");
    int created = 0;

    mpt_ok(mpmgr_dict_open(mpt_m, "fresh", MPMGR_CREATE, init, &d, &created));
    ck_assert_int_eq(created, 1);
    mpt_ok(
        mpmgr_dict_open(mpt_m, "fresh", MPMGR_CREATE, NULL, &again, &created));
    ck_assert_int_eq(created, 0);
    mpt_assert_items(again, "[[\"x\",true]]");
    json_decref(init);
    mpmgr_dict_free(again);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_dict_items_and_access)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    json_t *k = json_string("k"), *v = NULL, *dflt = json_integer(7);
    json_t *tuple = mpt_json("[1,\"t\"]");
    int found = -1;
    size_t len = 99;

    mpt_ok(mpmgr_dict_setitem_new(d, k, json_pack("{s:[i,i]}", "a", 1, 2)));
    mpt_ok(mpmgr_dict_setitem_new(d, tuple, json_true()));
    json_decref(tuple);
    mpt_ok(mpmgr_dict_getitem(d, k, &v));
    mpt_assert_json(v, "{\"a\":[1,2]}");
    mpt_ok(mpmgr_dict_getitem_path(d, k, "/a/1", &v));
    mpt_assert_json(v, "2");
    mpt_ok(mpmgr_dict_get(d, json_null(), dflt, &v));
    mpt_assert_json(v, "7");
    mpt_ok(mpmgr_dict_get(d, k, NULL, &v));
    mpt_assert_json(v, "{\"a\":[1,2]}");
    mpt_ok(mpmgr_dict_get_path(d, k, "/b", NULL, &v));
    mpt_assert_json(v, "null");
    mpt_ok(mpmgr_dict_contains(d, k, &found));
    ck_assert_int_eq(found, 1);
    mpt_ok(mpmgr_dict_len(d, &len));
    ck_assert_uint_eq(len, 2);
    mpt_ok(mpmgr_dict_keys(d, &v));
    mpt_assert_json(v, "[\"k\",[1,\"t\"]]");
    mpt_ok(mpmgr_dict_values(d, &v));
    mpt_assert_json(v, "[{\"a\":[1,2]},true]");
    mpt_ok(mpmgr_dict_setitem_path(d, k, "/a/-", dflt));
    mpt_ok(mpmgr_dict_setitem_path(d, k, "/b", dflt));
    mpt_ok(mpmgr_dict_delitem_path(d, k, "/a/0"));
    mpt_ok(mpmgr_dict_getitem(d, k, &v));
    mpt_assert_json(v, "{\"a\":[2,7],\"b\":7}");
    mpt_ok(mpmgr_dict_delitem(d, k));
    mpt_ok(mpmgr_dict_contains(d, k, &found));
    ck_assert_int_eq(found, 0);
    mpt_ok(mpmgr_dict_clear(d));
    mpt_ok(mpmgr_dict_len(d, &len));
    ck_assert_uint_eq(len, 0);
    json_decref(k);
    json_decref(dflt);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_dict_update_setdefault_pop)
{
    mpmgr_dict_t *d = mpt_new_dict("[[\"a\",1]]");
    json_t *items = mpt_json("[[\"b\",2],[\"c\",3]]"), *k = json_string("a");
    json_t *v = NULL, *pk = NULL, *dflt = json_integer(9), *nk;

    mpt_ok(mpmgr_dict_update(d, items));
    mpt_assert_items(d, "[[\"a\",1],[\"b\",2],[\"c\",3]]");
    mpt_ok(mpmgr_dict_setdefault(d, k, dflt, &v));
    mpt_assert_json(v, "1");
    nk = json_string("z");
    mpt_ok(mpmgr_dict_setdefault(d, nk, NULL, &v));
    mpt_assert_json(v, "null");
    mpt_ok(mpmgr_dict_pop(d, nk, NULL, &v));
    mpt_assert_json(v, "null");
    mpt_ok(mpmgr_dict_pop(d, nk, dflt, &v));
    mpt_assert_json(v, "9");
    mpt_ok(mpmgr_dict_pop(d, k, NULL, NULL));
    mpt_ok(mpmgr_dict_popitem(d, &pk, &v));
    mpt_assert_json(pk, "\"c\"");
    mpt_assert_json(v, "3");
    mpt_ok(mpmgr_dict_popitem(d, NULL, NULL));
    mpt_fails(mpmgr_dict_popitem(d, &pk, &v), MPMGR_EKEY);
    json_decref(items);
    json_decref(k);
    json_decref(nk);
    json_decref(dflt);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_dict_incr_cas_getmany)
{
    mpmgr_dict_t *d = mpt_new_dict("{\"job\":{\"tries\":1},\"r\":1.5}");
    json_t *k = json_string("n"), *by = json_integer(5), *v = NULL, *cur;
    json_t *job = json_string("job"), *r = json_string("r"), *keys;
    int swapped = -1;

    mpt_ok(mpmgr_dict_incr(d, k, NULL, &v));
    mpt_assert_json(v, "1");
    mpt_ok(mpmgr_dict_incr(d, k, by, &v));
    mpt_assert_json(v, "6");
    mpt_ok(mpmgr_dict_incr(d, r, by, &v));
    mpt_assert_json(v, "6.5");
    mpt_ok(mpmgr_dict_incr_path(d, job, "/tries", NULL, &v));
    mpt_assert_json(v, "2");
    mpt_ok(mpmgr_dict_cas(d, k, by, by, &swapped, &cur));
    ck_assert_int_eq(swapped, 0);
    mpt_assert_json(cur, "6");
    cur = json_integer(6);
    mpt_ok(mpmgr_dict_cas(d, k, cur, by, &swapped, NULL));
    ck_assert_int_eq(swapped, 1);
    json_decref(cur);
    mpt_ok(mpmgr_dict_cas(d, job, NULL, by, &swapped, &cur));
    ck_assert_int_eq(swapped, 0);
    mpt_assert_json(cur, "{\"tries\":2}");
    json_decref(k);
    k = json_string("new");
    mpt_ok(mpmgr_dict_cas(d, k, NULL, by, &swapped, &cur));
    ck_assert_int_eq(swapped, 1);
    mpt_assert_json(cur, "5");
    keys = mpt_json("[\"n\",\"absent\",\"new\"]");
    mpt_ok(mpmgr_dict_getmany(d, keys, NULL, &v));
    mpt_assert_json(v, "[5,null,5]");
    mpt_ok(mpmgr_dict_getmany(d, keys, by, &v));
    mpt_assert_json(v, "[5,5,5]");
    json_decref(keys);
    json_decref(k);
    json_decref(by);
    json_decref(job);
    json_decref(r);
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_dict_typed_helpers)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    int64_t n = 0;
    char *s = NULL;

    mpt_ok(mpmgr_dict_set_ii(d, 1, -2));
    mpt_ok(mpmgr_dict_set_is(d, 2, "two"));
    mpt_ok(mpmgr_dict_set_si(d, "three", 3));
    mpt_ok(mpmgr_dict_set_ss(d, "four", "vier"));
    mpt_ok(mpmgr_dict_get_ii(d, 1, &n));
    ck_assert_int_eq(n, -2);
    mpt_ok(mpmgr_dict_get_is(d, 2, &s));
    ck_assert_str_eq(s, "two");
    free(s);
    mpt_ok(mpmgr_dict_get_si(d, "three", &n));
    ck_assert_int_eq(n, 3);
    mpt_ok(mpmgr_dict_get_ss(d, "four", &s));
    ck_assert_str_eq(s, "vier");
    free(s);
    mpt_ok(mpmgr_dict_incr_s(d, "hits", 1, &n));
    mpt_ok(mpmgr_dict_incr_s(d, "hits", 41, &n));
    ck_assert_int_eq(n, 42);
    mpt_ok(mpmgr_dict_incr_i(d, 1, 2, &n));
    ck_assert_int_eq(n, 0);
    mpt_ok(mpmgr_dict_incr_i(d, 7, 1, NULL));
    mpt_assert_items(d, "[[1,0],[2,\"two\"],[\"three\",3],[\"four\",\"vier\"],"
                        "[\"hits\",42],[7,1]]");
    mpmgr_dict_free(d);
}
END_TEST

/* An int counter that holds a real: the server adds to it as a real, and
 * the error says that the increment was made. */
START_TEST(test_dict_incr_of_a_real)
{
    mpmgr_dict_t *d = mpt_new_dict("{\"r\":1.5}");
    int64_t n = 7;

    mpt_fails(mpmgr_dict_incr_s(d, "r", 1, &n), MPMGR_ETYPE);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m),
                     "TypeError: the value is now 2.5, a real: the increment "
                     "was made, but an int counter gives only integers "
                     "(mpmgr_dict_incr gives reals)");
    ck_assert_int_eq(n, 7);
    mpt_assert_items(d, "[[\"r\",2.5]]");
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_dict_errors_from_server)
{
    mpmgr_dict_t *d = mpt_new_dict("{\"s\":\"x\",\"big\":9223372036854775807}");
    mpmgr_dict_t *other = NULL;
    mpmgr_list_t *l = NULL;
    json_t *missing = json_string("missing"), *objkey = mpt_json("{}");
    json_t *v = NULL, *s = json_string("s"), *big = json_string("big");
    int64_t n = 0;
    char *str = NULL;

    mpt_fails(mpmgr_dict_getitem(d, missing, &v), MPMGR_EKEY);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m), "KeyError: 'missing'");
    ck_assert_int_eq(mpmgr_errno(mpt_m), 0);
    ck_assert_ptr_null(v);
    mpt_fails(mpmgr_dict_delitem(d, missing), MPMGR_EKEY);
    mpt_fails(mpmgr_dict_pop(d, missing, NULL, &v), MPMGR_EKEY);
    mpt_fails(mpmgr_dict_setitem(d, objkey, s), MPMGR_ETYPE);
    mpt_fails(mpmgr_dict_incr(d, s, NULL, NULL), MPMGR_ETYPE);
    mpt_fails(mpmgr_dict_incr(d, big, NULL, NULL), MPMGR_EVALUE);
    mpt_fails(mpmgr_dict_getitem_path(d, s, "/a", &v), MPMGR_ETYPE);
    mpt_fails(mpmgr_dict_getitem_path(d, s, "nopointer", &v),
              MPMGR_EINVALIDPARAMS);
    mpt_fails(mpmgr_dict_get_si(d, "s", &n), MPMGR_ETYPE);
    mpt_fails(mpmgr_dict_get_ss(d, "big", &str), MPMGR_ETYPE);
    ck_assert_ptr_null(str);
    mpt_fails(mpmgr_dict_get_ii(d, 404, &n), MPMGR_EKEY);
    mpt_fails(mpmgr_dict_update(d, s), MPMGR_EINVALIDPARAMS);
    mpt_fails(mpmgr_dict_open(mpt_m, "nobody", 0, NULL, &other, NULL),
              MPMGR_ENOSUCHOBJECT);
    mpt_ok(mpmgr_list_create(mpt_m, "a-list", NULL, &l));
    mpt_fails(mpmgr_dict_create(mpt_m, "a-list", NULL, &other), MPMGR_EEXISTS);
    mpt_fails(mpmgr_dict_open(mpt_m, "a-list", 0, NULL, &other, NULL),
              MPMGR_ETYPE);
    mpt_fails(mpmgr_dict_attach(mpt_m, mpmgr_list_oid(l), &other), MPMGR_ETYPE);
    mpt_fails(mpmgr_dict_attach(mpt_m, 999999, &other), MPMGR_ENOSUCHOBJECT);
    mpt_fails(mpmgr_dict_create(mpt_m, "bad\001name", NULL, &other),
              MPMGR_EINVALIDPARAMS);
    ck_assert_ptr_null(other);
    mpmgr_list_free(l);
    json_decref(missing);
    json_decref(objkey);
    json_decref(s);
    json_decref(big);
    mpmgr_dict_free(d);
}
END_TEST

/* Mistakes the library catches before anything is sent. */
START_TEST(test_dict_errors_from_library)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    json_t *k = json_string("k"), *v = NULL;
    int64_t n;

    mpt_fails(mpmgr_dict_getitem(NULL, k, &v), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_getitem(d, NULL, &v), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_setitem(d, k, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_setitem_new(d, NULL, json_integer(1)), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_set_ss(d, "k", "\xff\xfe"), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_set_ss(d, NULL, "v"), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_get_si(d, "\xc3", &n), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_create(NULL, NULL, NULL, &d), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_create(mpt_m, NULL, NULL, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_open(mpt_m, NULL, 0, NULL, &d, NULL), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_len(NULL, NULL), MPMGR_EINVAL);
    ck_assert_ptr_null(v);
    json_decref(k);
    mpmgr_dict_free(d);
}
END_TEST

/* Values JSON cannot carry are refused before anything is sent, and the
 * connection and the stored values stay as they were. */
START_TEST(test_dict_unencodable_values)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    json_t *bad = json_stringn_nocheck("\xff", 1), *a = json_array(),
           *b = json_array();
    size_t len = 0;
    int64_t n = 0;

    mpt_ok(mpmgr_dict_set_si(d, "canary", 7));
    mpt_fails(mpmgr_dict_setitem(d, bad, bad), MPMGR_EINVAL);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(mpt_m), "not UTF-8"));
    /* a = [b], b = [a] */
    json_array_append(a, b);
    json_array_append(b, a);
    mpt_fails(mpmgr_dict_setitem(d, a, a), MPMGR_EINVAL);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(mpt_m), "inside itself"));
    json_array_clear(b);
    mpt_ok(mpmgr_dict_len(d, &len));
    ck_assert_uint_eq(len, 1);
    mpt_ok(mpmgr_dict_get_si(d, "canary", &n));
    ck_assert_int_eq(n, 7);
    json_decref(a);
    json_decref(b);
    json_decref(bad);
    mpmgr_dict_free(d);
}
END_TEST

/* C strings given to the typed helpers: written with the escapes JSON
 * needs, and refused, with nothing sent, when they are not UTF-8. */
START_TEST(test_dict_string_arguments)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    const char *odd = "q\"b\\s\n\x01 \xc3\xa9";
    char *back = NULL;
    int64_t n = 0;
    size_t count = 0;

    mpt_ok(mpmgr_dict_set_ss(d, odd, odd));
    mpt_ok(mpmgr_dict_get_ss(d, odd, &back));
    ck_assert_str_eq(back, odd);
    free(back);
    mpt_fails(mpmgr_dict_set_ss(d, "k", "\xff"), MPMGR_EINVAL);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(mpt_m), "not UTF-8"));
    mpt_fails(mpmgr_dict_set_si(d, "\xc3(", 1), MPMGR_EINVAL);
    mpt_fails(mpmgr_dict_set_ss(d, NULL, "v"), MPMGR_EINVAL);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(mpt_m), "NULL"));
    /* In a pipeline the refused call is not queued; the others are. */
    mpt_ok(mpmgr_pipeline_begin(mpt_m));
    mpt_ok(mpmgr_dict_set_si(d, "a", 1));
    mpt_fails(mpmgr_dict_set_ss(d, "b", "\xff"), MPMGR_EINVAL);
    mpt_ok(mpmgr_dict_incr_s(d, "a", 2, NULL));
    mpt_ok(mpmgr_pipeline_exec(mpt_m, &count));
    ck_assert_uint_eq(count, 2);
    mpt_ok(mpmgr_dict_get_si(d, "a", &n));
    ck_assert_int_eq(n, 3);
    mpt_assert_items(d, "[[\"q\\\"b\\\\s\\n\\u0001 \\u00e9\", "
                        "\"q\\\"b\\\\s\\n\\u0001 \\u00e9\"], [\"a\", 3]]");
    mpmgr_dict_free(d);
}
END_TEST

START_TEST(test_dict_limits_large_values)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    size_t size = 4 << 20, len = 0;
    char *big = malloc(size + 1), *back = NULL;
    int i;

    ck_assert_ptr_nonnull(big);
    memset(big, 'x', size);
    big[size] = '\0';
    mpt_ok(mpmgr_dict_set_ss(d, "big", big));
    mpt_ok(mpmgr_dict_get_ss(d, "big", &back));
    ck_assert_uint_eq(strlen(back), size);
    ck_assert_int_eq(memcmp(back, big, size), 0);
    for (i = 0; i < 2000; i++)
        mpt_ok(mpmgr_dict_set_ii(d, i, i * i));
    mpt_ok(mpmgr_dict_len(d, &len));
    ck_assert_uint_eq(len, 2001);
    free(back);
    free(big);
    mpmgr_dict_free(d);
}
END_TEST

/* A string with NUL bytes survives the trip through a json_t. */
START_TEST(test_dict_limits_nul_bytes)
{
    mpmgr_dict_t *d = mpt_new_dict(NULL);
    json_t *k = json_stringn("a\0b", 3), *v = NULL;

    mpt_ok(mpmgr_dict_setitem_new(d, k, json_stringn("x\0y", 3)));
    mpt_ok(mpmgr_dict_getitem(d, k, &v));
    ck_assert_uint_eq(json_string_length(v), 3);
    ck_assert_int_eq(memcmp(json_string_value(v), "x\0y", 3), 0);
    json_decref(v);
    json_decref(k);
    mpmgr_dict_free(d);
}
END_TEST

/* Arrays DEPTH deep around a 0, as the server counts depth: a new
 * reference. */
static json_t *
nested_arrays(int depth)
{
    json_t *v = json_integer(0), *a;

    while (depth-- > 0) {
        a = json_array();
        json_array_append_new(a, v);
        v = a;
    }
    return v;
}

static int
arrays_depth(const json_t *v)
{
    int depth = 0;

    while (json_is_array(v) && json_array_size(v) == 1) {
        depth++;
        v = json_array_get(v, 0);
    }
    return depth;
}

/* A value stored as deep as --max-depth 2048 allows comes back, though the
 * replies carrying it nest a few levels deeper than any request may. */
START_TEST(test_dict_limits_deepest_value)
{
    static const char *const extra[] = {"--max-depth", "2048", NULL};
    struct mptest_server own;
    mpmgr_t *m = NULL;
    mpmgr_dict_t *d = NULL;
    json_t *key = json_string("k"), *v = NULL, *items = NULL;
    json_t *fits = nested_arrays(2046), *too_deep = nested_arrays(2047);

    mpt_start_at(&own, NULL, extra);
    mpt_ok(mpmgr_connect(own.addr, NULL, &m));
    mpt_ok(mpmgr_dict_create(m, NULL, NULL, &d));
    /* The request is 2 levels ({"params":{"value":...}}) plus the value. */
    mpt_ok(mpmgr_dict_setitem_new(d, key, nested_arrays(2046)));
    mpt_fails(mpmgr_dict_setitem_new(d, key, nested_arrays(2047)),
              MPMGR_ELIMITEXCEEDED);
    /* Two path steps and 2046 levels: stored 2048 deep. */
    mpt_ok(mpmgr_dict_setitem_path(d, key, "/0/0", fits));
    mpt_fails(mpmgr_dict_setitem_path(d, key, "/0/0", too_deep),
              MPMGR_ELIMITEXCEEDED);

    mpt_ok(mpmgr_dict_getitem(d, key, &v));
    ck_assert_int_eq(arrays_depth(v), 2048);
    json_decref(v);
    mpt_ok(mpmgr_dict_items(d, &items));
    ck_assert_int_eq(arrays_depth(json_array_get(json_array_get(items, 0), 1)),
                     2048);
    json_decref(items);
    mpt_ok(mpmgr_pipeline_begin(m));
    mpt_ok(mpmgr_dict_items(d, &items));
    mpt_ok(mpmgr_pipeline_exec(m, NULL));
    mpt_ok(mpmgr_pipeline_result(m, 0, &items));
    ck_assert_int_eq(arrays_depth(json_array_get(json_array_get(items, 0), 1)),
                     2048);
    json_decref(items);

    json_decref(fits);
    json_decref(too_deep);
    json_decref(key);
    mpmgr_dict_free(d);
    mpmgr_close(m);
    ck_assert_int_eq(mptest_server_stop(&own), 0);
}
END_TEST

Suite *
suite_dict(void)
{
    Suite *s = suite_create("dict");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");
    TCase *limits = mpt_tcase("limits");

    tcase_add_test(core, test_dict_create_and_lifecycle);
    tcase_add_test(core, test_dict_open_create);
    tcase_add_test(core, test_dict_items_and_access);
    tcase_add_test(core, test_dict_update_setdefault_pop);
    tcase_add_test(core, test_dict_incr_cas_getmany);
    tcase_add_test(core, test_dict_typed_helpers);
    tcase_add_test(errors, test_dict_incr_of_a_real);
    tcase_add_test(errors, test_dict_errors_from_server);
    tcase_add_test(errors, test_dict_errors_from_library);
    tcase_add_test(errors, test_dict_unencodable_values);
    tcase_add_test(errors, test_dict_string_arguments);
    tcase_add_test(limits, test_dict_limits_large_values);
    tcase_add_test(limits, test_dict_limits_nul_bytes);
    tcase_add_test(limits, test_dict_limits_deepest_value);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, limits);
    return s;
}
