/*
 * check_errors.c: what mpmgr says when it cannot do what was asked, and
 * its exit status: no server at the address, authentication failed, no
 * such object, a bad JSON argument, an error from the server.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define SECRET "s3cret key"

static char dir[256];

static void
tmp_setup(void)
{
    mptest_tmpdir(dir, sizeof(dir));
}

static void
tmp_teardown(void)
{
    mptest_rmdir(dir);
}

static void
auth_setup(void)
{
    mptest_fixture_start(SECRET);
    tmp_setup();
}

static void
auth_teardown(void)
{
    mptest_fixture_teardown();
    tmp_teardown();
}

/* Assert that NEEDLE is in R's stderr, and that stdout is empty. */
#define ck_assert_err(r, needle)                                               \
    do {                                                                       \
        ck_assert_msg(strstr((r)->err, (needle)) != NULL,                      \
                      "stderr lacks '%s':\n%s", (needle), (r)->err);           \
        ck_assert_str_eq((r)->out, "");                                        \
    } while (0)

/* ======================================================================
 * No server
 * ====================================================================== */

/* The message names the address tried, where it came from, and how to
 * start a server there. */
START_TEST(test_errors_no_server_option)
{
    struct mptest_run r;
    char addr[300], want[700];

    snprintf(addr, sizeof(addr), "unix:%s/none.sock", dir);
    mptest_cli(&r, NULL, "-a", addr, "ping", (const char *)NULL);
    ck_assert_run(&r, 3);
    snprintf(want, sizeof(want), "mpmgr: ping: no server at %s (given with -a)",
             addr);
    ck_assert_err(&r, want);
    snprintf(want, sizeof(want), "mpmgrd --listen %s", addr);
    ck_assert_err(&r, want);
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_no_server_env)
{
    struct mptest_run r;
    char env[300], want[700];
    const char *vars[] = {env, NULL};

    snprintf(env, sizeof(env), "MPMGR_ADDRESS=unix:%s/none.sock", dir);
    mptest_cli(&r, vars, "ls", (const char *)NULL);
    ck_assert_run(&r, 3);
    snprintf(want, sizeof(want),
             "no server at unix:%s/none.sock (from MPMGR_ADDRESS)", dir);
    ck_assert_err(&r, want);
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_no_server_default)
{
    struct mptest_run r;
    char env[300], want[700];
    const char *vars[] = {env, "-MPMGR_ADDRESS", NULL};

    snprintf(env, sizeof(env), "XDG_RUNTIME_DIR=%s", dir);
    mptest_cli(&r, vars, "info", (const char *)NULL);
    ck_assert_run(&r, 3);
    snprintf(want, sizeof(want),
             "no server at unix:%s/mpmgr.sock (the default address)", dir);
    ck_assert_err(&r, want);
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_bad_address)
{
    struct mptest_run r;

    mptest_cli(&r, NULL, "-a", "nowhere", "ping", (const char *)NULL);
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "bad address \"nowhere\"");
    mptest_run_free(&r);
}
END_TEST

/*
 * Listen at DIR/NAME.sock (ADDR gets its address) in a child that greets
 * each of at most one client with BANNER and then reads forever, never
 * answering.  Returns the child's pid, to be killed.
 */
static pid_t
silent_server(const char *name, const char *banner, char *addr, size_t size)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    int fd;
    pid_t pid;

    ck_assert_int_lt(
        snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%s.sock", dir, name),
        (int)sizeof(sun.sun_path));
    snprintf(addr, size, "unix:%s", sun.sun_path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
    ck_assert_int_eq(listen(fd, 1), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int c = accept(fd, NULL, NULL);
        char buf[256];

        if (c < 0 || write(c, banner, strlen(banner)) < 0)
            _exit(1);
        while (read(c, buf, sizeof(buf)) > 0)
            ;
        _exit(0);
    }
    close(fd);
    return pid;
}

