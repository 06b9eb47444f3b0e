/*
 * check_badinput.c: bad input and limits (doc/protocol.md sections 1,
 * 3 and 11, "Limits and back-pressure").  Each test feeds the
 * server something hostile, checks the error the spec names (or a clean
 * close), and then checks that another client is served and that the
 * values stored before are intact.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

/* ------------------------------------------------------------------ */
/* Stored values that must survive everything                          */
/* ------------------------------------------------------------------ */

static void
canary_make(const struct mptest_server *s)
{
    int fd = pt_connect(s);

    pt_eq(pt_ok(fd, "new",
                "{'type':'dict','name':'canary','init':"
                "{'k':[1,'two',{'three':3.0}],'n':-7}}"),
          "{'oid':1,'type':'dict'}");
    pt_eq(pt_ok(fd, "new",
                "{'type':'list','name':'canary-list',"
                "'init':['a',null,2.5]}"),
          "{'oid':2,'type':'list'}");
    pt_close(fd);
}

/* A new client is served, and the canary objects hold what they held. */
#define canary_check(s) (pt_loc(__FILE__, __LINE__), canary_check_(s))
static void
canary_check_(const struct mptest_server *s)
{
    int fd = pt_connect_(s);

    pt_eq_(pt_ok_(fd, "open", "{'name':'canary'}"),
           "{'oid':1,'type':'dict','created':false}");
    pt_eq_(pt_ok_(fd, "dict.items", "{'oid':1}"),
           "[['k',[1,'two',{'three':3.0}]],['n',-7]]");
    pt_eq_(pt_ok_(fd, "list.slice", "{'oid':2}"), "['a',null,2.5]");
    pt_close(fd);
}

static void
setup(void)
{
    pt_setup();
    canary_make(&pt_srv);
}

/* The start of a request whose padding string never ends. */
#define PAD_START                                                              \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\","                \
    "\"params\":{\"pad\":\""

/* Send LEN raw bytes and a LF; the reply must be ParseError, id null. */
static void
expect_parse_error(int fd, const char *bytes, size_t len)
{
    pt_send_raw_(fd, bytes, len);
    pt_send_raw_(fd, "\n", 1);
    pt_is_error_(pt_recv_(fd), PT_PARSE, "null");
}

#define PARSE_ERROR(fd, lit)                                                   \
    (pt_loc(__FILE__, __LINE__), expect_parse_error(fd, lit, sizeof(lit) - 1))

static long long
memory_bytes(int fd)
{
    json_t *m = json_object_get(pt_ok(fd, "server.info", NULL), "memory_bytes");

    ck_assert(json_is_integer(m));
    return json_integer_value(m);
}

/* ------------------------------------------------------------------ */
/* Malformed lines                                                     */
/* ------------------------------------------------------------------ */

#define SET_N(v)                                                               \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.setitem\","               \
    "\"params\":{\"oid\":1,\"key\":\"n\",\"value\":" v "}}"

START_TEST(test_badinput_invalid_utf8)
{
    int fd = pt_client();

    PARSE_ERROR(fd, SET_N("\"\xff\""));
    PARSE_ERROR(fd, SET_N("\"\xfe\xfe\""));
    PARSE_ERROR(fd, SET_N("\"\xc0\xaf\""));     /* overlong / */
    PARSE_ERROR(fd, SET_N("\"\xe0\x80\xaf\"")); /* overlong / */
    PARSE_ERROR(fd, SET_N("\"\xed\xa0\x80\"")); /* a surrogate */
    PARSE_ERROR(fd, SET_N("\"\xe2\x82\""));     /* cut short */
    PARSE_ERROR(fd, SET_N("\"\xe2\x82\"}}"));
    PARSE_ERROR(fd, SET_N("\"a\x80z\""));               /* stray byte */
    PARSE_ERROR(fd, SET_N("\"\xf8\x88\x80\x80\x80\"")); /* 5 bytes */
    PARSE_ERROR(fd, SET_N("\"\xf4\x90\x80\x80\""));     /* > U+10FFFF */
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\","
                    "\"\xff\":1}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":\"\xc3\",\"method\":"
                    "\"server.ping\"}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,"
                    "\"method\":\"server.p\xe9ng\"}");
    PARSE_ERROR(fd, "\xef\xbb\xbf{\"jsonrpc\":\"2.0\",\"id\":1,"
                    "\"method\":\"server.ping\"}");
    /* Valid UTF-8 of every length still works on the same connection. */
    pt_eq(pt_ok(fd, "dict.setitem",
                "{'oid':1,'key':'u','value':"
                "'\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'}"),
          "null");
    pt_eq(pt_ok(fd, "dict.pop", "{'oid':1,'key':'u'}"),
          "'\\u007f\\u00e9\\u20ac\\ud83d\\ude00'");
    canary_check(&pt_srv);
}
END_TEST

/*
 * A backslash followed by a byte that is not ASCII: an invalid escape, so a
 * ParseError, whose message must still be valid UTF-8 (a server that quotes
 * the one byte after the backslash cannot encode its own reply).
 */
START_TEST(test_badinput_escape_non_ascii)
{
    int fd = pt_client();

    PARSE_ERROR(fd, SET_N("\"\\\xff\""));
    PARSE_ERROR(fd, SET_N("\"\\\xc3\xa9\""));
    PARSE_ERROR(fd, SET_N("\"ok \\\xe2\x82\xac\""));
    PARSE_ERROR(fd, "\"\\\xf0\x9f\x98\x80\"");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\","
                    "\"params\":{\"p\\\x80h\":1}}");
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    canary_check(&pt_srv);
}
END_TEST

START_TEST(test_badinput_nul_bytes)
{
    int fd = pt_client();

    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,"
                    "\"method\":\"server.ping\"}\0");
    PARSE_ERROR(fd, "\0{\"jsonrpc\":\"2.0\",\"id\":1,"
                    "\"method\":\"server.ping\"}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,"
                    "\"method\":\"server.p\0ing\"}");
    PARSE_ERROR(fd, "\0");
    PARSE_ERROR(fd, "\0\0\0\0");
    PARSE_ERROR(fd, SET_N("\"a\0b\""));
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\0\"id\":1,"
                    "\"method\":\"server.ping\"}");
    PARSE_ERROR(fd, "[{\"jsonrpc\":\"2.0\",\"id\":1,"
                    "\"method\":\"server.ping\"}\0]");
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    canary_check(&pt_srv);
}
END_TEST

