/*
 * check_session.c: what happens when a session ends (doc/protocol.md
 * sections 5 and 9): by a clean close, by SIGKILL of a real client
 * process, or by a dropped TCP connection.  Its references are dropped, its
 * locks released to the next waiter in FIFO order, its pending acquires
 * cancelled, unnamed unreferenced objects freed; named objects stay.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

/* ------------------------------------------------------------------ */
/* Client processes                                                    */
/* ------------------------------------------------------------------ */

/*
 * In a child: send each of the LF-separated request LINES (the last one
 * may be a blocking request) on a fresh connection after the greeting and
 * a hello, and read one reply for each of the first NREPLIES.  Reports on
 * READY_FD: "R" once done, then waits to be killed.  Never returns.
 */
static void
child_client(const char *path, const char *client, const char *lines,
             int nreplies, int ready_fd)
{
    char hello[256];
    int fd = mptest_connect(path), i;

    snprintf(hello, sizeof(hello),
             "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"hello\","
             "\"params\":{\"protocol\":1,\"client\":\"%s\",\"pid\":%d}}",
             client, (int)getpid());
    if (fd < 0 || mptest_recv_line(fd, PT_WAIT_MS) == NULL ||
        mptest_send(fd, hello) < 0 || mptest_recv_line(fd, PT_WAIT_MS) == NULL)
        _exit(2);
    if (mptest_write(fd, lines, strlen(lines)) < 0)
        _exit(3);
    for (i = 0; i < nreplies; i++) {
        char *r = mptest_recv_line(fd, PT_WAIT_MS);

        if (r == NULL || strstr(r, "\"error\"") != NULL)
            _exit(4);
        free(r);
    }
    if (write(ready_fd, "R", 1) != 1)
        _exit(5);
    for (;;)
        pause();
}

/*
 * Fork a client process running child_client; returns its pid once it
 * has reported that it is ready.
 */
static pid_t
spawn_client(const char *client, const char *lines, int nreplies)
{
    int p[2];
    pid_t pid;
    struct pollfd pfd;
    char c;

    ck_assert_int_eq(pipe(p), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(p[0]);
        child_client(pt_srv.path, client, lines, nreplies, p[1]);
    }
    pt_track_child(pid);
    close(p[1]);
    pfd.fd = p[0];
    pfd.events = POLLIN;
    ck_assert_msg(poll(&pfd, 1, PT_WAIT_MS) == 1 && read(p[0], &c, 1) == 1,
                  "client process %s did not get ready", client);
    close(p[0]);
    return pid;
}

