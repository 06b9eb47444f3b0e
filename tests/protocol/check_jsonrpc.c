/*
 * check_jsonrpc.c: NDJSON framing and JSON-RPC 2.0 (doc/protocol.md
 * sections 1, 3 and 4): CR LF and empty lines, ParseError, pipelined
 * requests answered in order, and the params rules for every method.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptest.h"

/* A CR before the LF is ignored; empty lines are ignored. */
START_TEST(test_jsonrpc_crlf_and_empty_lines)
{
    int fd = pt_client();
    static const char lines[] =
        "\n\r\n\n"
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"}\r\n"
        "\r\n\n"
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"server.ping\"}\n";

    pt_send_raw(fd, lines, sizeof(lines) - 1);
    pt_expect(fd, "{'jsonrpc':'2.0','id':1,'result':'pong'}");
    pt_expect(fd, "{'jsonrpc':'2.0','id':2,'result':'pong'}");
    /* Nothing was answered for the empty lines. */
    pt_send(fd, "{'jsonrpc':'2.0','id':3,'method':'server.ping'}");
    pt_expect(fd, "{'jsonrpc':'2.0','id':3,'result':'pong'}");
}
END_TEST

/* A line that is not JSON: ParseError, id null, and the next line works. */
START_TEST(test_jsonrpc_parse_errors)
{
    static const char *const bad[] = {
        "{",
        "}",
        "[1,",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"} x",
        "{}{}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\",}",
        "{'jsonrpc':'2.0'}",
        "{jsonrpc:\"2.0\"}",
        "nul",
        "True",
        "\"unterminated",
        "\"bad escape \\x41\"",
        "\"bad unicode \\u12\"",
        "// comment",
        "{\"a\":1 /* comment */}",
        "[1 2]",
        "{\"a\" 1}",
        "\"tab\tinside\"",
        "@",
    };
    int fd = pt_client();
    size_t i;

    pt_ok(fd, "new", "{'type':'dict','init':{'k':'v'}}");
    for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        pt_send_raw(fd, bad[i], strlen(bad[i]));
        pt_send_raw(fd, "\n", 1);
        pt_loc(__FILE__, __LINE__);
        pt_is_error(pt_recv(fd), PT_PARSE, "null");
        pt_eq(pt_ok(fd, "dict.items", "{'oid':1}"), "[['k','v']]");
    }
}
END_TEST

/* Responses come in request order, however many are in flight. */
START_TEST(test_jsonrpc_pipelined_in_order)
{
    int fd = pt_client(), i;
    size_t cap = 1 << 20, len = 0;
    char *buf = pt_text("%*s", (int)cap, "");
    json_t *r;

    pt_ok(fd, "new", "{'type':'list'}");
    for (i = 0; i < 2000; i++) {
        if (i % 3 == 0)
            len += (size_t)snprintf(
                buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"list.append\","
                "\"params\":{\"oid\":1,\"value\":%d}}\n",
                i, i);
        else if (i % 3 == 1)
            len += (size_t)snprintf(
                buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"id\":\"s%d\",\"method\":\"list.len\","
                "\"params\":{\"oid\":1}}\n",
                i);
        else
            len += (size_t)snprintf(
                buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"list.getitem\","
                "\"params\":{\"oid\":1,\"index\":%d}}\n",
                i, i);
    }
    pt_send_raw(fd, buf, len);
    for (i = 0; i < 2000; i++) {
        r = pt_recv(fd);
        if (i % 3 == 0)
            pt_eq(r, "{'jsonrpc':'2.0','id':%d,'result':null}", i);
        else if (i % 3 == 1)
            pt_eq(r, "{'jsonrpc':'2.0','id':'s%d','result':%d}", i, i / 3 + 1);
        else
            pt_is_error(r, PT_INDEX, pt_text("%d", i));
    }
    pt_eq(pt_ok(fd, "list.len", "{'oid':1}"), "667");
}
END_TEST

/* A request may arrive in pieces, one byte at a time. */
START_TEST(test_jsonrpc_split_line)
{
    static const char req[] =
        "{\"jsonrpc\":\"2.0\",\"id\":\"split\",\"method\":\"new\","
        "\"params\":{\"type\":\"list\",\"init\":[\"\\u00e9\",1]}}\n";
    int fd = pt_client();
    size_t i;

    for (i = 0; i < sizeof(req) - 1; i++)
        pt_send_raw(fd, req + i, 1);
    pt_expect(fd, "{'jsonrpc':'2.0','id':'split',"
                  "'result':{'oid':1,'type':'list'}}");
    pt_eq(pt_ok(fd, "list.slice", "{'oid':1}"), "['\\u00e9',1]");
}
END_TEST

/* Two requests in one write, the second split across writes. */
START_TEST(test_jsonrpc_lines_across_writes)
{
    int fd = pt_client();
    static const char a[] =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.ping\"}\n"
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"meth";
    static const char b[] = "od\":\"server.ping\"}\n";

    pt_send_raw(fd, a, sizeof(a) - 1);
    pt_expect(fd, "{'jsonrpc':'2.0','id':1,'result':'pong'}");
    pt_send_raw(fd, b, sizeof(b) - 1);
    pt_expect(fd, "{'jsonrpc':'2.0','id':2,'result':'pong'}");
}
END_TEST