START_TEST(test_badinput_duplicate_members)
{
    int fd = pt_client();

    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,"
                    "\"method\":\"server.ping\"}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\",\"id\":1,"
                    "\"method\":\"server.ping\"}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\","
                    "\"method\":\"server.shutdown\"}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.setitem\","
                    "\"params\":{\"oid\":1,\"key\":\"k\",\"key\":\"n\","
                    "\"value\":0}}");
    PARSE_ERROR(fd, SET_N("{\"a\":1,\"a\":2}"));
    PARSE_ERROR(fd, SET_N("{\"a\":1,\"\\u0061\":2}"));
    PARSE_ERROR(fd, SET_N("[{\"x\":{\"b\":1,\"b\":1}}]"));
    PARSE_ERROR(fd, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":1,"
                    "\"method\":\"server.ping\"}]");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"method\":\"dict.clear\","
                    "\"params\":{\"oid\":1,\"oid\":2}}");
    canary_check(&pt_srv);
}
END_TEST

START_TEST(test_badinput_numbers_out_of_range)
{
    int fd = pt_client();

    PARSE_ERROR(fd, SET_N("9223372036854775808"));
    PARSE_ERROR(fd, SET_N("-9223372036854775809"));
    PARSE_ERROR(fd, SET_N("123456789012345678901234567890"));
    PARSE_ERROR(fd, SET_N("1e309"));
    PARSE_ERROR(fd, SET_N("-1e309"));
    PARSE_ERROR(fd, SET_N("[1,2,1e99999]"));
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.incr\","
                    "\"params\":{\"oid\":1,\"key\":\"n\","
                    "\"by\":99999999999999999999}}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.clear\","
                    "\"params\":{\"oid\":18446744073709551617}}");
    PARSE_ERROR(fd, "{\"jsonrpc\":\"2.0\",\"id\":1e999,"
                    "\"method\":\"dict.clear\",\"params\":{\"oid\":1}}");
    canary_check(&pt_srv);
}
END_TEST

/* Wrong params on the canary objects change nothing. */
START_TEST(test_badinput_bad_params)
{
    int fd = pt_client();

    pt_err(fd, PT_INVALID_PARAMS, "dict.setitem", "[1,'n',0]");
    pt_err(fd, PT_INVALID_PARAMS, "dict.clear", "[1]");
    pt_err(fd, PT_INVALID_PARAMS, "dict.setitem",
           "{'oid':1,'key':'n','value':0,'path':5}");
    pt_err(fd, PT_INVALID_PARAMS, "dict.setitem",
           "{'oid':1,'key':'n','value':0,'pathh':''}");
    pt_err(fd, PT_INVALID_PARAMS, "dict.update", "{'oid':1,'items':[['n']]}");
    /* All or nothing: a later key that cannot be one leaves 'n' as it was. */
    pt_err(fd, PT_TYPE, "dict.update",
           "{'oid':1,'items':[['n',5],[[1,{'a':1}],2]]}");
    pt_err(fd, PT_INVALID_PARAMS, "dict.incr", "{'oid':1,'key':'n','by':'1'}");
    pt_err(fd, PT_INVALID_PARAMS, "list.extend", "{'oid':2,'values':'abc'}");
    pt_err(fd, PT_INVALID_PARAMS, "list.insert",
           "{'oid':2,'index':'0','value':1}");
    pt_err(fd, PT_INVALID_PARAMS, "list.sort", "{'oid':2,'reverse':'yes'}");
    pt_err(fd, PT_INVALID_PARAMS, "list.clear", "{'oid':2,'all':true}");
    pt_err(fd, PT_METHOD_NOT_FOUND, "dict.drop", "{'oid':1}");
    pt_err(fd, PT_METHOD_NOT_FOUND, "list.shuffle", "{'oid':2}");
    pt_err(fd, PT_TYPE, "list.clear", "{'oid':1}");
    pt_err(fd, PT_TYPE, "dict.clear", "{'oid':2}");
    pt_err(fd, PT_INVALID_PARAMS, "unlink", "{'name':['canary']}");
    pt_err(fd, PT_EXISTS, "new", "{'type':'dict','name':'canary'}");
    pt_err(fd, PT_TYPE, "open", "{'name':'canary','type':'list'}");
    canary_check(&pt_srv);
}
END_TEST

/* Random binary lines: each one a ParseError, the connection stays. */
START_TEST(test_badinput_binary_garbage)
{
    int fd = pt_client(), i, j;
    unsigned seed = 4242;
    char line[512];

    for (i = 0; i < 200; i++) {
        int n = 1 + (int)(seed % 500);

        for (j = 0; j < n; j++) {
            seed = seed * 1103515245u + 12345u;
            line[j] = (char)(seed >> 24 & 1 ? 0x80 | (seed >> 16 & 0x7f)
                                            : (seed >> 16) % 9);
        }
        pt_loc(__FILE__, __LINE__);
        expect_parse_error(fd, line, (size_t)n);
    }
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    canary_check(&pt_srv);
}
END_TEST

/*
 * Valid requests with a few bytes changed, deleted or inserted.  Whatever
 * jansson (the JSON parser of the tests) rejects must get ParseError with
 * id null; whatever it accepts must not; at most one reply per line, every
 * reply a JSON-RPC response; and the server lives on.
 */
static const char *const corpus[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.setitem\",\"params\":"
    "{\"oid\":1,\"key\":\"m\",\"value\":[1,2.5,\"s\",true,null,{\"x\":-3}]}}",
    "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"dict.get\",\"params\":"
    "{\"oid\":1,\"key\":[1,\"t\"],\"default\":false,\"path\":\"/x/0\"}}",
    "[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"list.append\",\"params\":"
    "{\"oid\":2,\"value\":{\"a\":[],\"b\":{}}}},{\"jsonrpc\":\"2.0\","
    "\"method\":\"list.len\",\"params\":{\"oid\":2}}]",
    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"list.slice\",\"params\":"
    "{\"oid\":2,\"start\":-2,\"stop\":100,\"step\":1}}",
    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"dict.incr\",\"params\":"
    "{\"oid\":1,\"key\":\"c\",\"by\":1.5e3}}",
    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"dict.update\",\"params\":"
    "{\"oid\":1,\"items\":[[\"p\",0.25],[7,\"q\"]]}}",
    "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"server.objects\",\"params\":"
    "{\"type\":\"dict\",\"limit\":3}}",
};

