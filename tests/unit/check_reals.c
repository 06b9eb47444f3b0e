/*
 * check_reals.c: reals written for people in the fewest digits that read
 * back exactly (common/json_reals.c), as the mpmgr tool and the server's
 * messages show them.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "unit.h"

static void
assert_shortens(const char *jansson_text, const char *want)
{
    char *got = mpmgr__json_shorten_reals(jansson_text, strlen(jansson_text));

    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(test_reals_text)
{
    assert_shortens("0.10000000000000001", "0.1");
    assert_shortens("[0.10000000000000001,0.30000000000000004]",
                    "[0.1,0.30000000000000004]");
    assert_shortens("1.0000000000000001e300", "1e300");
    assert_shortens("4.9406564584124654e-324", "5e-324");
    assert_shortens("9.9999999999999995e-8", "1e-7");
    assert_shortens("-0.0", "-0.0");
    assert_shortens("2.0", "2.0");
    assert_shortens("1e22", "1e22");
    assert_shortens("1.7976931348623157e308", "1.7976931348623157e308");
    /* Integers, strings and names stay as they are. */
    assert_shortens("[-5,100,9007199254740993,true,null]",
                    "[-5,100,9007199254740993,true,null]");
    assert_shortens("\"0.10000000000000001\"", "\"0.10000000000000001\"");
    assert_shortens("[\"a\\\"0.10000000000000001\\\\\",0.10000000000000001]",
                    "[\"a\\\"0.10000000000000001\\\\\",0.1]");
    assert_shortens("{\n  \"a.b\": 0.69999999999999996\n}",
                    "{\n  \"a.b\": 0.7\n}");
    assert_shortens("", "");
}
END_TEST

/* Random doubles of every exponent: each comes back as the same double. */
START_TEST(test_reals_read_back)
{
    uint64_t x = 88172645463325252ULL;
    char text[64], *got;
    json_t *real;
    size_t len;
    double d;
    int i;

    for (i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(&d, &x, sizeof(d));
        if (d != d || d - d != 0) /* NaN or infinite: not JSON */
            continue;
        real = json_real(d);
        len = json_dumpb(real, text, sizeof(text), JSON_ENCODE_ANY);
        json_decref(real);
        got = mpmgr__json_shorten_reals(text, len);
        ck_assert_ptr_nonnull(got);
        ck_assert_msg(strtod(got, NULL) == d, "%.*s became %s", (int)len, text,
                      got);
        free(got);
    }
}
END_TEST

Suite *
suite_reals(void)
{
    Suite *s = suite_create("reals");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_reals_text);
    tcase_add_test(tc, test_reals_read_back);
    suite_add_tcase(s, tc);
    return s;
}
