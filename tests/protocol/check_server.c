/*
 * check_server.c: the server.* methods (doc/protocol.md section 10), a
 * clean stop by server.shutdown, SIGTERM and SIGINT, and the listening
 * sockets: several --listen, mode 0600, stale and live sockets.
 */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

static int
has_members(const json_t *obj, const char *const *names, size_t n)
{
    size_t i;

    if (!json_is_object(obj) || json_object_size(obj) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (json_object_get(obj, names[i]) == NULL)
            return 0;
    return 1;
}

START_TEST(test_server_info)
{
    static const char *const members[] = {
        "server",   "version", "protocol", "pid",          "uptime_s",
        "sessions", "objects", "requests", "memory_bytes", "listen",
    };
    int fd = pt_client(), raw = pt_connect_raw(&pt_srv), i;
    json_t *info;
    long long before;

    pt_greeting(raw);
    pt_new(fd, "dict", NULL);
    pt_new(fd, "list", NULL);
    pt_new(fd, "lock", NULL);
    info = pt_ok(fd, "server.info", NULL);
    ck_assert_msg(has_members(info, members, 10), "server.info members: %s",
                  pt_dump(info));
    pt_eq(json_object_get(info, "server"), "'mpmgrd'");
    pt_eq(json_object_get(info, "version"), "'%s'", PACKAGE_VERSION);
    pt_eq(json_object_get(info, "protocol"), "1");
    pt_eq(json_object_get(info, "pid"), "%d", (int)pt_srv.pid);
    ck_assert(json_is_number(json_object_get(info, "uptime_s")));
    ck_assert(json_number_value(json_object_get(info, "uptime_s")) >= 0);
    /* Open connections, with and without hello. */
    pt_eq(json_object_get(info, "sessions"), "2");
    pt_eq(json_object_get(info, "objects"), "3");
    ck_assert(json_is_integer(json_object_get(info, "requests")));
    ck_assert(json_is_integer(json_object_get(info, "memory_bytes")));
    ck_assert_int_gt(json_integer_value(json_object_get(info, "memory_bytes")),
                     100000);
    pt_eq(json_object_get(info, "listen"), "['%s']", pt_srv.addr);

    before = json_integer_value(json_object_get(info, "requests"));
    for (i = 0; i < 10; i++)
        pt_ok(raw, "server.ping", NULL);
    info = pt_ok(fd, "server.info", NULL);
    ck_assert_int_ge(json_integer_value(json_object_get(info, "requests")),
                     before + 10);
    pt_close(raw);
    pt_ok(fd, "release", "{'oid':1}");
    pt_wait_sessions(fd, 1);
    pt_eq(json_object_get(pt_ok(fd, "server.info", NULL), "objects"), "2");
}
END_TEST

START_TEST(test_server_sessions)
{
    static const char *const members[] = {
        "session",  "client", "pid",   "peer",     "since",
        "requests", "refs",   "locks", "peer_pid", "peer_uid",
    };
    int me = pt_connect_raw(&pt_srv), raw = pt_connect_raw(&pt_srv);
    time_t t0 = time(NULL);
    json_t *list, *mine = NULL, *theirs = NULL;
    size_t i;
    double since;

    pt_greeting(me);
    pt_greeting(raw);
    pt_eq(pt_ok(me, "hello",
                "{'protocol':1,'client':'alpha \\u00e9',"
                "'pid':4242}"),
          "{'session':1,'server':'mpmgrd','version':'%s'}", PACKAGE_VERSION);
    pt_new(me, "lock", NULL);
    pt_new(me, "rlock", NULL);
    pt_new(me, "dict", NULL);
    pt_ok(me, "lock.acquire", "{'oid':1}");
    pt_ok(me, "rlock.acquire", "{'oid':2}");
    list = pt_ok(me, "server.sessions", NULL);
    ck_assert_msg(json_array_size(list) == 2, "%s", pt_dump(list));
    for (i = 0; i < 2; i++) {
        json_t *s = json_array_get(list, i);

        ck_assert_msg(has_members(s, members, 10), "members: %s", pt_dump(s));
        if (json_integer_value(json_object_get(s, "session")) == 1)
            mine = s;
        else
            theirs = s;
    }
    ck_assert_ptr_nonnull(mine);
    ck_assert_ptr_nonnull(theirs);
    pt_eq(json_object_get(mine, "client"), "'alpha \\u00e9'");
    pt_eq(json_object_get(mine, "pid"), "4242");
    pt_eq(json_object_get(mine, "peer"), "'%s'", pt_srv.addr);
    pt_eq(json_object_get(mine, "refs"), "3");
    pt_eq(json_object_get(mine, "locks"), "2");
    pt_eq(json_object_get(mine, "peer_pid"), "%d", (int)getpid());
    pt_eq(json_object_get(mine, "peer_uid"), "%d", (int)getuid());
    ck_assert(json_is_integer(json_object_get(mine, "requests")));
    ck_assert_int_ge(json_integer_value(json_object_get(mine, "requests")), 5);
    ck_assert(json_is_number(json_object_get(mine, "since")));
    since = json_number_value(json_object_get(mine, "since"));
    ck_assert_msg(since >= (double)t0 - 60 && since <= (double)time(NULL) + 60,
                  "since %f is not Unix time in seconds", since);
    /* A connection that has not said hello. */
    pt_eq(json_object_get(theirs, "session"), "2");
    pt_eq(json_object_get(theirs, "client"), "null");
    pt_eq(json_object_get(theirs, "pid"), "null");
    pt_eq(json_object_get(theirs, "peer"), "'%s'", pt_srv.addr);
    pt_eq(json_object_get(theirs, "refs"), "0");
    pt_eq(json_object_get(theirs, "locks"), "0");
    pt_eq(json_object_get(theirs, "peer_pid"), "%d", (int)getpid());
    /* It says hello: the same session, now named. */
    pt_ok(raw, "hello", "{'protocol':1,'client':'beta'}");
    pt_ok(raw, "attach", "{'oid':3}");
    list = pt_ok(me, "server.sessions", NULL);
    for (i = 0; i < 2; i++) {
        json_t *s = json_array_get(list, i);

        if (json_integer_value(json_object_get(s, "session")) == 2) {
            pt_eq(json_object_get(s, "client"), "'beta'");
            pt_eq(json_object_get(s, "pid"), "null");
            pt_eq(json_object_get(s, "refs"), "1");
        }
    }
    pt_ok(me, "lock.release", "{'oid':1}");
    pt_ok(me, "release", "{'oid':3}");
    list = pt_ok(me, "server.sessions", NULL);
    for (i = 0; i < 2; i++) {
        json_t *s = json_array_get(list, i);

        if (json_integer_value(json_object_get(s, "session")) == 1) {
            pt_eq(json_object_get(s, "locks"), "1");
            pt_eq(json_object_get(s, "refs"), "2");
        }
    }
}
END_TEST

/* server.shutdown: the reply, then a clean exit that removes the socket. */
START_TEST(test_server_shutdown)
{
    int fd = pt_client(), other = pt_client();
    int status;

    pt_ok(fd, "new", "{'type':'dict','name':'x'}");
    pt_eq(pt_ok(fd, "server.shutdown", NULL), "null");
    pt_expect_eof(fd);
    pt_expect_eof(other);
    ck_assert_int_eq(waitpid(pt_srv.pid, &status, 0), pt_srv.pid);
    pt_srv.pid = 0;
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "mpmgrd exited with status %d after server.shutdown", status);
    ck_assert_msg(access(pt_srv.path, F_OK) != 0,
                  "the socket file is still there after server.shutdown");
}
END_TEST