START_TEST(test_badinput_mutated_lines)
{
    static const char interesting[] = "{}[]\":,0123456789eE.-+tfnul\\/ \t\r"
                                      "\x00\x01\x7f\x80\xbf\xc3\xe2\xf0\xff";
    unsigned seed = 99;
    int fd = pt_client(), iter, parse_errors = 0, accepted = 0;
    char line[1024];

#define RND(n) (seed = seed * 1103515245u + 12345u, (int)((seed >> 8) % (n)))
    for (iter = 0; iter < 4000; iter++) {
        const char *base = corpus[RND((int)(sizeof(corpus) / sizeof(*corpus)))];
        size_t len = strlen(base), i;
        int m, nmut = 1 + RND(3), replies = 0, ws = 1;
        json_t *oracle, *r, *err = NULL;
        char *sync;

        memcpy(line, base, len);
        for (m = 0; m < nmut; m++) {
            size_t at = (size_t)RND((int)len);
            char c = interesting[RND((int)sizeof(interesting) - 1)];

            switch (RND(3)) {
            case 0:
                line[at] = c;
                break;
            case 1:
                memmove(line + at, line + at + 1, len - at - 1);
                len--;
                break;
            default:
                memmove(line + at + 1, line + at, len - at);
                line[at] = c;
                len++;
                break;
            }
        }
        for (i = 0; i < len; i++) {
            if (line[i] == '\n')
                line[i] = ' ';
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                ws = 0;
        }
        sync = pt_text("{'jsonrpc':'2.0','id':'sync%d','method':'server.ping'}",
                       iter);
        pt_loc(__FILE__, __LINE__);
        pt_send_raw_(fd, line, len);
        pt_send_raw_(fd, "\n", 1);
        pt_send_raw_(fd, sync, strlen(sync));
        pt_send_raw_(fd, "\n", 1);
        for (;;) {
            r = pt_recv_(fd);
            if (json_is_object(r) && json_is_string(json_object_get(r, "id")) &&
                strcmp(json_string_value(json_object_get(r, "id")),
                       pt_text("sync%d", iter)) == 0)
                break;
            ck_assert_msg(++replies == 1, "two replies to one line: %s",
                          pt_dump(r));
            ck_assert_msg(json_is_array(r) ||
                              (json_is_object(r) &&
                               json_object_get(r, "jsonrpc") != NULL),
                          "not a JSON-RPC response: %s", pt_dump(r));
            if (json_is_object(r))
                err = json_object_get(json_object_get(r, "error"), "code");
        }
        if (ws || memmem(line, len, "\\u", 2) != NULL)
            continue;
        /* jansson lets a raw NUL after a number, true, false or null pass;
         * the spec does not. */
        oracle = memchr(line, '\0', len) != NULL
                     ? NULL
                     : json_loadb(line, len,
                                  JSON_DECODE_ANY | JSON_ALLOW_NUL |
                                      JSON_REJECT_DUPLICATES,
                                  NULL);
        if (oracle == NULL) {
            parse_errors++;
            ck_assert_msg(replies == 1 && json_is_integer(err) &&
                              json_integer_value(err) == PT_PARSE,
                          "not JSON, yet no ParseError (%s): %s",
                          replies ? "a reply" : "no reply",
                          pt_dump(pt_keep(json_stringn(line, len))));
        } else {
            accepted++;
            json_decref(oracle);
            ck_assert_msg(
                !(json_is_integer(err) && json_integer_value(err) == PT_PARSE),
                "valid JSON, yet ParseError: %s",
                pt_dump(pt_keep(json_stringn(line, len))));
        }
    }
#undef RND
    /* Both kinds came up often enough to mean something. */
    ck_assert_int_gt(parse_errors, 1000);
    ck_assert_int_gt(accepted, 100);
    fd = pt_client();
    pt_eq(pt_ok(fd, "new", "{'type':'list','init':[1,'x']}"),
          "{'oid':%lld,"
          "'type':'list'}",
          json_integer_value(
              json_object_get(pt_ok(fd, "new", "{'type':'dict'}"), "oid")) +
              1);
}
END_TEST

/*
 * Well-formed requests with random params: every method, names of real and
 * made-up params, values of every JSON kind, edge numbers and paths.  Each
 * must get exactly one JSON-RPC reply with its id (nothing here blocks),
 * and the server must stay up and exit cleanly at the end.
 */
static unsigned fuzz_seed = 2024;

static int
fuzz(int n)
{
    fuzz_seed = fuzz_seed * 1103515245u + 12345u;
    return (int)((fuzz_seed >> 8) % (unsigned)n);
}

