/*
 * check_lock.c: lock and rlock (doc/protocol.md section 9): the
 * transcripts in cases/lock-*.t, plus FIFO order among many waiters, many
 * timed waits, and waiters that go away while their timer runs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

/* Ten waiters get the lock in the order they asked, tokens one by one. */
START_TEST(test_lock_fifo_many)
{
    enum { N = 10 };
    int holder = pt_client(), w[N], i;

    pt_new(holder, "lock", NULL);
    pt_eq(pt_ok(holder, "lock.acquire", "{'oid':1}"),
          "{'acquired':true,'token':1}");
    for (i = 0; i < N; i++) {
        w[i] = pt_client();
        pt_send_queued(w[i],
                       "{'jsonrpc':'2.0','id':%d,'method':'lock.acquire',"
                       "'params':{'oid':1%s}}",
                       i, i % 2 ? ",\"timeout\":120" : "");
    }
    pt_ok(holder, "lock.release", "{'oid':1}");
    for (i = 0; i < N; i++) {
        pt_expect(w[i],
                  "{'jsonrpc':'2.0','id':%d,"
                  "'result':{'acquired':true,'token':%d}}",
                  i, i + 2);
        pt_ok(w[i], "lock.release", "{'oid':1}");
    }
    pt_eq(pt_ok(holder, "lock.locked", "{'oid':1}"), "false");
}
END_TEST

/* server.objects counts a lock's waiters and server.sessions names the
 * lock each session waits for; both go when the wait ends. */
START_TEST(test_lock_waiters_shown)
{
    int holder = pt_client(), w1 = pt_client(), w2 = pt_client();
    long long s1 = pt_session(w1), s2 = pt_session(w2), sh;
    json_t *sessions, *s;
    size_t i;

    sh = pt_session(holder);
    pt_new(holder, "lock", ",'name':'busy'");
    pt_ok(holder, "lock.acquire", "{'oid':1}");
    pt_eq(pt_ok(holder, "server.objects", NULL),
          "[{'oid':1,'type':'lock','name':'busy','refs':1,'holder':%lld}]", sh);
    pt_send_queued(w1, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                       "'params':{'oid':1}}");
    pt_send_queued(w2, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                       "'params':{'oid':1,'timeout':60}}");
    pt_eq(pt_ok(holder, "server.objects", NULL),
          "[{'oid':1,'type':'lock','name':'busy','refs':1,'holder':%lld,"
          "'waiters':2}]",
          sh);
    sessions = pt_ok(holder, "server.sessions", NULL);
    json_array_foreach (sessions, i, s) {
        long long id = json_integer_value(json_object_get(s, "session"));

        if (id == s1 || id == s2)
            pt_eq(json_object_get(s, "waiting"), "1");
        else
            ck_assert_ptr_null(json_object_get(s, "waiting"));
    }
    pt_ok(holder, "lock.release", "{'oid':1}");
    pt_expect(w1, "{'jsonrpc':'2.0','id':1,"
                  "'result':{'acquired':true,'token':2}}");
    pt_eq(pt_ok(holder, "server.objects", NULL),
          "[{'oid':1,'type':'lock','name':'busy','refs':1,'holder':%lld,"
          "'waiters':1}]",
          s1);
    pt_close(w2);
    pt_wait_session_gone(holder, s2);
    pt_eq(pt_ok(holder, "server.objects", NULL),
          "[{'oid':1,'type':'lock','name':'busy','refs':1,'holder':%lld}]", s1);
    sessions = pt_ok(holder, "server.sessions", NULL);
    json_array_foreach (sessions, i, s)
        ck_assert_ptr_null(json_object_get(s, "waiting"));
}
END_TEST

/* FIFO for rlocks too, and re-entry by the holder does not jump the queue. */
START_TEST(test_lock_rlock_fifo)
{
    enum { N = 5 };
    int holder = pt_client(), w[N], i;

    pt_new(holder, "rlock", NULL);
    pt_ok(holder, "rlock.acquire", "{'oid':1}");
    for (i = 0; i < N; i++) {
        w[i] = pt_client();
        pt_send_queued(w[i],
                       "{'jsonrpc':'2.0','id':%d,"
                       "'method':'rlock.acquire','params':{'oid':1}}",
                       i);
    }
    pt_eq(pt_ok(holder, "rlock.acquire", "{'oid':1,'blocking':false}"),
          "{'acquired':true,'token':1}");
    pt_ok(holder, "rlock.release", "{'oid':1}");
    pt_ok(holder, "rlock.release", "{'oid':1}");
    for (i = 0; i < N; i++) {
        pt_expect(w[i],
                  "{'jsonrpc':'2.0','id':%d,"
                  "'result':{'acquired':true,'token':%d}}",
                  i, i + 2);
        pt_ok(w[i], "rlock.acquire", "{'oid':1}");
        pt_ok(w[i], "rlock.release", "{'oid':1}");
        pt_ok(w[i], "rlock.release", "{'oid':1}");
    }
}
END_TEST

