/*
 * check_addr.c: the address syntax of doc/protocol.md section 1, shared by
 * the server, the library and the tool (common/addr.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "unit.h"

static void
assert_parses(const char *text, const char *canonical)
{
    struct mpmgr__addr a;
    char err[256];

    ck_assert_msg(mpmgr__addr_parse(text, &a, err, sizeof(err)) == 0, "%s: %s",
                  text, err);
    ck_assert_str_eq(a.text, canonical);
}

static void
assert_rejects(const char *text)
{
    struct mpmgr__addr a;
    char err[256] = "";

    ck_assert_int_eq(mpmgr__addr_parse(text, &a, err, sizeof(err)), -1);
    ck_assert_str_ne(err, "");
}

START_TEST(test_addr_forms)
{
    assert_parses("unix:/run/x.sock", "unix:/run/x.sock");
    assert_parses("/tmp/a/b.sock", "unix:/tmp/a/b.sock");
    assert_parses("./rel.sock", "unix:./rel.sock");
    assert_parses("tcp:localhost:7000", "tcp:localhost:7000");
    assert_parses("127.0.0.1:7000", "tcp:127.0.0.1:7000");
    assert_parses("[::1]:7000", "tcp:[::1]:7000");
    assert_parses("tcp:[fe80::1]:1", "tcp:[fe80::1]:1");
}
END_TEST

START_TEST(test_addr_errors)
{
    char path[200];

    assert_rejects("");
    assert_rejects("unix:");
    assert_rejects("localhost");
    assert_rejects("::1:7000");
    assert_rejects("host:99999");
    assert_rejects("host:x");
    assert_rejects(":7000");
    assert_rejects("[::1]7000");
    memset(path, 'a', sizeof(path));
    path[0] = '/';
    path[sizeof(path) - 1] = '\0';
    assert_rejects(path);
}
END_TEST

START_TEST(test_addr_default)
{
    struct mpmgr__addr a;
    char err[256];

    setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
    unsetenv("MPMGR_ADDRESS");
    ck_assert_int_eq(mpmgr__addr_from_env(&a, err, sizeof(err)), 0);
    ck_assert_str_eq(a.text, "unix:/run/user/1000/mpmgr.sock");
    unsetenv("XDG_RUNTIME_DIR");
    ck_assert_int_eq(mpmgr__addr_from_env(&a, err, sizeof(err)), 0);
    ck_assert(strncmp(a.text, "unix:/tmp/mpmgr-", 16) == 0);
    setenv("MPMGR_ADDRESS", "tcp:example.org:9", 1);
    ck_assert_int_eq(mpmgr__addr_from_env(&a, err, sizeof(err)), 0);
    ck_assert_str_eq(a.text, "tcp:example.org:9");
    ck_assert_int_eq(a.family, AF_UNSPEC);
    unsetenv("MPMGR_ADDRESS");
}
END_TEST

Suite *
suite_addr(void)
{
    Suite *s = suite_create("addr");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_addr_forms);
    tcase_add_test(tc, test_addr_errors);
    tcase_add_test(tc, test_addr_default);
    suite_add_tcase(s, tc);
    return s;
}