static void
kill9(pid_t pid)
{
    int status;

    ck_assert_int_eq(kill(pid, SIGKILL), 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

/* The session of the client named CLIENT, from server.sessions. */
static long long
session_of_client(int fd, const char *client)
{
    json_t *list = pt_ok(fd, "server.sessions", NULL);
    size_t i;

    for (i = 0; i < json_array_size(list); i++) {
        json_t *s = json_array_get(list, i);
        const char *c = json_string_value(json_object_get(s, "client"));

        if (c != NULL && strcmp(c, client) == 0)
            return json_integer_value(json_object_get(s, "session"));
    }
    ck_abort_msg("no session for client %s in %s", client, pt_dump(list));
    return 0;
}

#define REQ(id, method, params)                                                \
    "{\"jsonrpc\":\"2.0\",\"id\":" #id ",\"method\":\"" method "\","           \
    "\"params\":" params "}\n"

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

/*
 * A client process holding a lock, an rlock (twice) and references, with
 * an acquire pending, is killed with SIGKILL while others wait.
 */
START_TEST(test_session_sigkill_holder)
{
    int me = pt_client(), w1, w2, w3, w4;
    pid_t victim;
    long long vs;

    /* 1 lock L, 2 rlock R, 3 lock M (held by me), 4 dict D. */
    pt_new(me, "lock", NULL);
    pt_new(me, "rlock", NULL);
    pt_new(me, "lock", NULL);
    pt_new(me, "dict", NULL);
    pt_eq(pt_ok(me, "lock.acquire", "{'oid':3}"),
          "{'acquired':true,'token':1}");
    /* The victim creates 5 (named) and 6 (unnamed), holds L and R. */
    victim = spawn_client(
        "victim",
        REQ(1, "new",
            "{\"type\":\"dict\",\"name\":\"kept\",\"init\":{\"a\":1}}")
            REQ(2, "new", "{\"type\":\"list\",\"init\":[1]}")
                REQ(3, "attach", "{\"oid\":4}") REQ(4, "attach", "{\"oid\":4}")
                    REQ(5, "lock.acquire", "{\"oid\":1}")
                        REQ(6, "rlock.acquire", "{\"oid\":2}")
                            REQ(7, "rlock.acquire", "{\"oid\":2}")
                                REQ(8, "server.ping", "{}")
                                    REQ(9, "lock.acquire", "{\"oid\":3}"),
        8);
    vs = session_of_client(me, "victim");
    pt_eq(pt_describe(me, 4),
          "{'oid':4,'type':'dict','name':null,'len':0,'refs':3}");
    pt_eq(pt_ok(me, "server.objects", "{'type':'lock'}"),
          "[{'oid':1,'type':'lock','name':null,'refs':1,'holder':%lld},"
          "{'oid':3,'type':'lock','name':null,'refs':1,'holder':%lld,"
          "'waiters':1}]",
          vs, pt_session(me));

    w1 = pt_client();
    w2 = pt_client();
    w3 = pt_client();
    w4 = pt_client();
    pt_send_queued(w1, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                       "'params':{'oid':1}}");
    pt_send_queued(w2, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                       "'params':{'oid':1,'timeout':120}}");
    pt_send_queued(w3, "{'jsonrpc':'2.0','id':1,'method':'rlock.acquire',"
                       "'params':{'oid':2}}");
    pt_send_queued(w4, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                       "'params':{'oid':3}}");

    kill9(victim);

    /* The first waiters get the locks without anyone releasing them. */
    pt_expect(w1, "{'jsonrpc':'2.0','id':1,"
                  "'result':{'acquired':true,'token':2}}");
    pt_expect(w3, "{'jsonrpc':'2.0','id':1,"
                  "'result':{'acquired':true,'token':2}}");
    pt_ok(w1, "lock.release", "{'oid':1}");
    pt_expect(w2, "{'jsonrpc':'2.0','id':1,"
                  "'result':{'acquired':true,'token':3}}");
    /* The victim's pending acquire of M was dropped: w4 is next. */
    pt_wait_session_gone(me, vs);
    pt_ok(me, "lock.release", "{'oid':3}");
    pt_expect(w4, "{'jsonrpc':'2.0','id':1,"
                  "'result':{'acquired':true,'token':2}}");

    /* References: dropped; the unnamed list freed, the named dict kept. */
    pt_eq(pt_describe(me, 4),
          "{'oid':4,'type':'dict','name':null,'len':0,'refs':1}");
    ck_assert_ptr_null(pt_describe(me, 6));
    pt_eq(pt_describe(me, 5),
          "{'oid':5,'type':'dict','name':'kept','len':1,'refs':0}");
    pt_eq(pt_ok(me, "open", "{'name':'kept'}"),
          "{'oid':5,'type':'dict','created':false}");
    pt_eq(pt_ok(me, "dict.items", "{'oid':5}"), "[['a',1]]");
}
END_TEST

/* Client processes waiting in a queue are killed: the rest keep order. */
START_TEST(test_session_sigkill_waiters)
{
    enum { N = 6 };
    int me = pt_client(), w[N], i;
    pid_t victims[N];
    int token = 2;

    pt_new(me, "lock", NULL);
    pt_ok(me, "lock.acquire", "{'oid':1}");
    for (i = 0; i < N; i++) {
        if (i % 2 == 1) {
            char name[16];

            snprintf(name, sizeof(name), "waiter%d", i);
            victims[i] = spawn_client(name,
                                      REQ(1, "server.ping", "{}")
                                          REQ(2, "lock.acquire", "{\"oid\":1}"),
                                      1);
            w[i] = -1;
        } else {
            w[i] = pt_client();
            pt_send_queued(w[i],
                           "{'jsonrpc':'2.0','id':%d,"
                           "'method':'lock.acquire',"
                           "'params':{'oid':1}}",
                           i);
        }
    }
    for (i = 1; i < N; i += 2)
        kill9(victims[i]);
    pt_wait_sessions(me, 1 + N / 2);
    pt_ok(me, "lock.release", "{'oid':1}");
    for (i = 0; i < N; i += 2) {
        pt_expect(w[i],
                  "{'jsonrpc':'2.0','id':%d,"
                  "'result':{'acquired':true,'token':%d}}",
                  i, token++);
        pt_ok(w[i], "lock.release", "{'oid':1}");
    }
    pt_eq(pt_ok(me, "lock.locked", "{'oid':1}"), "false");
}
END_TEST

/* A clean close ends the session the same way. */
START_TEST(test_session_close_cleanup)
{
    int me = pt_client(), other = pt_client(), w;
    long long os = pt_session(other);

    pt_new(me, "dict", NULL);
    pt_eq(pt_ok(other, "new", "{'type':'lock','name':'L'}"),
          "{'oid':2,'type':'lock'}");
    pt_eq(pt_ok(other, "new", "{'type':'rlock'}"), "{'oid':3,'type':'rlock'}");
    pt_ok(other, "open", "{'name':'L'}");
    pt_ok(other, "attach", "{'oid':1}");
    pt_ok(other, "attach", "{'oid':1}");
    pt_ok(other, "attach", "{'oid':3}");
    pt_ok(other, "lock.acquire", "{'oid':2}");
    pt_ok(other, "rlock.acquire", "{'oid':3}");
    pt_ok(other, "rlock.acquire", "{'oid':3}");
    pt_eq(pt_describe(me, 1),
          "{'oid':1,'type':'dict','name':null,'len':0,'refs':3}");
    w = pt_client();
    pt_send_queued(w, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                      "'params':{'oid':2}}");
    pt_ok(me, "attach", "{'oid':3}");
    pt_close(other);
    pt_expect(w, "{'jsonrpc':'2.0','id':1,"
                 "'result':{'acquired':true,'token':2}}");
    pt_wait_session_gone(me, os);
    pt_eq(pt_describe(me, 1),
          "{'oid':1,'type':'dict','name':null,'len':0,'refs':1}");
    pt_eq(pt_describe(me, 2), "{'oid':2,'type':'lock','name':'L','refs':0}");
    pt_eq(pt_describe(me, 3), "{'oid':3,'type':'rlock','name':null,'refs':1}");
    pt_eq(pt_ok(me, "rlock.locked", "{'oid':3}"), "false");
    pt_eq(pt_ok(me, "rlock.acquire", "{'oid':3}"),
          "{'acquired':true,'token':2}");
}
END_TEST

/* A session that only created unnamed objects leaves nothing behind. */
START_TEST(test_session_unnamed_freed)
{
    int me = pt_client(), other = pt_client();
    long long os = pt_session(other);
    int i;

    for (i = 0; i < 50; i++)
        pt_new(other, i % 2 ? "list" : "lock", NULL);
    pt_ok(other, "lock.acquire", "{'oid':1}");
    ck_assert_uint_eq(json_array_size(pt_ok(me, "server.objects", NULL)), 50);
    pt_close(other);
    pt_wait_session_gone(me, os);
    pt_eq(pt_ok(me, "server.objects", NULL), "[]");
    pt_eq(pt_ok(me, "new", "{'type':'dict'}"), "{'oid':51,'type':'dict'}");
}
END_TEST

/* A TCP client that vanishes with a reset ends its session too. */
START_TEST(test_session_tcp_reset)
{
    static struct mptest_server s;
    char port[16], addr[64];
    const char *extra[] = {"--listen", addr, "--insecure", NULL};
    struct linger lin = {.l_onoff = 1, .l_linger = 0};
    int tcp, me, w;
    long long ts;

    pt_free_port(port);
    snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%s", port);
    pt_start(&s, NULL, extra);
    me = pt_connect(&s);
    tcp = mptest_connect_tcp("127.0.0.1", port);
    ck_assert_int_ge(tcp, 0);
    pt_handshake(tcp, NULL);
    ts = pt_session(tcp);
    pt_eq(pt_ok(tcp, "new", "{'type':'lock'}"), "{'oid':1,'type':'lock'}");
    pt_ok(me, "attach", "{'oid':1}");
    pt_ok(tcp, "new", "{'type':'dict'}");
    pt_ok(tcp, "lock.acquire", "{'oid':1}");
    /* A TCP peer: "tcp:..." and no kernel credentials. */
    {
        json_t *list = pt_ok(me, "server.sessions", NULL);
        size_t i;

        for (i = 0; i < json_array_size(list); i++) {
            json_t *one = json_array_get(list, i);
            const char *peer;

            if (json_integer_value(json_object_get(one, "session")) != ts)
                continue;
            peer = json_string_value(json_object_get(one, "peer"));
            ck_assert_msg(peer != NULL && strncmp(peer, "tcp:", 4) == 0,
                          "TCP session: %s", pt_dump(one));
            ck_assert_msg(json_object_get(one, "peer_pid") == NULL &&
                              json_object_get(one, "peer_uid") == NULL &&
                              json_object_size(one) == 8,
                          "TCP session: %s", pt_dump(one));
            pt_eq(json_object_get(one, "locks"), "1");
        }
    }
    w = pt_connect(&s);
    pt_send_queued(w, "{'jsonrpc':'2.0','id':1,'method':'lock.acquire',"
                      "'params':{'oid':1}}");
    ck_assert_int_eq(setsockopt(tcp, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin)),
                     0);
    pt_close(tcp);
    pt_expect(w, "{'jsonrpc':'2.0','id':1,"
                 "'result':{'acquired':true,'token':2}}");
    pt_wait_session_gone(me, ts);
    ck_assert_ptr_null(pt_describe(me, 2));
    pt_eq(pt_describe(me, 1), "{'oid':1,'type':'lock','name':null,'refs':1}");
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

/* A client killed while its requests are still being answered. */
START_TEST(test_session_sigkill_mid_stream)
{
    int me = pt_client(), i;
    pid_t victim;
    char *lines = pt_text("%*s", 1 << 20, "");
    size_t len = 0;

    pt_new(me, "list", NULL);
    for (i = 0; i < 5000; i++)
        len += (size_t)sprintf(
            lines + len,
            "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"list.append\","
            "\"params\":{\"oid\":1,\"value\":%d}}\n",
            i, i);
    victim = spawn_client("stream", lines, 1);
    kill9(victim);
    pt_wait_sessions(me, 1);
    /* Whatever was executed was executed in order. */
    {
        json_t *all = pt_ok(me, "list.slice", "{'oid':1}");
        size_t k;

        ck_assert_uint_ge(json_array_size(all), 1);
        for (k = 0; k < json_array_size(all); k++)
            pt_eq(json_array_get(all, k), "%zu", k);
    }
    pt_eq(pt_ok(me, "server.ping", NULL), "'pong'");
}
END_TEST

/*
 * A client whose acquire waits (here for a lock it holds itself, which
 * never comes) and which then sends more than the server takes in, so
 * that the server stops reading from it, hangs up: its session still ends
 * at once, and the lock goes to the next client.
 */
START_TEST(test_session_hangup_while_waiting_unread)
{
    static struct mptest_server s;
    static const char ping[] = "{\"jsonrpc\":\"2.0\",\"method\":"
                               "\"server.ping\"}\n";
    const char *extra[] = {"--max-message", "4096", NULL};
    char buf[64 * 1024];
    size_t used = 0, sent = 0;
    int a, b, flags;
    long long sb;
    ssize_t n;

    pt_start(&s, NULL, extra);
    a = pt_connect(&s);
    b = pt_connect(&s);
    sb = pt_session(b);
    pt_new(a, "lock", NULL);
    pt_eq(pt_ok(b, "lock.acquire", "{'oid':1}"), "{'acquired':true,'token':1}");
    pt_send_queued(b, "{'jsonrpc':'2.0','id':7,'method':'lock.acquire',"
                      "'params':{'oid':1}}");
    /* Notifications behind the waiting acquire, until the socket is full:
     * far past what the server reads ahead (--max-message + 64 KiB). */
    while (used + sizeof(ping) < sizeof(buf)) {
        memcpy(buf + used, ping, sizeof(ping) - 1);
        used += sizeof(ping) - 1;
    }
    flags = fcntl(b, F_GETFL);
    ck_assert_int_eq(fcntl(b, F_SETFL, flags | O_NONBLOCK), 0);
    while ((n = send(b, buf, used, MSG_NOSIGNAL)) > 0)
        sent += (size_t)n;
    ck_assert_msg(sent > 200 * 1024, "only %zu bytes sent", sent);
    pt_close(b);

    pt_wait_session_gone(a, sb);
    pt_eq(pt_ok(a, "lock.acquire", "{'oid':1,'timeout':10}"),
          "{'acquired':true,'token':2}");
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

Suite *
suite_session(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_session_sigkill_holder);
    tcase_add_test(tc, test_session_sigkill_waiters);
    tcase_add_test(tc, test_session_close_cleanup);
    tcase_add_test(tc, test_session_unnamed_freed);
    tcase_add_test(tc, test_session_tcp_reset);
    tcase_add_test(tc, test_session_sigkill_mid_stream);
    tcase_add_test(tc, test_session_hangup_while_waiting_unread);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "session");
    return s;
}