static json_t *
fuzz_value(int depth)
{
    static const char *const strings[] = {
        "",      "a",     "/",        "/a/0", "/0",   "/-",
        "-",     "~",     "/a~1b",    "dict", "list", "lock",
        "rlock", "x\001", "\303\251", "n",    "k",    "/k/0/0",
    };
    static const json_int_t ints[] = {
        0,
        1,
        2,
        3,
        -1,
        -2,
        7,
        100,
        -100,
        9223372036854775807LL,
        -9223372036854775807LL - 1,
        4611686018427387904LL,
    };

    switch (fuzz(depth > 2 ? 6 : 8)) {
    case 0:
        return json_integer(ints[fuzz((int)(sizeof(ints) / sizeof(*ints)))]);
    case 1:
        return json_string(
            strings[fuzz((int)(sizeof(strings) / sizeof(*strings)))]);
    case 2:
        return json_real(fuzz(2) ? 0.5 : -1e300);
    case 3:
        return json_null();
    case 4:
        return json_boolean(fuzz(2));
    case 5:
        return json_integer(fuzz(5));
    case 6: {
        json_t *a = json_array();
        int i, n = fuzz(4);

        for (i = 0; i < n; i++)
            json_array_append_new(a, fuzz_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        int i, n = fuzz(3);

        for (i = 0; i < n; i++)
            json_object_set_new(o, fuzz(2) ? "a" : "k", fuzz_value(depth + 1));
        return o;
    }
    }
}

START_TEST(test_badinput_random_params)
{
    static const char *const methods[] = {
        "new",
        "open",
        "attach",
        "release",
        "unlink",
        "describe",
        "dict.getitem",
        "dict.get",
        "dict.setitem",
        "dict.delitem",
        "dict.contains",
        "dict.len",
        "dict.keys",
        "dict.values",
        "dict.items",
        "dict.update",
        "dict.setdefault",
        "dict.pop",
        "dict.popitem",
        "dict.clear",
        "dict.incr",
        "dict.cas",
        "dict.getmany",
        "list.getitem",
        "list.slice",
        "list.setitem",
        "list.delitem",
        "list.len",
        "list.contains",
        "list.count",
        "list.index",
        "list.append",
        "list.extend",
        "list.insert",
        "list.pop",
        "list.remove",
        "list.reverse",
        "list.clear",
        "list.sort",
        "lock.acquire",
        "lock.release",
        "lock.locked",
        "rlock.acquire",
        "rlock.release",
        "rlock.locked",
        "server.ping",
        "server.info",
        "server.objects",
        "server.sessions",
        "hello",
    };
    static const char *const names[] = {
        "key",     "value", "index",  "path",    "start", "stop",   "step",
        "default", "by",    "expect", "items",   "keys",  "values", "type",
        "name",    "init",  "create", "reverse", "limit", "prefix", "protocol",
        "client",  "pid",   "nonce",  "bogus",
    };
    int fd = pt_client(), iter;

    pt_ok(fd, "new", "{'type':'dict','init':{'k':[[1]],'n':1}}");
    pt_ok(fd, "new", "{'type':'list','init':[[1],{'k':[2]},3]}");
    pt_ok(fd, "new", "{'type':'lock'}");
    pt_ok(fd, "new", "{'type':'rlock'}");
    for (iter = 0; iter < 5000; iter++) {
        const char *method =
            methods[fuzz((int)(sizeof(methods) / sizeof(*methods)))];
        json_t *params = json_object(), *req, *r;
        char *text;
        int i, n = fuzz(5);

        /* Objects 3 to 6 and what the requests make; 1 and 2 are kept. */
        if (fuzz(4))
            json_object_set_new(params, "oid", json_integer(3 + fuzz(8)));
        for (i = 0; i < n; i++)
            json_object_set_new(
                params, names[fuzz((int)(sizeof(names) / sizeof(*names)))],
                fuzz_value(0));
        if (strstr(method, ".acquire") != NULL) {
            /* Never wait: the lock may be held by this very session. */
            json_object_del(params, "timeout");
            json_object_set_new(params, "blocking", json_false());
        }
        req = json_pack("{s:s,s:i,s:s,s:o}", "jsonrpc", "2.0", "id", iter,
                        "method", method, "params", params);
        text = json_dumps(req, JSON_COMPACT);
        json_decref(req);
        pt_loc(__FILE__, __LINE__);
        if (mptest_send(fd, text) < 0)
            pt_fail("cannot send %s", text);
        r = pt_recv_(fd);
        ck_assert_msg(json_is_object(r) && json_object_size(r) == 3 &&
                          json_integer_value(json_object_get(r, "id")) == iter,
                      "request %s got %s", text, pt_dump(r));
        free(text);
    }
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    canary_check(&pt_srv);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Nesting depth                                                       */
/* ------------------------------------------------------------------ */

/* A value of N nested arrays around 1. */
static char *
nested(int n)
{
    char *s = pt_text("%*s", 2 * n + 1, "");
    int i;

    for (i = 0; i < n; i++) {
        s[i] = '[';
        s[n + 1 + i] = ']';
    }
    s[n] = '1';
    return s;
}

START_TEST(test_badinput_depth_option)
{
    static struct mptest_server s;
    const char *extra[] = {"--max-depth", "8", NULL};
    int fd;

    pt_start(&s, NULL, extra);
    canary_make(&s);
    fd = pt_connect(&s);
    /* Envelope, params and 4 arrays: well inside 8. */
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'shallow','value':%s}",
          nested(4));
    pt_eq(pt_ok(fd, "dict.pop", "{'oid':1,'key':'shallow'}"), "%s", nested(4));
    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'dict.setitem',"
            "'params':{'oid':1,'key':'n','value':%s}}",
            nested(20));
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    /* The connection stays open. */
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    pt_send(fd,
            "[{'jsonrpc':'2.0','id':1,'method':'dict.setitem',"
            "'params':{'oid':1,'key':'n','value':%s}}]",
            nested(20));
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_send(fd,
            "{'jsonrpc':'2.0','method':'dict.setitem',"
            "'params':{'oid':1,'key':'n','value':%s}}",
            nested(20));
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_send(fd, "{'jsonrpc':'2.0','id':2,'method':'dict.setitem',"
                "'params':{'oid':1,'key':'n','value':"
                "{'a':{'a':{'a':{'a':{'a':{'a':{'a':{'a':{'a':1}}}}}}}}}}}");
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    canary_check(&s);
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

/* The default limit (256) holds against very deep input, without a crash. */
START_TEST(test_badinput_depth_default)
{
    int fd = pt_client();
    char *open;
    size_t n = 1000000;

    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'dict.setitem',"
            "'params':{'oid':1,'key':'n','value':%s}}",
            nested(300));
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'dict.setitem',"
            "'params':{'oid':1,'key':'n','value':%s}}",
            nested(100000));
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_send(fd, "%s", nested(100000));
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    /* A million unclosed brackets: too deep, or not JSON; never a crash. */
    open = pt_text("%*s", (int)n, "");
    memset(open, '[', n);
    pt_send(fd, "%s", open);
    {
        json_t *r = pt_recv(fd);
        json_t *code = json_object_get(json_object_get(r, "error"), "code");

        ck_assert_msg(json_is_integer(code) &&
                          (json_integer_value(code) == PT_LIMIT ||
                           json_integer_value(code) == PT_PARSE) &&
                          json_is_null(json_object_get(r, "id")),
                      "got %s", pt_dump(r));
    }
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
    canary_check(&pt_srv);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Message length                                                      */
/* ------------------------------------------------------------------ */

/* Send S, on a new connection, a dict.get message of exactly LEN bytes
 * ended by EOL: it must be run when PASSES, else refused for its length. */
static void
exact_line(struct mptest_server *s, size_t len, const char *eol, bool passes)
{
    static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                               "\"dict.get\",\"params\":{\"oid\":1,"
                               "\"key\":\"";
    static const char tail[] = "\"}}";
    size_t pad = len - (sizeof(head) - 1) - (sizeof(tail) - 1);
    char *line = pt_text("%s%*s%s%s", head, (int)pad, "", tail, eol);
    int fd = pt_connect(s);

    memset(line + sizeof(head) - 1, 'y', pad);
    pt_send_raw(fd, line, strlen(line));
    if (passes) {
        pt_expect(fd, "{'jsonrpc':'2.0','id':2,'result':null}");
    } else {
        pt_is_error(pt_recv(fd), PT_LIMIT, "null");
        pt_expect_eof(fd);
    }
    pt_close(fd);
}

