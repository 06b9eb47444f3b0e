/*
 * check_find.c: how mpmgr finds its server without options: MPMGR_ADDRESS
 * and MPMGR_AUTHKEY first, then the default socket; -a and -k override.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

#define SECRET "s3cret key"

static char keydir[256];

static void
auth_setup(void)
{
    mptest_fixture_start(SECRET);
    mptest_tmpdir(keydir, sizeof(keydir));
}

static void
auth_teardown(void)
{
    mptest_fixture_teardown();
    mptest_rmdir(keydir);
}

START_TEST(test_find_from_env)
{
    struct mptest_run r;
    char env[300];
    const char *vars[] = {env, NULL};

    snprintf(env, sizeof(env), "MPMGR_ADDRESS=%s", fx.srv.addr);
    mptest_cli(&r, vars, "get", "config", "port", (const char *)NULL);
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "7\n");
    mptest_run_free(&r);
}
END_TEST

/* A server on the default socket, $XDG_RUNTIME_DIR/mpmgr.sock, is found
 * with no address anywhere. */
START_TEST(test_find_default_address)
{
    struct mptest_server s;
    struct mptest_run r;
    char dir[256], listen[300], env[300];
    const char *extra[] = {"--listen", listen, NULL};
    const char *vars[] = {env, "-MPMGR_ADDRESS", NULL};

    mptest_tmpdir(dir, sizeof(dir));
    snprintf(listen, sizeof(listen), "unix:%s/mpmgr.sock", dir);
    snprintf(env, sizeof(env), "XDG_RUNTIME_DIR=%s", dir);
    ck_assert_int_eq(mptest_server_start(&s, NULL, extra), 0);
    mptest_cli(&r, vars, "ping", (const char *)NULL);
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "pong\n");
    mptest_run_free(&r);
    mptest_server_stop(&s);
    mptest_rmdir(dir);
}
END_TEST

START_TEST(test_find_option_overrides_env)
{
    struct mptest_run r;
    const char *vars[] = {"MPMGR_ADDRESS=unix:/nonexistent/mpmgr.sock", NULL};

    mptest_cli(&r, vars, "-a", fx.srv.addr, "ping", (const char *)NULL);
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "pong\n");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_find_authkey_from_env)
{
    struct mptest_run r;
    const char *vars[] = {"MPMGR_AUTHKEY=" SECRET, NULL};

    mptest_cli(&r, vars, "-a", fx.srv.addr, "ping", (const char *)NULL);
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "pong\n");
    mptest_run_free(&r);
}
END_TEST

/* The key file's one trailing newline is not part of the key, as for
 * mpmgrd --authkey-file. */
START_TEST(test_find_keyfile)
{
    struct mptest_run r;
    char path[300];

    mptest_write_file(keydir, "key", SECRET "\n", path, sizeof(path));
    mptest_cli(&r, NULL, "-a", fx.srv.addr, "-k", path, "ping",
               (const char *)NULL);
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "pong\n");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_find_keyfile_overrides_env)
{
    struct mptest_run r;
    char path[300];
    const char *vars[] = {"MPMGR_AUTHKEY=wrong", NULL};

    mptest_write_file(keydir, "key", SECRET, path, sizeof(path));
    mptest_cli(&r, vars, "-a", fx.srv.addr, "--authkey-file", path, "info",
               (const char *)NULL);
    ck_assert_run(&r, 0);
    mptest_run_free(&r);
}
END_TEST

Suite *
suite_find(void)
{
    Suite *s = suite_create("find");
    TCase *tc = tcase_create("core"), *auth = tcase_create("auth");

    tcase_add_checked_fixture(tc, mptest_fixture_setup,
                              mptest_fixture_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_find_from_env);
    tcase_add_test(tc, test_find_default_address);
    tcase_add_test(tc, test_find_option_overrides_env);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(auth, auth_setup, auth_teardown);
    tcase_set_timeout(auth, 30);
    tcase_add_test(auth, test_find_authkey_from_env);
    tcase_add_test(auth, test_find_keyfile);
    tcase_add_test(auth, test_find_keyfile_overrides_env);
    suite_add_tcase(s, auth);
    return s;
}
