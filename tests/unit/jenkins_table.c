/*
 * jenkins_table.c: a uthash table with uthash's default, unseeded hash, as
 * a control for the hash-flooding test.  This file deliberately does not
 * include the server's hash.h.
 */
#include "config.h"

#include <stdlib.h>

#include <uthash.h>

#include "unit.h"

struct item {
    const char *key;
    UT_hash_handle hh;
};

unsigned
jenkins_hash(const char *key, size_t len)
{
    unsigned hashv;

    HASH_JEN(key, len, hashv);
    return hashv;
}

void
jenkins_table_fill(const char *const *keys, const size_t *lens, size_t n,
                   unsigned *buckets, unsigned *max_chain, int *noexpand)
{
    struct item *table = NULL, *items = calloc(n, sizeof(*items));
    unsigned i;

    for (i = 0; i < n; i++) {
        items[i].key = keys[i];
        HASH_ADD_KEYPTR(hh, table, keys[i], lens[i], &items[i]);
    }
    *buckets = table->hh.tbl->num_buckets;
    *noexpand = (int)table->hh.tbl->noexpand;
    *max_chain = 0;
    for (i = 0; i < table->hh.tbl->num_buckets; i++)
        if (table->hh.tbl->buckets[i].count > *max_chain)
            *max_chain = table->hh.tbl->buckets[i].count;
    HASH_CLEAR(hh, table);
    free(items);
}
