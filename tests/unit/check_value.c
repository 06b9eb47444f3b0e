/*
 * check_value.c: key identity, deep equality, sort order, depth and number
 * arithmetic (server/value.c), against doc/protocol.md sections 6 to 8.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"
#include "unit.h"

static json_t *
J(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);

    ck_assert_ptr_nonnull(v);
    return v;
}

/* The identity text of the key written as TEXT, or NULL when unhashable. */
static char *
key_of(const char *text)
{
    json_t *v = J(text);
    struct error e;
    struct key k;
    char *out = NULL;

    if (key_make(&k, v, &e) == 0) {
        out = strndup(k.text, k.len);
        key_done(&k);
    } else {
        ck_assert_int_eq(e.code, MPMGR_ETYPE);
    }
    json_decref(v);
    return out;
}

static void
assert_same_key(const char *a, const char *b, int same)
{
    char *ka = key_of(a), *kb = key_of(b);

    ck_assert_ptr_nonnull(ka);
    ck_assert_ptr_nonnull(kb);
    if (same)
        ck_assert_str_eq(ka, kb);
    else
        ck_assert_str_ne(ka, kb);
    free(ka);
    free(kb);
}

START_TEST(test_value_key_identity)
{
    assert_same_key("1.0", "1.00", 1);
    assert_same_key("\"\\u0041\"", "\"A\"", 1);
    assert_same_key("1", "1.0", 0);
    assert_same_key("1", "\"1\"", 0);
    assert_same_key("1", "true", 0);
    assert_same_key("1.0", "true", 0);
    assert_same_key("[1, \"a\"]", "[1,\"a\"]", 1);
    assert_same_key("\"a\\u0000b\"", "\"a\"", 0);
}
END_TEST

/* key_make writes common keys itself: the text must be jansson's. */
START_TEST(test_value_key_text_is_jansson_dump)
{
    const char *keys[] = {
        "\"plain\"",
        "\"\"",
        "\"quote \\\" inside\"",
        "\"back\\\\slash\"",
        "\"tab\\t nl\\n\"",
        "\"\\u0001\\u001f\\u007f\"",
        "\"caf\u00e9 /\"",
        "\"\\u0000\"",
        "0",
        "-0",
        "7",
        "-42",
        "9223372036854775807",
        "-9223372036854775808",
        "1.5",
        "true",
        "null",
        "[1,\"a\",[2.0]]",
        "false",
        "[]",
        "[[]]",
        "[4242,17]",
        "[1,[2,\"x\",[true,false,null]],-3]",
        "[\"needs \\\"escape\\\"\",1]",
        "[\"0123456789012345678901234567890123456789\","
        "\"0123456789012345678901234567890123456789\","
        "\"0123456789012345678901234567890123456789\"]",
    };
    struct error e;
    struct key k;
    char expect[256];
    size_t i, n;

    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        json_t *v = J(keys[i]);

        n = json_dumpb(v, expect, sizeof(expect),
                       JSON_COMPACT | JSON_ENCODE_ANY);
        ck_assert_int_eq(key_make(&k, v, &e), 0);
        ck_assert_uint_eq(k.len, n);
        ck_assert_mem_eq(k.text, expect, n);
        key_done(&k);
        json_decref(v);
    }
}
END_TEST

START_TEST(test_value_key_long)
{
    char text[1024];
    char *k;

    memset(text, 'x', sizeof(text));
    text[0] = '"';
    text[sizeof(text) - 2] = '"';
    text[sizeof(text) - 1] = '\0';
    k = key_of(text);
    ck_assert_str_eq(k, text);
    free(k);
}
END_TEST

START_TEST(test_value_key_object_is_unhashable)
{
    ck_assert_ptr_null(key_of("{}"));
    ck_assert_ptr_null(key_of("[1, [2, {\"a\": 1}]]"));
}
END_TEST

static int
equal(const char *a, const char *b)
{
    json_t *va = J(a), *vb = J(b);
    int eq = value_equal(va, vb);

    json_decref(va);
    json_decref(vb);
    return eq;
}

START_TEST(test_value_equality)
{
    ck_assert(equal("1", "1.0"));
    ck_assert(equal("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1.0,2],\"a\":1}"));
    ck_assert(!equal("true", "1"));
    ck_assert(!equal("[1,2]", "[2,1]"));
    ck_assert(!equal("{\"a\":1}", "{\"a\":1,\"b\":2}"));
    ck_assert(!equal("null", "false"));
    ck_assert(equal("\"a\\u0000b\"", "\"a\\u0000b\""));
    ck_assert(!equal("\"a\\u0000b\"", "\"a\\u0000c\""));
    /* 2**53 + 1 cannot be a double: exact comparison keeps them apart. */
    ck_assert(!equal("9007199254740993", "9007199254740992.0"));
}
END_TEST

static int
compare(const char *a, const char *b, int *cmp)
{
    json_t *va = J(a), *vb = J(b);
    int rc = value_compare(va, vb, cmp);

    json_decref(va);
    json_decref(vb);
    return rc;
}

