/*
 * check_commands.c: every mpmgr command against a real server with a known
 * state, in both output forms: the text a person reads, and --json, which
 * must be exactly what the protocol returns for the same request.
 */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* ======================================================================
 * Helpers
 * ====================================================================== */

/*
 * Check that R printed one compact JSON document on one line, equal to
 * WANT (which is released).
 */
static void
assert_json_equal(const struct mptest_run *r, json_t *want)
{
    json_t *got;
    size_t len = strlen(r->out);

    ck_assert_run(r, 0);
    ck_assert_msg(len > 0 && r->out[len - 1] == '\n' &&
                      strchr(r->out, '\n') == r->out + len - 1,
                  "--json output is not one line: %s", r->out);
    got = mptest_run_json(r);
    ck_assert_msg(json_equal(got, want), "--json printed %s", r->out);
    json_decref(got);
    json_decref(want);
}

/* The line of TEXT that contains NEEDLE (a malloc'd copy), or NULL. */
static char *
line_with(const char *text, const char *needle)
{
    const char *hit = strstr(text, needle), *start, *end;

    if (hit == NULL)
        return NULL;
    for (start = hit; start > text && start[-1] != '\n'; start--)
        ;
    end = strchr(hit, '\n');
    return strndup(start, end != NULL ? (size_t)(end - start) : strlen(start));
}

/* The line of R's stdout that contains NEEDLE; fails the test if none. */
static char *
must_line(const struct mptest_run *r, const char *needle)
{
    char *line = line_with(r->out, needle);

    ck_assert_msg(line != NULL, "no line with '%s' in:\n%s", needle, r->out);
    return line;
}

/* Split LINE on runs of spaces into TOK (at most MAX); the count. */
static int
split(char *line, char **tok, int max)
{
    int n = 0;
    char *save = NULL, *t;

    for (t = strtok_r(line, " ", &save); t != NULL && n < max;
         t = strtok_r(NULL, " ", &save))
        tok[n++] = t;
    return n;
}

/* Where WORD starts in LINE, or -1. */
static int
col_of(const char *line, const char *word)
{
    const char *p = strstr(line, word);

    return p != NULL ? (int)(p - line) : -1;
}

static int
count_lines(const char *text)
{
    int n = 0;

    for (; *text != '\0'; text++)
        n += *text == '\n';
    return n;
}

/* ======================================================================
 * ping, info
 * ====================================================================== */

