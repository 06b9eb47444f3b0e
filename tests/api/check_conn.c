/*
 * check_conn.c: connecting (addresses, authkeys both ways, timeouts) and
 * what a call does when the server misbehaves or dies.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"

/* ======================================================================
 * Stand-ins for a server that is not mpmgrd: an impostor, a mute
 * listener, a talker of nonsense.  They test the client's side only.
 * ====================================================================== */

struct fake {
    char dir[64];
    char addr[128];
    int fd;
    pid_t pid;
};

/* Listen on a fresh Unix socket. */
static void
fake_listen(struct fake *f)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};

    snprintf(f->dir, sizeof(f->dir), "/tmp/mpfake.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/s", f->dir);
    snprintf(f->addr, sizeof(f->addr), "unix:%s", sun.sun_path);
    f->fd = socket(AF_UNIX, SOCK_STREAM, 0);
    ck_assert_int_ge(f->fd, 0);
    ck_assert_int_eq(bind(f->fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
    ck_assert_int_eq(listen(f->fd, 8), 0);
    f->pid = 0;
}

/*
 * Serve one client from a child: send GREETING, and answer the hello with
 * REPLY, or when REPLY is NULL and REPLY_HMAC is not, with a welcome
 * carrying that proof.  Then wait for the client to go.
 */
static void
fake_run(struct fake *f, const char *greeting, const char *reply_hmac,
         const char *reply)
{
    f->pid = fork();
    ck_assert_int_ge(f->pid, 0);
    if (f->pid == 0) {
        int c = accept(f->fd, NULL, NULL);
        json_t *hello = NULL;
        char welcome[512];

        if (c < 0 || mptest_send(c, greeting) < 0)
            _exit(1);
        if ((reply != NULL || reply_hmac != NULL) &&
            (hello = mptest_recv_json(c, 10000)) != NULL) {
            snprintf(
                welcome, sizeof(welcome),
                "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"result\":{"
                "\"session\":1,\"server\":\"mpmgrd\",\"version\":\"0\","
                "\"hmac\":\"%s\"}}",
                (long long)json_integer_value(json_object_get(hello, "id")),
                reply_hmac != NULL ? reply_hmac : "");
            mptest_send(c, reply != NULL ? reply : welcome);
        }
        mptest_wait_eof(c, 10000);
        _exit(0);
    }
}

static void
fake_serve(struct fake *f, const char *greeting, const char *reply_hmac)
{
    fake_run(f, greeting, reply_hmac, NULL);
}

static void
fake_stop(struct fake *f)
{
    char path[128];

    if (f->pid > 0) {
        kill(f->pid, SIGKILL);
        waitpid(f->pid, NULL, 0);
    }
    close(f->fd);
    snprintf(path, sizeof(path), "%s/s", f->dir);
    unlink(path);
    rmdir(f->dir);
}

#define ZEROS64                                                                \
    "0000000000000000000000000000000000000000000000000000000000000000"
#define GREETING(auth)                                                         \
    "{\"jsonrpc\":\"2.0\",\"method\":\"greeting\",\"params\":{\"server\":"     \
    "\"mpmgrd\",\"version\":\"0.1.0\",\"protocol\":1,\"auth\":\"" auth         \
    "\",\"nonce\":\"" ZEROS64 "\"}}"

/* ======================================================================
 * core
 * ====================================================================== */

START_TEST(test_conn_connect)
{
    ck_assert_int_gt(mpmgr_session_id(mpt_m), 0);
    ck_assert_str_eq(mpmgr_errmsg(mpt_m), "");
    mpt_ok(mpmgr_server_ping(mpt_m));
    ck_assert_int_eq(mpmgr_session_id(NULL), 0);
    ck_assert_str_eq(mpmgr_address(mpt_m), mpt_srv.addr);
    ck_assert_ptr_null(mpmgr_address(NULL));
    ck_assert_int_eq(mpmgr_errno(mpt_m), 0);
    mpmgr_close(NULL);
}
END_TEST

START_TEST(test_conn_from_environment)
{
    mpmgr_t *m = NULL;

    setenv("MPMGR_ADDRESS", mpt_srv.path, 1);
    setenv("MPMGR_AUTHKEY", MPT_KEY, 1);
    mpt_ok(mpmgr_connect(NULL, NULL, &m));
    mpt_ok(mpmgr_server_ping(m));
    mpmgr_close(m);
}
END_TEST

START_TEST(test_conn_options)
{
    mpmgr_options_t o;
    mpmgr_t *m = NULL;
    json_t *sess = NULL, *s;
    size_t i;
    int seen = 0;

    memset(&o, 0xff, sizeof(o));
    mpmgr_options_init(&o);
    ck_assert_ptr_null(o.address);
    ck_assert_int_eq(o.reply_timeout_ms, 0);
    o.address = mpt_srv.addr;
    o.authkey = MPT_KEY "trailing bytes not used";
    o.authkey_len = strlen(MPT_KEY);
    o.client = "options-test";
    o.connect_timeout_ms = 5000;
    o.reply_timeout_ms = 5000;
    mpt_ok(mpmgr_connect_opts(&o, &m));
    mpt_ok(mpmgr_set_timeouts(m, -1, -1));
    mpt_ok(mpmgr_server_sessions(m, &sess));
    json_array_foreach (sess, i, s)
        seen += strcmp(json_string_value(json_object_get(s, "client")),
                       "options-test") == 0;
    ck_assert_int_eq(seen, 1);
    json_decref(sess);
    mpmgr_close(m);
    mpt_fails(mpmgr_set_timeouts(NULL, 0, 0), MPMGR_EINVAL);
}
END_TEST

START_TEST(test_conn_without_auth)
{
    struct mptest_server own;
    mpmgr_t *m = NULL;

    unsetenv("MPMGR_AUTHKEY");
    mpt_start_at(&own, NULL, NULL);
    mpt_ok(mpmgr_connect(own.addr, NULL, &m));
    mpt_ok(mpmgr_server_ping(m));
    mpmgr_close(m);
    mptest_server_stop(&own);
}
END_TEST

START_TEST(test_conn_tcp)
{
    struct mptest_server own;
    struct sockaddr_in sin = {.sin_family = AF_INET};
    socklen_t len = sizeof(sin);
    char listen[64], addr[64];
    const char *extra[] = {"--listen", listen, NULL};
    mpmgr_t *m = NULL;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    /* Borrow a free port from the kernel for the server. */
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
    close(fd);
    snprintf(listen, sizeof(listen), "tcp:127.0.0.1:%d", ntohs(sin.sin_port));
    snprintf(addr, sizeof(addr), "127.0.0.1:%d", ntohs(sin.sin_port));
    mpt_start_at(&own, MPT_KEY, extra);
    mpt_ok(mpmgr_connect(addr, MPT_KEY, &m));
    mpt_ok(mpmgr_server_ping(m));
    mpmgr_close(m);
    mptest_server_stop(&own);
}
END_TEST

/* ======================================================================
 * errors
 * ====================================================================== */

START_TEST(test_conn_to_nothing)
{
    mpmgr_t *m = NULL;

    ck_assert_int_eq(mpmgr_connect("unix:/nonexistent/mpmgr.sock", NULL, &m),
                     MPMGR_ECONNECT);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(NULL), "/nonexistent"));
    ck_assert_int_eq(mpmgr_errno(NULL), ENOENT);
    ck_assert_int_eq(mpmgr_connect("127.0.0.1:1", NULL, &m), MPMGR_ECONNECT);
    ck_assert_int_eq(mpmgr_errno(NULL), ECONNREFUSED);
    ck_assert_int_eq(mpmgr_connect("no-such-host.invalid:7", NULL, &m),
                     MPMGR_ECONNECT);
}
END_TEST

