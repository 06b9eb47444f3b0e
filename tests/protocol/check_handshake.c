/*
 * check_handshake.c: the greeting, hello, HMAC-SHA256 authentication both
 * ways, the authkey sources, the auth timeout, the 16 KiB pre-auth line
 * limit, and TCP listeners (doc/protocol.md sections 1, 2 and 11).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptest.h"

/* A fixed client nonce and the bytes it stands for. */
#define CLIENT_NONCE                                                           \
    "00112233445566778899aabbccddeeff0123456789abcdef0f1e2d3c4b5a6978"

static void
client_nonce_bytes(unsigned char out[32])
{
    ck_assert_int_eq(pt_unhex32(CLIENT_NONCE, out), 0);
}

/* The hmac a client must send on FD, given the greeting G. */
static const char *
hmac_for(const json_t *g, const char *key)
{
    unsigned char nonce[32];
    char *out = pt_text("%64s", "");

    ck_assert_int_eq(
        pt_unhex32(json_string_value(json_object_get(g, "nonce")), nonce), 0);
    pt_hmac_hex(key, nonce, sizeof(nonce), out);
    return out;
}

/* ------------------------------------------------------------------ */
/* Without an authkey                                                  */
/* ------------------------------------------------------------------ */

START_TEST(test_handshake_greeting)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);

    pt_eq(json_object_get(g, "auth"), "'none'");
    pt_eq(json_object_get(g, "server"), "'mpmgrd'");
    pt_eq(json_object_get(g, "protocol"), "1");
    pt_close(fd);
}
END_TEST

/* Every connection gets its own nonce, with auth off too. */
START_TEST(test_handshake_greeting_fresh_nonce)
{
    int a = pt_connect_raw(&pt_srv), b = pt_connect_raw(&pt_srv);
    json_t *ga = pt_greeting(a), *gb = pt_greeting(b);

    ck_assert_msg(
        !json_equal(json_object_get(ga, "nonce"), json_object_get(gb, "nonce")),
        "two connections got the same nonce %s",
        pt_dump(json_object_get(ga, "nonce")));
    pt_close(a);
    pt_close(b);
}
END_TEST

START_TEST(test_handshake_hello_result)
{
    int a = pt_connect_raw(&pt_srv), b;
    json_t *r;

    pt_greeting(a);
    r = pt_ok(a, "hello", "{'protocol':1,'client':'first','pid':1234}");
    pt_eq(r, "{'session':1,'server':'mpmgrd','version':'%s'}", PACKAGE_VERSION);
    b = pt_connect_raw(&pt_srv);
    pt_greeting(b);
    r = pt_ok(b, "hello", "{'protocol':1}");
    pt_eq(r, "{'session':2,'server':'mpmgrd','version':'%s'}", PACKAGE_VERSION);
    /* client, pid and nonce are optional; null means not given. */
    r = pt_ok(b, "hello",
              "{'protocol':1,'client':null,'pid':null,"
              "'nonce':null}");
    pt_eq(r, "{'session':2,'server':'mpmgrd','version':'%s'}", PACKAGE_VERSION);
}
END_TEST

/* With auth off, the result carries no hmac even when a nonce is sent. */
START_TEST(test_handshake_hello_nonce_without_auth)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *r;

    pt_greeting(fd);
    r = pt_ok(fd, "hello", "{'protocol':1,'nonce':'%s'}", CLIENT_NONCE);
    pt_eq(r, "{'session':1,'server':'mpmgrd','version':'%s'}", PACKAGE_VERSION);
}
END_TEST

/* With auth off hello is optional. */
START_TEST(test_handshake_hello_optional)
{
    int fd = pt_connect_raw(&pt_srv);

    pt_greeting(fd);
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    pt_eq(pt_ok(fd, "new", "{'type':'dict'}"), "{'oid':1,'type':'dict'}");
    pt_eq(pt_ok(fd, "dict.len", "{'oid':1}"), "0");
    /* A late hello is still fine. */
    pt_eq(pt_ok(fd, "hello", "{'protocol':1}"),
          "{'session':1,'server':'mpmgrd','version':'%s'}", PACKAGE_VERSION);
}
END_TEST