START_TEST(test_cli_ping)
{
    struct mptest_run r;

    RUN(&r, "ping");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "pong\n");
    ck_assert_str_eq(r.err, "");
    mptest_run_free(&r);

    RUN(&r, "--json", "ping");
    assert_json_equal(&r, mptest_proto("server.ping", "{}"));
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_info_human)
{
    struct mptest_run r;
    char want[512], *line, *tok[4];
    int n;

    RUN(&r, "info");
    ck_assert_run(&r, 0);
    snprintf(want, sizeof(want),
             "server    mpmgrd %s, protocol 1\npid       %d\n", PACKAGE_VERSION,
             (int)fx.srv.pid);
    ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0, "%s", r.out);
    /* The fixture's session and ours; five objects. */
    ck_assert_ptr_nonnull(strstr(r.out, "\nsessions  2\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "\nobjects   5\n"));
    snprintf(want, sizeof(want), "\nlisten    %s\n", fx.srv.addr);
    ck_assert_ptr_nonnull(strstr(r.out, want));
    /* A young server's uptime in seconds; memory in binary units. */
    line = must_line(&r, "uptime");
    n = split(line, tok, 4);
    ck_assert_int_eq(n, 2);
    ck_assert_msg(tok[1][strlen(tok[1]) - 1] == 's', "uptime %s", tok[1]);
    free(line);
    line = must_line(&r, "memory");
    n = split(line, tok, 4);
    ck_assert_int_eq(n, 3);
    ck_assert_msg(strcmp(tok[2], "KiB") == 0 || strcmp(tok[2], "MiB") == 0,
                  "memory in %s", tok[2]);
    free(line);
    mptest_run_free(&r);
}
END_TEST

/* Fields that change from one call to the next (uptime, requests, memory,
 * our own session) are compared for type only. */
START_TEST(test_cli_info_json)
{
    static const char *const stable[] = {"server", "version", "protocol",
                                         "pid",    "objects", "listen"};
    struct mptest_run r;
    json_t *got, *want;
    size_t i;

    RUN(&r, "--json", "info");
    ck_assert_run(&r, 0);
    got = mptest_run_json(&r);
    want = mptest_proto("server.info", "{}");
    ck_assert_int_eq(json_object_size(got), json_object_size(want));
    for (i = 0; i < sizeof(stable) / sizeof(stable[0]); i++)
        ck_assert_msg(json_equal(json_object_get(got, stable[i]),
                                 json_object_get(want, stable[i])),
                      "%s differs: %s", stable[i], r.out);
    ck_assert(json_is_number(json_object_get(got, "uptime_s")));
    ck_assert(json_is_integer(json_object_get(got, "requests")));
    ck_assert(json_is_integer(json_object_get(got, "memory_bytes")));
    ck_assert_int_eq(json_integer_value(json_object_get(got, "sessions")), 2);
    json_decref(got);
    json_decref(want);
    mptest_run_free(&r);
}
END_TEST

/* ======================================================================
 * ls, sessions
 * ====================================================================== */

START_TEST(test_cli_ls_human)
{
    struct mptest_run r;
    char *header, *line, *tok[12], want[64];
    int n;

    RUN(&r, "ls");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 6);
    header = must_line(&r, "OID");
    ck_assert_int_eq(strncmp(header, "OID  TYPE", 9), 0);

    /* The lock's row names its holder: our session, client and pid. */
    line = must_line(&r, " mutex ");
    ck_assert_int_eq(col_of(line, "mutex"), col_of(header, "NAME"));
    ck_assert_int_eq(col_of(line, "lock"), col_of(header, "TYPE"));
    snprintf(want, sizeof(want), "%lld (holder, pid %d)",
             (long long)mpmgr_session_id(fx.m), (int)getpid());
    ck_assert_int_eq(col_of(line, want), col_of(header, "HOLDER"));
    n = split(line, tok, 12);
    ck_assert_int_eq(n, 9);
    ck_assert_int_eq(atoll(tok[0]), fx.mutex_oid);
    ck_assert_str_eq(tok[1], "lock");
    ck_assert_str_eq(tok[3], "-");
    ck_assert_str_eq(tok[4], "1");
    free(line);

    /* Numbers are right-aligned under their headers. */
    line = must_line(&r, " results ");
    ck_assert_int_eq(col_of(line, "results"), col_of(header, "NAME"));
    ck_assert_int_eq(line[col_of(header, "LEN") + 2], '3');
    ck_assert_int_eq(line[col_of(header, "REFS") + 3], '0');
    ck_assert_int_eq(line[3], ' ');
    n = split(line, tok, 12);
    ck_assert_int_eq(n, 5);
    ck_assert_int_eq(atoll(tok[0]), fx.results);
    ck_assert_str_eq(tok[1], "dict");
    ck_assert_str_eq(tok[3], "3");
    ck_assert_str_eq(tok[4], "0");
    free(line);

    line = must_line(&r, " rmutex ");
    n = split(line, tok, 12);
    ck_assert_int_eq(n, 5);
    ck_assert_str_eq(tok[1], "rlock");
    free(line);
    free(header);
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_ls_filters)
{
    struct mptest_run r;

    RUN(&r, "ls", "--type", "lock");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 2);
    ck_assert_ptr_nonnull(strstr(r.out, " mutex "));
    mptest_run_free(&r);

    RUN(&r, "ls", "r");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 3);
    ck_assert_ptr_nonnull(strstr(r.out, " results "));
    ck_assert_ptr_nonnull(strstr(r.out, " rmutex "));
    mptest_run_free(&r);

    RUN(&r, "ls", "-t", "dict", "c");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 2);
    ck_assert_ptr_nonnull(strstr(r.out, " config "));
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_ls_json)
{
    struct mptest_run r;

    RUN(&r, "--json", "ls");
    assert_json_equal(&r, mptest_proto("server.objects", "{}"));
    mptest_run_free(&r);

    RUN(&r, "--json", "ls", "--type", "dict", "re");
    assert_json_equal(&r, mptest_proto("server.objects", "{s:s, s:s}", "type",
                                       "dict", "prefix", "re"));
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_sessions_human)
{
    struct mptest_run r;
    char *header, *line, *tok[16];
    int n;

    RUN(&r, "sessions");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 3);
    header = must_line(&r, "SESSION");
    n = split(header, tok, 16);
    ck_assert_int_eq(n, 12);
    ck_assert_str_eq(tok[1], "CLIENT");
    ck_assert_str_eq(tok[3], "PEER-PID");
    ck_assert_str_eq(tok[10], "LOCKS");
    ck_assert_str_eq(tok[11], "WAITING");
    free(header);

    line = must_line(&r, " holder ");
    n = split(line, tok, 16);
    ck_assert_int_eq(n, 11);
    ck_assert_int_eq(atoll(tok[0]), mpmgr_session_id(fx.m));
    ck_assert_int_eq(atoll(tok[2]), getpid());
    ck_assert_int_eq(atoll(tok[3]), getpid());
    ck_assert_int_eq(atoll(tok[4]), getuid());
    ck_assert_str_eq(tok[5], fx.srv.addr);
    ck_assert_int_eq(atoll(tok[10]), 1);
    free(line);

    /* mpmgr's own session is there too, under its own name. */
    line = must_line(&r, " mpmgr ");
    free(line);
    mptest_run_free(&r);
}
END_TEST