START_TEST(test_badinput_max_message)
{
    static struct mptest_server s;
    const char *extra[] = {"--max-message", "1024", NULL};
    char *pad = pt_text("%*s", 2000, "");
    int fd;

    memset(pad, 'x', 2000);
    pt_start(&s, NULL, extra);
    canary_make(&s);
    fd = pt_connect(&s);
    /* Under the limit: fine. */
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'p','value':'%.900s'}", pad);
    pt_eq(pt_ok(fd, "dict.pop", "{'oid':1,'key':'p'}"), "'%.900s'", pad);
    /* Over it: LimitExceeded, id null, and the connection is closed. */
    pt_send(fd,
            "{'jsonrpc':'2.0','id':1,'method':'dict.setitem',"
            "'params':{'oid':1,'key':'n','value':'%s'}}",
            pad);
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_expect_eof(fd);
    pt_close(fd);
    /* A batch over it. */
    fd = pt_connect(&s);
    pt_send(fd,
            "[{'jsonrpc':'2.0','id':1,'method':'server.ping',"
            "'params':{'pad':'%s'}}]",
            pad);
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_expect_eof(fd);
    pt_close(fd);
    /* The limit counts the message, not its line end: 1024 bytes pass
     * with LF or CR LF, 1025 do not. */
    exact_line(&s, 1024, "\n", true);
    exact_line(&s, 1024, "\r\n", true);
    exact_line(&s, 1025, "\n", false);
    exact_line(&s, 1025, "\r\n", false);
    /* Over it without a LF yet: the server does not wait for one. */
    fd = pt_connect(&s);
    pt_send_raw(fd, PAD_START, sizeof(PAD_START) - 1);
    pt_send_raw(fd, pad, 2000);
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_expect_eof(fd);
    pt_close(fd);
    canary_check(&s);
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

/*
 * 200 MB without a LF to a server with a 1 MiB limit: it must close the
 * connection long before, and its memory must not hold the line.
 */
