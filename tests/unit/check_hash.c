/*
 * check_hash.c: the keyed hash every server table uses, and the reason for
 * it: keys crafted to collide under uthash's unseeded default hash.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mpmgrd.h"
#include "unit.h"

/*
 * SipHash-1-3 under the all-zero key, as Python computes it: with
 * PYTHONHASHSEED=0 its key is zero and hash(bytes) is SipHash-1-3 of the
 * bytes, e.g. hash(bytes(range(15))).  "siphash" is also the rust
 * siphasher crate's vector.
 */
START_TEST(test_hash_siphash_vectors)
{
    unsigned char key[16] = {0}, msg[64];
    size_t i;

    for (i = 0; i < sizeof(msg); i++)
        msg[i] = (unsigned char)i;
    ck_assert_uint_eq(siphash(msg, 1, key), 0x68a914128e01e473ULL);
    ck_assert_uint_eq(siphash(msg, 7, key), 0x2f098ab0c751325aULL);
    ck_assert_uint_eq(siphash(msg, 8, key), 0xead411e67ebe2eeaULL);
    ck_assert_uint_eq(siphash(msg, 15, key), 0xf30eb725bb91c9eaULL);
    ck_assert_uint_eq(siphash(msg, 63, key), 0x385d3e39e5f37359ULL);
    ck_assert_uint_eq(siphash("siphash", 7, key), 0x8264ceeccb16bcbeULL);
}
END_TEST

START_TEST(test_hash_seed_differs)
{
    unsigned char first[16];

    memcpy(first, hash_key, sizeof(first));
    hash_seed();
    ck_assert_mem_ne(first, hash_key, sizeof(first));
}
END_TEST

#define FLOOD_KEYS 2000
/* Keys agreeing in these low bits share a bucket in any table of up to
 * 1024 buckets under the unseeded hash. */
#define FLOOD_MASK 0x3ffu

/*
 * Find FLOOD_KEYS dict keys whose stored form (the compact JSON text, with
 * quotes) collides in the low bits of uthash's default hash.
 */
static size_t
craft_keys(char **texts, size_t *lens)
{
    unsigned target = 0, i;
    size_t n = 0;
    char buf[64];

    for (i = 0; n < FLOOD_KEYS; i++) {
        int len = snprintf(buf, sizeof(buf), "\"flood-%u\"", i);
        unsigned h = jenkins_hash(buf, (size_t)len) & FLOOD_MASK;

        if (i == 0)
            target = h;
        if (h != target)
            continue;
        texts[n] = strdup(buf);
        lens[n++] = (size_t)len;
    }
    return n;
}

static unsigned
longest_chain(const UT_hash_table *tbl)
{
    unsigned i, longest = 0;

    for (i = 0; i < tbl->num_buckets; i++)
        if (tbl->buckets[i].count > longest)
            longest = tbl->buckets[i].count;
    return longest;
}

/*
 * The flood: under the unseeded hash the table gives up growing at 128
 * buckets with every key in one chain; the server's dict keeps growing and
 * keeps its chains short.
 */
START_TEST(test_hash_flood_dict_keeps_growing)
{
    static char *texts[FLOOD_KEYS];
    static size_t lens[FLOOD_KEYS];
    unsigned buckets, chain;
    struct dict d = {NULL};
    struct error e;
    int noexpand;
    size_t n = craft_keys(texts, lens), i;

    ck_assert_uint_eq(n, FLOOD_KEYS);
    jenkins_table_fill((const char *const *)texts, lens, n, &buckets, &chain,
                       &noexpand);
    ck_assert_int_eq(noexpand, 1);
    ck_assert_uint_eq(buckets, 128);
    ck_assert_uint_eq(chain, FLOOD_KEYS);

    for (i = 0; i < n; i++) {
        json_t *key = json_loadb(texts[i], lens[i], JSON_DECODE_ANY, NULL);
        struct key k;

        ck_assert_int_eq(key_make(&k, key, &e), 0);
        ck_assert_uint_eq(k.len, lens[i]);
        dict_put(&d, &k, json_integer((json_int_t)i));
        key_done(&k);
        json_decref(key);
    }
    ck_assert_uint_eq(dict_len(&d), FLOOD_KEYS);
    ck_assert_uint_eq(d.entries->hh.tbl->noexpand, 0);
    ck_assert_uint_ge(d.entries->hh.tbl->num_buckets, 256);
    ck_assert_uint_le(longest_chain(d.entries->hh.tbl), 30);

    while (d.entries != NULL)
        dict_remove(&d, d.entries);
    for (i = 0; i < n; i++)
        free(texts[i]);
}
END_TEST

Suite *
suite_hash(void)
{
    Suite *s = suite_create("hash");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_hash_siphash_vectors);
    tcase_add_test(tc, test_hash_seed_differs);
    tcase_add_test(tc, test_hash_flood_dict_keeps_growing);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