/* Whether some session waits for a lock, as server.sessions says. */
static int
someone_waits(void)
{
    json_t *list = mptest_proto("server.sessions", "{}"), *s;
    size_t i;
    int found = 0;

    json_array_foreach (list, i, s) {
        found |= json_object_get(s, "waiting") != NULL;
    }
    json_decref(list);
    return found;
}

/* A session waiting for the held mutex: ls counts it under WAITERS, and
 * sessions shows the lock it waits for under WAITING. */
START_TEST(test_cli_lock_waiters)
{
    struct mptest_run r;
    char *header, *line, oid[32], *greeting, *reply;
    int fd = mptest_connect(fx.srv.path), tries;

    ck_assert_int_ge(fd, 0);
    greeting = mptest_recv_line(fd, 10000);
    ck_assert_ptr_nonnull(greeting);
    ck_assert_int_eq(mptest_send(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,"
                                     "\"method\":\"hello\",\"params\":{"
                                     "\"protocol\":1,\"client\":\"waiter\"}}"),
                     0);
    reply = mptest_recv_line(fd, 10000);
    ck_assert_ptr_nonnull(reply);
    snprintf(oid, sizeof(oid), "%lld", (long long)fx.mutex_oid);
    ck_assert_int_eq(
        dprintf(fd,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"lock.acquire\","
                "\"params\":{\"oid\":%s}}\n",
                oid) > 0,
        1);
    for (tries = 0; tries < 500 && !someone_waits(); tries++)
        usleep(10000);
    ck_assert(someone_waits());

    RUN(&r, "ls", "--type", "lock");
    ck_assert_run(&r, 0);
    header = must_line(&r, "WAITERS");
    line = must_line(&r, " mutex ");
    /* Right-aligned: the count ends where the header does. */
    ck_assert_int_eq(line[col_of(header, "WAITERS") + 6], '1');
    free(line);
    free(header);
    mptest_run_free(&r);

    RUN(&r, "sessions");
    ck_assert_run(&r, 0);
    header = must_line(&r, "WAITING");
    line = must_line(&r, " waiter ");
    ck_assert_int_eq(strncmp(line + col_of(header, "WAITING") + 7 - strlen(oid),
                             oid, strlen(oid)),
                     0);
    free(line);
    free(header);
    mptest_run_free(&r);
    free(reply);
    free(greeting);
    mptest_close(fd);
}
END_TEST

/* Our session's entry, minus its request count, which our own call to
 * server.sessions has just raised. */
START_TEST(test_cli_sessions_json)
{
    struct mptest_run r;
    json_t *got, *want, *s, *ours = NULL, *mine = NULL;
    size_t i;

    RUN(&r, "--json", "sessions");
    ck_assert_run(&r, 0);
    got = mptest_run_json(&r);
    want = mptest_proto("server.sessions", "{}");
    ck_assert_int_eq(json_array_size(got), 2);
    json_array_foreach (got, i, s) {
        if (json_integer_value(json_object_get(s, "session")) ==
            mpmgr_session_id(fx.m))
            ours = s;
    }
    json_array_foreach (want, i, s) {
        if (json_integer_value(json_object_get(s, "session")) ==
            mpmgr_session_id(fx.m))
            mine = s;
    }
    ck_assert_ptr_nonnull(ours);
    ck_assert_ptr_nonnull(mine);
    json_object_del(ours, "requests");
    json_object_del(mine, "requests");
    ck_assert(json_equal(ours, mine));
    json_decref(got);
    json_decref(want);
    mptest_run_free(&r);
}
END_TEST

