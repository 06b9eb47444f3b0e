/*
 * check_values.c: values, numbers, strings and equality (doc/protocol.md
 * section 6, "Values", "Keys" and "Equality"): the transcripts in
 * cases/values-*.t, plus large and deep values that must come back
 * exactly.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

/* A 20 MB string and a 100,000-element array come back unchanged. */
START_TEST(test_values_large)
{
    int fd = pt_client(), i;
    size_t n = 20u << 20, len = 0, cap = 1u << 20;
    char *big = pt_text("%*s", (int)n, ""), *arr = pt_text("%*s", (int)cap, "");
    json_t *got;

    for (i = 0; (size_t)i < n; i++)
        big[i] = (char)('a' + i % 26);
    pt_new(fd, "dict", NULL);
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'big','value':'%s'}", big);
    got = pt_ok(fd, "dict.getitem", "{'oid':1,'key':'big'}");
    ck_assert(json_is_string(got));
    ck_assert_uint_eq(json_string_length(got), n);
    ck_assert(memcmp(json_string_value(got), big, n) == 0);

    len += (size_t)snprintf(arr, cap, "[");
    for (i = 0; i < 100000; i++)
        len += (size_t)snprintf(arr + len, cap - len, "%s%d", i ? "," : "", i);
    snprintf(arr + len, cap - len, "]");
    pt_ok(fd, "new", "{'type':'list','init':%s}", arr);
    pt_eq(pt_ok(fd, "list.len", "{'oid':2}"), "100000");
    pt_eq(pt_ok(fd, "list.slice", "{'oid':2}"), "%s", arr);
    pt_eq(pt_ok(fd, "list.getitem", "{'oid':2,'index':-1}"), "99999");
}
END_TEST

/* A value nested 200 deep fits under the default depth of 256. */
START_TEST(test_values_deep_within_limit)
{
    int fd = pt_client(), i;
    char *v = pt_text("%*s", 1024, "");
    size_t len = 0;

    for (i = 0; i < 100; i++)
        len += (size_t)sprintf(v + len, "[{\"a\":");
    len += (size_t)sprintf(v + len, "null");
    for (i = 0; i < 100; i++)
        len += (size_t)sprintf(v + len, "}]");
    pt_new(fd, "list", NULL);
    pt_ok(fd, "list.append", "{'oid':1,'value':%s}", v);
    pt_eq(pt_ok(fd, "list.getitem", "{'oid':1,'index':0}"), "%s", v);
    pt_eq(pt_ok(fd, "list.count", "{'oid':1,'value':%s}", v), "1");
}
END_TEST

/* Strings with NUL bytes are kept whole, as values, keys and names. */
START_TEST(test_values_nul_in_strings)
{
    int fd = pt_client();
    json_t *keys;

    pt_new(fd, "dict", NULL);
    pt_ok(fd, "dict.setitem",
          "{'oid':1,'key':'a\\u0000b','value':'x\\u0000y'}");
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'a','value':'short'}");
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'a\\u0000c','value':'other'}");
    pt_eq(pt_ok(fd, "dict.len", "{'oid':1}"), "3");
    pt_eq(pt_ok(fd, "dict.getitem", "{'oid':1,'key':'a\\u0000b'}"),
          "'x\\u0000y'");
    keys = pt_ok(fd, "dict.keys", "{'oid':1}");
    pt_eq(keys, "['a\\u0000b','a','a\\u0000c']");
    ck_assert_uint_eq(json_string_length(json_array_get(keys, 0)), 3);
}
END_TEST

Suite *
suite_values(void)
{
    Suite *s = suite_create("values");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_values_large);
    tcase_add_test(tc, test_values_deep_within_limit);
    tcase_add_test(tc, test_values_nul_in_strings);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "values");
    return s;
}