/* Replies are built by an encoder: quotes and controls stay escaped. */
START_TEST(test_jsonrpc_replies_escape_client_text)
{
    int fd = pt_client();
    json_t *e;

    pt_ok(fd, "new", "{'type':'dict'}");
    e = pt_err(fd, PT_KEY, "dict.getitem",
               "{'oid':1,'key':'q\\'\\\\\\n\\u0000\\u001f\\\"}'}");
    ck_assert(json_is_string(json_object_get(e, "message")));
    e = pt_err(fd, PT_METHOD_NOT_FOUND, "no\"such\\method\n\x01", "{}");
    ck_assert(json_is_string(json_object_get(e, "message")));
    e = pt_err(fd, PT_INVALID_PARAMS, "dict.len", "{'oid':1,'we\\\"ird\\n':1}");
    ck_assert(json_is_string(json_object_get(e, "message")));
    pt_eq(pt_ok(fd, "dict.len", "{'oid':1}"), "0");
}
END_TEST

/* A long string id comes back unchanged. */
START_TEST(test_jsonrpc_long_id)
{
    int fd = pt_client();
    char *id = pt_text("%100000s", "");

    memset(id, 'i', 100000);
    pt_send(fd, "{'jsonrpc':'2.0','id':'%s','method':'server.ping'}", id);
    pt_expect(fd, "{'jsonrpc':'2.0','id':'%s','result':'pong'}", id);
}
END_TEST

/* Every method and a set of params it accepts, on objects 1 to 4. */
static const struct {
    const char *method;
    const char *params;
} methods[] = {
    {"hello", "'protocol':1"},
    {"new", "'type':'dict'"},
    {"open", "'name':'n'"},
    {"attach", "'oid':1"},
    {"release", "'oid':1"},
    {"unlink", "'name':'n'"},
    {"describe", "'oid':1"},
    {"dict.getitem", "'oid':1,'key':'a'"},
    {"dict.get", "'oid':1,'key':'a'"},
    {"dict.setitem", "'oid':1,'key':'a','value':1"},
    {"dict.delitem", "'oid':1,'key':'a'"},
    {"dict.contains", "'oid':1,'key':'a'"},
    {"dict.len", "'oid':1"},
    {"dict.keys", "'oid':1"},
    {"dict.values", "'oid':1"},
    {"dict.items", "'oid':1"},
    {"dict.update", "'oid':1,'items':{'a':1}"},
    {"dict.setdefault", "'oid':1,'key':'a'"},
    {"dict.pop", "'oid':1,'key':'a','default':0"},
    {"dict.popitem", "'oid':1"},
    {"dict.clear", "'oid':1"},
    {"dict.incr", "'oid':1,'key':'a'"},
    {"dict.cas", "'oid':1,'key':'a','value':1"},
    {"dict.getmany", "'oid':1,'keys':['a']"},
    {"list.getitem", "'oid':2,'index':0"},
    {"list.slice", "'oid':2"},
    {"list.setitem", "'oid':2,'index':0,'value':1"},
    {"list.delitem", "'oid':2,'index':0"},
    {"list.len", "'oid':2"},
    {"list.contains", "'oid':2,'value':1"},
    {"list.count", "'oid':2,'value':1"},
    {"list.index", "'oid':2,'value':1"},
    {"list.append", "'oid':2,'value':1"},
    {"list.extend", "'oid':2,'values':[1]"},
    {"list.insert", "'oid':2,'index':0,'value':1"},
    {"list.pop", "'oid':2"},
    {"list.remove", "'oid':2,'value':1"},
    {"list.reverse", "'oid':2"},
    {"list.clear", "'oid':2"},
    {"list.sort", "'oid':2"},
    {"lock.acquire", "'oid':3"},
    {"lock.release", "'oid':3"},
    {"lock.locked", "'oid':3"},
    {"rlock.acquire", "'oid':4"},
    {"rlock.release", "'oid':4"},
    {"rlock.locked", "'oid':4"},
    {"server.ping", NULL},
    {"server.info", NULL},
    {"server.objects", NULL},
    {"server.sessions", NULL},
    {"server.shutdown", NULL},
};

static void
make_objects(int fd)
{
    pt_eq(pt_ok(fd, "new", "{'type':'dict','name':'n','init':{'k':1}}"),
          "{'oid':1,'type':'dict'}");
    pt_eq(pt_ok(fd, "new", "{'type':'list','init':[5]}"),
          "{'oid':2,'type':'list'}");
    pt_eq(pt_ok(fd, "new", "{'type':'lock'}"), "{'oid':3,'type':'lock'}");
    pt_eq(pt_ok(fd, "new", "{'type':'rlock'}"), "{'oid':4,'type':'rlock'}");
}

