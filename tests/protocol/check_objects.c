/*
 * check_objects.c: the object lifecycle (doc/protocol.md section 5): new,
 * open, attach, release, unlink, describe, names, oids that are never
 * reused, and a forked child attaching its parent's object.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

/* oids grow by one per created object and are never reused. */
START_TEST(test_objects_oids_never_reused)
{
    static const char *const types[] = {"dict", "list", "lock", "rlock"};
    int fd = pt_client(), i;

    for (i = 1; i <= 400; i++) {
        long long oid = pt_new(fd, types[i % 4], NULL);

        ck_assert_int_eq(oid, i);
        pt_ok(fd, "release", "{'oid':%lld}", oid);
        ck_assert_ptr_null(pt_describe(fd, oid));
    }
    pt_eq(pt_ok(fd, "server.objects", NULL), "[]");
    pt_eq(pt_ok(fd, "new", "{'type':'dict'}"), "{'oid':401,'type':'dict'}");
}
END_TEST

/* Many names: each found by open, listed by prefix, in oid order. */
START_TEST(test_objects_many_names)
{
    int fd = pt_client(), i;
    json_t *list;

    for (i = 1; i <= 1000; i++)
        pt_eq(pt_ok(fd, "new", "{'type':'%s','name':'obj-%04d'}",
                    i % 2 ? "dict" : "list", i),
              "{'oid':%d,'type':'%s'}", i, i % 2 ? "dict" : "list");
    for (i = 1; i <= 1000; i += 37)
        pt_eq(pt_ok(fd, "open", "{'name':'obj-%04d'}", i),
              "{'oid':%d,'type':'%s','created':false}", i,
              i % 2 ? "dict" : "list");
    list = pt_ok(fd, "server.objects", "{'prefix':'obj-01'}");
    ck_assert_uint_eq(json_array_size(list), 100);
    for (i = 0; i < 100; i++)
        pt_eq(json_object_get(json_array_get(list, (size_t)i), "oid"), "%d",
              100 + i);
    list = pt_ok(fd, "server.objects", "{'type':'list','limit':10}");
    ck_assert_uint_eq(json_array_size(list), 10);
    pt_eq(json_object_get(json_array_get(list, 9), "name"), "'obj-0020'");
    for (i = 1; i <= 1000; i++)
        pt_ok(fd, "unlink", "{'name':'obj-%04d'}", i);
    /* oid 1 was also opened once above: two references. */
    pt_ok(fd, "release", "{'oid':1}");
    pt_ok(fd, "release", "{'oid':1}");
    ck_assert_ptr_null(pt_describe(fd, 1));
    ck_assert_uint_eq(json_array_size(pt_ok(fd, "server.objects", NULL)), 999);
}
END_TEST

/*
 * A forked child attaches its parent's object by oid, uses it and exits:
 * its reference goes with its session, the parent's stays.
 */
START_TEST(test_objects_attach_from_child)
{
    int fd = pt_client(), status;
    long long oid = pt_new(fd, "dict", NULL);
    pid_t pid;

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int c = mptest_connect(pt_srv.path);
        char line[256];
        char *r;

        if (c < 0 || (r = mptest_recv_line(c, PT_WAIT_MS)) == NULL)
            _exit(1);
        snprintf(line, sizeof(line),
                 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"attach\","
                 "\"params\":{\"oid\":%lld}}\n"
                 "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"dict.setitem\","
                 "\"params\":{\"oid\":%lld,\"key\":%d,\"value\":\"child\"}}",
                 oid, oid, (int)getpid());
        if (mptest_send(c, line) < 0 ||
            mptest_recv_line(c, PT_WAIT_MS) == NULL ||
            mptest_recv_line(c, PT_WAIT_MS) == NULL)
            _exit(2);
        _exit(0);
    }
    pt_track_child(pid);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the child failed (status %d)", status);
    pt_wait_sessions(fd, 1);
    pt_eq(pt_ok(fd, "dict.items", "{'oid':%lld}", oid), "[[%d,'child']]",
          (int)pid);
    pt_eq(pt_describe(fd, oid),
          "{'oid':%lld,'type':'dict','name':null,'len':1,'refs':1}", oid);
}
END_TEST

Suite *
suite_objects(void)
{
    Suite *s = suite_create("objects");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_objects_oids_never_reused);
    tcase_add_test(tc, test_objects_many_names);
    tcase_add_test(tc, test_objects_attach_from_child);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "objects");
    return s;
}