START_TEST(test_badinput_endless_line)
{
    static struct mptest_server s;
    const char *extra[] = {"--max-message", "1048576", NULL};
    long long before, after;
    size_t sent;
    int fd, watch;

    pt_start(&s, NULL, extra);
    canary_make(&s);
    watch = pt_connect(&s);
    before = memory_bytes(watch);
    fd = pt_connect(&s);
    pt_send_raw(fd, PAD_START, sizeof(PAD_START) - 1);
    sent = pt_flood(fd, (size_t)200 << 20);
    ck_assert_msg(sent < (size_t)100 << 20,
                  "the server read %zu bytes of one line without a word "
                  "(limit 1 MiB)",
                  sent);
    pt_is_error(pt_recv(fd), PT_LIMIT, "null");
    pt_expect_eof(fd);
    after = memory_bytes(watch);
    ck_assert_msg(after < before + (64LL << 20),
                  "server memory grew from %lld to %lld bytes", before, after);
    canary_check(&s);
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Clients that misbehave                                              */
/* ------------------------------------------------------------------ */

/*
 * --max-memory 16M: megabyte values go in until the heap passes the limit;
 * then requests that store more get LimitExceeded, while reads and
 * deletes go on; once values are deleted, writes are taken again.  Each
 * line of a megabyte makes the server measure at once, so no wait is
 * needed.  (Under ASan malloc is ASan's, and mallinfo2 knows nothing of
 * it: the limit cannot be read there.)
 */
START_TEST(test_badinput_max_memory)
{
#ifndef __SANITIZE_ADDRESS__
    enum { MB = 1 << 20 };
    static struct mptest_server s;
    const char *extra[] = {"--max-memory", "16M", NULL};
    char *big = pt_text("%*s", MB, "");
    json_t *r = NULL, *err, *info;
    int fd, i, n;

    memset(big, 'm', MB);
    pt_start(&s, NULL, extra);
    canary_make(&s);
    fd = pt_connect(&s);
    /* server.info shows the limit and the heap against it. */
    info = pt_ok(fd, "server.info", NULL);
    pt_eq(json_object_get(info, "max_memory"), "16777216");
    pt_eq(json_object_get(info, "memory_full"), "false");
    ck_assert(json_integer_value(json_object_get(info, "heap_bytes")) > 0);
    pt_eq(pt_ok(fd, "new", "{'type':'dict'}"), "{'oid':3,'type':'dict'}");
    for (n = 0; n < 64; n++) {
        r = pt_call(fd, "dict.setitem", "{'oid':3,'key':%d,'value':'%s'}", n,
                    big);
        if (json_object_get(r, "error") != NULL)
            break;
    }
    ck_assert_msg(n > 4 && n < 32, "%d megabytes stored under a 16M limit", n);
    err = json_object_get(r, "error");
    pt_eq(json_object_get(err, "code"), "%d", PT_LIMIT);
    ck_assert_msg(strstr(json_string_value(json_object_get(err, "message")),
                         "memory limit reached (--max-memory 16777216 bytes)"),
                  "%s", pt_dump(err));
    /* Reads go on; so do other growing methods' refusals. */
    pt_eq(pt_ok(fd, "dict.len", "{'oid':3}"), "%d", n);
    pt_err(fd, PT_LIMIT, "dict.setitem", "{'oid':3,'key':'x','value':'%s'}",
           big);
    pt_err(fd, PT_LIMIT, "new", "{'type':'list','init':['%s']}", big);
    /* The heap holds at least the values stored (the refused lines, once
     * freed, may take it back under the limit). */
    info = pt_ok(fd, "server.info", NULL);
    ck_assert(json_is_boolean(json_object_get(info, "memory_full")));
    ck_assert(json_integer_value(json_object_get(info, "heap_bytes")) >=
              (json_int_t)n * MB);
    /* Deletes make room, and the next long line sees it. */
    for (i = 0; i < n; i++)
        pt_ok(fd, "dict.delitem", "{'oid':3,'key':%d}", i);
    pt_eq(
        pt_ok(fd, "dict.setitem", "{'oid':3,'key':'again','value':'%s'}", big),
        "null");
    canary_check(&s);
    ck_assert_int_eq(pt_stop(&s), 0);
#endif
}
END_TEST

/*
 * A client sends many requests and does not read: with a small
 * --max-output the server stops reading from it (its memory stays small)
 * while another client is served; once it reads, every reply comes, in
 * order.
 */
START_TEST(test_badinput_slow_reader)
{
    enum { N = 1000, SIZE = 128 * 1024 };
    static struct mptest_server s;
    const char *extra[] = {"--max-output", "65536", NULL};
    char *big = pt_text("%*s", SIZE, "");
    long long before, during;
    int slow, other, i, status;
    pid_t writer;

    memset(big, 'b', SIZE);
    pt_start(&s, NULL, extra);
    canary_make(&s);
    other = pt_connect(&s);
    pt_eq(pt_ok(other, "new", "{'type':'list','init':['%s']}", big),
          "{'oid':3,'type':'list'}");
    before = memory_bytes(other);
    slow = pt_connect(&s);

    writer = fork();
    ck_assert_int_ge(writer, 0);
    if (writer == 0) {
        char line[160];

        for (i = 0; i < N; i++) {
            snprintf(line, sizeof(line),
                     "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
                     "\"list.getitem\",\"params\":{\"oid\":3,\"index\":0}}",
                     i);
            if (mptest_send(slow, line) < 0)
                _exit(1);
        }
        _exit(0);
    }
    pt_track_child(writer);

    /* The other client is served all along. */
    for (i = 0; i < 50; i++) {
        pt_eq(pt_ok(other, "server.ping", NULL), "'pong'");
        usleep(20000);
    }
    during = memory_bytes(other);
    ck_assert_msg(during < before + (48LL << 20),
                  "with a client that does not read, server memory grew "
                  "from %lld to %lld bytes (--max-output 65536)",
                  before, during);

    /* Now read: every reply, in order. */
    for (i = 0; i < N; i++) {
        json_t *r = pt_recv(slow);
        json_t *v = json_object_get(r, "result");

        pt_eq(json_object_get(r, "id"), "%d", i);
        ck_assert_msg(json_is_string(v) && json_string_length(v) == SIZE,
                      "reply %d is not the %d-byte string", i, SIZE);
    }
    ck_assert_int_eq(waitpid(writer, &status, 0), writer);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    pt_eq(pt_ok(slow, "server.ping", NULL), "'pong'");
    canary_check(&s);
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

#define PING_LINE "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"}\n"

/* A final line without LF when the client goes is discarded. */
START_TEST(test_badinput_disconnect_mid_line)
{
    static const char partial[] =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.setitem\","
        "\"params\":{\"oid\":1,\"key\":\"partial\",\"value\":1}}";
    static const char whole[] =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dict.setitem\","
        "\"params\":{\"oid\":1,\"key\":\"whole\",\"value\":2}}\n";
    int me = pt_client(), fd, i;
    long long session;
    char *big;

    /* Complete but for the LF, then a close. */
    fd = pt_client();
    session = pt_session(fd);
    pt_send_raw(fd, partial, sizeof(partial) - 1);
    pt_close(fd);
    pt_wait_session_gone(me, session);
    pt_eq(pt_ok(me, "dict.contains", "{'oid':1,'key':'partial'}"), "false");

    /* A whole line, then half of one, then a half-close. */
    fd = pt_client();
    session = pt_session(fd);
    pt_send_raw(fd, whole, sizeof(whole) - 1);
    pt_send_raw(fd, partial, 40);
    shutdown(fd, SHUT_WR);
    pt_wait_session_gone(me, session);
    pt_close(fd);
    pt_eq(pt_ok(me, "dict.getitem", "{'oid':1,'key':'whole'}"), "2");
    pt_eq(pt_ok(me, "dict.contains", "{'oid':1,'key':'partial'}"), "false");
    pt_ok(me, "dict.delitem", "{'oid':1,'key':'whole'}");

    /* Ten megabytes of a line, then gone; and many short-lived clients. */
    fd = pt_client();
    big = pt_text("%*s", 10 << 20, "");
    pt_send_raw(fd, PAD_START, sizeof(PAD_START) - 1);
    pt_send_raw(fd, big, 10 << 20);
    pt_close(fd);
    for (i = 0; i < 300; i++) {
        fd = pt_connect_raw(&pt_srv);
        if (i % 3 == 1)
            pt_send_raw(fd, partial, (size_t)(i % (sizeof(partial) - 1)));
        else if (i % 3 == 2)
            pt_send_raw(fd, PING_LINE, sizeof(PING_LINE) - 1);
        pt_close(fd);
    }
    pt_wait_sessions(me, 1);
    pt_eq(pt_ok(me, "dict.contains", "{'oid':1,'key':'partial'}"), "false");
    canary_check(&pt_srv);
}
END_TEST

/* A client killed while it writes a line. */
START_TEST(test_badinput_killed_mid_line)
{
    int me = pt_client(), status;
    pid_t pid;

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fd = mptest_connect(pt_srv.path);
        char chunk[4096];

        memset(chunk, 'k', sizeof(chunk));
        if (fd < 0)
            _exit(1);
        mptest_write(fd, PAD_START, sizeof(PAD_START) - 1);
        for (;;)
            if (mptest_write(fd, chunk, 16) < 0)
                _exit(0);
    }
    pt_track_child(pid);
    usleep(200000);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    pt_wait_sessions(me, 1);
    ck_assert_uint_eq(json_array_size(pt_ok(me, "server.objects", NULL)), 2);
    canary_check(&pt_srv);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Volume                                                              */
/* ------------------------------------------------------------------ */

/* Build a batch of N elements, element i made by FMT (with %d for i). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *
batch_of(int n, const char *fmt)
{
    size_t cap = (size_t)n * (strlen(fmt) + 32) + 16, len = 0;
    char *b = pt_text("%*s", (int)cap, "");
    int i;

    b[len++] = '[';
    for (i = 0; i < n; i++) {
        if (i > 0)
            b[len++] = ',';
        len += (size_t)snprintf(b + len, cap - len, fmt, i, i, i);
    }
    b[len++] = ']';
    b[len] = '\0';
    return b;
}
#pragma GCC diagnostic pop

START_TEST(test_badinput_batch_10000)
{
    enum { N = 10000 };
    int fd = pt_client(), i;
    json_t *r;

    pt_eq(pt_ok(fd, "new", "{'type':'dict'}"), "{'oid':3,'type':'dict'}");
    pt_send(fd, "%s",
            batch_of(
                N, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"dict.setitem\","
                   "\"params\":{\"oid\":3,\"key\":%d,\"value\":\"v%d\"}}"));
    r = pt_recv(fd);
    ck_assert_msg(json_is_array(r) && json_array_size(r) == N,
                  "a batch of %d got %s", N, pt_dump(r));
    for (i = 0; i < N; i++)
        pt_eq(json_array_get(r, (size_t)i),
              "{'jsonrpc':'2.0','id':%d,'result':null}", i);
    pt_eq(pt_ok(fd, "dict.len", "{'oid':3}"), "%d", N);

    pt_send(
        fd, "%s",
        batch_of(
            N,
            "{\"jsonrpc\":\"2.0\",\"id\":\"g%d\",\"method\":\"dict.getitem\","
            "\"params\":{\"oid\":3,\"key\":%d}}"));
    r = pt_recv(fd);
    ck_assert_uint_eq(json_array_size(r), N);
    for (i = 0; i < N; i++)
        pt_eq(json_array_get(r, (size_t)i),
              "{'jsonrpc':'2.0','id':'g%d','result':'v%d'}", i, i);

    /* Ten thousand notifications: nothing comes back. */
    pt_send(fd, "%s",
            batch_of(N, "{\"jsonrpc\":\"2.0\",\"method\":\"dict.delitem\","
                        "\"params\":{\"oid\":3,\"key\":%d}}"));
    pt_eq(pt_ok(fd, "dict.len", "{'oid':3}"), "0");

    /* Ten thousand invalid elements: ten thousand errors. */
    pt_send(fd, "%s", batch_of(N, "%d"));
    r = pt_recv(fd);
    ck_assert_uint_eq(json_array_size(r), N);
    for (i = 0; i < N; i += 997)
        pt_is_error(json_array_get(r, (size_t)i), PT_INVALID_REQUEST, "null");
    canary_check(&pt_srv);
}
END_TEST

/*
 * A batch waits for a lock in its first element, with 300,000 elements
 * behind it.  While it waits it must cost about its own text: each element
 * is read again as it runs, not held parsed (about 150 bytes each, five
 * times the 30 of its text).  When the lock comes, the rest runs.
 */
/* The number of requests session SESSION has made, from server.sessions. */
static json_int_t
session_requests(int watch, long long session)
{
    json_t *all = pt_ok(watch, "server.sessions", NULL), *one;
    size_t i;

    json_array_foreach (all, i, one) {
        if (json_integer_value(json_object_get(one, "session")) == session)
            return json_integer_value(json_object_get(one, "requests"));
    }
    ck_abort_msg("no session %lld in %s", session, pt_dump(all));
    return -1;
}

START_TEST(test_badinput_batch_memory)
{
    enum { N = 300000 };
    int holder = pt_client(), waiter = pt_client();
    long long before, during, session = pt_session(waiter);
    json_int_t made = session_requests(holder, session);
    char *rest, *batch;
    size_t textlen;
    int i;

    pt_eq(pt_ok(holder, "new", "{'type':'lock'}"), "{'oid':3,'type':'lock'}");
    pt_ok(holder, "lock.acquire", "{'oid':3}");
    pt_eq(pt_ok(holder, "new", "{'type':'dict'}"), "{'oid':4,'type':'dict'}");
    /* An acquire that waits, N notifications of an unknown method, and last
     * a mark that the batch has run to its end. */
    rest = batch_of(N, "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}");
    rest[strlen(rest) - 1] = '\0';
    batch =
        pt_text("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"lock.acquire\","
                "\"params\":{\"oid\":3}},%s,"
                "{\"jsonrpc\":\"2.0\",\"method\":\"dict.setitem\","
                "\"params\":{\"oid\":4,\"key\":\"done\",\"value\":1}}]",
                rest + 1);
    textlen = strlen(batch);
    before = memory_bytes(holder);
    pt_send(waiter, "%s", batch);
    /* The acquire has run (and waits) once the session counts it. */
    for (i = 0; i < 1000000; i++)
        if (session_requests(holder, session) > made)
            break;
    during = memory_bytes(holder);
#ifdef __SANITIZE_ADDRESS__
    /* ASan keeps freed memory in quarantine: the first reading of each
     * element stays resident there, so the bound cannot be read. */
    during = before;
#endif
    ck_assert_msg(during < before + 3 * (long long)textlen,
                  "a waiting batch of %zu bytes grew the server from %lld "
                  "to %lld bytes",
                  textlen, before, during);
    pt_ok(holder, "lock.release", "{'oid':3}");
    pt_expect(
        waiter,
        "[{'jsonrpc':'2.0','id':1,'result':{'acquired':true,'token':2}}]");
    pt_eq(pt_ok(holder, "dict.getitem", "{'oid':4,'key':'done'}"), "1");
    canary_check(&pt_srv);
}
END_TEST

/*
 * A batch of 100,000 requests does not keep the server from another
 * client: once the batch has begun, the other client is answered before
 * it ends.  (It is read by count, never by time.)
 */
START_TEST(test_badinput_batch_shares_the_server)
{
    enum { N = 100000 };
    int big = pt_client(), other = pt_client();
    json_int_t seen = 0;
    int i;

    pt_eq(pt_ok(other, "new", "{'type':'dict'}"), "{'oid':3,'type':'dict'}");
    pt_send(big, "%s",
            batch_of(N, "{\"jsonrpc\":\"2.0\",\"method\":\"dict.setitem\","
                        "\"params\":{\"oid\":3,\"key\":%d,\"value\":%d}}"));
    for (i = 0; i < 1000000 && seen == 0; i++)
        seen = json_integer_value(pt_ok(other, "dict.len", "{'oid':3}"));
    ck_assert_msg(seen > 0 && seen < N,
                  "the other client saw %lld of %d entries: it waited for "
                  "the whole batch",
                  (long long)seen, N);
    /* Notifications only: the batch sends nothing back.  A request on the
     * same connection comes after all of it. */
    pt_eq(pt_ok(big, "dict.len", "{'oid':3}"), "%d", N);
    canary_check(&pt_srv);
}
END_TEST

/*
 * A client pipelines more requests than one turn runs, and a batch, then
 * shuts down its sending side at once, as `nc -N` or a script piped into
 * a socket does: every request it sent still runs and is answered, and
 * then the server closes.
 */
START_TEST(test_badinput_hangup_after_pipeline)
{
    enum { N = 1000 };
    int fd = pt_client(), i;
    json_t *r;
    char *lines = pt_text("%s", "");

    for (i = 0; i < N; i++)
        lines = pt_text("%s{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
                        "\"server.ping\"}\n",
                        lines, i);
    pt_send_raw(fd, lines, strlen(lines));
    pt_send(fd, "%s",
            batch_of(N, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
                        "\"server.ping\"}"));
    ck_assert_int_eq(shutdown(fd, SHUT_WR), 0);
    for (i = 0; i < N; i++)
        pt_expect(fd, "{'jsonrpc':'2.0','id':%d,'result':'pong'}", i);
    r = pt_recv(fd);
    ck_assert_msg(json_is_array(r) && json_array_size(r) == N,
                  "a batch of %d before the hang-up got %s", N, pt_dump(r));
    pt_expect_eof(fd);
    canary_check(&pt_srv);
}
END_TEST

/*
 * A client sends a batch whose second element waits for a lock, then hangs
 * up its writing side.  A hang-up ends the session at once (on TCP it looks
 * the same as a crash): the waiting acquire and the element behind it do
 * not run, and the reply so far is closed as an array, so the client still
 * reads one whole line.  The lock stays with its holder.
 */
START_TEST(test_badinput_batch_cut_by_hangup)
{
    int holder = pt_client(), fd = pt_client();

    pt_eq(pt_ok(holder, "new", "{'type':'lock'}"), "{'oid':3,'type':'lock'}");
    pt_ok(holder, "lock.acquire", "{'oid':3}");
    pt_send(fd, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"},"
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"lock.acquire\","
                "\"params\":{\"oid\":3}},"
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"server.ping\"}]");
    ck_assert_int_eq(shutdown(fd, SHUT_WR), 0);
    pt_expect(fd, "[{'jsonrpc':'2.0','id':1,'result':'pong'}]");
    pt_expect_eof(fd);
    pt_eq(pt_ok(holder, "lock.release", "{'oid':3}"), "null");
    canary_check(&pt_srv);
}
END_TEST

/* 2,000 idle connections, and the server still serves a new one. */
START_TEST(test_badinput_idle_connections)
{
    enum { N = 2000 };
    static int fds[N];
    struct rlimit rl;
    int me, i;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_max < N + 200) {
        /* Allowed only to root; otherwise the check below says why. */
        struct rlimit more = {N + 200, N + 200};

        if (setrlimit(RLIMIT_NOFILE, &more) == 0)
            rl = more;
    }
    if (rl.rlim_cur < N + 200) {
        rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
        ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
    }
    ck_assert_msg(rl.rlim_cur >= N + 200,
                  "the hard limit on open files (%lu) is too low for this test",
                  (unsigned long)rl.rlim_max);
    for (i = 0; i < N; i++)
        fds[i] = pt_connect_raw(&pt_srv);
    /* Each one was accepted and greeted. */
    for (i = 0; i < N; i++)
        pt_greeting(fds[i]);
    me = pt_client();
    pt_eq(pt_ok(me, "server.ping", NULL), "'pong'");
    pt_wait_sessions(me, N + 1);
    canary_check(&pt_srv);
    pt_eq(pt_ok(fds[N / 2], "dict.getitem", "{'oid':1,'key':'n'}"), "-7");
    for (i = 0; i < N; i++)
        pt_close(fds[i]);
    pt_wait_sessions(me, 1);
    canary_check(&pt_srv);
}
END_TEST