/* Nothing that failed may have changed anything. */
static void
objects_unchanged(int fd)
{
    pt_eq(pt_ok(fd, "server.objects", NULL),
          "[{'oid':1,'type':'dict','name':'n','len':1,'refs':1},"
          "{'oid':2,'type':'list','name':null,'len':1,'refs':1},"
          "{'oid':3,'type':'lock','name':null,'refs':1},"
          "{'oid':4,'type':'rlock','name':null,'refs':1}]");
    pt_eq(pt_ok(fd, "dict.items", "{'oid':1}"), "[['k',1]]");
    pt_eq(pt_ok(fd, "list.slice", "{'oid':2}"), "[5]");
}

/* An unknown parameter is InvalidParams naming it, for every method. */
START_TEST(test_jsonrpc_unknown_param_named)
{
    int fd = pt_client();
    size_t i;

    make_objects(fd);
    for (i = 0; i < sizeof(methods) / sizeof(*methods); i++) {
        json_t *e;
        const char *msg;

        pt_loc(__FILE__, __LINE__);
        if (methods[i].params != NULL)
            e = pt_err_(fd, PT_INVALID_PARAMS, methods[i].method,
                        "{%s,'zz_typo_%zu':1}", pt_dq(methods[i].params), i);
        else
            e = pt_err_(fd, PT_INVALID_PARAMS, methods[i].method,
                        "{'zz_typo_%zu':1}", i);
        msg = json_string_value(json_object_get(e, "message"));
        ck_assert_msg(strstr(msg, pt_text("zz_typo_%zu", i)) != NULL,
                      "%s: the message does not name the unknown parameter: "
                      "%s",
                      methods[i].method, msg);
    }
    objects_unchanged(fd);
}
END_TEST

/* A positional params array is InvalidParams, for every method. */
START_TEST(test_jsonrpc_params_array)
{
    int fd = pt_client();
    size_t i;

    make_objects(fd);
    for (i = 0; i < sizeof(methods) / sizeof(*methods); i++) {
        pt_loc(__FILE__, __LINE__);
        pt_err_(fd, PT_INVALID_PARAMS, methods[i].method, "[]");
        pt_err_(fd, PT_INVALID_PARAMS, methods[i].method, "[1,'a']");
    }
    objects_unchanged(fd);
}
END_TEST

/* An oid of the wrong JSON type is InvalidParams, for every method. */
START_TEST(test_jsonrpc_oid_wrong_type)
{
    static const char *const wrong[] = {"'1'", "[1]", "{'oid':1}", "true"};
    int fd = pt_client();
    size_t i, j;

    make_objects(fd);
    for (i = 0; i < sizeof(methods) / sizeof(*methods); i++) {
        const char *p = methods[i].params, *rest;

        if (p == NULL || strncmp(p, "'oid':", 6) != 0)
            continue;
        rest = strchr(p, ',');
        for (j = 0; j < sizeof(wrong) / sizeof(*wrong); j++) {
            pt_loc(__FILE__, __LINE__);
            pt_err_(fd, PT_INVALID_PARAMS, methods[i].method, "{'oid':%s%s}",
                    pt_dq(wrong[j]), rest != NULL ? pt_dq(rest) : "");
        }
    }
    objects_unchanged(fd);
}
END_TEST

/* Methods are matched exactly. */
START_TEST(test_jsonrpc_method_names_exact)
{
    static const char *const names[] = {
        "Server.ping",
        "server.Ping",
        "SERVER.PING",
        " server.ping",
        "server.ping ",
        "server..ping",
        "server/ping",
        "dict",
        "dict.",
        ".len",
        "list.length",
        "lock.acquired",
        "rlock.acquire_lock",
        "server.ping\t",
    };
    int fd = pt_client();
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
        pt_loc(__FILE__, __LINE__);
        pt_err_(fd, PT_METHOD_NOT_FOUND, names[i], NULL);
    }
    pt_eq(pt_ok(fd, "server.ping", NULL), "'pong'");
}
END_TEST

Suite *
suite_jsonrpc(void)
{
    Suite *s = suite_create("jsonrpc");
    TCase *tc;

    tc = tcase_create("core");
    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_jsonrpc_crlf_and_empty_lines);
    tcase_add_test(tc, test_jsonrpc_pipelined_in_order);
    tcase_add_test(tc, test_jsonrpc_split_line);
    tcase_add_test(tc, test_jsonrpc_lines_across_writes);
    tcase_add_test(tc, test_jsonrpc_long_id);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_jsonrpc_parse_errors);
    tcase_add_test(tc, test_jsonrpc_replies_escape_client_text);
    tcase_add_test(tc, test_jsonrpc_unknown_param_named);
    tcase_add_test(tc, test_jsonrpc_params_array);
    tcase_add_test(tc, test_jsonrpc_oid_wrong_type);
    tcase_add_test(tc, test_jsonrpc_method_names_exact);
    suite_add_tcase(s, tc);

    pt_add_cases(s, "jsonrpc");
    return s;
}
