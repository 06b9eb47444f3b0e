/*
 * registry.c: the object store.  Every object is in one table by oid and,
 * when named, in a second table by name.  Sessions hold counted references;
 * an object lives while it has a name or a reference, and is freed the
 * moment it has neither (a lock too, held or awaited: see lock_destroy).
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"

static struct object *by_oid;
static struct object *by_name;
static uint64_t next_oid = 1;

static const struct type *const types[] = {
    &dict_type,
    &list_type,
    &lock_type,
    &rlock_type,
};

const struct type *
type_find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(types[i]->name, name) == 0)
            return types[i];
    return NULL;
}

struct object *
registry_find(uint64_t oid)
{
    struct object *o;

    HASH_FIND(hh, by_oid, &oid, sizeof(oid), o);
    return o;
}

struct object *
registry_find_name(const char *name, size_t len)
{
    struct object *o;

    HASH_FIND(hh_name, by_name, name, len, o);
    return o;
}

int
registry_check_name(const char *name, size_t len, struct error *e)
{
    size_t i;

    if (len == 0 || len > MPMGR__MAX_NAME)
        return error_set(e, MPMGR_EINVALIDPARAMS,
                         "a name must be 1 to %d bytes long", MPMGR__MAX_NAME);
    for (i = 0; i < len; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return error_set(e, MPMGR_EINVALIDPARAMS,
                             "a name may not contain control characters");
    return 0;
}

struct object *
registry_create(const struct type *t, const char *name, size_t namelen,
                json_t *init, struct error *e)
{
    struct object *o;

    if (name != NULL) {
        if (registry_check_name(name, namelen, e) < 0)
            return NULL;
        if (registry_find_name(name, namelen) != NULL) {
            error_set(e, MPMGR_EEXISTS, "an object named '%.*s' exists",
                      (int)namelen, name);
            return NULL;
        }
    }
    o = xcalloc(1, sizeof(*o));
    o->type = t;
    if (t->init(o, init, e) < 0) {
        free(o);
        return NULL;
    }
    o->oid = next_oid++;
    HASH_ADD(hh, by_oid, oid, sizeof(o->oid), o);
    if (name != NULL) {
        o->name = xstrndup(name, namelen);
        o->namelen = namelen;
        HASH_ADD_KEYPTR(hh_name, by_name, o->name, o->namelen, o);
    }
    log_debug("created %s %llu%s%s", t->name, (unsigned long long)o->oid,
              name != NULL ? " named " : "", name != NULL ? o->name : "");
    return o;
}

void
registry_unname(struct object *o)
{
    if (o->name == NULL)
        return;
    HASH_DELETE(hh_name, by_name, o);
    free(o->name);
    o->name = NULL;
    o->namelen = 0;
    registry_collect(o);
}

static void
object_free(struct object *o)
{
    log_debug("freed %s %llu", o->type->name, (unsigned long long)o->oid);
    HASH_DELETE(hh, by_oid, o);
    if (o->name != NULL) {
        HASH_DELETE(hh_name, by_name, o);
        free(o->name);
    }
    o->type->destroy(o);
    free(o);
}

void
registry_collect(struct object *o)
{
    if (o->name == NULL && o->refs == 0)
        object_free(o);
}

struct object *
registry_first(void)
{
    return by_oid;
}

size_t
registry_count(void)
{
    return HASH_CNT(hh, by_oid);
}

void
registry_free_all(void)
{
    struct object *o, *tmp;

    HASH_ITER (hh, by_oid, o, tmp) {
        object_free(o);
    }
    HASH_CLEAR(hh_name, by_name);
}

void
ref_take(struct conn *c, struct object *o)
{
    struct ref *r;

    HASH_FIND(hh, c->refs, &o->oid, sizeof(o->oid), r);
    if (r == NULL) {
        r = xcalloc(1, sizeof(*r));
        r->oid = o->oid;
        r->obj = o;
        HASH_ADD(hh, c->refs, oid, sizeof(r->oid), r);
    }
    r->count++;
    c->nrefs++;
    o->refs++;
}

/* Drop N of C's references through R; R is freed when none are left. */
static void
ref_drop_n(struct conn *c, struct ref *r, uint64_t n)
{
    struct object *o = r->obj;

    r->count -= n;
    c->nrefs -= n;
    o->refs -= n;
    if (r->count == 0) {
        HASH_DEL(c->refs, r);
        free(r);
    }
    registry_collect(o);
}

int
ref_drop(struct conn *c, uint64_t oid)
{
    struct ref *r;

    HASH_FIND(hh, c->refs, &oid, sizeof(oid), r);
    if (r == NULL)
        return -1;
    ref_drop_n(c, r, 1);
    return 0;
}

void
ref_drop_all(struct conn *c)
{
    struct ref *r, *tmp;

    HASH_ITER (hh, c->refs, r, tmp) {
        ref_drop_n(c, r, r->count);
    }
}
