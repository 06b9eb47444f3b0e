/*
 * check_dict.c: the dict's storage (server/t_dict.c): insertion order,
 * overwrite in place, removal, and all-or-nothing update.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"
#include "unit.h"

static struct dict d;

static void
teardown(void)
{
    while (d.entries != NULL)
        dict_remove(&d, d.entries);
}

static void
put(const char *key, json_int_t value)
{
    json_t *k = json_loads(key, JSON_DECODE_ANY, NULL);
    struct error e;
    struct key kk;

    ck_assert_int_eq(key_make(&kk, k, &e), 0);
    dict_put(&d, &kk, json_integer(value));
    key_done(&kk);
    json_decref(k);
}

static struct dict_entry *
find(const char *key)
{
    json_t *k = json_loads(key, JSON_DECODE_ANY, NULL);
    struct dict_entry *ent;
    struct error e;
    struct key kk;

    ck_assert_int_eq(key_make(&kk, k, &e), 0);
    ent = dict_find(&d, &kk);
    key_done(&kk);
    json_decref(k);
    return ent;
}

/* The keys in iteration order, as compact JSON joined by spaces. */
static void
order(char *buf, size_t size)
{
    struct dict_entry *ent, *tmp;

    buf[0] = '\0';
    HASH_ITER (hh, d.entries, ent, tmp) {
        strncat(buf, ent->key, size - strlen(buf) - 2);
        strcat(buf, " ");
    }
}

START_TEST(test_dict_order_kept_on_overwrite)
{
    char buf[256];

    put("\"b\"", 1);
    put("1", 2);
    put("\"1\"", 3);
    put("[1,2]", 4);
    put("\"b\"", 5);
    ck_assert_uint_eq(dict_len(&d), 4);
    order(buf, sizeof(buf));
    ck_assert_str_eq(buf, "\"b\" 1 \"1\" [1,2] ");
    ck_assert_int_eq(find("\"b\"")->v.integer, 5);
    ck_assert_int_eq(find("1")->v.integer, 2);
    ck_assert_ptr_null(find("1.0"));
}
END_TEST

START_TEST(test_dict_remove)
{
    char buf[256];

    put("\"a\"", 1);
    put("\"b\"", 2);
    put("\"c\"", 3);
    dict_remove(&d, find("\"b\""));
    put("\"b\"", 4);
    order(buf, sizeof(buf));
    ck_assert_str_eq(buf, "\"a\" \"c\" \"b\" ");
}
END_TEST

START_TEST(test_dict_update_all_or_nothing)
{
    json_t *good = json_loads("[[\"x\",1],[[1,2],2],[null,3]]", 0, NULL);
    json_t *bad = json_loads("[[\"y\",1],[{\"no\":1},2]]", 0, NULL);
    json_t *shape = json_loads("[[\"z\",1],[\"w\"]]", 0, NULL);
    json_t *obj = json_loads("{\"p\":1,\"q\":2}", 0, NULL);
    struct error e;
    char buf[256];

    ck_assert_int_eq(dict_update(&d, good, &e), 0);
    ck_assert_int_eq(dict_update(&d, bad, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_ETYPE);
    ck_assert_int_eq(dict_update(&d, shape, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    ck_assert_int_eq(dict_update(&d, obj, &e), 0);
    order(buf, sizeof(buf));
    ck_assert_str_eq(buf, "\"x\" [1,2] null \"p\" \"q\" ");
    json_decref(good);
    json_decref(bad);
    json_decref(shape);
    json_decref(obj);
}
END_TEST

START_TEST(test_dict_many_entries)
{
    char key[32];
    int i;

    for (i = 0; i < 100000; i++) {
        snprintf(key, sizeof(key), "%d", i);
        put(key, i);
    }
    ck_assert_uint_eq(dict_len(&d), 100000);
    ck_assert(find("77777")->is_integer);
    ck_assert_int_eq(find("77777")->v.integer, 77777);
}
END_TEST

Suite *
suite_dict(void)
{
    Suite *s = suite_create("dict");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_dict_order_kept_on_overwrite);
    tcase_add_test(tc, test_dict_remove);
    tcase_add_test(tc, test_dict_update_all_or_nothing);
    tcase_add_test(tc, test_dict_many_entries);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