/* ======================================================================
 * get, dump
 * ====================================================================== */

START_TEST(test_cli_get_key)
{
    struct mptest_run r;

    RUN(&r, "get", "results", "alice");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "{\n  \"score\": 3,\n  \"tags\": [\n    \"a\",\n"
                            "    \"b\"\n  ]\n}\n");
    mptest_run_free(&r);

    /* 42 parses as JSON: the integer key. */
    RUN(&r, "get", "results", "42");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "[\n  1,\n  2\n]\n");
    mptest_run_free(&r);

    /* A quoted "42" is the string, which results does not have. */
    RUN(&r, "get", "results", "\"42\"");
    ck_assert_run(&r, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "KeyError"));
    mptest_run_free(&r);

    RUN(&r, "get", "queue", "1");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "\"two\"\n");
    mptest_run_free(&r);

    /* A negative index is an argument, not an option. */
    RUN(&r, "get", "queue", "-1");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "[\n  3\n]\n");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_get_by_oid)
{
    struct mptest_run r;
    char oid[32];

    snprintf(oid, sizeof(oid), "%lld", (long long)fx.config);
    RUN(&r, "get", oid, "port");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "7\n");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_get_whole)
{
    struct mptest_run r;

    /* String keys only: shown as the JSON object a person expects. */
    RUN(&r, "get", "config");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "{\n  \"host\": \"h\",\n  \"port\": 7\n}\n");
    mptest_run_free(&r);

    /* An integer key: shown as [key, value] pairs. */
    RUN(&r, "get", "results");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(strncmp(r.out, "[\n  [\n    \"alice\",\n", 19), 0);
    ck_assert_ptr_nonnull(strstr(r.out, "  [\n    42,\n    [\n"));
    mptest_run_free(&r);

    RUN(&r, "get", "queue");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "[\n  1,\n  \"two\",\n  [\n    3\n  ]\n]\n");
    mptest_run_free(&r);

    RUN(&r, "get", "mutex");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "true\n");
    mptest_run_free(&r);

    RUN(&r, "get", "rmutex");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "false\n");
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_get_json)
{
    struct mptest_run r;

    RUN(&r, "--json", "get", "results", "alice");
    assert_json_equal(&r, mptest_proto("dict.getitem", "{s:I, s:s}", "oid",
                                       fx.results, "key", "alice"));
    mptest_run_free(&r);

    RUN(&r, "--json", "get", "results", "42");
    assert_json_equal(&r, mptest_proto("dict.getitem", "{s:I, s:i}", "oid",
                                       fx.results, "key", 42));
    mptest_run_free(&r);

    RUN(&r, "--json", "get", "queue", "-1");
    assert_json_equal(&r, mptest_proto("list.getitem", "{s:I, s:i}", "oid",
                                       fx.queue, "index", -1));
    mptest_run_free(&r);

    RUN(&r, "--json", "get", "results");
    assert_json_equal(&r,
                      mptest_proto("dict.items", "{s:I}", "oid", fx.results));
    mptest_run_free(&r);

    RUN(&r, "--json", "get", "queue");
    assert_json_equal(&r, mptest_proto("list.slice", "{s:I}", "oid", fx.queue));
    mptest_run_free(&r);

    RUN(&r, "--json", "get", "mutex");
    assert_json_equal(
        &r, mptest_proto("lock.locked", "{s:I}", "oid", fx.mutex_oid));
    mptest_run_free(&r);
}
END_TEST

/* Reals are shown in the fewest digits that read back exactly, each its
 * own: 0.1 stays 0.1 beside 0.1 + 0.2, which needs 17. */
