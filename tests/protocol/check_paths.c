/*
 * check_paths.c: JSON Pointer paths (PROTOCOL.md sections 5 and 10,
 * "Paths"): the transcripts in cases/paths-*.t, plus deep pointers and
 * concurrent changes of one member, which must be atomic.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

/* A pointer 100 levels deep into a value 100 levels deep. */
START_TEST(test_paths_deep)
{
    int fd = pt_client(), i;
    size_t cap = 1 << 16, vlen = 0, plen = 0;
    char *value = pt_text("%*s", (int)cap, ""), *path = pt_text("%*s",
                                                               (int)cap, "");

    for (i = 0; i < 50; i++) {
        vlen += (size_t)snprintf(value + vlen, cap - vlen, "{\"m%d\":[", i);
        plen += (size_t)snprintf(path + plen, cap - plen, "/m%d/0", i);
    }
    vlen += (size_t)snprintf(value + vlen, cap - vlen, "41");
    for (i = 0; i < 50; i++)
        vlen += (size_t)snprintf(value + vlen, cap - vlen, "]}");
    pt_new(fd, "dict", NULL);
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'d','value':%s}", value);
    pt_eq(pt_ok(fd, "dict.getitem", "{'oid':1,'key':'d','path':'%s'}", path),
          "41");
    pt_eq(pt_ok(fd, "dict.incr", "{'oid':1,'key':'d','path':'%s'}", path),
          "42");
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'d','path':'%s','value':'x'}",
          path);
    pt_eq(pt_ok(fd, "dict.get", "{'oid':1,'key':'d','path':'/m0/0/m1/0/zz',"
                                "'default':1}"), "1");
    pt_err(fd, PT_TYPE, "dict.get", "{'oid':1,'key':'d','path':'%s/y',"
                                    "'default':1}", path);
    pt_err(fd, PT_TYPE, "dict.getitem", "{'oid':1,'key':'d','path':'%s/0'}",
           path);
    pt_ok(fd, "dict.delitem", "{'oid':1,'key':'d','path':'%s'}", path);
    pt_err(fd, PT_INDEX, "dict.getitem", "{'oid':1,'key':'d','path':'%s'}",
           path);
}
END_TEST

/*
 * Several connections change members of one value at once, each change a
 * single request: none is lost (what Python's proxies cannot do).
 */
START_TEST(test_paths_concurrent_members)
{
    enum { CONNS = 4, EACH = 200 };
    int fds[CONNS], c, i;
    size_t cap = 1 << 19;
    json_t *v;

    for (c = 0; c < CONNS; c++)
        fds[c] = pt_client();
    pt_new(fds[0], "dict", NULL);
    pt_ok(fds[0], "dict.setitem",
          "{'oid':1,'key':'job','value':{'tries':0,'log':[],'by':{}}}");
    for (c = 0; c < CONNS; c++) {
        char *buf = pt_text("%*s", (int)cap, "");
        size_t len = 0;

        for (i = 0; i < EACH; i++) {
            len += (size_t)snprintf(buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"method\":\"dict.incr\","
                "\"params\":{\"oid\":1,\"key\":\"job\",\"path\":\"/tries\"}}\n"
                "{\"jsonrpc\":\"2.0\",\"method\":\"dict.setitem\","
                "\"params\":{\"oid\":1,\"key\":\"job\",\"path\":\"/log/-\","
                "\"value\":%d}}\n"
                "{\"jsonrpc\":\"2.0\",\"method\":\"dict.incr\","
                "\"params\":{\"oid\":1,\"key\":\"job\","
                "\"path\":\"/by/c%d\"}}\n",
                c * 1000 + i, c);
        }
        pt_send_raw(fds[c], buf, len);
    }
    for (c = 0; c < CONNS; c++)
        pt_eq(pt_ok(fds[c], "server.ping", NULL), "'pong'");
    v = pt_ok(fds[0], "dict.getitem", "{'oid':1,'key':'job'}");
    pt_eq(json_object_get(v, "tries"), "%d", CONNS * EACH);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "log")),
                      CONNS * EACH);
    for (c = 0; c < CONNS; c++)
        pt_eq(json_object_get(json_object_get(v, "by"), pt_text("c%d", c)),
              "%d", EACH);
}
END_TEST

Suite *
suite_paths(void)
{
    Suite *s = suite_create("paths");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_paths_deep);
    tcase_add_test(tc, test_paths_concurrent_members);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "paths");
    return s;
}
