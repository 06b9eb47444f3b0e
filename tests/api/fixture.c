/*
 * fixture.c: a fresh mpmgrd for each test and a connection to it, so that
 * no test sees another's objects, and the helpers the suites share.
 */
#include "config.h"

#include <stdlib.h>
#include <sys/wait.h>

#include "api.h"

struct mptest_server mpt_srv;
mpmgr_t *mpt_m;

void
mpt_start_at(struct mptest_server *s, const char *key, const char *const *extra)
{
    ck_assert_msg(mptest_server_start(s, key, extra) == 0,
                  "mpmgrd did not start (is MPMGRD set?)");
}

mpmgr_t *
mpt_connect(void)
{
    mpmgr_t *m = NULL;
    int rc = mpmgr_connect(mpt_srv.addr, MPT_KEY, &m);

    ck_assert_msg(rc == 0, "connect: %s", mpmgr_errmsg(NULL));
    return m;
}

static void
setup(void)
{
    mpt_start_at(&mpt_srv, MPT_KEY, NULL);
    mpt_m = mpt_connect();
}

static void
teardown(void)
{
    mpmgr_close(mpt_m);
    mpt_m = NULL;
    mptest_server_stop(&mpt_srv);
}

TCase *
mpt_tcase(const char *name)
{
    TCase *tc = tcase_create(name);

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    return tc;
}

json_t *
mpt_json(const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &err);

    ck_assert_msg(v != NULL, "bad JSON in a test: %s", err.text);
    return v;
}

void
mpt_assert_json_at(json_t *v, const char *text, const char *file, int line)
{
    json_t *want = mpt_json(text);
    char *got =
        v != NULL ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    int same = v != NULL && json_equal(v, want);

    json_decref(want);
    json_decref(v);
    ck_assert_msg(same, "%s:%d: got %s, want %s", file, line,
                  got != NULL ? got : "NULL", text);
    free(got);
}

mpmgr_dict_t *
mpt_new_dict(const char *init)
{
    mpmgr_dict_t *d = NULL;
    json_t *j = init != NULL ? mpt_json(init) : NULL;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, j, &d));
    json_decref(j);
    return d;
}

void
mpt_assert_items_at(mpmgr_dict_t *d, const char *items, const char *file,
                    int line)
{
    json_t *v = NULL;

    mpt_ok(mpmgr_dict_items(d, &v));
    mpt_assert_json_at(v, items, file, line);
}

void
mpt_wait_ok(pid_t pid)
{
    int status = 0;

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "child %d failed (status %#x)", (int)pid, status);
}