/* hello may be repeated; the session stays the same. */
START_TEST(test_handshake_hello_repeated)
{
    int fd = pt_client();
    long long session = pt_session(fd);

    pt_eq(pt_ok(fd, "hello", "{'protocol':1,'client':'again'}"),
          "{'session':%lld,'server':'mpmgrd','version':'%s'}", session,
          PACKAGE_VERSION);
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
}
END_TEST

START_TEST(test_handshake_hello_bad_params)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *e;

    pt_greeting(fd);
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", NULL);
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':null}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':2}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':0}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':'1'}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':[1]}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'client':5}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'pid':'12'}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'nonce':5}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'nonce':'abc'}");
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'nonce':'%.63s'}",
           CLIENT_NONCE);
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'nonce':'%s0'}",
           CLIENT_NONCE);
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'nonce':'zz%.62s'}",
           CLIENT_NONCE);
    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':1,'nonce':'%.62s  '}",
           CLIENT_NONCE);
    pt_err(fd, PT_INVALID_PARAMS, "hello", "[1]");
    e = pt_err(fd, PT_INVALID_PARAMS, "hello",
               "{'protocol':1,'clientname':'x'}");
    ck_assert_msg(strstr(json_string_value(json_object_get(e, "message")),
                         "clientname") != NULL,
                  "the message does not name the unknown parameter: %s",
                  pt_dump(e));
    /* Still open, and a good hello works. */
    pt_eq(pt_ok(fd, "hello", "{'protocol':1}"),
          "{'session':1,'server':'mpmgrd','version':'%s'}", PACKAGE_VERSION);
}
END_TEST

/* ------------------------------------------------------------------ */
/* With an authkey                                                     */
/* ------------------------------------------------------------------ */

START_TEST(test_handshake_auth_greeting)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);

    pt_eq(json_object_get(g, "auth"), "'hmac-sha256'");
}
END_TEST

START_TEST(test_handshake_auth_ok)
{
    int fd = pt_client();

    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    pt_eq(pt_ok(fd, "new", "{'type':'list','init':[1]}"),
          "{'oid':1,'type':'list'}");
}
END_TEST

/* Unauthenticated connections count as sessions and are listed. */
START_TEST(test_handshake_auth_unauthenticated_listed)
{
    int raw = pt_connect_raw(&pt_srv), fd;
    json_t *list;
    size_t i, found = 0;

    pt_greeting(raw);
    fd = pt_client();
    pt_eq(json_object_get(pt_ok(fd, "server.info", NULL), "sessions"), "2");
    list = pt_ok(fd, "server.sessions", NULL);
    ck_assert_uint_eq(json_array_size(list), 2);
    for (i = 0; i < 2; i++) {
        json_t *one = json_array_get(list, i);

        if (json_integer_value(json_object_get(one, "session")) !=
            pt_session(fd)) {
            pt_eq(json_object_get(one, "client"), "null");
            pt_eq(json_object_get(one, "pid"), "null");
            found++;
        }
    }
    ck_assert_uint_eq(found, 1);
    /* And it still has to authenticate. */
    pt_send(raw, "{'jsonrpc':'2.0','id':1,'method':'server.info'}");
    pt_is_error(pt_recv(raw), PT_AUTH_FAILED, "1");
    pt_expect_eof(raw);
}
END_TEST

/* The server proves it knows the key: hmac over the client's nonce. */
START_TEST(test_handshake_auth_mutual)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd), *r;
    unsigned char cn[32];
    char want[65];

    client_nonce_bytes(cn);
    pt_hmac_hex(PT_AUTHKEY, cn, sizeof(cn), want);
    r = pt_ok(fd, "hello",
              "{'protocol':1,'client':'m','pid':1,'hmac':'%s',"
              "'nonce':'%s'}",
              hmac_for(g, PT_AUTHKEY), CLIENT_NONCE);
    pt_eq(r, "{'session':1,'server':'mpmgrd','version':'%s','hmac':'%s'}",
          PACKAGE_VERSION, want);
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
}
END_TEST

