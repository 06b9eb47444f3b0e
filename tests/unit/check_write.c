/*
 * check_write.c: the shared writer of common values (common/json_write.c)
 * must write exactly what jansson's json_dumpb writes with JSON_COMPACT |
 * JSON_ENCODE_ANY, and decline (return 0) everything it does not write.
 * Fixed cases first, then random values from a fixed seed.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "unit.h"

static const int dump_flags = JSON_COMPACT | JSON_ENCODE_ANY;

struct text {
    char data[4096];
    size_t len;
};

/* mpmgr__json_write_simple into T, after what T holds. */
static int
write_into(const json_t *v, struct text *t)
{
    struct mpmgr__json_sink s = {t->data, t->len, sizeof(t->data),
                                 mpmgr__json_fixed};
    int rc = mpmgr__json_write_simple(v, &s);

    t->len = s.len;
    return rc;
}

/* A sink that starts empty and grows by just what is asked, so that
 * every write makes it move. */
static int
grow_exactly(struct mpmgr__json_sink *s, size_t more)
{
    char *bigger = realloc(s->data, s->len + more);

    if (bigger == NULL)
        return -1;
    s->data = bigger;
    s->size = s->len + more;
    return 0;
}

/* jansson's dump callback into a struct text. */
static int
put(const char *s, size_t n, void *arg)
{
    struct text *t = arg;

    if (n > sizeof(t->data) - t->len)
        return -1;
    memcpy(t->data + t->len, s, n);
    t->len += n;
    return 0;
}

/* Write V both ways, ours into a fixed buffer and into one that grows at
 * every write; returns what mpmgr__json_write_simple returned. */
static int
compare_with_jansson(const json_t *v)
{
    struct text mine = {.len = 0};
    struct mpmgr__json_sink grown = {NULL, 0, 0, grow_exactly};
    char theirs[4096];
    size_t n;
    int rc = write_into(v, &mine);

    ck_assert_int_eq(mpmgr__json_write_simple(v, &grown), rc);
    if (rc == 1) {
        n = json_dumpb(v, theirs, sizeof(theirs), dump_flags);
        ck_assert_uint_eq(mine.len, n);
        ck_assert_mem_eq(mine.data, theirs, n);
        ck_assert_uint_eq(grown.len, n);
        ck_assert_mem_eq(grown.data, theirs, n);
    }
    free(grown.data);
    return rc;
}

