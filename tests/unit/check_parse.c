/*
 * check_parse.c: the JSON reader (common/json.c) must accept exactly
 * what jansson's json_loadb accepts with the server's flags, and build the
 * same values.  Fixed cases first, then many random mutations of them,
 * from a fixed seed so that any difference shows up on every run.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mpmgrd.h"
#include "unit.h"

static const int jansson_flags =
    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;

static const char *const cases[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.setitem\","
    "\"params\":{\"oid\":1,\"key\":\"k\",\"value\":[1,2.5,-3e2,true,null]}}",
    "[{\"a\":{}},[],[[]],\"\",0,-0,1.0,1e5,1E-5,-0.0e+0]",
    "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u20ac\"",
    "\"\\ud83d\\ude00 and \\u0000 inside\"",
    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
    " \t\r\n{ \"a\" : 1 , \"b\" : [ 1 , 2 ] } \t",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "1e309",
    "-1e309",
    "1e-400",
    "123456789012345678901234567890.5",
    "{\"a\":1,\"a\":2}",
    "{\"a\":1,\"b\":{\"c\":1,\"c\":2}}",
    "{\"a\\u0000b\":1}",
    "01",
    "-",
    "-01",
    "1.",
    ".5",
    "1e",
    "1e+",
    "+1",
    "tru",
    "true1",
    "nul",
    "[1,]",
    "[,1]",
    "{\"a\"}",
    "{\"a\":}",
    "{,}",
    "{\"a\":1,}",
    "\"\\x\"",
    "\"\\u12\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\ud800\\u0041\"",
    "\"\xc0\xaf\"",
    "\"\xed\xa0\x80\"",
    "\"\xf4\x90\x80\x80\"",
    "\"\xe0\x80\xaf\"",
    "\"\xc3\"",
    "\"\x01\"",
    "\"abc",
    "[",
    "]",
    "}",
    "",
    "   ",
    "1 2",
    "[1] x",
    "{\"a\":1}}",
    "\"\xf0\x9f\x98\"",
};

/*
 * Compare both parsers on TEXT of LEN bytes; fails the test on any
 * difference.  A raw NUL byte is never valid JSON, but jansson drops one
 * that directly follows a number, true, false or null ("[1\0]" loads as
 * [1]): our reader refuses a raw NUL byte anywhere.
 */
static void
compare(const char *text, size_t len)
{
    json_t *ours, *theirs;
    struct mpmgr__json_error e;

    ours = mpmgr__json_parse(text, len, JSON_PARSER_MAX_DEPTH, &e);
    if (memchr(text, '\0', len) != NULL) {
        ck_assert_msg(ours == NULL, "accepted a raw NUL byte");
        ck_assert_int_eq(e.code, MPMGR_EPARSE);
        return;
    }
    theirs = json_loadb(text, len, jansson_flags, NULL);
    ck_assert_msg((ours == NULL) == (theirs == NULL),
                  "parsers disagree on %.*s: ours %s, jansson %s", (int)len,
                  text, ours != NULL ? "accepts" : e.text,
                  theirs != NULL ? "accepts" : "rejects");
    if (ours != NULL) {
        ck_assert_msg(json_equal(ours, theirs), "different values for %.*s",
                      (int)len, text);
        /* json_equal treats 1 and 1.0 alike: compare the text too. */
        char *a = json_dumps(ours, JSON_COMPACT | JSON_ENCODE_ANY);
        char *b = json_dumps(theirs, JSON_COMPACT | JSON_ENCODE_ANY);

        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    } else {
        ck_assert_int_eq(e.code, MPMGR_EPARSE);
    }
    json_decref(ours);
    json_decref(theirs);
}

START_TEST(test_parse_cases_match_jansson)
{
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        compare(cases[i], strlen(cases[i]));
    compare("\"a\0b\"", 5);
    compare("[1,\0]", 5);
    compare("[1\0]", 4);
    compare("1\0", 2);
}
END_TEST

/* Bytes that matter to a JSON parser, for the mutations. */
static const char interesting[] = "\"\\u{}[],:0123456789eE+-. \ttrfn"
                                  "\x00\x01\x7f\x80\xbf\xc2\xc3\xe0\xed\xef"
                                  "\xf0\xf4\xf5\xff";

