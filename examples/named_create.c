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
    mpmgr_t *m;
    mpmgr_dict_t *stock;
    int created = 0, rc;

    if (mpmgr_connect(argc > 1 ? argv[1] : NULL, NULL, &m) < 0) {
        fprintf(stderr, "named_create: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    /* Open it by name, creating it if nobody has yet. */
    rc = mpmgr_dict_open(m, "inventory", MPMGR_CREATE, NULL, &stock, &created);
    if (rc == 0)
        rc = mpmgr_dict_set_si(stock, "apples", 3);
    if (rc == 0)
        rc = mpmgr_dict_set_si(stock, "pears", 5);
    if (rc == 0)
        rc = mpmgr_dict_set_ss(stock, "updated by", "named_create");
    if (rc < 0)
        fprintf(stderr, "named_create: %s\n", mpmgr_errmsg(m));
    else
        printf("%s the dict \"inventory\"\n", created ? "created" : "updated");
    if (rc == 0)
        mpmgr_dict_free(stock);
    mpmgr_close(m);
    return rc == 0 ? 0 : 1;
}