START_TEST(test_cli_get_reals)
{
    static const char reals[] =
        "[0.1, 0.30000000000000004, 5e-324, 1e22, -0.0, 2.0, 7, \"0.10\"]";
    struct mptest_run r;
    json_t *v;

    RUN(&r, "set", "config", "reals", reals);
    ck_assert_run(&r, 0);
    mptest_run_free(&r);
    RUN(&r, "--json", "get", "config", "reals");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "[0.1,0.30000000000000004,5e-324,1e22,-0.0,2.0,"
                            "7,\"0.10\"]\n");
    mptest_run_free(&r);
    RUN(&r, "get", "config", "reals");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "[\n  0.1,\n  0.30000000000000004,\n  5e-324,\n"
                            "  1e22,\n  -0.0,\n  2.0,\n  7,\n  \"0.10\"\n]\n");
    mptest_run_free(&r);

    /* What the server holds is the exact double. */
    v = mptest_proto("dict.getitem", "{s:I, s:s}", "oid", fx.config, "key",
                     "reals");
    ck_assert(json_real_value(json_array_get(v, 1)) == 0.1 + 0.2);
    json_decref(v);

    /* The server's messages show a real key the same way. */
    RUN(&r, "get", "config", "0.7");
    ck_assert_run(&r, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "KeyError: 0.7\n"));
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_dump_human)
{
    struct mptest_run r;
    char want[512];

    RUN(&r, "dump", "config");
    ck_assert_run(&r, 0);
    snprintf(want, sizeof(want),
             "oid   %lld\ntype  dict\nname  config\nlen   2\nrefs  0\n\n"
             "KEY     VALUE\n"
             "\"host\"  \"h\"\n"
             "\"port\"  7\n",
             (long long)fx.config);
    ck_assert_str_eq(r.out, want);
    mptest_run_free(&r);

    /* Indented values run down their column; indices are right-aligned. */
    RUN(&r, "dump", "queue");
    ck_assert_run(&r, 0);
    snprintf(want, sizeof(want),
             "oid   %lld\ntype  list\nname  queue\nlen   3\nrefs  0\n\n"
             "INDEX  VALUE\n"
             "    0  1\n"
             "    1  \"two\"\n"
             "    2  [\n"
             "         3\n"
             "       ]\n",
             (long long)fx.queue);
    ck_assert_str_eq(r.out, want);
    mptest_run_free(&r);

    RUN(&r, "dump", "mutex");
    ck_assert_run(&r, 0);
    snprintf(want, sizeof(want),
             "oid   %lld\ntype  lock\nname  mutex\nrefs  1\nheld  yes\n",
             (long long)fx.mutex_oid);
    ck_assert_str_eq(r.out, want);
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_dump_json)
{
    struct mptest_run r;

    RUN(&r, "--json", "dump", "results");
    assert_json_equal(&r,
                      mptest_proto("dict.items", "{s:I}", "oid", fx.results));
    mptest_run_free(&r);

    RUN(&r, "--json", "dump", "queue");
    assert_json_equal(&r, mptest_proto("list.slice", "{s:I}", "oid", fx.queue));
    mptest_run_free(&r);
}
END_TEST

/* ======================================================================
 * set, del, unlink
 * ====================================================================== */

START_TEST(test_cli_set)
{
    struct mptest_run r;
    json_t *v;

    RUN(&r, "set", "config", "port", "8080");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "OK\n");
    mptest_run_free(&r);
    v = mptest_proto("dict.getitem", "{s:I, s:s}", "oid", fx.config, "key",
                     "port");
    ck_assert_int_eq(json_integer_value(v), 8080);
    json_decref(v);

    /* A key that is JSON, a value that is an object. */
    RUN(&r, "--json", "set", "config", "[1, \"a\"]", "{\"deep\": [null]}");
    assert_json_equal(&r, json_null());
    mptest_run_free(&r);
    v = mptest_proto("dict.getitem", "{s:I, s:[i,s]}", "oid", fx.config, "key",
                     1, "a");
    ck_assert_int_eq(
        json_is_null(json_array_get(json_object_get(v, "deep"), 0)), 1);
    json_decref(v);

    RUN(&r, "set", "queue", "-1", "\"last\"");
    ck_assert_run(&r, 0);
    mptest_run_free(&r);
    v = mptest_proto("list.getitem", "{s:I, s:i}", "oid", fx.queue, "index", 2);
    ck_assert_str_eq(json_string_value(v), "last");
    json_decref(v);
}
END_TEST

START_TEST(test_cli_del)
{
    struct mptest_run r;
    json_t *v;

    RUN(&r, "del", "config", "host");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "OK\n");
    mptest_run_free(&r);
    v = mptest_proto("dict.contains", "{s:I, s:s}", "oid", fx.config, "key",
                     "host");
    ck_assert(json_is_false(v));
    json_decref(v);

    RUN(&r, "--json", "del", "queue", "0");
    assert_json_equal(&r, json_null());
    mptest_run_free(&r);
    v = mptest_proto("list.len", "{s:I}", "oid", fx.queue);
    ck_assert_int_eq(json_integer_value(v), 2);
    json_decref(v);
}
END_TEST

/* new makes a named object that outlives mpmgr's session; taken names,
 * unknown types and bad JSON are refused with nothing made. */