START_TEST(test_parse_mutations_match_jansson)
{
    char buf[512];
    unsigned seed = 1;
    int round;

    for (round = 0; round < 200000; round++) {
        size_t pick = (size_t)rand_r(&seed) % (sizeof(cases) / sizeof(*cases));
        const char *src = cases[pick];
        size_t len = strlen(src), edits = 1 + (size_t)rand_r(&seed) % 3, i;

        memcpy(buf, src, len);
        for (i = 0; i < edits && len > 0; i++) {
            size_t at = (size_t)rand_r(&seed) % len;
            char c = interesting[rand_r(&seed) % (sizeof(interesting) - 1)];

            switch (rand_r(&seed) % 3) {
            case 0:
                buf[at] = c;
                break;
            case 1:
                memmove(buf + at + 1, buf + at, len - at);
                buf[at] = c;
                len++;
                break;
            default:
                memmove(buf + at, buf + at + 1, len - at - 1);
                len--;
            }
        }
        compare(buf, len);
    }
}
END_TEST

/*
 * Strings are scanned 8 bytes at a time: every byte value at every
 * position of strings up to 18 bytes long (two blocks and a tail), with
 * plain bytes around it, must read as jansson reads it.
 */
START_TEST(test_parse_string_blocks)
{
    char buf[32];
    size_t len, at;
    int c;

    for (len = 1; len <= 18; len++)
        for (at = 0; at < len; at++)
            for (c = 0; c < 256; c++) {
                buf[0] = '"';
                memset(buf + 1, 'a', len);
                buf[1 + at] = (char)c;
                buf[1 + len] = '"';
                compare(buf, len + 2);
                /* and cut short, without its closing quote */
                compare(buf, len + 1);
            }
}
END_TEST

START_TEST(test_parse_depth_limit)
{
    struct mpmgr__json_error e;
    json_t *v;

    v = mpmgr__json_parse("[[[1]]]", 7, 3, &e);
    ck_assert_ptr_nonnull(v);
    json_decref(v);
    ck_assert_ptr_null(mpmgr__json_parse("[[[[1]]]]", 9, 3, &e));
    ck_assert_int_eq(e.code, MPMGR_ELIMITEXCEEDED);
    ck_assert_ptr_null(
        mpmgr__json_parse("{\"a\":{\"b\":{\"c\":{}}}}", 20, 3, &e));
    ck_assert_int_eq(e.code, MPMGR_ELIMITEXCEEDED);
}
END_TEST

/* The small-integer scanner takes what the full parser reads as an
 * integer of at most 18 digits, with the same value, and nothing else. */
START_TEST(test_parse_small_integer)
{
    static const struct {
        const char *text;
        size_t len;
        json_int_t value;
    } ints[] = {
        {"0", 1, 0},
        {"-0", 2, 0},
        {"7,", 1, 7},
        {"-42]", 3, -42},
        {"123456789012345678", 18, 123456789012345678LL},
        {"-123456789012345678}", 19, -123456789012345678LL},
        {"1234567890123456789", 0, 0},
        {"99999999999999999999999999", 0, 0},
        {"01", 0, 0},
        {"1.5", 0, 0},
        {"1e3", 0, 0},
        {"2E3", 0, 0},
        {"-", 0, 0},
        {"-x", 0, 0},
        {"", 0, 0},
        {"x1", 0, 0},
        {"+1", 0, 0},
    };
    json_int_t v;
    size_t i, n;

    for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        const char *t = ints[i].text;

        v = -1;
        n = mpmgr__json_small_integer(t, t + strlen(t), &v);
        ck_assert_msg(n == ints[i].len, "%s: %zu", t, n);
        if (n > 0)
            ck_assert_msg(v == ints[i].value, "%s: %lld", t, (long long)v);
    }
    /* The end is respected: "12" seen as "1". */
    ck_assert_uint_eq(mpmgr__json_small_integer("12", "12" + 1, &v), 1);
    ck_assert_int_eq(v, 1);
}
END_TEST

Suite *
suite_parse(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_parse_cases_match_jansson);
    tcase_add_test(tc, test_parse_mutations_match_jansson);
    tcase_add_test(tc, test_parse_string_blocks);
    tcase_add_test(tc, test_parse_depth_limit);
    tcase_add_test(tc, test_parse_small_integer);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}