/* Many waiters time out; none of them takes the lock afterwards. */
START_TEST(test_lock_many_timeouts)
{
    enum { N = 20 };
    int holder = pt_client(), w[N], i;

    pt_new(holder, "lock", NULL);
    pt_ok(holder, "lock.acquire", "{'oid':1}");
    for (i = 0; i < N; i++) {
        w[i] = pt_client();
        pt_send(w[i],
                "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                "'params':{'oid':1,'timeout':0.%d}}",
                1 + i % 5);
        pt_send(w[i], "{'jsonrpc':'2.0','id':2,'method':'server.ping'}");
    }
    for (i = 0; i < N; i++) {
        pt_expect(w[i], "{'jsonrpc':'2.0','id':1,'result':{'acquired':false}}");
        pt_expect(w[i], "{'jsonrpc':'2.0','id':2,'result':'pong'}");
    }
    pt_ok(holder, "lock.release", "{'oid':1}");
    pt_eq(pt_ok(holder, "lock.locked", "{'oid':1}"), "false");
    pt_eq(pt_ok(holder, "lock.acquire", "{'oid':1}"),
          "{'acquired':true,'token':2}");
}
END_TEST

/*
 * Waiters with timers close before the timers fire: the server must
 * forget them (a timer for a gone session must not touch it).
 */
START_TEST(test_lock_waiter_closes_before_timeout)
{
    enum { N = 10 };
    int holder = pt_client(), w[N], i;

    pt_new(holder, "lock", NULL);
    pt_new(holder, "rlock", NULL);
    pt_ok(holder, "lock.acquire", "{'oid':1}");
    pt_ok(holder, "rlock.acquire", "{'oid':2}");
    for (i = 0; i < N; i++) {
        w[i] = pt_client();
        pt_send_queued(w[i],
                       "{'jsonrpc':'2.0','id':1,'method':'%s.acquire',"
                       "'params':{'oid':%d,'timeout':0.5}}",
                       i % 2 ? "lock" : "rlock", i % 2 ? 1 : 2);
        pt_close(w[i]);
    }
    pt_wait_sessions(holder, 1);
    usleep(800000);
    pt_eq(pt_ok(holder, "server.ping", NULL), "'pong'");
    pt_ok(holder, "lock.release", "{'oid':1}");
    pt_ok(holder, "rlock.release", "{'oid':2}");
    pt_eq(pt_ok(holder, "lock.locked", "{'oid':1}"), "false");
    pt_eq(pt_ok(holder, "rlock.locked", "{'oid':2}"), "false");
    pt_eq(pt_ok(holder, "lock.acquire", "{'oid':1}"),
          "{'acquired':true,'token':2}");
}
END_TEST

/* References decide lifetime, not holding or waiting: an attached waiter. */
START_TEST(test_lock_waiter_keeps_object)
{
    int a = pt_client(), b = pt_client();

    pt_new(a, "lock", NULL);
    pt_ok(a, "lock.acquire", "{'oid':1}");
    pt_ok(b, "attach", "{'oid':1}");
    pt_send_queued(b, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                      "'params':{'oid':1}}");
    pt_ok(a, "release", "{'oid':1}");
    pt_ok(a, "lock.release", "{'oid':1}");
    pt_expect(b, "{'jsonrpc':'2.0','id':1,"
                 "'result':{'acquired':true,'token':2}}");
    pt_eq(pt_describe(a, 1), "{'oid':1,'type':'lock','name':null,'refs':1}");
    pt_ok(b, "lock.release", "{'oid':1}");
}
END_TEST

/*
 * doc/protocol.md section 5: an object with neither name nor reference is
 * freed, a held lock too.  Its holder holds nothing any more, and a parked
 * acquire on it gets NoSuchObject; the server goes on serving everyone.
 */