/*
 * Send a hello with a wrong hmac, its envelope starting with ID_MEMBER
 * ("\"id\":7," or "" for a notification; pt_text turns ' into " only in
 * its format): AuthFailed with WANT_ID, then the close, and the server goes
 * on serving others.
 */
static void
assert_wrong_hmac_refused(const char *id_member, const char *want_id)
{
    int fd = pt_connect_raw(&pt_srv), other;
    json_t *g = pt_greeting(fd);
    char *bad = pt_text("%s", hmac_for(g, PT_AUTHKEY));

    bad[0] = bad[0] == '0' ? '1' : '0';
    pt_send(fd,
            "{%s'jsonrpc':'2.0','method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}}",
            id_member, bad);
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, want_id);
    pt_expect_eof(fd);
    other = pt_client();
    pt_eq(pt_ok(other, "server.ping", NULL), "'pong'");
}

START_TEST(test_handshake_auth_wrong_hmac)
{
    assert_wrong_hmac_refused("\"id\":7,", "7");
}
END_TEST

/* A hello sent as a notification that fails still hears why: AuthFailed
 * with id null, then the close; so does one without any hmac. */
START_TEST(test_handshake_auth_wrong_hmac_notification)
{
    int fd;

    assert_wrong_hmac_refused("", "null");
    fd = pt_connect_raw(&pt_srv);
    pt_greeting(fd);
    pt_send(fd, "{'jsonrpc':'2.0','method':'hello','params':{'protocol':1}}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "null");
    pt_expect_eof(fd);
}
END_TEST

/* An hmac with the wrong key. */
START_TEST(test_handshake_auth_wrong_key)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);

    pt_send(fd,
            "{'jsonrpc':'2.0','id':'h','method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}}",
            hmac_for(g, "not the key"));
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "'h'");
    pt_expect_eof(fd);
}
END_TEST

/* The hmac is over the 32 raw nonce bytes, not over the hex text. */
START_TEST(test_handshake_auth_hmac_of_hex_text)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);
    const char *hex = json_string_value(json_object_get(g, "nonce"));
    char mac[65];

    pt_hmac_hex(PT_AUTHKEY, (const unsigned char *)hex, strlen(hex), mac);
    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}}",
            mac);
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "1");
    pt_expect_eof(fd);
}
END_TEST

/* An hmac for another connection's nonce does not open this one. */
START_TEST(test_handshake_auth_other_nonce)
{
    int a = pt_connect_raw(&pt_srv), b = pt_connect_raw(&pt_srv);
    json_t *ga = pt_greeting(a);

    pt_greeting(b);
    pt_send(b,
            "{'jsonrpc':'2.0','id':1,'method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}}",
            hmac_for(ga, PT_AUTHKEY));
    pt_is_error(pt_recv(b), PT_AUTH_FAILED, "1");
    pt_expect_eof(b);
    /* a's own hmac still works. */
    pt_ok(a, "hello", "{'protocol':1,'hmac':'%s'}", hmac_for(ga, PT_AUTHKEY));
    pt_eq(pt_ok(a, "server.ping", NULL), "'pong'");
}
END_TEST