/* The requests server.sessions counts for SESSION, seen from FD. */
static long long
session_requests(int fd, long long session)
{
    json_t *list = pt_ok(fd, "server.sessions", NULL), *s;
    size_t i;

    json_array_foreach (list, i, s)
        if (json_integer_value(json_object_get(s, "session")) == session)
            return json_integer_value(json_object_get(s, "requests"));
    pt_fail("session %lld is not listed: %s", session, pt_dump(list));
}

/* A long reply still queued for a slow reader reaches it whole when
 * another client stops the server: the stop does not cut it mid-line. */
START_TEST(test_server_shutdown_finishes_replies)
{
    int reader = pt_client(), admin = pt_client();
    long long session = pt_session(reader), oid, before;
    size_t size = (size_t)2 << 20;
    char *big = malloc(size + 1);
    json_t *reply;
    int status;

    ck_assert_ptr_nonnull(big);
    memset(big, 'x', size);
    big[size] = '\0';
    oid = pt_new(reader, "dict", NULL);
    pt_ok(reader, "dict.setitem", "{'oid':%lld,'key':'k','value':'%s'}", oid,
          big);
    free(big);
    before = session_requests(admin, session);
    pt_send(reader,
            "{'jsonrpc':'2.0','id':99,'method':'dict.getitem',"
            "'params':{'oid':%lld,'key':'k'}}",
            oid);
    /* Once counted, the getitem has run and its reply is queued: far more
     * than the socket holds, since the reader is not reading yet. */
    while (session_requests(admin, session) == before)
        usleep(10000);
    pt_ok(admin, "server.shutdown", NULL);
    pt_expect_eof(admin);

    reply = pt_recv(reader);
    pt_eq(json_object_get(reply, "id"), "99");
    ck_assert_uint_eq(json_string_length(json_object_get(reply, "result")),
                      size);
    pt_expect_eof(reader);
    ck_assert_int_eq(waitpid(pt_srv.pid, &status, 0), pt_srv.pid);
    pt_srv.pid = 0;
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

/* A shutdown sent behind other requests runs after them. */
START_TEST(test_server_shutdown_in_order)
{
    static const char lines[] =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"}\n"
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"server.shutdown\"}\n"
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"server.ping\"}\n";
    int fd = pt_client();
    int status;

    /* One write: the server may be gone before a second one. */
    pt_send_raw(fd, lines, sizeof(lines) - 1);
    pt_expect(fd, "{'jsonrpc':'2.0','id':1,'result':'pong'}");
    pt_expect(fd, "{'jsonrpc':'2.0','id':2,'result':null}");
    pt_expect_eof(fd);
    ck_assert_int_eq(waitpid(pt_srv.pid, &status, 0), pt_srv.pid);
    pt_srv.pid = 0;
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

static void
stop_by_signal(int sig)
{
    int fd = pt_client(), status;

    pt_ok(fd, "new", "{'type':'lock'}");
    pt_ok(fd, "lock.acquire", "{'oid':1}");
    ck_assert_int_eq(kill(pt_srv.pid, sig), 0);
    pt_expect_eof(fd);
    ck_assert_int_eq(waitpid(pt_srv.pid, &status, 0), pt_srv.pid);
    pt_srv.pid = 0;
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "mpmgrd exited with status %d after signal %d", status, sig);
    ck_assert_msg(access(pt_srv.path, F_OK) != 0,
                  "the socket file is still there after signal %d", sig);
}

START_TEST(test_server_sigterm)
{
    stop_by_signal(SIGTERM);
}
END_TEST

START_TEST(test_server_sigint)
{
    stop_by_signal(SIGINT);
}
END_TEST

/* SIGHUP (the terminal that started the server closed) changes nothing:
 * the values stay and the server goes on answering. */
START_TEST(test_server_sighup_ignored)
{
    int fd = pt_client();

    pt_ok(fd, "new", "{'type':'dict','name':'kept','init':{'a':1}}");
    ck_assert_int_eq(kill(pt_srv.pid, SIGHUP), 0);
    pt_eq(pt_ok(fd, "dict.getitem", "{'oid':1,'key':'a'}"), "1");
    pt_close(fd);
    fd = pt_client();
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
}
END_TEST

/* The Unix socket is 0600 from the start. */
START_TEST(test_server_socket_mode)
{
    struct stat st;

    ck_assert_int_eq(stat(pt_srv.path, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    ck_assert_msg((st.st_mode & 0777) == 0600, "socket mode is %o",
                  (unsigned)(st.st_mode & 0777));
}
END_TEST

/* Several --listen: each accepts, server.info lists them all. */
START_TEST(test_server_listen_several)
{
    static struct mptest_server s;
    char *dir = pt_mkdtemp("listen"), path[300], addr[320];
    const char *extra[] = {"--listen", addr, NULL};
    json_t *list;
    size_t i;
    int a, b;

    snprintf(path, sizeof(path), "%s/second.sock", dir);
    snprintf(addr, sizeof(addr), "unix:%s", path);
    pt_start(&s, NULL, extra);
    a = pt_connect(&s);
    b = mptest_connect(path);
    ck_assert_int_ge(b, 0);
    pt_handshake(b, NULL);
    pt_ok(a, "new", "{'type':'dict','name':'shared'}");
    pt_eq(pt_ok(b, "open", "{'name':'shared'}"),
          "{'oid':1,'type':'dict','created':false}");
    pt_eq(json_object_get(pt_ok(b, "server.info", NULL), "listen"),
          "['%s','%s']", s.addr, addr);
    /* Each session's peer names the socket it came in on. */
    list = pt_ok(a, "server.sessions", NULL);
    ck_assert_uint_eq(json_array_size(list), 2);
    for (i = 0; i < 2; i++) {
        json_t *one = json_array_get(list, i);

        pt_eq(json_object_get(one, "peer"), "'%s'",
              json_integer_value(json_object_get(one, "session")) ==
                      pt_session(a)
                  ? s.addr
                  : addr);
    }
    pt_close(b);
    ck_assert_int_eq(pt_stop(&s), 0);
    ck_assert_msg(access(path, F_OK) != 0, "the second socket is left over");
    rmdir(dir);
}
END_TEST

/* Every address form of the --listen syntax: each one serves. */
START_TEST(test_server_listen_forms)
{
    static struct mptest_server s;
    char *dir = pt_mkdtemp("forms"), bare[300], p1[16], p2[16], p3[16];
    char a1[64], a2[64], a3[64];
    const char *extra[] = {"--listen", a1,   "--listen",   a2,  "--listen", a3,
                           "--listen", bare, "--insecure", NULL};
    json_t *listen;
    int fd;

    snprintf(bare, sizeof(bare), "%s/bare.sock", dir);
    pt_free_port(p1);
    pt_free_port(p2);
    pt_free_port(p3);
    snprintf(a1, sizeof(a1), "tcp:127.0.0.1:%s", p1);
    snprintf(a2, sizeof(a2), "127.0.0.1:%s", p2);
    snprintf(a3, sizeof(a3), "[::1]:%s", p3);
    pt_start(&s, NULL, extra);
    fd = mptest_connect_tcp("127.0.0.1", p1);
    ck_assert_int_ge(fd, 0);
    pt_handshake(fd, NULL);
    pt_ok(fd, "new", "{'type':'dict','name':'forms'}");
    pt_close(fd);
    fd = mptest_connect_tcp("127.0.0.1", p2);
    ck_assert_int_ge(fd, 0);
    pt_handshake(fd, NULL);
    pt_eq(pt_ok(fd, "open", "{'name':'forms'}"),
          "{'oid':1,'type':'dict','created':false}");
    pt_close(fd);
    fd = mptest_connect_tcp("::1", p3);
    ck_assert_msg(fd >= 0, "cannot connect to [::1]:%s", p3);
    pt_handshake(fd, NULL);
    pt_eq(pt_ok(fd, "open", "{'name':'forms'}"),
          "{'oid':1,'type':'dict','created':false}");
    pt_close(fd);
    fd = mptest_connect(bare);
    ck_assert_int_ge(fd, 0);
    pt_handshake(fd, NULL);
    listen = json_object_get(pt_ok(fd, "server.info", NULL), "listen");
    ck_assert_msg(json_array_size(listen) == 5, "listen: %s", pt_dump(listen));
    pt_eq(json_array_get(listen, 0), "'%s'", s.addr);
    pt_eq(json_array_get(listen, 1), "'%s'", a1);
    pt_close(fd);
    ck_assert_int_eq(pt_stop(&s), 0);
    ck_assert_msg(access(bare, F_OK) != 0, "%s is left over", bare);
    rmdir(dir);
}
END_TEST

/* Without --listen: $XDG_RUNTIME_DIR/mpmgr.sock, as DESIGN.md says. */
START_TEST(test_server_default_address)
{
    char *dir = pt_mkdtemp("xdg"), *sock = pt_text("%s/mpmgr.sock", dir);
    const char *bin = getenv("MPMGRD");
    int ready[2], fd, status;
    struct pollfd p;
    char buf[256];
    pid_t pid;

    ck_assert_msg(bin != NULL, "MPMGRD is not set");
    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char fdarg[16];

        close(ready[0]);
        snprintf(fdarg, sizeof(fdarg), "%d", ready[1]);
        setenv("XDG_RUNTIME_DIR", dir, 1);
        unsetenv("MPMGR_AUTHKEY");
        unsetenv("MPMGR_ADDRESS");
        execl(bin, bin, "--ready-fd", fdarg, (char *)NULL);
        _exit(127);
    }
    pt_track_child(pid);
    close(ready[1]);
    p.fd = ready[0];
    p.events = POLLIN;
    ck_assert_msg(poll(&p, 1, PT_WAIT_MS) == 1 && read(ready[0], buf, 1) == 1,
                  "mpmgrd without --listen did not get ready");
    close(ready[0]);
    fd = mptest_connect(sock);
    ck_assert_msg(fd >= 0, "nothing listens on %s", sock);
    pt_handshake(fd, NULL);
    pt_eq(json_object_get(pt_ok(fd, "server.info", NULL), "listen"),
          "['unix:%s']", sock);
    pt_close(fd);
    ck_assert_int_eq(kill(pid, SIGTERM), 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_msg(access(sock, F_OK) != 0, "%s is left over", sock);
}
END_TEST

/* A socket file left by a dead server is replaced. */
START_TEST(test_server_stale_socket)
{
    static struct mptest_server dead, s;
    char addr[240];
    const char *extra[] = {"--listen", addr, NULL};
    int fd;

    pt_start(&dead, NULL, NULL);
    snprintf(addr, sizeof(addr), "%s", dead.addr);
    kill(dead.pid, SIGKILL);
    waitpid(dead.pid, NULL, 0);
    dead.pid = 0;
    ck_assert_int_eq(access(dead.path, F_OK), 0);
    pt_start(&s, NULL, extra);
    fd = mptest_connect(dead.path);
    ck_assert_int_ge(fd, 0);
    pt_handshake(fd, NULL);
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    pt_close(fd);
    ck_assert_int_eq(pt_stop(&s), 0);
    pt_stop(&dead);
}
END_TEST

/* A socket a live server listens on is not taken over. */
START_TEST(test_server_live_socket)
{
    static struct mptest_server second;
    const char *extra[] = {"--listen", pt_srv.addr, NULL};
    int fd = pt_client();

    pt_ok(fd, "new", "{'type':'dict','name':'mine'}");
    ck_assert_msg(mptest_server_start(&second, NULL, extra) < 0,
                  "a second mpmgrd took over a live server's socket");
    mptest_server_stop(&second);
    pt_eq(pt_ok(fd, "open", "{'name':'mine'}"),
          "{'oid':1,'type':'dict','created':false}");
    pt_close(fd);
    fd = pt_client();
    pt_eq(pt_ok(fd, "open", "{'name':'mine'}"),
          "{'oid':1,'type':'dict','created':false}");
}
END_TEST

Suite *
suite_server(void)
{
    Suite *s = suite_create("server");
    TCase *tc;

    tc = tcase_create("core");
    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_server_info);
    tcase_add_test(tc, test_server_sessions);
    tcase_add_test(tc, test_server_shutdown);
    tcase_add_test(tc, test_server_shutdown_in_order);
    tcase_add_test(tc, test_server_shutdown_finishes_replies);
    tcase_add_test(tc, test_server_sigterm);
    tcase_add_test(tc, test_server_sigint);
    tcase_add_test(tc, test_server_sighup_ignored);
    tcase_add_test(tc, test_server_socket_mode);
    tcase_add_test(tc, test_server_live_socket);
    suite_add_tcase(s, tc);

    tc = tcase_create("options");
    tcase_add_checked_fixture(tc, NULL, pt_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_server_listen_several);
    tcase_add_test(tc, test_server_stale_socket);
    tcase_add_test(tc, test_server_listen_forms);
    tcase_add_test(tc, test_server_default_address);
    suite_add_tcase(s, tc);

    pt_add_cases(s, "server");
    return s;
}
