/*
 * check_registry.c: the object store and references (server/registry.c):
 * lookups by oid and name, name rules, and the lifetime rules of
 * doc/protocol.md section 5, without any connection.
 */
#include "config.h"

#include <string.h>

#include "mpmgrd.h"
#include "unit.h"

static struct object *
create(const struct type *t, const char *name, const char *init)
{
    json_t *v = init != NULL ? json_loads(init, JSON_DECODE_ANY, NULL) : NULL;
    struct error e;
    struct object *o;

    o = registry_create(t, name, name != NULL ? strlen(name) : 0, v, &e);
    json_decref(v);
    return o;
}

static void
teardown(void)
{
    registry_free_all();
}

START_TEST(test_registry_find)
{
    struct object *a = create(&dict_type, "a", NULL);
    struct object *b = create(&list_type, NULL, "[1,2]");

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_gt(b->oid, a->oid);
    ck_assert_ptr_eq(registry_find(a->oid), a);
    ck_assert_ptr_eq(registry_find(b->oid), b);
    ck_assert_ptr_eq(registry_find_name("a", 1), a);
    ck_assert_ptr_null(registry_find_name("b", 1));
    ck_assert_ptr_null(registry_find(b->oid + 100));
    ck_assert_uint_eq(registry_count(), 2);
    ck_assert_ptr_eq(type_find("rlock"), &rlock_type);
    ck_assert_ptr_null(type_find("queue"));
}
END_TEST

START_TEST(test_registry_names)
{
    struct error e;
    char long_name[300];

    ck_assert_ptr_nonnull(create(&dict_type, "jobs", NULL));
    ck_assert_ptr_null(registry_create(&list_type, "jobs", 4, NULL, &e));
    ck_assert_int_eq(e.code, MPMGR_EEXISTS);
    ck_assert_ptr_null(registry_create(&list_type, "a\tb", 3, NULL, &e));
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    ck_assert_ptr_null(registry_create(&list_type, "a\x7f", 2, NULL, &e));
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    ck_assert_ptr_null(registry_create(&list_type, "", 0, NULL, &e));
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    memset(long_name, 'n', sizeof(long_name));
    ck_assert_ptr_nonnull(
        registry_create(&list_type, long_name, 255, NULL, &e));
    ck_assert_ptr_null(registry_create(&list_type, long_name, 256, NULL, &e));
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    ck_assert_ptr_nonnull(create(&list_type, "caf\xc3\xa9 \xe2\x9c\x93", NULL));
}
END_TEST

START_TEST(test_registry_init_shapes)
{
    struct error e;
    json_t *bad = json_loads("[[1,2],[3]]", 0, NULL);

    ck_assert_ptr_null(registry_create(&dict_type, NULL, 0, bad, &e));
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    json_decref(bad);
    bad = json_loads("{\"a\":1}", 0, NULL);
    ck_assert_ptr_null(registry_create(&list_type, NULL, 0, bad, &e));
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    ck_assert_ptr_null(registry_create(&lock_type, NULL, 0, bad, &e));
    ck_assert_int_eq(e.code, MPMGR_EINVALIDPARAMS);
    json_decref(bad);
    bad = json_loads("[[{},1]]", 0, NULL);
    ck_assert_ptr_null(registry_create(&dict_type, NULL, 0, bad, &e));
    ck_assert_int_eq(e.code, MPMGR_ETYPE);
    json_decref(bad);
    ck_assert_uint_eq(registry_count(), 0);
}
END_TEST

/* An unnamed object lives exactly as long as someone references it. */
START_TEST(test_registry_refs_free_unnamed)
{
    struct conn *c1 = calloc(1, sizeof(*c1)), *c2 = calloc(1, sizeof(*c2));
    struct object *o = create(&dict_type, NULL, NULL);
    uint64_t oid = o->oid;

    ref_take(c1, o);
    ref_take(c1, o);
    ref_take(c2, o);
    ck_assert_uint_eq(o->refs, 3);
    ck_assert_uint_eq(c1->nrefs, 2);
    ck_assert_int_eq(ref_drop(c2, oid), 0);
    ck_assert_int_eq(ref_drop(c2, oid), -1);
    ck_assert_int_eq(ref_drop(c1, oid), 0);
    ck_assert_ptr_eq(registry_find(oid), o);
    ref_drop_all(c1);
    ck_assert_uint_eq(c1->nrefs, 0);
    ck_assert_ptr_null(registry_find(oid));
    free(c1);
    free(c2);
}
END_TEST

/* A named object outlives its references until it is unlinked. */
START_TEST(test_registry_named_outlives_refs)
{
    struct conn *c = calloc(1, sizeof(*c));
    struct object *o = create(&list_type, "keep", NULL);
    uint64_t oid = o->oid;

    ref_take(c, o);
    ref_drop_all(c);
    ck_assert_ptr_eq(registry_find(oid), o);
    registry_unname(o);
    ck_assert_ptr_null(registry_find(oid));
    ck_assert_ptr_null(registry_find_name("keep", 4));
    free(c);
}
END_TEST

Suite *
suite_registry(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_registry_find);
    tcase_add_test(tc, test_registry_names);
    tcase_add_test(tc, test_registry_init_shapes);
    tcase_add_test(tc, test_registry_refs_free_unnamed);
    tcase_add_test(tc, test_registry_named_outlives_refs);
    suite_add_tcase(s, tc);
    return s;
}