START_TEST(test_handshake_auth_missing_hmac)
{
    int fd = pt_connect_raw(&pt_srv);

    pt_greeting(fd);
    pt_send(fd, "{'jsonrpc':'2.0','id':1,'method':'hello',"
                "'params':{'protocol':1,'client':'c'}}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "1");
    pt_expect_eof(fd);
}
END_TEST

START_TEST(test_handshake_auth_null_hmac)
{
    int fd = pt_connect_raw(&pt_srv);

    pt_greeting(fd);
    pt_send(fd, "{'jsonrpc':'2.0','id':1,'method':'hello',"
                "'params':{'protocol':1,'hmac':null}}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "1");
    pt_expect_eof(fd);
}
END_TEST

/* Anything before hello: one AuthFailed (the id, or null), then close. */
START_TEST(test_handshake_auth_request_first)
{
    int fd = pt_connect_raw(&pt_srv);

    pt_greeting(fd);
    pt_send(fd, "{'jsonrpc':'2.0','id':5,'method':'server.ping'}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "5");
    pt_expect_eof(fd);
}
END_TEST

START_TEST(test_handshake_auth_string_id_first)
{
    int fd = pt_connect_raw(&pt_srv);

    pt_greeting(fd);
    pt_send(fd, "{'jsonrpc':'2.0','id':'x','method':'new',"
                "'params':{'type':'dict','name':'sneaky'}}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "'x'");
    pt_expect_eof(fd);
    fd = pt_client();
    pt_err(fd, PT_NO_SUCH_OBJECT, "open", "{'name':'sneaky'}");
    pt_eq(pt_ok(fd, "server.objects", NULL), "[]");
}
END_TEST

START_TEST(test_handshake_auth_notification_first)
{
    int fd = pt_connect_raw(&pt_srv), other;

    pt_greeting(fd);
    pt_send(fd, "{'jsonrpc':'2.0','method':'new','params':{'type':'dict'}}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "null");
    pt_expect_eof(fd);
    other = pt_client();
    pt_eq(pt_ok(other, "server.objects", NULL), "[]");
}
END_TEST

/* A batch before hello gets one error object, not an array. */
START_TEST(test_handshake_auth_batch_first)
{
    int fd = pt_connect_raw(&pt_srv), other;

    pt_greeting(fd);
    pt_send(fd, "[{'jsonrpc':'2.0','id':1,'method':'server.ping'},"
                "{'jsonrpc':'2.0','id':2,'method':'new',"
                "'params':{'type':'list'}}]");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "null");
    pt_expect_eof(fd);
    other = pt_client();
    pt_eq(pt_ok(other, "server.objects", NULL), "[]");
}
END_TEST

/* Even a hello inside a batch does not authenticate. */
START_TEST(test_handshake_auth_hello_in_batch)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);

    pt_send(fd,
            "[{'jsonrpc':'2.0','id':1,'method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}},"
            "{'jsonrpc':'2.0','id':2,'method':'server.ping'}]",
            hmac_for(g, PT_AUTHKEY));
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "null");
    pt_expect_eof(fd);
}
END_TEST

/* protocol 2 with a right hmac: InvalidParams, still unauthenticated. */
START_TEST(test_handshake_auth_wrong_protocol)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);

    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':2,'hmac':'%s'}",
           hmac_for(g, PT_AUTHKEY));
    pt_send(fd, "{'jsonrpc':'2.0','id':99,'method':'server.ping'}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "99");
    pt_expect_eof(fd);
}
END_TEST

START_TEST(test_handshake_auth_wrong_protocol_then_hello)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);

    pt_err(fd, PT_INVALID_PARAMS, "hello", "{'protocol':2,'hmac':'%s'}",
           hmac_for(g, PT_AUTHKEY));
    pt_ok(fd, "hello", "{'protocol':1,'hmac':'%s'}", hmac_for(g, PT_AUTHKEY));
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
}
END_TEST

/* A malformed client nonce is InvalidParams, even with a good hmac. */
START_TEST(test_handshake_auth_bad_client_nonce)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);

    pt_err(fd, PT_INVALID_PARAMS, "hello",
           "{'protocol':1,'hmac':'%s','nonce':'xyz'}", hmac_for(g, PT_AUTHKEY));
}
END_TEST

/* Every hello is checked like the first. */
START_TEST(test_handshake_auth_repeated_hello)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);
    const char *mac = hmac_for(g, PT_AUTHKEY);
    char *bad = pt_text("%s", mac);

    pt_ok(fd, "hello", "{'protocol':1,'hmac':'%s'}", mac);
    pt_ok(fd, "hello", "{'protocol':1,'hmac':'%s'}", mac);
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    bad[63] = bad[63] == 'a' ? 'b' : 'a';
    pt_send(fd,
            "{'jsonrpc':'2.0','id':'again','method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}}",
            bad);
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "'again'");
    pt_expect_eof(fd);
}
END_TEST

START_TEST(test_handshake_auth_repeated_hello_missing_hmac)
{
    int fd = pt_client();

    pt_send(fd, "{'jsonrpc':'2.0','id':3,'method':'hello',"
                "'params':{'protocol':1}}");
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "3");
    pt_expect_eof(fd);
}
END_TEST

