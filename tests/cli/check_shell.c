/*
 * check_shell.c: mpmgr without a command, reading commands from stdin:
 * a script (one session for all its lines, quoting, comments, errors by
 * line, the status of the first failure, quit) and a terminal (prompt).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Run SCRIPT through mpmgr against the fixture's server. */
#define SCRIPT(r, script, ...)                                                 \
    mptest_cli_input((r), (script), "-a", fx.srv.addr, ##__VA_ARGS__,          \
                     (const char *)NULL)

/* Assert that the fixture's dict "results" has KEY (JSON) set to WANT
 * (JSON). */
static void
assert_result(const char *key, const char *want)
{
    json_t *k = json_loads(key, JSON_DECODE_ANY, NULL);
    json_t *w = json_loads(want, JSON_DECODE_ANY, NULL), *v;

    ck_assert_ptr_nonnull(k);
    ck_assert_ptr_nonnull(w);
    v = mptest_proto("dict.getitem", "{s:I, s:O}", "oid", fx.results, "key", k);
    ck_assert_msg(json_equal(v, w), "results[%s] is not %s", key, want);
    json_decref(k);
    json_decref(w);
    json_decref(v);
}

/* Quotes as a shell has them: '...' as it is, "..." with \" and \\, and a
 * backslash keeping the next character. */
START_TEST(test_shell_quoting)
{
    struct mptest_run r;

    SCRIPT(&r, "set results k1 '{\"a b\": [1, 2]}'\n"
               "set results k2 \"{\\\"say\\\": \\\"\\\\\\\"hi\\\\\\\"\\\"}\"\n"
               "set results it\\'s true\n"
               "  set   results  \"two words\"   null  \n"
               "set results '' 0\n");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "OK\nOK\nOK\nOK\nOK\n");
    ck_assert_str_eq(r.err, "");
    mptest_run_free(&r);
    assert_result("\"k1\"", "{\"a b\": [1, 2]}");
    assert_result("\"k2\"", "{\"say\": \"\\\"hi\\\"\"}");
    assert_result("\"it's\"", "true");
    assert_result("\"two words\"", "null");
    assert_result("\"\"", "0");
}
END_TEST

/*
 * Every line runs on one session: an rlock, which only the session that
 * holds it may release, is acquired on one line, shown held on the next
 * and released on the third.
 */
START_TEST(test_shell_one_session)
{
    struct mptest_run r;
    char script[512];
    json_t *out, *held;

    snprintf(script, sizeof(script),
             "call rlock.acquire '{\"oid\": %lld}'\n"
             "ls --type rlock\n"
             "call rlock.release '{\"oid\": %lld}'\n"
             "get rmutex\n",
             (long long)fx.rmutex, (long long)fx.rmutex);
    SCRIPT(&r, script, "--json");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.err, "");
    /* Four lines of output, one JSON document each. */
    out = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
    ck_assert_ptr_nonnull(out);
    ck_assert(json_is_true(json_object_get(out, "acquired")));
    json_decref(out);
    out = json_loads(strchr(r.out, '\n') + 1, JSON_DISABLE_EOF_CHECK, NULL);
    ck_assert_ptr_nonnull(out);
    held = json_object_get(json_array_get(out, 0), "holder");
    ck_assert_msg(json_is_integer(held), "rlock not held: %s", r.out);
    json_decref(out);
    ck_assert_ptr_nonnull(strstr(r.out, "\nnull\nfalse\n"));
    mptest_run_free(&r);
}
END_TEST

/* A failing line is reported with its number and the script goes on; the
 * exit status is the first failure's. */
