/*
 * check_jalloc.c: jansson's allocator in mpmgrd.  A block taken back from
 * a free list must hold every byte asked of it, whatever size it was
 * first made for, and jansson must work on top of it.
 */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "mpmgrd.h"
#include "unit.h"

#define NBLOCKS 3000

/* Sizes from 1 to 300 bytes in a scrambled order: small blocks of every
 * class, freed and taken again by requests of other sizes. */
static size_t
size_of(size_t i)
{
    return 1 + (i * 7919) % 300;
}

START_TEST(test_jalloc_blocks_hold_their_size)
{
    static void *blocks[NBLOCKS];
    size_t i, round, n;

    for (round = 0; round < 3; round++) {
        for (i = 0; i < NBLOCKS; i++) {
            n = size_of(i + round * 13);
            blocks[i] = jalloc(n);
            ck_assert_ptr_nonnull(blocks[i]);
            ck_assert_uint_ge(malloc_usable_size(blocks[i]), n);
            memset(blocks[i], (int)(i & 0xff), n);
        }
        /* Free every other block first, so that the lists mix. */
        for (i = 0; i < NBLOCKS; i += 2)
            jfree(blocks[i]);
        for (i = 1; i < NBLOCKS; i += 2)
            jfree(blocks[i]);
    }
    jfree(NULL);
}
END_TEST

/* Blocks from plain malloc (made before jansson was pointed here, or by
 * anyone) may be given to jfree. */
START_TEST(test_jalloc_takes_malloc_blocks)
{
    size_t n;

    for (n = 1; n < 400; n += 7)
        jfree(malloc(n));
}
END_TEST

/* jansson on top of it: values made, dropped and made again. */
START_TEST(test_jalloc_under_jansson)
{
    json_t *a;
    char *text;
    int round, i;

    json_set_alloc_funcs(jalloc, jfree);
    for (round = 0; round < 3; round++) {
        a = json_array();
        for (i = 0; i < 500; i++)
            json_array_append_new(a, json_pack("[[ii]s]", i, round, "value"));
        text = json_dumps(json_array_get(a, 499), JSON_COMPACT);
        ck_assert_ptr_nonnull(text);
        ck_assert_int_eq(strncmp(text, "[[499,", 6), 0);
        jfree(text);
        json_decref(a);
    }
    json_set_alloc_funcs(malloc, free);
}
END_TEST

Suite *
suite_jalloc(void)
{
    Suite *s = suite_create("jalloc");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_jalloc_blocks_hold_their_size);
    tcase_add_test(tc, test_jalloc_takes_malloc_blocks);
    tcase_add_test(tc, test_jalloc_under_jansson);
    suite_add_tcase(s, tc);
    return s;
}