/* Before hello a line up to 16 KiB is fine... */
START_TEST(test_handshake_auth_long_hello)
{
    int fd = pt_connect_raw(&pt_srv);
    json_t *g = pt_greeting(fd);
    char *pad = pt_text("%15000s", "");

    memset(pad, 'p', 15000);
    pt_ok(fd, "hello", "{'protocol':1,'client':'%s','hmac':'%s'}", pad,
          hmac_for(g, PT_AUTHKEY));
    /* ...and after it, long lines are fine too. */
    pad = pt_text("%200000s", "");
    memset(pad, 'q', 200000);
    pt_ok(fd, "new", "{'type':'list','init':['%s']}", pad);
    pt_eq(pt_ok(fd, "list.len", "{'oid':1}"), "1");
}
END_TEST

/* ...a longer one gets LimitExceeded and the connection is closed. */
START_TEST(test_handshake_auth_line_over_16k)
{
    int fd = pt_connect_raw(&pt_srv), other;
    json_t *g = pt_greeting(fd);
    char *pad = pt_text("%17000s", "");

    memset(pad, 'p', 17000);
    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'hello',"
            "'params':{'protocol':1,'client':'%s','hmac':'%s'}}",
            pad, hmac_for(g, PT_AUTHKEY));
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_expect_eof(fd);
    other = pt_client();
    pt_eq(pt_ok(other, "server.ping", NULL), "'pong'");
}
END_TEST

/*
 * An unauthenticated client sending a long line with no end: the server
 * must answer without waiting for the LF, and close.
 */
START_TEST(test_handshake_auth_endless_line)
{
    int fd = pt_connect_raw(&pt_srv), other;
    size_t sent;

    pt_greeting(fd);
    sent = pt_flood(fd, (size_t)64 << 20);
    ck_assert_msg(sent < (size_t)64 << 20,
                  "the server took 64 MiB of a pre-auth line without a word");
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_expect_eof(fd);
    other = pt_client();
    pt_eq(pt_ok(other, "server.ping", NULL), "'pong'");
}
END_TEST

/*
 * Hello lines with a few bytes changed, each on a new connection before
 * authentication: whatever they are, one reply comes; then either the
 * server has closed the connection or a right hello still gets in.
 */