START_TEST(test_shell_errors)
{
    struct mptest_run r;

    SCRIPT(&r, "get results nosuch\n"
               "bogus\n"
               "set results \"open\n"
               "\n"
               "# a comment\n"
               "ping\n");
    ck_assert_run(&r, 1);
    ck_assert_str_eq(r.out, "pong\n");
    ck_assert_str_eq(
        r.err, "mpmgr: line 1: get: KeyError: 'nosuch'\n"
               "mpmgr: line 2: unknown command 'bogus' (mpmgr --help lists "
               "them)\n"
               "mpmgr: line 3: a quote is not closed\n");
    mptest_run_free(&r);

    SCRIPT(&r, "get\nping\nset results k {bad\n");
    ck_assert_run(&r, 2);
    ck_assert_str_eq(r.out, "pong\n");
    ck_assert_ptr_nonnull(strstr(
        r.err, "mpmgr: line 3: set: argument 3 (JSON) is not valid JSON"));
    ck_assert_ptr_nonnull(strstr(r.err, "mpmgr: line 1: get: missing argument\n"
                                        "usage: mpmgr"));
    mptest_run_free(&r);
}
END_TEST

/* quit and exit end the script; an empty one does nothing. */
START_TEST(test_shell_quit_and_empty)
{
    struct mptest_run r;

    SCRIPT(&r, "ping\n quit \nbogus\n");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "pong\n");
    ck_assert_str_eq(r.err, "");
    mptest_run_free(&r);
    SCRIPT(&r, "ping\nexit");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "pong\n");
    mptest_run_free(&r);
    SCRIPT(&r, "");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "");
    mptest_run_free(&r);
}
END_TEST

/* At a terminal: a prompt before each command, Ctrl-C drops the line
 * being typed, and Ctrl-D ends with a new line. */
START_TEST(test_shell_terminal)
{
    const char *args[] = {"-a", fx.srv.addr, NULL};
    int master;
    pid_t pid = mptest_cli_spawn_tty(args, &master);
    char *text;
    int i;

    text = mptest_read_until(master, "mpmgr> ");
    ck_assert_str_eq(text, "mpmgr> ");
    free(text);
    ck_assert_int_eq(write(master, "ping\n", 5), 5);
    text = mptest_read_until(master, "pong\r\nmpmgr> ");
    ck_assert_str_eq(text, "ping\r\npong\r\nmpmgr> ");
    free(text);
    ck_assert_int_eq(write(master, "get nosuch\n", 11), 11);
    text = mptest_read_until(master, "objects)\r\nmpmgr> ");
    ck_assert_ptr_nonnull(strstr(text, "mpmgr: get: no object named 'nosuch'"));
    free(text);
    /* Ctrl-C at the prompt prompts again (the terminal itself drops what
     * was typed), keeping the session; sent the moment each prompt shows,
     * it never slips in before the wait for input. */
    for (i = 0; i < 10; i++) {
        ck_assert_int_eq(kill(pid, SIGINT), 0);
        text = mptest_read_until(master, "\nmpmgr> ");
        ck_assert_msg(strstr(text, "\nmpmgr> ") != NULL,
                      "Ctrl-C %d: no new prompt in '%s'", i, text);
        free(text);
    }
    ck_assert_int_eq(write(master, "ping\n", 5), 5);
    text = mptest_read_until(master, "pong\r\nmpmgr> ");
    ck_assert_ptr_nonnull(strstr(text, "pong\r\nmpmgr> "));
    free(text);
    ck_assert_int_eq(write(master, "\004", 1), 1);
    text = mptest_read_until(master, "\n");
    ck_assert_str_eq(text, "\r\n");
    free(text);
    ck_assert_int_eq(mptest_cli_wait(pid), 0);
    close(master);
}
END_TEST

Suite *
suite_shell(void)
{
    Suite *s = suite_create("shell");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, mptest_fixture_setup,
                              mptest_fixture_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_shell_quoting);
    tcase_add_test(tc, test_shell_one_session);
    tcase_add_test(tc, test_shell_errors);
    tcase_add_test(tc, test_shell_quit_and_empty);
    tcase_add_test(tc, test_shell_terminal);
    suite_add_tcase(s, tc);
    return s;
}