START_TEST(test_conn_bad_arguments)
{
    mpmgr_t *m = NULL;

    ck_assert_int_eq(mpmgr_connect("justaname", NULL, &m), MPMGR_EINVAL);
    ck_assert_int_eq(mpmgr_connect("tcp:host:99999", NULL, &m), MPMGR_EINVAL);
    ck_assert_int_eq(mpmgr_connect(NULL, NULL, NULL), MPMGR_EINVAL);
    ck_assert_int_eq(mpmgr_connect_opts(NULL, &m), MPMGR_EINVAL);
    ck_assert_ptr_null(m);
}
END_TEST

START_TEST(test_conn_wrong_authkey)
{
    mpmgr_t *m = NULL;

    ck_assert_int_eq(mpmgr_connect(mpt_srv.addr, "wrong", &m),
                     MPMGR_EAUTHFAILED);
    ck_assert_ptr_null(m);
}
END_TEST

START_TEST(test_conn_missing_authkey)
{
    mpmgr_t *m = NULL;

    unsetenv("MPMGR_AUTHKEY");
    ck_assert_int_eq(mpmgr_connect(mpt_srv.addr, NULL, &m), MPMGR_EAUTHFAILED);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(NULL), "requires an authkey"));
}
END_TEST

/* A client with a key will not talk to a server that cannot prove it
 * knows the key: a server without auth, or one whose proof is wrong. */