START_TEST(test_handshake_auth_mutated_hello)
{
    static const char bytes[] = "{}[]\":,0123456789abcdef.-\\ \x00\x80\xff";
    unsigned seed = 31337;
    int iter, closed = 0, open_after = 0, fd;

#define RND(n) (seed = seed * 1103515245u + 12345u, (int)((seed >> 8) % (n)))
    for (iter = 0; iter < 300; iter++) {
        json_t *g;
        char *line, *good;
        size_t len, i;
        int m, ws = 1;

        fd = pt_connect_raw(&pt_srv);
        g = pt_greeting(fd);
        good = pt_text("{'jsonrpc':'2.0','id':'good','method':'hello',"
                       "'params':{'protocol':1,'hmac':'%s'}}",
                       hmac_for(g, PT_AUTHKEY));
        line = pt_text("{'jsonrpc':'2.0','id':%d,'method':'hello','params':"
                       "{'protocol':1,'client':'c','pid':1,'hmac':'%s',"
                       "'nonce':'%s'}}",
                       iter, hmac_for(g, PT_AUTHKEY), CLIENT_NONCE);
        len = strlen(line);
        for (m = 1 + RND(3); m > 0; m--) {
            size_t at = (size_t)RND((int)len);

            if (RND(2))
                line[at] = bytes[RND((int)sizeof(bytes) - 1)];
            else
                memmove(line + at, line + at + 1, len-- - at);
        }
        for (i = 0; i < len; i++) {
            if (line[i] == '\n')
                line[i] = ' ';
            if (line[i] != ' ' && line[i] != '\r')
                ws = 0;
        }
        if (ws) {
            pt_close(fd);
            continue;
        }
        pt_send_raw(fd, line, len);
        pt_send_raw(fd, "\n", 1);
        pt_recv(fd);
        if (mptest_send(fd, good) < 0) {
            closed++;
        } else {
            char *r = mptest_recv_line(fd, PT_WAIT_MS);

            if (r == NULL) {
                closed++;
            } else {
                free(r);
                open_after++;
            }
        }
        pt_close(fd);
    }
#undef RND
    ck_assert_int_gt(closed, 50);
    ck_assert_int_gt(open_after, 10);
    fd = pt_client();
    pt_eq(pt_ok(fd, "server.objects", NULL), "[]");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Servers with their own options                                      */
/* ------------------------------------------------------------------ */

/* Not authenticated within --auth-timeout: AuthFailed, id null, close. */
START_TEST(test_handshake_auth_timeout)
{
    static struct mptest_server s;
    const char *extra[] = {"--auth-timeout", "1", NULL};
    int idle, ok;

    pt_start(&s, PT_AUTHKEY, extra);
    idle = pt_connect_raw(&s);
    pt_greeting(idle);
    ok = pt_connect(&s);
    pt_is_error(pt_recv(idle), PT_AUTH_FAILED, "null");
    pt_expect_eof(idle);
    /* The client that said hello in time is still served. */
    pt_eq(pt_ok(ok, "server.ping", NULL), "'pong'");
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

/* With auth off there is nothing to wait for: no timeout applies. */
START_TEST(test_handshake_auth_timeout_without_auth)
{
    static struct mptest_server s;
    const char *extra[] = {"--auth-timeout", "1", NULL};
    int idle;

    pt_start(&s, NULL, extra);
    idle = pt_connect_raw(&s);
    pt_greeting(idle);
    sleep(3);
    pt_eq(pt_ok(idle, "server.ping", NULL), "'pong'");
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

static void
write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* The authkey file loses exactly one trailing newline. */
START_TEST(test_handshake_authkey_file)
{
    static struct mptest_server s;
    char *dir = pt_mkdtemp("key"), path[300];
    const char *extra[] = {"--authkey-file", path, NULL};
    int fd;
    json_t *g;

    snprintf(path, sizeof(path), "%s/key", dir);
    write_file(path, "file key\n\n", 10);
    pt_start(&s, NULL, extra);
    /* The key is "file key\n". */
    fd = pt_connect_raw(&s);
    g = pt_greeting(fd);
    pt_eq(json_object_get(g, "auth"), "'hmac-sha256'");
    pt_ok(fd, "hello", "{'protocol':1,'hmac':'%s'}", hmac_for(g, "file key\n"));
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    fd = pt_connect_raw(&s);
    g = pt_greeting(fd);
    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}}",
            hmac_for(g, "file key"));
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "1");
    pt_expect_eof(fd);
    ck_assert_int_eq(pt_stop(&s), 0);

    write_file(path, "other key\n", 10);
    pt_start(&s, NULL, extra);
    snprintf(s.authkey, sizeof(s.authkey), "other key");
    fd = pt_connect(&s);
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    ck_assert_int_eq(pt_stop(&s), 0);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* TCP without an authkey needs --insecure. */
START_TEST(test_handshake_tcp_needs_authkey)
{
    static struct mptest_server s;
    char port[16], addr[64];
    const char *extra[] = {"--listen", addr, NULL};

    pt_free_port(port);
    snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%s", port);
    ck_assert_msg(mptest_server_start(&s, NULL, extra) < 0,
                  "mpmgrd listened on TCP without an authkey or --insecure");
    mptest_server_stop(&s);
}
END_TEST

