/*
 * check_number.c: the strict reading of command-line integers and seconds
 * (common/number.c), shared by mpmgrd, the mpmgr tool, addresses and the
 * benchmark programs.
 */
#include "config.h"

#include <limits.h>

#include "number.h"
#include "unit.h"

static void
assert_reads(const char *text, long long min, long long max, long long want)
{
    long long n = 12345;

    ck_assert_msg(mpmgr__parse_integer(text, min, max, &n) == 0,
                  "'%s' was refused", text);
    ck_assert_int_eq(n, want);
}

static void
assert_refuses(const char *text, long long min, long long max)
{
    long long n = 12345;

    ck_assert_msg(mpmgr__parse_integer(text, min, max, &n) < 0,
                  "'%s' was read as %lld", text, n);
    ck_assert_int_eq(n, 12345); /* untouched */
}

START_TEST(test_number_reads)
{
    assert_reads("0", 0, 10, 0);
    assert_reads("10", 0, 10, 10);
    assert_reads("-1", -1, 10, -1);
    assert_reads("007", 0, 10, 7);
    assert_reads("9223372036854775807", 0, LLONG_MAX, LLONG_MAX);
    assert_reads("-9223372036854775808", LLONG_MIN, 0, LLONG_MIN);
}
END_TEST

START_TEST(test_number_refuses)
{
    assert_refuses("", 0, 10);
    assert_refuses("-", -10, 10);
    assert_refuses("x", 0, 10);
    assert_refuses("3x", 0, 10);
    assert_refuses("1.5", 0, 10);
    assert_refuses("1e3", 0, 10000);
    assert_refuses(" 1", 0, 10);
    assert_refuses("1 ", 0, 10);
    assert_refuses("+1", 0, 10);
    assert_refuses("--1", -10, 10);
    assert_refuses("0x10", 0, 100);
    assert_refuses("11", 0, 10);
    assert_refuses("-2", -1, 10);
    assert_refuses("9223372036854775808", 0, LLONG_MAX);
    assert_refuses("99999999999999999999", 0, LLONG_MAX);
}
END_TEST

/* Seconds: decimal, above 0, at most the bound; the rest untouched. */
START_TEST(test_number_seconds)
{
    static const char *const refused[] = {
        "",    "0",    "-1", "0.0", " 1",  "1 ", "1s",       "inf",
        "nan", "0x10", ".",  "e3",  "1e9", "+",  "1e999999", "86400.5",
    };
    double d = 42;
    size_t i;

    ck_assert_int_eq(mpmgr__parse_seconds("2", 86400, &d), 0);
    ck_assert(d == 2);
    ck_assert_int_eq(mpmgr__parse_seconds("0.5", 86400, &d), 0);
    ck_assert(d == 0.5);
    ck_assert_int_eq(mpmgr__parse_seconds("1e-3", 86400, &d), 0);
    ck_assert(d == 1e-3);
    ck_assert_int_eq(mpmgr__parse_seconds("86400", 86400, &d), 0);
    ck_assert(d == 86400);
    for (i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
        d = 42;
        ck_assert_msg(mpmgr__parse_seconds(refused[i], 86400, &d) < 0,
                      "'%s' was read as %g", refused[i], d);
        ck_assert(d == 42);
    }
}
END_TEST

Suite *
suite_number(void)
{
    Suite *s = suite_create("number");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_number_reads);
    tcase_add_test(tc, test_number_refuses);
    tcase_add_test(tc, test_number_seconds);
    suite_add_tcase(s, tc);
    return s;
}