/*
 * The server raises its own open-file limit at start: started with a soft
 * limit of 256, it still takes a thousand clients.
 */
START_TEST(test_badinput_raises_nofile)
{
    enum { N = 1000 };
    static struct mptest_server s;
    static int fds[N];
    struct rlimit saved, low;
    int me, i;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &saved), 0);
    ck_assert_msg(saved.rlim_max >= N + 200,
                  "the hard limit on open files (%lu) is too low for this test",
                  (unsigned long)saved.rlim_max);
    low = saved;
    low.rlim_cur = 256;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    pt_start(&s, NULL, NULL);
    low.rlim_cur = saved.rlim_max < 4096 ? saved.rlim_max : 4096;
    if (low.rlim_cur < saved.rlim_cur)
        low.rlim_cur = saved.rlim_cur;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    canary_make(&s);
    for (i = 0; i < N; i++)
        fds[i] = pt_connect_raw(&s);
    for (i = 0; i < N; i++)
        pt_greeting(fds[i]);
    me = pt_connect(&s);
    pt_wait_sessions(me, N + 1);
    for (i = 0; i < N; i++)
        pt_close(fds[i]);
    pt_wait_sessions(me, 1);
    canary_check(&s);
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

/* Past --max-clients: one LimitExceeded line instead of the greeting. */
START_TEST(test_badinput_max_clients)
{
    static struct mptest_server s;
    const char *extra[] = {"--max-clients", "3", NULL};
    int a, b, c, d;

    pt_start(&s, NULL, extra);
    canary_make(&s);
    a = pt_connect(&s);
    pt_wait_sessions(a, 1);
    b = pt_connect_raw(&s);
    pt_greeting(b);
    c = pt_connect_raw(&s);
    pt_greeting(c);
    pt_wait_sessions(a, 3);
    d = pt_connect_raw(&s);
    pt_is_error(pt_recv(d), PT_LIMIT, "null");
    pt_expect_eof(d);
    pt_close(d);
    /* The three are still served. */
    pt_eq(pt_ok(b, "server.ping", NULL), "'pong'");
    pt_eq(pt_ok(c, "server.ping", NULL), "'pong'");
    /* Once one goes, a new one is let in. */
    pt_close(c);
    pt_wait_sessions(a, 2);
    canary_check(&s);
    pt_eq(pt_ok(a, "server.ping", NULL), "'pong'");
    ck_assert_int_eq(pt_stop(&s), 0);
}
END_TEST