static void
stop_child(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* Something else listens at the address (an SSH server, here): mpmgr says
 * so, without the hint to start mpmgrd there. */
START_TEST(test_errors_not_mpmgr)
{
    struct mptest_run r;
    char addr[300], want[400];
    pid_t pid =
        silent_server("other", "SSH-2.0-OpenSSH_9.2\r\n", addr, sizeof(addr));

    mptest_cli(&r, NULL, "-a", addr, "ping", (const char *)NULL);
    ck_assert_run(&r, 3);
    snprintf(want, sizeof(want),
             "mpmgr: ping: %s is not an mpmgr server: its first line is not "
             "JSON\n",
             addr);
    ck_assert_str_eq(r.err, want);
    ck_assert_str_eq(r.out, "");
    mptest_run_free(&r);
    stop_child(pid);
}
END_TEST

/* -t: a server that greets and then never answers, and one that never
 * greets, fail the command (status 3) instead of holding it for ever. */
START_TEST(test_errors_timeout)
{
    static const char greeting[] =
        "{\"jsonrpc\":\"2.0\",\"method\":\"greeting\",\"params\":{"
        "\"server\":\"mpmgrd\",\"version\":\"0.1.0\",\"protocol\":1,"
        "\"auth\":\"none\",\"nonce\":"
        "\"00000000000000000000000000000000"
        "00000000000000000000000000000000\"}}\n";
    struct mptest_run r;
    char addr[300];
    pid_t pid = silent_server("mute", greeting, addr, sizeof(addr));

    mptest_cli(&r, NULL, "-a", addr, "-t", "0.2", "ping", (const char *)NULL);
    ck_assert_run(&r, 3);
    ck_assert_err(&r, "in time");
    mptest_run_free(&r);
    stop_child(pid);

    pid = silent_server("dumb", "", addr, sizeof(addr));
    mptest_cli(&r, NULL, "-a", addr, "--timeout", "0.2", "ping",
               (const char *)NULL);
    ck_assert_run(&r, 3);
    ck_assert_err(&r, "sent no greeting in time");
    mptest_run_free(&r);
    stop_child(pid);
}
END_TEST

/* A type that is not one of the protocol's is a usage error, found before
 * any server is asked. */
START_TEST(test_errors_bad_type)
{
    struct mptest_run r;

    mptest_cli(&r, NULL, "-a", "unix:/nonexistent/s.sock", "new", "set", "x",
               (const char *)NULL);
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "mpmgr: new: no type 'set': dict, list, lock or rlock");
    mptest_run_free(&r);
    mptest_cli(&r, NULL, "-a", "unix:/nonexistent/s.sock", "ls", "--type",
               "queue", (const char *)NULL);
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "mpmgr: ls: no type 'queue'");
    mptest_run_free(&r);
}
END_TEST

/* -t takes positive seconds, up to a day. */
START_TEST(test_errors_bad_timeout)
{
    static const char *const bad[] = {"0", "-1", "abc", "2s", "1e9", "nan"};
    struct mptest_run r;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        mptest_cli(&r, NULL, "-t", bad[i], "ping", (const char *)NULL);
        ck_assert_run(&r, 2);
        ck_assert_err(&r, "bad -t");
        mptest_run_free(&r);
    }
}
END_TEST

/* ======================================================================
 * Authentication
 * ====================================================================== */

START_TEST(test_errors_auth_wrong_keyfile)
{
    struct mptest_run r;
    char path[300], want[700];

    mptest_write_file(dir, "key", "not the key\n", path, sizeof(path));
    mptest_cli(&r, NULL, "-a", fx.srv.addr, "-k", path, "ls",
               (const char *)NULL);
    ck_assert_run(&r, 4);
    snprintf(want, sizeof(want),
             "mpmgr: ls: authentication failed at %s with the key in %s (-k)",
             fx.srv.addr, path);
    ck_assert_err(&r, want);
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_auth_wrong_env)
{
    struct mptest_run r;
    const char *vars[] = {"MPMGR_AUTHKEY=wrong", NULL};

    mptest_cli(&r, vars, "-a", fx.srv.addr, "ping", (const char *)NULL);
    ck_assert_run(&r, 4);
    ck_assert_err(&r, "with the key in MPMGR_AUTHKEY");
    ck_assert_err(&r, "AuthFailed");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_auth_missing)
{
    struct mptest_run r;

    mptest_cli(&r, NULL, "-a", fx.srv.addr, "ping", (const char *)NULL);
    ck_assert_run(&r, 4);
    ck_assert_err(&r, "with no key: the server requires an authkey");
    ck_assert_err(&r, "-k FILE or MPMGR_AUTHKEY");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_auth_unreadable_keyfile)
{
    struct mptest_run r;
    char path[300];

    snprintf(path, sizeof(path), "%s/absent", dir);
    mptest_cli(&r, NULL, "-a", fx.srv.addr, "-k", path, "ping",
               (const char *)NULL);
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "cannot read the authkey");
    mptest_run_free(&r);
}
END_TEST