START_TEST(test_conn_server_cannot_prove_key)
{
    struct mptest_server own;
    struct fake f;
    mpmgr_t *m = NULL;

    mpt_start_at(&own, NULL, NULL);
    ck_assert_int_eq(mpmgr_connect(own.addr, MPT_KEY, &m), MPMGR_EAUTHFAILED);
    mptest_server_stop(&own);
    fake_listen(&f);
    fake_serve(&f, GREETING("hmac-sha256"), ZEROS64);
    ck_assert_int_eq(mpmgr_connect(f.addr, MPT_KEY, &m), MPMGR_EAUTHFAILED);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(NULL), "did not prove"));
    ck_assert_ptr_null(m);
    fake_stop(&f);
}
END_TEST

/* A peer that greets otherwise, or not at all, is named as no mpmgr
 * server (or as one of another protocol version), with EPROTO. */
START_TEST(test_conn_bad_greeting)
{
    static const struct {
        const char *greeting, *says;
    } cases[] = {
        {"{\"jsonrpc\":\"2.0\",\"method\":\"hi\"}",
         "is not an mpmgr server: its first message is not a greeting"},
        {"this is not json",
         "is not an mpmgr server: its first line is not JSON"},
        {"SSH-2.0-OpenSSH_9.2", "is not an mpmgr server: its first line is "
                                "not JSON"},
        {"{\"jsonrpc\":\"2.0\",\"method\":\"greeting\",\"params\":{"
         "\"server\":\"mpmgrd\",\"protocol\":2}}",
         "speaks mpmgr protocol 2; this libmpmgr speaks 1"},
        {"{\"jsonrpc\":\"2.0\",\"method\":\"greeting\",\"params\":{"
         "\"server\":\"mpmgrd\",\"protocol\":1}}",
         "is not an mpmgr server: its greeting lacks auth or nonce"},
    };
    struct fake f;
    mpmgr_t *m = NULL;
    char want[256];
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fake_listen(&f);
        fake_serve(&f, cases[i].greeting, NULL);
        ck_assert_int_eq(mpmgr_connect(f.addr, NULL, &m), MPMGR_EPROTO);
        ck_assert_ptr_null(m);
        snprintf(want, sizeof(want), "%s %s", f.addr, cases[i].says);
        ck_assert_str_eq(mpmgr_errmsg(NULL), want);
        fake_stop(&f);
    }
}
END_TEST

/* Replies the library cannot take break the connection with EPROTO. */
START_TEST(test_conn_bad_replies)
{
    static const struct {
        const char *reply, *says;
    } cases[] = {
        {"[1]", "a reply must be a JSON object"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"result\":{}}",
         "duplicate object key"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}} x",
         "end of input expected"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{]}", "bad reply"},
        {"{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", "out of order"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1}", "malformed reply"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":3}", "malformed reply"},
        {"{\"jsonrpc\":\"2.0\",\"id\":01,\"result\":{}}", "bad reply"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1.0,\"result\":{}}", "out of order"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":nul}", "bad reply"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}", "bad reply"},
    };
    /* The same success in any order or spacing. */
    static const char *const good[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"session\":5}}",
        "{\"id\":1,\"result\":{\"session\":5},\"jsonrpc\":\"2.0\"}",
        " { \"jsonrpc\" : \"2.0\" , \"id\" : 1 , \"result\" : "
        "{\"session\":5} } ",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"session\":5} }",
    };
    struct fake f;
    mpmgr_t *m = NULL;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fake_listen(&f);
        fake_run(&f, GREETING("none"), NULL, cases[i].reply);
        ck_assert_int_eq(mpmgr_connect(f.addr, NULL, &m), MPMGR_EPROTO);
        ck_assert_ptr_null(m);
        ck_assert_msg(strstr(mpmgr_errmsg(NULL), cases[i].says) != NULL,
                      "%s: %s", cases[i].reply, mpmgr_errmsg(NULL));
        fake_stop(&f);
    }
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        fake_listen(&f);
        fake_run(&f, GREETING("none"), NULL, good[i]);
        ck_assert_msg(mpmgr_connect(f.addr, NULL, &m) == 0, "%s: %s", good[i],
                      mpmgr_errmsg(NULL));
        mpmgr_close(m);
        m = NULL;
        fake_stop(&f);
    }
}
END_TEST