START_TEST(test_cli_new)
{
    struct mptest_run r;
    json_t *v, *want;
    json_int_t oid;

    RUN(&r, "new", "dict", "made", "{\"a\": 1, \"b\": [2]}");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(
        sscanf(r.out, "created dict 'made', oid %" JSON_INTEGER_FORMAT, &oid),
        1);
    mptest_run_free(&r);
    v = mptest_proto("dict.items", "{s:I}", "oid", oid);
    want = json_pack("[[s,i],[s,[i]]]", "a", 1, "b", 2);
    ck_assert(json_equal(v, want));
    json_decref(v);
    json_decref(want);

    RUN(&r, "--json", "new", "list", "jobs", "[1, 2, 3]");
    ck_assert_run(&r, 0);
    v = mptest_run_json(&r);
    oid = json_integer_value(json_object_get(v, "oid"));
    ck_assert_str_eq(json_string_value(json_object_get(v, "type")), "list");
    json_decref(v);
    mptest_run_free(&r);
    v = mptest_proto("list.len", "{s:I}", "oid", oid);
    ck_assert_int_eq(json_integer_value(v), 3);
    json_decref(v);

    RUN(&r, "new", "rlock", "guard");
    ck_assert_run(&r, 0);
    mptest_run_free(&r);
    RUN(&r, "get", "guard");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "false\n");
    mptest_run_free(&r);

    RUN(&r, "new", "dict", "config");
    ck_assert_run(&r, 1);
    ck_assert_str_eq(r.err,
                     "mpmgr: new: Exists: an object named 'config' exists\n");
    mptest_run_free(&r);
    RUN(&r, "new", "queue", "q");
    ck_assert_run(&r, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no type 'queue'"));
    mptest_run_free(&r);
    RUN(&r, "new", "list", "l", "{\"a\": 1}");
    ck_assert_run(&r, 1);
    ck_assert_ptr_nonnull(
        strstr(r.err, "InvalidParams: init for a list must be an array"));
    mptest_run_free(&r);
    RUN(&r, "new", "dict", "d", "{x");
    ck_assert_run(&r, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "argument 3 (JSON) is not valid JSON"));
    mptest_run_free(&r);
    /* Of the refused ones, none was made; config is as it was. */
    v = mptest_proto("server.objects", "{}");
    ck_assert_int_eq(json_array_size(v), 8);
    json_decref(v);
    v = mptest_proto("dict.len", "{s:I}", "oid", fx.config);
    ck_assert_int_eq(json_integer_value(v), 2);
    json_decref(v);
}
END_TEST

/* PATH, a JSON Pointer after KEY, reaches inside the stored value. */
START_TEST(test_cli_paths)
{
    struct mptest_run r;
    json_t *v, *want;

    RUN(&r, "get", "results", "alice", "/score");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "3\n");
    mptest_run_free(&r);
    RUN(&r, "get", "queue", "2", "/0");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "3\n");
    mptest_run_free(&r);

    RUN(&r, "set", "results", "alice", "/score", "4");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "OK\n");
    mptest_run_free(&r);
    RUN(&r, "set", "results", "alice", "/tags/-", "\"c\"");
    ck_assert_run(&r, 0);
    mptest_run_free(&r);
    RUN(&r, "del", "results", "alice", "/tags/0");
    ck_assert_run(&r, 0);
    mptest_run_free(&r);
    v = mptest_proto("dict.getitem", "{s:I, s:s}", "oid", fx.results, "key",
                     "alice");
    want = json_pack("{s:i, s:[s,s]}", "score", 4, "tags", "b", "c");
    ck_assert(json_equal(v, want));
    json_decref(v);
    json_decref(want);

    RUN(&r, "get", "results", "alice", "/nope");
    ck_assert_run(&r, 1);
    ck_assert_str_eq(r.err, "mpmgr: get: KeyError: 'nope' (in path '/nope')\n");
    mptest_run_free(&r);
    RUN(&r, "get", "results", "alice", "score");
    ck_assert_run(&r, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "InvalidParams: path must be empty"));
    mptest_run_free(&r);
    RUN(&r, "get", "results", "alice", "/score", "extra");
    ck_assert_run(&r, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "get: too many arguments"));
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_unlink)
{
    struct mptest_run r;
    json_t *params = json_pack("{s:s}", "name", "config");

    RUN(&r, "unlink", "config");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "OK\n");
    mptest_run_free(&r);
    ck_assert_int_eq(mpmgr_call(fx.m, "open", params, NULL),
                     MPMGR_ENOSUCHOBJECT);
    json_decref(params);

    RUN(&r, "--json", "unlink", "results");
    assert_json_equal(&r, json_null());
    mptest_run_free(&r);
}
END_TEST