START_TEST(test_value_order)
{
    int cmp;

    ck_assert_int_eq(compare("1", "2.5", &cmp), 0);
    ck_assert_int_lt(cmp, 0);
    ck_assert_int_eq(compare("\"b\"", "\"a\"", &cmp), 0);
    ck_assert_int_gt(cmp, 0);
    ck_assert_int_eq(compare("\"\"", "\"\\u0000\"", &cmp), 0);
    ck_assert_int_lt(cmp, 0);
    ck_assert_int_eq(compare("[1, \"a\"]", "[1, \"b\"]", &cmp), 0);
    ck_assert_int_lt(cmp, 0);
    ck_assert_int_eq(compare("[1]", "[1, 0]", &cmp), 0);
    ck_assert_int_lt(cmp, 0);
    ck_assert_int_eq(compare("-9223372036854775808", "-9.3e18", &cmp), 0);
    ck_assert_int_gt(cmp, 0);
    ck_assert_int_eq(compare("1", "\"1\"", &cmp), -1);
    ck_assert_int_eq(compare("[1, 2]", "[1, \"2\"]", &cmp), -1);
    ck_assert_int_eq(compare("true", "false", &cmp), -1);
    ck_assert_int_eq(compare("null", "null", &cmp), -1);
}
END_TEST

START_TEST(test_value_depth)
{
    json_t *v;

    v = J("1");
    ck_assert_int_eq(value_depth(v), 0);
    json_decref(v);
    v = J("[]");
    ck_assert_int_eq(value_depth(v), 1);
    json_decref(v);
    v = J("{\"a\":[1,{\"b\":[]}],\"c\":2}");
    ck_assert_int_eq(value_depth(v), 4);
    json_decref(v);
}
END_TEST

START_TEST(test_value_number_add)
{
    json_t *a = J("9223372036854775806"), *one = J("1"), *half = J("0.5");
    json_t *s;
    struct error e;

    s = number_add(a, one, &e);
    ck_assert(json_is_integer(s));
    ck_assert_int_eq(json_integer_value(s), INT64_MAX);
    ck_assert_ptr_null(number_add(s, one, &e));
    ck_assert_int_eq(e.code, MPMGR_EVALUE);
    json_decref(s);
    s = number_add(one, half, &e);
    ck_assert(json_is_real(s));
    ck_assert(json_real_value(s) == 1.5);
    json_decref(s);
    s = J("\"x\"");
    ck_assert_ptr_null(number_add(s, one, &e));
    ck_assert_int_eq(e.code, MPMGR_ETYPE);
    json_decref(s);
    json_decref(a);
    json_decref(one);
    json_decref(half);
}
END_TEST

START_TEST(test_value_repr)
{
    json_t *v = J("\"it's\"");
    char buf[64];

    value_repr(v, buf, sizeof(buf));
    ck_assert_str_eq(buf, "'it\\'s'");
    json_decref(v);
    v = J("[1,{\"a\":null}]");
    value_repr(v, buf, sizeof(buf));
    ck_assert_str_eq(buf, "[1,{\"a\":null}]");
    value_repr(v, buf, 8);
    ck_assert_str_eq(buf, "[1,{...");
    json_decref(v);
}
END_TEST

/* Error messages quote client text and cut it when long: the cut falls
 * between characters, and error_set mends any text that is not UTF-8, or
 * the reply could not be encoded. */
START_TEST(test_value_error_message_stays_utf8)
{
    json_t *key = json_string("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    char repr[10];
    struct error e;
    json_t *s;

    value_repr(key, repr, sizeof(repr));
    ck_assert_str_eq(repr, "'\xc3\xa9\xc3\xa9...'");
    /* Half a character, as a cut inside one would leave. */
    error_set(&e, MPMGR_EKEY, "%s", "'\xc3\xa9\xc3...'");
    s = json_string(e.message);
    ck_assert_ptr_nonnull(s);
    json_decref(s);
    error_set(&e, MPMGR_EPARSE, "byte %s", "\xff\x80ok");
    ck_assert_str_eq(e.message, "ParseError: byte ??ok");
    json_decref(key);
}
END_TEST

/* A long string is cut with room for the end, whatever its last
 * characters: escapes, multibyte characters, at every buffer size. */
START_TEST(test_value_repr_cut_in_bounds)
{
    json_t *key =
        json_string("aa\x01'\\\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80zz\x7f"
                    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    char buf[80];
    size_t size, len;
    json_t *valid;

    for (size = 8; size < sizeof(buf); size++) {
        memset(buf, 'X', sizeof(buf));
        value_repr(key, buf, size);
        len = strlen(buf);
        ck_assert_uint_lt(len, size);
        ck_assert_int_eq(buf[size], 'X');
        ck_assert_int_eq(buf[0], '\'');
        ck_assert_int_eq(buf[len - 1], '\'');
        ck_assert_msg((valid = json_stringn(buf, len)) != NULL,
                      "not UTF-8 at size %zu: %s", size, buf);
        json_decref(valid);
    }
    json_decref(key);
}
END_TEST

Suite *
suite_value(void)
{
    Suite *s = suite_create("value");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_value_key_identity);
    tcase_add_test(tc, test_value_key_text_is_jansson_dump);
    tcase_add_test(tc, test_value_key_long);
    tcase_add_test(tc, test_value_key_object_is_unhashable);
    tcase_add_test(tc, test_value_equality);
    tcase_add_test(tc, test_value_order);
    tcase_add_test(tc, test_value_depth);
    tcase_add_test(tc, test_value_number_add);
    tcase_add_test(tc, test_value_repr);
    tcase_add_test(tc, test_value_error_message_stays_utf8);
    tcase_add_test(tc, test_value_repr_cut_in_bounds);
    suite_add_tcase(s, tc);
    return s;
}