Suite *
suite_badinput(void)
{
    Suite *s = suite_create("badinput");
    TCase *tc;

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_badinput_invalid_utf8);
    tcase_add_test(tc, test_badinput_escape_non_ascii);
    tcase_add_test(tc, test_badinput_nul_bytes);
    tcase_add_test(tc, test_badinput_duplicate_members);
    tcase_add_test(tc, test_badinput_numbers_out_of_range);
    tcase_add_test(tc, test_badinput_bad_params);
    tcase_add_test(tc, test_badinput_binary_garbage);
    tcase_add_test(tc, test_badinput_mutated_lines);
    tcase_add_test(tc, test_badinput_random_params);
    tcase_add_test(tc, test_badinput_depth_default);
    tcase_add_test(tc, test_badinput_disconnect_mid_line);
    tcase_add_test(tc, test_badinput_killed_mid_line);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, setup, pt_teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_badinput_depth_option);
    tcase_add_test(tc, test_badinput_max_message);
    tcase_add_test(tc, test_badinput_endless_line);
    tcase_add_test(tc, test_badinput_hangup_after_pipeline);
    tcase_add_test(tc, test_badinput_batch_cut_by_hangup);
    tcase_add_test(tc, test_badinput_max_memory);
    tcase_add_test(tc, test_badinput_slow_reader);
    tcase_add_test(tc, test_badinput_batch_10000);
    tcase_add_test(tc, test_badinput_batch_memory);
    tcase_add_test(tc, test_badinput_batch_shares_the_server);
    tcase_add_test(tc, test_badinput_idle_connections);
    tcase_add_test(tc, test_badinput_max_clients);
    tcase_add_test(tc, test_badinput_raises_nofile);
    suite_add_tcase(s, tc);

    pt_add_cases(s, "badinput");
    return s;
}
