/*
 * check_list.c: the list's storage (server/t_list.c): insert and take at
 * any position, and a stable sort that leaves the list alone on TypeError.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"
#include "unit.h"

static struct list l;

static void
teardown(void)
{
    while (l.len > 0)
        json_decref(list_take(&l, 0));
    free(l.items);
    memset(&l, 0, sizeof(l));
}

static void
fill(const char *array)
{
    json_t *a = json_loads(array, 0, NULL), *v;
    size_t i;

    ck_assert_ptr_nonnull(a);
    json_array_foreach (a, i, v)
        list_insert(&l, l.len, json_incref(v));
    json_decref(a);
}

static void
assert_list(const char *expect)
{
    json_t *a = json_array();
    char *text;
    size_t i;

    for (i = 0; i < l.len; i++)
        json_array_append(a, l.items[i]);
    text = json_dumps(a, JSON_COMPACT);
    ck_assert_str_eq(text, expect);
    free(text);
    json_decref(a);
}

START_TEST(test_list_insert_take)
{
    json_t *v;

    fill("[1,2,3]");
    list_insert(&l, 0, json_integer(0));
    list_insert(&l, 2, json_string("x"));
    assert_list("[0,1,\"x\",2,3]");
    v = list_take(&l, 4);
    ck_assert_int_eq(json_integer_value(v), 3);
    json_decref(v);
    v = list_take(&l, 0);
    json_decref(v);
    assert_list("[1,\"x\",2]");
}
END_TEST

/* Equal keys keep their order, also when sorting in reverse. */
START_TEST(test_list_sort_stable)
{
    struct error e;

    fill("[[2,\"a\"],[1,\"b\"],[2,\"a\"],[1.0,\"b\"],[0.5]]");
    ck_assert_int_eq(list_sort(&l, false, &e), 0);
    assert_list("[[0.5],[1,\"b\"],[1.0,\"b\"],[2,\"a\"],[2,\"a\"]]");
    teardown();
    fill("[1, 3.0, 2, 3, 1.0]");
    ck_assert_int_eq(list_sort(&l, true, &e), 0);
    assert_list("[3.0,3,2,1,1.0]");
    teardown();
    fill("[\"b\", \"a\", \"\", \"ab\"]");
    ck_assert_int_eq(list_sort(&l, false, &e), 0);
    assert_list("[\"\",\"a\",\"ab\",\"b\"]");
}
END_TEST

START_TEST(test_list_sort_mixed_unchanged)
{
    struct error e;

    fill("[3, 1, \"2\", 0]");
    ck_assert_int_eq(list_sort(&l, false, &e), -1);
    ck_assert_int_eq(e.code, MPMGR_ETYPE);
    assert_list("[3,1,\"2\",0]");
    teardown();
    fill("[[1, 2], [1, \"x\"]]");
    ck_assert_int_eq(list_sort(&l, false, &e), -1);
    teardown();
    fill("[true, false]");
    ck_assert_int_eq(list_sort(&l, false, &e), -1);
    teardown();
    fill("[{\"a\": 1}]");
    ck_assert_int_eq(list_sort(&l, false, &e), 0);
}
END_TEST

Suite *
suite_list(void)
{
    Suite *s = suite_create("list");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_list_insert_take);
    tcase_add_test(tc, test_list_sort_stable);
    tcase_add_test(tc, test_list_sort_mixed_unchanged);
    suite_add_tcase(s, tc);
    return s;
}