/* A listener that never greets: the connect timeout ends the wait. */
START_TEST(test_conn_connect_timeout)
{
    struct fake f;
    mpmgr_options_t o;
    mpmgr_t *m = NULL;

    fake_listen(&f);
    mpmgr_options_init(&o);
    o.address = f.addr;
    o.connect_timeout_ms = 200;
    ck_assert_int_eq(mpmgr_connect_opts(&o, &m), MPMGR_ETIMEDOUT);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(NULL),
                                 " took the connection but sent no greeting in "
                                 "time: is it an mpmgr server?"));
    fake_stop(&f);
}
END_TEST

/* A server killed mid-session: every later call fails, none hangs. */
START_TEST(test_conn_server_killed)
{
    mpmgr_dict_t *d = NULL;

    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    kill(mpt_srv.pid, SIGKILL);
    waitpid(mpt_srv.pid, NULL, 0);
    mpt_srv.pid = 0;
    mpt_fails(mpmgr_dict_set_ii(d, 1, 1), MPMGR_ECLOSED);
    mpt_fails(mpmgr_server_ping(mpt_m), MPMGR_ECLOSED);
    mpt_fails(mpmgr_pipeline_begin(mpt_m), MPMGR_ECLOSED);
    ck_assert_int_eq(mpmgr_session_id(mpt_m), 0);
    mpmgr_dict_free(d);
}
END_TEST

/* A server that stops answering: the reply timeout ends the wait, and the
 * connection is not used again (a late reply would be out of step). */
START_TEST(test_conn_reply_timeout)
{
    mpt_ok(mpmgr_set_timeouts(mpt_m, 0, 200));
    kill(mpt_srv.pid, SIGSTOP);
    mpt_fails(mpmgr_server_ping(mpt_m), MPMGR_ETIMEDOUT);
    kill(mpt_srv.pid, SIGCONT);
    mpt_fails(mpmgr_server_ping(mpt_m), MPMGR_ECLOSED);
}
END_TEST

START_TEST(test_conn_too_many_clients)
{
    struct mptest_server own;
    const char *extra[] = {"--max-clients", "1", NULL};
    mpmgr_t *m1 = NULL, *m2 = NULL;

    mpt_start_at(&own, MPT_KEY, extra);
    mpt_ok(mpmgr_connect(own.addr, MPT_KEY, &m1));
    ck_assert_int_eq(mpmgr_connect(own.addr, MPT_KEY, &m2),
                     MPMGR_ELIMITEXCEEDED);
    ck_assert_ptr_null(m2);
    mpmgr_close(m1);
    mptest_server_stop(&own);
}
END_TEST

/* ======================================================================
 * limits
 * ====================================================================== */

START_TEST(test_conn_limits_many_connections)
{
    mpmgr_t *m[200];
    int i;

    for (i = 0; i < 200; i++)
        m[i] = mpt_connect();
    for (i = 0; i < 200; i++) {
        mpt_ok(mpmgr_server_ping(m[i]));
        mpmgr_close(m[i]);
    }
}
END_TEST

/* Nesting past the server's depth limit is refused, and the connection
 * carries on. */
START_TEST(test_conn_limits_depth)
{
    mpmgr_dict_t *d = NULL;
    json_t *v = json_array(), *k = json_integer(1);
    int i;

    for (i = 0; i < 400; i++)
        v = json_pack("[o]", v);
    mpt_ok(mpmgr_dict_create(mpt_m, NULL, NULL, &d));
    mpt_fails(mpmgr_dict_setitem(d, k, v), MPMGR_ELIMITEXCEEDED);
    mpt_ok(mpmgr_dict_set_ii(d, 1, 2));
    json_decref(v);
    json_decref(k);
    mpmgr_dict_free(d);
}
END_TEST

/*
 * A value over the server's --max-message: however far the write got
 * before the server hung up, the caller hears LimitExceeded, the reason
 * the server gave, not just that the connection closed.
 */