START_TEST(test_lock_freed_while_waited_on)
{
    int a = pt_client(), b = pt_client(), c;

    pt_new(a, "lock", NULL);
    pt_new(a, "rlock", NULL);
    pt_ok(a, "lock.acquire", "{'oid':1}");
    pt_ok(a, "rlock.acquire", "{'oid':2}");
    pt_send_queued(b, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                      "'params':{'oid':1,'timeout':30}}");
    c = pt_client();
    pt_send_queued(c, "{'jsonrpc':'2.0','id':5,'method':'rlock.acquire',"
                      "'params':{'oid':2}}");
    pt_ok(a, "release", "{'oid':1}");
    pt_is_error(pt_recv(b), PT_NO_SUCH_OBJECT, "1");
    pt_ok(a, "release", "{'oid':2}");
    pt_is_error(pt_recv(c), PT_NO_SUCH_OBJECT, "5");
    /* Both are gone, and a holds nothing. */
    pt_err(b, PT_NO_SUCH_OBJECT, "describe", "{'oid':1}");
    pt_err(b, PT_NO_SUCH_OBJECT, "rlock.locked", "{'oid':2}");
    pt_eq(pt_ok(b, "server.objects", NULL), "[]");
    pt_close(a);
    pt_close(b);
    pt_close(c);
    a = pt_client();
    pt_eq(pt_ok(a, "server.ping", NULL), "'pong'");
    pt_eq(pt_ok(a, "new", "{'type':'lock'}"), "{'oid':3,'type':'lock'}");
    pt_eq(pt_ok(a, "lock.acquire", "{'oid':3}"), "{'acquired':true,'token':1}");
}
END_TEST

/* A held lock whose last reference goes is freed, and its holder's
 * session no longer counts it among its locks. */
START_TEST(test_lock_held_freed_with_last_reference)
{
    int a = pt_client(), b = pt_client();

    pt_new(a, "lock", NULL);
    pt_eq(pt_ok(a, "lock.acquire", "{'oid':1}"), "{'acquired':true,'token':1}");
    pt_ok(a, "release", "{'oid':1}");
    pt_err(a, PT_NO_SUCH_OBJECT, "describe", "{'oid':1}");
    pt_err(a, PT_NO_SUCH_OBJECT, "lock.release", "{'oid':1}");
    pt_eq(pt_ok(b, "server.objects", NULL), "[]");
    pt_eq(json_object_get(json_array_get(pt_ok(b, "server.sessions", NULL), 0),
                          "locks"),
          "0");
    /* Unlinking the name of a held lock nobody references frees it too. */
    pt_ok(a, "new", "{'type':'rlock','name':'r'}");
    pt_ok(a, "rlock.acquire", "{'oid':2}");
    pt_ok(a, "release", "{'oid':2}");
    pt_eq(pt_describe(b, 2), "{'oid':2,'type':'rlock','name':'r','refs':0}");
    pt_ok(b, "unlink", "{'name':'r'}");
    pt_err(b, PT_NO_SUCH_OBJECT, "describe", "{'oid':2}");
    pt_eq(pt_ok(a, "server.ping", NULL), "'pong'");
}
END_TEST

/* A server that stops does not hand a lock to a waiter on its way out: the
 * waiter's connection closes with no reply, not with "acquired": true. */