START_TEST(test_handshake_tcp_insecure)
{
    static struct mptest_server s;
    char port[16], addr[64];
    const char *extra[] = {"--listen", addr, "--insecure", NULL};
    int fd;

    pt_free_port(port);
    snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%s", port);
    pt_start(&s, NULL, extra);
    fd = mptest_connect_tcp("127.0.0.1", port);
    ck_assert_msg(fd >= 0, "cannot connect to %s", addr);
    pt_handshake(fd, NULL);
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    pt_close(fd);
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

START_TEST(test_handshake_tcp_auth)
{
    static struct mptest_server s;
    char port[16], addr[64];
    const char *extra[] = {"--listen", addr, NULL};
    int fd;
    json_t *g;

    pt_free_port(port);
    snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%s", port);
    pt_start(&s, PT_AUTHKEY, extra);
    fd = mptest_connect_tcp("127.0.0.1", port);
    ck_assert_msg(fd >= 0, "cannot connect to %s", addr);
    pt_handshake(fd, PT_AUTHKEY);
    pt_eq(pt_ok(fd, "new", "{'type':'dict','name':'over-tcp'}"),
          "{'oid':1,'type':'dict'}");
    pt_close(fd);
    fd = mptest_connect_tcp("127.0.0.1", port);
    ck_assert_int_ge(fd, 0);
    g = pt_greeting(fd);
    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'hello',"
            "'params':{'protocol':1,'hmac':'%s'}}",
            hmac_for(g, "wrong"));
    pt_is_error(pt_recv(fd), PT_AUTH_FAILED, "1");
    pt_expect_eof(fd);
    pt_close(fd);
    /* The Unix socket needs the key as well. */
    fd = pt_connect(&s);
    pt_eq(pt_ok(fd, "open", "{'name':'over-tcp'}"),
          "{'oid':1,'type':'dict','created':false}");
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

Suite *
suite_handshake(void)
{
    Suite *s = suite_create("handshake");
    TCase *tc;

    tc = tcase_create("core");
    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_handshake_greeting);
    tcase_add_test(tc, test_handshake_greeting_fresh_nonce);
    tcase_add_test(tc, test_handshake_hello_result);
    tcase_add_test(tc, test_handshake_hello_nonce_without_auth);
    tcase_add_test(tc, test_handshake_hello_optional);
    tcase_add_test(tc, test_handshake_hello_repeated);
    tcase_add_test(tc, test_handshake_hello_bad_params);
    suite_add_tcase(s, tc);

    tc = tcase_create("auth");
    tcase_add_checked_fixture(tc, pt_setup_auth, pt_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_handshake_auth_greeting);
    tcase_add_test(tc, test_handshake_auth_ok);
    tcase_add_test(tc, test_handshake_auth_mutual);
    tcase_add_test(tc, test_handshake_auth_unauthenticated_listed);
    tcase_add_test(tc, test_handshake_auth_wrong_hmac);
    tcase_add_test(tc, test_handshake_auth_wrong_hmac_notification);
    tcase_add_test(tc, test_handshake_auth_wrong_key);
    tcase_add_test(tc, test_handshake_auth_hmac_of_hex_text);
    tcase_add_test(tc, test_handshake_auth_other_nonce);
    tcase_add_test(tc, test_handshake_auth_missing_hmac);
    tcase_add_test(tc, test_handshake_auth_null_hmac);
    tcase_add_test(tc, test_handshake_auth_request_first);
    tcase_add_test(tc, test_handshake_auth_string_id_first);
    tcase_add_test(tc, test_handshake_auth_notification_first);
    tcase_add_test(tc, test_handshake_auth_batch_first);
    tcase_add_test(tc, test_handshake_auth_hello_in_batch);
    tcase_add_test(tc, test_handshake_auth_wrong_protocol);
    tcase_add_test(tc, test_handshake_auth_wrong_protocol_then_hello);
    tcase_add_test(tc, test_handshake_auth_bad_client_nonce);
    tcase_add_test(tc, test_handshake_auth_repeated_hello);
    tcase_add_test(tc, test_handshake_auth_repeated_hello_missing_hmac);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, pt_setup_auth, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_handshake_auth_long_hello);
    tcase_add_test(tc, test_handshake_auth_line_over_16k);
    tcase_add_test(tc, test_handshake_auth_endless_line);
    tcase_add_test(tc, test_handshake_auth_mutated_hello);
    suite_add_tcase(s, tc);

    /* These start servers of their own. */
    tc = tcase_create("options");
    tcase_add_checked_fixture(tc, NULL, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_handshake_auth_timeout);
    tcase_add_test(tc, test_handshake_auth_timeout_without_auth);
    tcase_add_test(tc, test_handshake_authkey_file);
    tcase_add_test(tc, test_handshake_tcp_needs_authkey);
    tcase_add_test(tc, test_handshake_tcp_insecure);
    tcase_add_test(tc, test_handshake_tcp_auth);
    suite_add_tcase(s, tc);

    pt_add_cases(s, "handshake");
    return s;
}