/* ======================================================================
 * call, watch, shutdown
 * ====================================================================== */

START_TEST(test_cli_call)
{
    struct mptest_run r;
    char params[64];

    snprintf(params, sizeof(params), "{\"oid\": %lld}", (long long)fx.config);
    RUN(&r, "call", "dict.keys", params);
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "[\n  \"host\",\n  \"port\"\n]\n");
    mptest_run_free(&r);

    RUN(&r, "--json", "call", "dict.items", params);
    assert_json_equal(&r,
                      mptest_proto("dict.items", "{s:I}", "oid", fx.config));
    mptest_run_free(&r);

    /* Without params. */
    RUN(&r, "call", "server.ping");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "\"pong\"\n");
    mptest_run_free(&r);
}
END_TEST

/* Two refreshes into a pipe: the header, then one row each; the rate needs
 * two readings, so the first row has none. */
START_TEST(test_cli_watch)
{
    struct mptest_run r;
    char *rows, *tok[12], *save = NULL, *line;
    int n;

    RUN(&r, "watch", "-n", "2", "-i", "0.1");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 3);
    rows = strdup(r.out);
    line = strtok_r(rows, "\n", &save);
    n = split(line, tok, 12);
    ck_assert_int_eq(n, 7);
    ck_assert_str_eq(tok[0], "TIME");
    ck_assert_str_eq(tok[5], "REQ/S");
    line = strtok_r(NULL, "\n", &save);
    n = split(line, tok, 12);
    ck_assert_int_eq(n, 8);
    ck_assert_str_eq(tok[2], "2");
    ck_assert_str_eq(tok[3], "5");
    ck_assert_str_eq(tok[5], "-");
    line = strtok_r(NULL, "\n", &save);
    n = split(line, tok, 12);
    ck_assert_int_eq(n, 8);
    ck_assert_msg(atof(tok[5]) > 0, "rate %s", tok[5]);
    free(rows);
    mptest_run_free(&r);
}
END_TEST

START_TEST(test_cli_watch_json)
{
    struct mptest_run r;
    json_t *info;
    char *second;

    RUN(&r, "--json", "watch", "-n", "2", "-i", "0.1");
    ck_assert_run(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 2);
    second = strchr(r.out, '\n') + 1;
    info = json_loads(second, 0, NULL);
    ck_assert_ptr_nonnull(info);
    ck_assert_str_eq(json_string_value(json_object_get(info, "server")),
                     "mpmgrd");
    ck_assert(json_is_integer(json_object_get(info, "requests")));
    json_decref(info);
    second[0] = '\0';
    info = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(info);
    json_decref(info);
    mptest_run_free(&r);
}
END_TEST

/* Ctrl-C ends watch at once, and that is a normal end: status 0. */
START_TEST(test_cli_watch_interrupt)
{
    const char *args[] = {"-a", fx.srv.addr, "watch", "-i", "0.1", NULL};
    int out[2];
    pid_t pid;
    char *text;

    ck_assert_int_eq(pipe(out), 0);
    pid = mptest_cli_spawn(NULL, out[1], STDERR_FILENO, args);
    close(out[1]);
    /* The second row shows that it keeps going until told to stop. */
    text = mptest_read_until(out[0], "B\n");
    free(text);
    text = mptest_read_until(out[0], "B\n");
    ck_assert_ptr_nonnull(strstr(text, "B\n"));
    free(text);
    kill(pid, SIGINT);
    ck_assert_int_eq(mptest_cli_wait(pid), 0);
    close(out[0]);
}
END_TEST

/* The server stops while watch follows it: watch says so and exits 3,
 * rather than printing stale rows or hanging. */