START_TEST(test_lock_waiter_at_shutdown)
{
    static struct mptest_server s;
    char buf[4096];
    size_t len = 0;
    ssize_t n;
    int a, b;

    pt_start(&s, NULL, NULL);
    a = pt_connect(&s);
    b = pt_connect(&s);
    pt_new(a, "lock", NULL);
    pt_ok(a, "lock.acquire", "{'oid':1}");
    pt_send_queued(b, "{'jsonrpc':'2.0','id':9,'method':'lock.acquire',"
                      "'params':{'oid':1}}");
    pt_ok(a, "server.shutdown", NULL);
    while (len < sizeof(buf) - 1 &&
           (n = read(b, buf + len, sizeof(buf) - 1 - len)) > 0)
        len += (size_t)n;
    buf[len] = '\0';
    ck_assert_msg(len == 0, "the waiter got: %s", buf);
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

/* In a child: send LINE, read one reply into BUF; 0 or -1. */
static int
child_call(int fd, const char *line, char *buf, size_t size)
{
    char *r;

    if (mptest_send(fd, line) < 0 || (r = mptest_recv_line(fd, 60000)) == NULL)
        return -1;
    snprintf(buf, size, "%s", r);
    free(r);
    return strstr(buf, "\"error\"") != NULL ? -1 : 0;
}

/*
 * Client processes take the lock, read a counter, write it back plus one,
 * append their token to a list and release.  Without mutual exclusion
 * updates would be lost; with it the counter is exact and the tokens in
 * the list count up one by one.
 */
START_TEST(test_lock_mutual_exclusion)
{
    enum { PROCS = 6, ROUNDS = 100 };
    int fd = pt_client(), p, status, i;
    pid_t pids[PROCS];
    json_t *tokens;

    pt_new(fd, "lock", NULL);
    pt_new(fd, "dict", NULL);
    pt_new(fd, "list", NULL);
    pt_ok(fd, "dict.setitem", "{'oid':2,'key':'n','value':0}");
    for (p = 0; p < PROCS; p++) {
        pids[p] = fork();
        ck_assert_int_ge(pids[p], 0);
        if (pids[p] == 0) {
            int c = mptest_connect(pt_srv.path), r;
            char buf[512], line[512];
            char *g;

            if (c < 0 || (g = mptest_recv_line(c, PT_WAIT_MS)) == NULL)
                _exit(1);
            free(g);
            for (r = 0; r < ROUNDS; r++) {
                long long n, token;
                char *at;

                if (child_call(c,
                               "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                               "\"lock.acquire\",\"params\":{\"oid\":1}}",
                               buf, sizeof(buf)) < 0 ||
                    (at = strstr(buf, "\"token\":")) == NULL)
                    _exit(2);
                token = atoll(at + 8);
                if (child_call(c,
                               "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                               "\"dict.getitem\",\"params\":"
                               "{\"oid\":2,\"key\":\"n\"}}",
                               buf, sizeof(buf)) < 0 ||
                    (at = strstr(buf, "\"result\":")) == NULL)
                    _exit(3);
                n = atoll(at + 9);
                snprintf(line, sizeof(line),
                         "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
                         "\"dict.setitem\",\"params\":{\"oid\":2,"
                         "\"key\":\"n\",\"value\":%lld}}",
                         n + 1);
                if (child_call(c, line, buf, sizeof(buf)) < 0)
                    _exit(4);
                snprintf(line, sizeof(line),
                         "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":"
                         "\"list.append\",\"params\":{\"oid\":3,"
                         "\"value\":%lld}}",
                         token);
                if (child_call(c, line, buf, sizeof(buf)) < 0 ||
                    child_call(c,
                               "{\"jsonrpc\":\"2.0\",\"id\":5,"
                               "\"method\":\"lock.release\","
                               "\"params\":{\"oid\":1}}",
                               buf, sizeof(buf)) < 0)
                    _exit(5);
            }
            _exit(0);
        }
        pt_track_child(pids[p]);
    }
    for (p = 0; p < PROCS; p++) {
        ck_assert_int_eq(waitpid(pids[p], &status, 0), pids[p]);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                      "client process %d failed (status %d)", p, status);
    }
    pt_eq(pt_ok(fd, "dict.getitem", "{'oid':2,'key':'n'}"), "%d",
          PROCS * ROUNDS);
    tokens = pt_ok(fd, "list.slice", "{'oid':3}");
    ck_assert_uint_eq(json_array_size(tokens), PROCS * ROUNDS);
    for (i = 0; i < PROCS * ROUNDS; i++)
        pt_eq(json_array_get(tokens, (size_t)i), "%d", i + 1);
    pt_eq(pt_ok(fd, "lock.locked", "{'oid':1}"), "false");
}
END_TEST

Suite *
suite_lock(void)
{
    Suite *s = suite_create("lock");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_lock_fifo_many);
    tcase_add_test(tc, test_lock_waiters_shown);
    tcase_add_test(tc, test_lock_rlock_fifo);
    tcase_add_test(tc, test_lock_many_timeouts);
    tcase_add_test(tc, test_lock_waiter_closes_before_timeout);
    tcase_add_test(tc, test_lock_waiter_keeps_object);
    tcase_add_test(tc, test_lock_freed_while_waited_on);
    tcase_add_test(tc, test_lock_held_freed_with_last_reference);
    tcase_add_test(tc, test_lock_waiter_at_shutdown);
    tcase_add_test(tc, test_lock_mutual_exclusion);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "lock");
    return s;
}
