/*
 * fixture.c: a real mpmgrd with a known state for the mpmgr tests, set up
 * through libmpmgr, and the protocol's own answers to compare with.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "cli.h"

struct mptest_fixture fx;

/* Create a named dict or list from INIT (JSON text), and drop the proxy:
 * the name keeps the object.  Returns its oid. */
static json_int_t
make(const char *type, const char *name, const char *init)
{
    json_t *params, *res;
    json_int_t oid;

    params = json_pack("{s:s, s:s, s:o}", "type", type, "name", name, "init",
                       json_loads(init, 0, NULL));
    ck_assert_ptr_nonnull(params);
    ck_assert_int_eq(mpmgr_call(fx.m, "new", params, &res), 0);
    oid = json_integer_value(json_object_get(res, "oid"));
    json_decref(res);
    json_decref(params);
    json_decref(mptest_proto("release", "{s:I}", "oid", oid));
    return oid;
}

void
mptest_fixture_start(const char *authkey)
{
    mpmgr_options_t opts;
    mpmgr_lock_t *rmutex;
    int acquired = 0;

    ck_assert_int_eq(mptest_server_start(&fx.srv, authkey, NULL), 0);
    mpmgr_options_init(&opts);
    opts.address = fx.srv.addr;
    opts.authkey = authkey;
    opts.client = "holder";
    ck_assert_int_eq(mpmgr_connect_opts(&opts, &fx.m), 0);
    fx.results = make("dict", "results",
                      "[[\"alice\", {\"score\": 3, \"tags\": [\"a\", \"b\"]}],"
                      " [42, [1, 2]], [\"bob\", 2]]");
    fx.config = make("dict", "config", "{\"host\": \"h\", \"port\": 7}");
    fx.queue = make("list", "queue", "[1, \"two\", [3]]");
    ck_assert_int_eq(mpmgr_lock_create(fx.m, "mutex", &fx.mutex), 0);
    ck_assert_int_eq(mpmgr_lock_acquire(fx.mutex, 1, -1, &acquired, NULL), 0);
    ck_assert_int_eq(acquired, 1);
    fx.mutex_oid = mpmgr_lock_oid(fx.mutex);
    ck_assert_int_eq(mpmgr_rlock_create(fx.m, "rmutex", &rmutex), 0);
    fx.rmutex = mpmgr_lock_oid(rmutex);
    mpmgr_lock_free(rmutex);
}

void
mptest_fixture_setup(void)
{
    mptest_fixture_start(NULL);
}

void
mptest_fixture_teardown(void)
{
    mpmgr_lock_free(fx.mutex);
    mpmgr_close(fx.m);
    fx.mutex = NULL;
    fx.m = NULL;
    mptest_server_stop(&fx.srv);
}

json_t *
mptest_proto(const char *method, const char *fmt, ...)
{
    json_t *params, *res = NULL;
    json_error_t e;
    va_list ap;

    va_start(ap, fmt);
    params = json_vpack_ex(&e, 0, fmt, ap);
    va_end(ap);
    ck_assert_msg(params != NULL, "json_pack: %s", e.text);
    ck_assert_msg(mpmgr_call(fx.m, method, params, &res) == 0, "%s: %s", method,
                  mpmgr_errmsg(fx.m));
    json_decref(params);
    return res;
}
