/*
 * named_create: put a named dict on a running mpmgrd and exit.  The name
 * keeps the dict alive after this program's connection closes, so an
 * unrelated program can find it later (see named_read.c).
 *
 * Usage: named_create [ADDRESS]
 * The address defaults to $MPMGR_ADDRESS, else the default socket; the
 * authkey, if the server has one, comes from $MPMGR_AUTHKEY.
 */
#include <stdio.h>

#include <mpmgr.h>

int
main(int argc, char **argv)
{
    const char *name = "inventory";
    mpmgr_t *m = NULL;
    mpmgr_dict_t *stock = NULL;
    int created, rc = 1;

    if (argc > 2) {
        fprintf(stderr, "usage: named_create [ADDRESS]\n");
        return 2;
    }
    if (mpmgr_connect(argc > 1 ? argv[1] : NULL, NULL, &m) < 0) {
        fprintf(stderr, "named_create: %s\n", mpmgr_errmsg(NULL));
        goto out;
    }
    /* Open it by name, creating it if nobody has yet. */
    if (mpmgr_dict_open(m, name, MPMGR_CREATE, NULL, &stock, &created) < 0 ||
        mpmgr_dict_set_si(stock, "apples", 3) < 0 ||
        mpmgr_dict_set_si(stock, "pears", 5) < 0 ||
        mpmgr_dict_set_ss(stock, "updated by", "named_create") < 0) {
        fprintf(stderr, "named_create: %s\n", mpmgr_errmsg(m));
        goto out;
    }
    printf("%s the dict \"%s\"\n", created ? "created" : "updated", name);
    rc = 0;

out:
    /* On every path: the proxy, then the connection (both accept NULL). */
    mpmgr_dict_free(stock);
    mpmgr_close(m);
    return rc;
}