/* A key given to a server without one: the server could not prove it knows
 * the key, so mpmgr does not trust it. */
START_TEST(test_errors_auth_server_has_none)
{
    struct mptest_run r;
    const char *vars[] = {"MPMGR_AUTHKEY=" SECRET, NULL};

    mptest_cli(&r, vars, "-a", fx.srv.addr, "ping", (const char *)NULL);
    ck_assert_run(&r, 4);
    ck_assert_err(&r, "the server runs without an authkey");
    mptest_run_free(&r);
}
END_TEST

/* ======================================================================
 * No such object, errors from the server
 * ====================================================================== */

START_TEST(test_errors_no_such_object)
{
    static const char *const cmds[][4] = {
        {"get", "nosuch", NULL, NULL},  {"get", "nosuch", "k", NULL},
        {"dump", "nosuch", NULL, NULL}, {"set", "nosuch", "k", "1"},
        {"del", "nosuch", "k", NULL},   {"unlink", "nosuch", NULL, NULL},
    };
    struct mptest_run r;
    char want[64];
    size_t i;

    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        RUN(&r, cmds[i][0], cmds[i][1], cmds[i][2], cmds[i][3]);
        ck_assert_run(&r, 1);
        snprintf(want, sizeof(want), "mpmgr: %s: no object named 'nosuch'",
                 cmds[i][0]);
        ck_assert_err(&r, want);
        ck_assert_err(&r, "mpmgr ls");
        /* set cannot make the object; new can. */
        if (strcmp(cmds[i][0], "set") == 0)
            ck_assert_err(&r, "mpmgr new dict nosuch makes one");
        mptest_run_free(&r);
    }
    RUN(&r, "--json", "get", "99999");
    ck_assert_run(&r, 1);
    ck_assert_err(&r, "no object with oid 99999");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_server_errors)
{
    struct mptest_run r;

    RUN(&r, "get", "results", "carol");
    ck_assert_run(&r, 1);
    ck_assert_err(&r, "mpmgr: get: KeyError: 'carol'");
    mptest_run_free(&r);

    RUN(&r, "del", "queue", "7");
    ck_assert_run(&r, 1);
    ck_assert_err(&r, "IndexError");
    mptest_run_free(&r);

    /* An object as a key is not hashable. */
    RUN(&r, "set", "results", "{}", "1");
    ck_assert_run(&r, 1);
    ck_assert_err(&r, "TypeError");
    mptest_run_free(&r);

    RUN(&r, "call", "no.such.method");
    ck_assert_run(&r, 1);
    ck_assert_err(&r, "MethodNotFound");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_wrong_type)
{
    struct mptest_run r;

    RUN(&r, "set", "mutex", "1", "2");
    ck_assert_run(&r, 1);
    ck_assert_err(&r, "mutex is a lock: only a dict or a list has keys");
    mptest_run_free(&r);

    RUN(&r, "get", "queue", "first");
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "queue is a list: KEY must be an index");
    mptest_run_free(&r);
}
END_TEST

/* ======================================================================
 * Bad JSON arguments
 * ====================================================================== */

