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

int
main(int argc, char **argv)
{
    mpmgr_t *m;
    mpmgr_dict_t *stock;
    json_t *items, *pair;
    size_t i;
    char *text;

    if (mpmgr_connect(argc > 1 ? argv[1] : NULL, NULL, &m) < 0) {
        fprintf(stderr, "named_read: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    /* Without MPMGR_CREATE, a missing name is MPMGR_ENOSUCHOBJECT. */
    if (mpmgr_dict_open(m, "inventory", 0, NULL, &stock, NULL) < 0 ||
        mpmgr_dict_items(stock, &items) < 0) {
        fprintf(stderr, "named_read: %s\n", mpmgr_errmsg(m));
        mpmgr_close(m);
        return 1;
    }
    json_array_foreach (items, i, pair) {
        text = json_dumps(json_array_get(pair, 1), JSON_ENCODE_ANY);
        printf("%s: %s\n", json_string_value(json_array_get(pair, 0)),
               text != NULL ? text : "?");
        free(text);
    }
    json_decref(items);
    mpmgr_dict_free(stock);
    mpmgr_close(m);
    return 0;
}