START_TEST(test_conn_limits_message_length)
{
    static const char *const extra[] = {"--max-message", "10000", NULL};
    static const size_t sizes[] = {20000, 2000000, 20000000};
    struct mptest_server own;
    mpmgr_dict_t *d = NULL;
    mpmgr_t *m = NULL;
    size_t i;
    char *big;

    mpt_start_at(&own, NULL, extra);
    for (i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
        big = malloc(sizes[i] + 1);
        ck_assert_ptr_nonnull(big);
        memset(big, 'x', sizes[i]);
        big[sizes[i]] = '\0';
        mpt_ok(mpmgr_connect(own.addr, NULL, &m));
        mpt_ok(mpmgr_dict_create(m, NULL, NULL, &d));
        mpt_fails(mpmgr_dict_set_ss(d, "k", big), MPMGR_ELIMITEXCEEDED);
        ck_assert_str_eq(mpmgr_errmsg(m),
                         "LimitExceeded: message longer than 10000 bytes");
        /* Then the close. */
        mpt_fails(mpmgr_server_ping(m), MPMGR_ECLOSED);
        mpmgr_dict_free(d);
        mpmgr_close(m);
        free(big);
    }
    mptest_server_stop(&own);
}
END_TEST

/* Every call given a NULL connection or proxy: MPMGR_EINVAL, and the
 * same message in mpmgr_errmsg(NULL).  Another message is put there first
 * (mpmgr_items_new without an out pointer), so a call that leaves none is
 * caught. */
#define assert_null_handle(call)                                               \
    do {                                                                       \
        ck_assert_int_eq(mpmgr_items_new(NULL), MPMGR_EINVAL);                 \
        ck_assert_int_eq((call), MPMGR_EINVAL);                                \
        ck_assert_str_eq(mpmgr_errmsg(NULL),                                   \
                         "invalid argument: a NULL handle");                   \
    } while (0)

START_TEST(test_conn_null_handles)
{
    mpmgr_dict_t *d = NULL;
    mpmgr_list_t *l = NULL;
    mpmgr_lock_t *k = NULL;
    json_t *r = NULL;
    size_t n = 0;
    int created = 0;

    assert_null_handle(mpmgr_dict_create(NULL, NULL, NULL, &d));
    assert_null_handle(mpmgr_dict_open(NULL, "x", 0, NULL, &d, &created));
    assert_null_handle(mpmgr_dict_attach(NULL, 1, &d));
    assert_null_handle(mpmgr_list_create(NULL, NULL, NULL, &l));
    assert_null_handle(mpmgr_lock_create(NULL, NULL, &k));
    assert_null_handle(mpmgr_call(NULL, "server.ping", NULL, &r));
    assert_null_handle(mpmgr_set_timeouts(NULL, 0, 0));
    assert_null_handle(mpmgr_pipeline_begin(NULL));
    assert_null_handle(mpmgr_pipeline_exec(NULL, &n));
    assert_null_handle(mpmgr_pipeline_result(NULL, 0, &r));
    assert_null_handle(mpmgr_lock_acquire(NULL, 1, -1, NULL, NULL));
    assert_null_handle(mpmgr_dict_set_ii(NULL, 1, 1));
    assert_null_handle(mpmgr_list_append_i(NULL, 1));
    assert_null_handle(mpmgr_server_ping(NULL));
    ck_assert_ptr_null(d);
    ck_assert_ptr_null(l);
    ck_assert_ptr_null(k);
    ck_assert_ptr_null(r);
}
END_TEST

Suite *
suite_conn(void)
{
    Suite *s = suite_create("conn");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");
    TCase *limits = mpt_tcase("limits");

    tcase_add_test(core, test_conn_connect);
    tcase_add_test(core, test_conn_from_environment);
    tcase_add_test(core, test_conn_options);
    tcase_add_test(core, test_conn_without_auth);
    tcase_add_test(core, test_conn_tcp);
    tcase_add_test(errors, test_conn_to_nothing);
    tcase_add_test(errors, test_conn_bad_arguments);
    tcase_add_test(errors, test_conn_wrong_authkey);
    tcase_add_test(errors, test_conn_missing_authkey);
    tcase_add_test(errors, test_conn_server_cannot_prove_key);
    tcase_add_test(errors, test_conn_bad_greeting);
    tcase_add_test(errors, test_conn_bad_replies);
    tcase_add_test(errors, test_conn_connect_timeout);
    tcase_add_test(errors, test_conn_server_killed);
    tcase_add_test(errors, test_conn_reply_timeout);
    tcase_add_test(errors, test_conn_too_many_clients);
    tcase_add_test(errors, test_conn_null_handles);
    tcase_add_test(limits, test_conn_limits_many_connections);
    tcase_add_test(limits, test_conn_limits_depth);
    tcase_add_test(limits, test_conn_limits_message_length);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, limits);
    return s;
}
