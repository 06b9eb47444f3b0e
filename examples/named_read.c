/*
 * named_read: find the dict called "inventory" on a running mpmgrd and
 * print it.  Nothing is shared with named_create but the server and the
 * name.
 *
 * Usage: named_read [ADDRESS]
 */
#include <stdio.h>
#include <stdlib.h>

#include <mpmgr.h>

/* Print one pair: a string key as it is, any other key (a number, true,
 * null, an array) and the value as JSON. */
static int
print_pair(json_t *key, json_t *value)
{
    char *k = json_is_string(key) ? NULL : json_dumps(key, JSON_ENCODE_ANY);
    char *v = json_dumps(value, JSON_ENCODE_ANY);
    int rc = -1;

    if (v != NULL && (k != NULL || json_is_string(key))) {
        printf("%s: %s\n", k != NULL ? k : json_string_value(key), v);
        rc = 0;
    }
    free(k);
    free(v);
    return rc;
}

int
main(int argc, char **argv)
{
    mpmgr_t *m = NULL;
    mpmgr_dict_t *stock = NULL;
    json_t *items = NULL, *pair;
    size_t i;
    int rc = 1;

    if (argc > 2) {
        fprintf(stderr, "usage: named_read [ADDRESS]\n");
        return 2;
    }
    if (mpmgr_connect(argc > 1 ? argv[1] : NULL, NULL, &m) < 0) {
        fprintf(stderr, "named_read: %s\n", mpmgr_errmsg(NULL));
        goto out;
    }
    /* Without MPMGR_CREATE, a missing name is MPMGR_ENOSUCHOBJECT. */
    if (mpmgr_dict_open(m, "inventory", 0, NULL, &stock, NULL) < 0 ||
        mpmgr_dict_items(stock, &items) < 0) {
        fprintf(stderr, "named_read: %s\n", mpmgr_errmsg(m));
        goto out;
    }
    /* Keys are any JSON value but an object: [[key, value], ...]. */
    json_array_foreach (items, i, pair) {
        if (print_pair(json_array_get(pair, 0), json_array_get(pair, 1)) < 0) {
            fprintf(stderr, "named_read: out of memory\n");
            goto out;
        }
    }
    rc = 0;

out:
    /* On every path: the value, the proxy, the connection (all accept
     * NULL). */
    json_decref(items);
    mpmgr_dict_free(stock);
    mpmgr_close(m);
    return rc;
}