START_TEST(test_write_fixed)
{
    static const struct {
        const char *text;
        int written;
    } cases[] = {
        {"\"plain\"", 1},
        {"\"\"", 1},
        {"\"caf\u00e9 \u20ac \\ud83d\\ude00 /\"", 1},
        {"\"\\u007f\"", 1},
        {"\"quote \\\" inside\"", 0},
        {"\"back\\\\slash\"", 0},
        {"\"tab\\t\"", 0},
        {"\"\\u0000\"", 0},
        {"0", 1},
        {"-0", 1},
        {"-42", 1},
        {"9223372036854775807", 1},
        {"-9223372036854775808", 1},
        {"true", 1},
        {"false", 1},
        {"null", 1},
        {"[]", 1},
        {"[[[]]]", 1},
        {"[4242,17]", 1},
        {"[1,[2,\"x\",[true,false,null]],-3]", 1},
        {"1.5", 0},
        {"[1,2.0]", 0},
        {"{}", 0},
        {"[{\"a\":1}]", 0},
        {"[\"ok\",\"not \\n ok\"]", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_error_t err;
        json_t *v =
            json_loads(cases[i].text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);

        ck_assert_msg(v != NULL, "%s: %s", cases[i].text, err.text);
        ck_assert_msg(compare_with_jansson(v) == cases[i].written, "%s",
                      cases[i].text);
        json_decref(v);
    }
}
END_TEST

/*
 * Strings are checked 8 bytes at a time: every byte value at every
 * position of strings up to 18 bytes long, with plain bytes around it, is
 * written as jansson writes it or declined when jansson would escape it
 * (or refuse it, as a lone byte of a multibyte character).
 */
START_TEST(test_write_string_blocks)
{
    char buf[32];
    size_t len, at;
    int c, rc;

    for (len = 1; len <= 18; len++)
        for (at = 0; at < len; at++)
            for (c = 0; c < 256; c++) {
                json_t *v;

                memset(buf, 'a', len);
                buf[at] = (char)c;
                v = json_stringn_nocheck(buf, len);
                rc = compare_with_jansson(v);
                ck_assert_int_eq(rc, c >= 0x20 && c < 0x80 && c != '"' &&
                                         c != '\\');
                json_decref(v);
            }
}
END_TEST

/* A string that jansson would refuse to dump is declined, not written. */
START_TEST(test_write_invalid_utf8)
{
    json_t *v = json_stringn_nocheck("a\xff", 2);
    struct text t = {.len = 0};

    ck_assert_int_eq(write_into(v, &t), 0);
    json_decref(v);
}
END_TEST

/* Deep nesting, and an array inside itself, are left to jansson. */
START_TEST(test_write_deep_and_cyclic)
{
    json_t *deep = json_array(), *a = json_array(), *b = json_array();
    struct text t = {.len = 0};
    int i;

    for (i = 0; i < 40; i++) {
        json_t *outer = json_array();

        json_array_append_new(outer, deep);
        deep = outer;
    }
    ck_assert_int_eq(write_into(deep, &t), 0);
    json_decref(deep);
    /* a = [b], b = [a]: jansson's loop check refuses it. */
    json_array_append(a, b);
    json_array_append(b, a);
    t.len = 0;
    ck_assert_int_eq(write_into(a, &t), 0);
    ck_assert_int_eq(json_dump_callback(a, put, &t, JSON_COMPACT), -1);
    json_array_clear(b);
    json_decref(a);
    json_decref(b);
}
END_TEST

/* A sink that cannot grow makes the writer fail. */
START_TEST(test_write_append_fails)
{
    json_t *v = json_pack("[s,i]", "a long enough string", 7);
    struct text t = {.len = sizeof(t.data) - 4};

    ck_assert_int_eq(write_into(v, &t), -1);
    json_decref(v);
}
END_TEST

static json_t *
random_string(void)
{
    static const char *const pieces[] = {"a",
                                         "Z",
                                         "0",
                                         " ",
                                         "/",
                                         "\"",
                                         "\\",
                                         "\n",
                                         "\x01",
                                         "\x7f",
                                         "\xc3\xa9",
                                         "\xe2\x82\xac",
                                         "\xf0\x9f\x98\x80"};
    char s[64];
    size_t len = 0, n = (size_t)(rand() % 6), i, p;

    for (i = 0; i < n; i++) {
        p = (size_t)rand() % (sizeof(pieces) / sizeof(pieces[0]));
        /* Mostly plain pieces, so that most strings take the fast path. */
        if (rand() % 4 != 0)
            p %= 5;
        memcpy(s + len, pieces[p], strlen(pieces[p]));
        len += strlen(pieces[p]);
    }
    return json_stringn(s, len);
}

static json_t *
random_value(int depth)
{
    static const json_int_t ints[] = {0,          1,         -1,       42,
                                      1000000007, INT64_MAX, INT64_MIN};
    json_t *a;
    int i, n;

    switch (rand() % (depth < 4 ? 9 : 6)) {
    case 0:
        return json_integer(ints[rand() % 7]);
    case 1:
        return json_integer((json_int_t)rand() - RAND_MAX / 2);
    case 2:
        return random_string();
    case 3:
        return rand() % 2 ? json_true() : json_false();
    case 4:
        return json_null();
    case 5:
        return rand() % 8 == 0 ? json_real(0.1 * rand()) : json_integer(rand());
    case 6:
        if (rand() % 8 == 0)
            return json_pack("{s:i}", "k", 1);
        /* fall through */
    default:
        a = json_array();
        n = rand() % 4;
        for (i = 0; i < n; i++)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
}

START_TEST(test_write_random_values_match_jansson)
{
    int round, written = 0;

    srand(20261122);
    for (round = 0; round < 20000; round++) {
        json_t *v = random_value(0);

        written += compare_with_jansson(v) == 1;
        json_decref(v);
    }
    /* Most values are of the kinds written here. */
    ck_assert_int_gt(written, 10000);
}
END_TEST

/* Integers of every length and sign, written as printf writes them. */
START_TEST(test_write_integers)
{
    char mine[24], theirs[32], *start;
    json_int_t v, p;
    int k, d, i;

    /* p runs through 1, 10, ..., 10^18, and stops before it overflows. */
    for (k = 0, p = 1; k < 19; k++, p = k < 19 ? p * 10 : p)
        for (d = -1; d <= 1; d++)
            for (i = 0; i < 2; i++) {
                v = i == 0 ? p + d : -(p + d);
                start = mpmgr__json_format_integer(v, mine + sizeof(mine));
                snprintf(theirs, sizeof(theirs), "%lld", (long long)v);
                ck_assert_int_eq((int)(mine + sizeof(mine) - start),
                                 (int)strlen(theirs));
                ck_assert_mem_eq(start, theirs, strlen(theirs));
            }
    v = INT64_MIN;
    start = mpmgr__json_format_integer(v, mine + sizeof(mine));
    ck_assert_mem_eq(start, "-9223372036854775808", 20);
    v = INT64_MAX;
    start = mpmgr__json_format_integer(v, mine + sizeof(mine));
    ck_assert_mem_eq(start, "9223372036854775807", 19);
}
END_TEST

Suite *
suite_write(void)
{
    Suite *s = suite_create("write");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_write_fixed);
    tcase_add_test(tc, test_write_string_blocks);
    tcase_add_test(tc, test_write_invalid_utf8);
    tcase_add_test(tc, test_write_deep_and_cyclic);
    tcase_add_test(tc, test_write_append_fails);
    tcase_add_test(tc, test_write_integers);
    tcase_add_test(tc, test_write_random_values_match_jansson);
    suite_add_tcase(s, tc);
    return s;
}