START_TEST(test_cli_watch_server_gone)
{
    const char *args[] = {"-a", fx.srv.addr, "watch", "-i", "0.1", NULL};
    int out[2], err[2], status;
    pid_t pid;
    char *text, want[300];

    ck_assert_int_eq(pipe(out), 0);
    ck_assert_int_eq(pipe(err), 0);
    pid = mptest_cli_spawn(NULL, out[1], err[1], args);
    close(out[1]);
    close(err[1]);
    text = mptest_read_until(out[0], "B\n");
    ck_assert_ptr_nonnull(strstr(text, "B\n"));
    free(text);
    ck_assert_int_eq(kill(fx.srv.pid, SIGTERM), 0);
    ck_assert_int_eq(waitpid(fx.srv.pid, &status, 0), fx.srv.pid);
    fx.srv.pid = 0;
    ck_assert_int_eq(mptest_cli_wait(pid), 3);
    text = mptest_read_until(err[0], "\n");
    /* The library's reason names the address, once. */
    snprintf(want, sizeof(want), "mpmgr: watch: lost the server: ");
    ck_assert_msg(strncmp(text, want, strlen(want)) == 0, "stderr: %s", text);
    ck_assert_ptr_nonnull(strstr(text, fx.srv.addr));
    ck_assert_ptr_null(strstr(strstr(text, fx.srv.addr) + 1, fx.srv.addr));
    free(text);
    close(out[0]);
    close(err[0]);
}
END_TEST

/* On a terminal, watch clears the screen and draws a title over the
 * table, as top does. */
START_TEST(test_cli_watch_terminal)
{
    const char *args[] = {"-a", fx.srv.addr, "watch", "-n", "1", NULL};
    int master;
    pid_t pid = mptest_cli_spawn_tty(args, &master);
    char *text, want[300];

    text = mptest_read_until(master, "MEMORY");
    ck_assert_int_eq(mptest_cli_wait(pid), 0);
    ck_assert_int_eq(strncmp(text, "\033[H\033[2J", 7), 0);
    snprintf(want, sizeof(want), "mpmgrd %s at %s, pid %d: every 1s",
             PACKAGE_VERSION, fx.srv.addr, (int)fx.srv.pid);
    ck_assert_msg(strstr(text, want) != NULL, "no '%s' in %s", want, text);
    free(text);
    close(master);
}
END_TEST

/*
 * The server exits cleanly of its own accord.  Waiting for it, rather than
 * stopping it, keeps the teardown's SIGTERM from landing while it exits.
 */
static void
assert_server_exits(void)
{
    int status;

    ck_assert_int_eq(waitpid(fx.srv.pid, &status, 0), fx.srv.pid);
    fx.srv.pid = 0;
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}

START_TEST(test_cli_shutdown)
{
    struct mptest_run r;

    RUN(&r, "shutdown");
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "OK\n");
    mptest_run_free(&r);
    assert_server_exits();
}
END_TEST

START_TEST(test_cli_shutdown_json)
{
    struct mptest_run r;

    RUN(&r, "--json", "shutdown");
    assert_json_equal(&r, json_null());
    mptest_run_free(&r);
    assert_server_exits();
}
END_TEST

Suite *
suite_commands(void)
{
    Suite *s = suite_create("commands");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, mptest_fixture_setup,
                              mptest_fixture_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_cli_ping);
    tcase_add_test(tc, test_cli_info_human);
    tcase_add_test(tc, test_cli_info_json);
    tcase_add_test(tc, test_cli_ls_human);
    tcase_add_test(tc, test_cli_ls_filters);
    tcase_add_test(tc, test_cli_ls_json);
    tcase_add_test(tc, test_cli_sessions_human);
    tcase_add_test(tc, test_cli_lock_waiters);
    tcase_add_test(tc, test_cli_sessions_json);
    tcase_add_test(tc, test_cli_get_key);
    tcase_add_test(tc, test_cli_get_by_oid);
    tcase_add_test(tc, test_cli_get_whole);
    tcase_add_test(tc, test_cli_get_json);
    tcase_add_test(tc, test_cli_get_reals);
    tcase_add_test(tc, test_cli_dump_human);
    tcase_add_test(tc, test_cli_dump_json);
    tcase_add_test(tc, test_cli_set);
    tcase_add_test(tc, test_cli_del);
    tcase_add_test(tc, test_cli_paths);
    tcase_add_test(tc, test_cli_new);
    tcase_add_test(tc, test_cli_unlink);
    tcase_add_test(tc, test_cli_call);
    tcase_add_test(tc, test_cli_watch);
    tcase_add_test(tc, test_cli_watch_json);
    tcase_add_test(tc, test_cli_watch_interrupt);
    tcase_add_test(tc, test_cli_watch_server_gone);
    tcase_add_test(tc, test_cli_watch_terminal);
    tcase_add_test(tc, test_cli_shutdown);
    tcase_add_test(tc, test_cli_shutdown_json);
    suite_add_tcase(s, tc);
    return s;
}