/* The message says which argument, where in it, and points there. */
START_TEST(test_errors_bad_json_value)
{
    struct mptest_run r;

    RUN(&r, "set", "results", "k", "{\"a\": x}");
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "mpmgr: set: argument 3 (JSON) is not valid JSON: "
                      "invalid token near 'x', at character 7\n"
                      "  {\"a\": x}\n"
                      "        ^\n");
    mptest_run_free(&r);

    RUN(&r, "set", "results", "k", "[1,\n 2,\n x]");
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "at line 3, character 2\n");
    mptest_run_free(&r);

    /* A bare word: the likely mistake is missing quotes. */
    RUN(&r, "set", "results", "k", "done");
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "argument 3 (JSON) is not valid JSON");
    ck_assert_err(&r, "'\"done\"'");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_errors_bad_json_params)
{
    struct mptest_run r;

    RUN(&r, "call", "dict.len", "{\"oid\": }");
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "mpmgr: call: argument 2 (JSON-PARAMS) is not valid "
                      "JSON");
    ck_assert_err(&r, "at character 9");
    mptest_run_free(&r);

    RUN(&r, "call", "dict.len", "[1]");
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "argument 2 (JSON-PARAMS) must be a JSON object");
    mptest_run_free(&r);

    /* Duplicate members are refused, as the server refuses them. */
    RUN(&r, "call", "dict.len", "{\"oid\": 1, \"oid\": 2}");
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "duplicate object key");
    mptest_run_free(&r);
}
END_TEST

/* Arguments are checked before connecting: no server needed to hear that
 * the JSON is wrong. */
START_TEST(test_errors_bad_json_before_connect)
{
    struct mptest_run r;
    char addr[300];

    snprintf(addr, sizeof(addr), "unix:%s/none.sock", dir);
    mptest_cli(&r, NULL, "-a", addr, "set", "d", "k", "{", (const char *)NULL);
    ck_assert_run(&r, 2);
    ck_assert_err(&r, "argument 3 (JSON) is not valid JSON");
    mptest_run_free(&r);
}
END_TEST

Suite *
suite_errors(void)
{
    Suite *s = suite_create("errors");
    TCase *none = tcase_create("no server");
    TCase *auth = tcase_create("auth");
    TCase *noauth = tcase_create("auth off");
    TCase *tc = tcase_create("errors");

    tcase_add_checked_fixture(none, tmp_setup, tmp_teardown);
    tcase_set_timeout(none, 30);
    tcase_add_test(none, test_errors_no_server_option);
    tcase_add_test(none, test_errors_no_server_env);
    tcase_add_test(none, test_errors_no_server_default);
    tcase_add_test(none, test_errors_bad_address);
    tcase_add_test(none, test_errors_not_mpmgr);
    tcase_add_test(none, test_errors_timeout);
    tcase_add_test(none, test_errors_bad_timeout);
    tcase_add_test(none, test_errors_bad_type);
    tcase_add_test(none, test_errors_bad_json_before_connect);
    suite_add_tcase(s, none);

    tcase_add_checked_fixture(auth, auth_setup, auth_teardown);
    tcase_set_timeout(auth, 30);
    tcase_add_test(auth, test_errors_auth_wrong_keyfile);
    tcase_add_test(auth, test_errors_auth_wrong_env);
    tcase_add_test(auth, test_errors_auth_missing);
    tcase_add_test(auth, test_errors_auth_unreadable_keyfile);
    suite_add_tcase(s, auth);

    tcase_add_checked_fixture(noauth, mptest_fixture_setup,
                              mptest_fixture_teardown);
    tcase_set_timeout(noauth, 30);
    tcase_add_test(noauth, test_errors_auth_server_has_none);
    suite_add_tcase(s, noauth);

    tcase_add_checked_fixture(tc, mptest_fixture_setup,
                              mptest_fixture_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_errors_no_such_object);
    tcase_add_test(tc, test_errors_server_errors);
    tcase_add_test(tc, test_errors_wrong_type);
    tcase_add_test(tc, test_errors_bad_json_value);
    tcase_add_test(tc, test_errors_bad_json_params);
    suite_add_tcase(s, tc);
    return s;
}
