/*
 * check_usage.c: mpmgr --help, COMMAND --help, --version and misuse, and
 * the agreement between the usage lines and the man page's synopsis.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define GLOBAL "[-a ADDR] [-k KEYFILE] [-t SECONDS] [--json]"

/* Each command: its usage after the name, and its entry in mpmgr.1. */
static const struct {
    const char *name, *args, *man;
} commands[] = {
    {"ping", "", ".It Cm ping\n"},
    {"info", "", ".It Cm info\n"},
    {"ls", " [--type T] [PREFIX]",
     ".It Cm ls Oo Fl \\-type Ar T Oc Op Ar PREFIX\n"},
    {"sessions", "", ".It Cm sessions\n"},
    {"get", " NAME|OID [KEY [PATH]]",
     ".It Cm get Ar NAME|OID Oo Ar KEY Op Ar PATH Oc\n"},
    {"dump", " NAME|OID", ".It Cm dump Ar NAME|OID\n"},
    {"set", " NAME|OID KEY [PATH] JSON",
     ".It Cm set Ar NAME|OID KEY Oo Ar PATH Oc Ar JSON\n"},
    {"del", " NAME|OID KEY [PATH]", ".It Cm del Ar NAME|OID KEY Op Ar PATH\n"},
    {"new", " TYPE NAME [JSON]", ".It Cm new Ar TYPE NAME Op Ar JSON\n"},
    {"unlink", " NAME", ".It Cm unlink Ar NAME\n"},
    {"call", " METHOD [JSON-PARAMS]",
     ".It Cm call Ar METHOD Op Ar JSON-PARAMS\n"},
    {"watch", " [-n N] [-i SECONDS]",
     ".It Cm watch Oo Fl n Ar N Oc Op Fl i Ar SECONDS\n"},
    {"shutdown", "", ".It Cm shutdown\n"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The man page from the source tree, read whole (malloc'd). */
static char *
read_man_page(void)
{
    const char *srcdir = getenv("MPMGR_SRCDIR");
    char path[512], *text;
    FILE *f;
    long len;

    snprintf(path, sizeof(path), "%s/man/mpmgr.1",
             srcdir != NULL ? srcdir : "..");
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    text = calloc(1, (size_t)len + 1);
    ck_assert_int_eq(fread(text, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    return text;
}

/* --help, `mpmgr help` and `mpmgr help help` print the usage line and
 * every command. */
START_TEST(test_usage_help)
{
    struct mptest_run r, h;
    size_t i;

    mptest_cli(&r, NULL, "--help", (const char *)NULL);
    ck_assert_run(&r, 0);
    ck_assert_int_eq(strncmp(r.out,
                             "usage: mpmgr [-h] [--version] " GLOBAL
                             " [COMMAND [ARG ...]]\n",
                             strlen("usage: mpmgr [-h] [--version] " GLOBAL
                                    " [COMMAND [ARG ...]]\n")),
                     0);
    for (i = 0; i < NCOMMANDS; i++) {
        char want[128];
        const char *at;

        /* The summary follows on the line, or on the next one when the
         * synopsis is too long for its column. */
        snprintf(want, sizeof(want), "\n  %s%s", commands[i].name,
                 commands[i].args);
        at = strstr(r.out, want);
        ck_assert_msg(at != NULL &&
                          (at[strlen(want)] == ' ' || at[strlen(want)] == '\n'),
                      "no '%s' in --help", want + 1);
    }
    ck_assert_ptr_nonnull(strstr(r.out, "\n  help [COMMAND] "));
    ck_assert_str_eq(r.err, "");
    mptest_cli(&h, NULL, "help", (const char *)NULL);
    ck_assert_run(&h, 0);
    ck_assert_str_eq(h.out, r.out);
    mptest_run_free(&h);
    mptest_cli(&h, NULL, "help", "help", (const char *)NULL);
    ck_assert_run(&h, 0);
    ck_assert_str_eq(h.out, r.out);
    mptest_run_free(&h);
    mptest_run_free(&r);
}
END_TEST

/* COMMAND --help and help COMMAND print the same, with no server. */
START_TEST(test_usage_command_help)
{
    struct mptest_run r, h;
    char want[256];
    size_t i;

    for (i = 0; i < NCOMMANDS; i++) {
        mptest_cli(&r, NULL, "-a", "unix:/nonexistent/s.sock", commands[i].name,
                   "--help", (const char *)NULL);
        ck_assert_run(&r, 0);
        snprintf(want, sizeof(want), "usage: mpmgr " GLOBAL " %s%s\n\n",
                 commands[i].name, commands[i].args);
        ck_assert_int_eq(strncmp(r.out, want, strlen(want)), 0);
        mptest_cli(&h, NULL, "help", commands[i].name, (const char *)NULL);
        ck_assert_run(&h, 0);
        ck_assert_str_eq(r.out, h.out);
        mptest_run_free(&h);
        mptest_run_free(&r);
    }
}
END_TEST

/* The man page documents every command with the usage line's words. */
START_TEST(test_usage_man_page)
{
    char *man = read_man_page();
    size_t i;

    ck_assert_ptr_nonnull(strstr(man, ".Sh SYNOPSIS\n.Nm\n.Op Fl h\n"
                                      ".Op Fl \\-version\n"
                                      ".Op Fl a Ar ADDR\n"
                                      ".Op Fl k Ar KEYFILE\n"
                                      ".Op Fl t Ar SECONDS\n"
                                      ".Op Fl \\-json\n"
                                      ".Op Ar COMMAND Op Ar ARG ...\n"));
    for (i = 0; i < NCOMMANDS; i++)
        ck_assert_msg(strstr(man, commands[i].man) != NULL, "mpmgr.1 lacks %s",
                      commands[i].man);
    ck_assert_ptr_nonnull(strstr(man, ".Sh EXAMPLES"));
    ck_assert_ptr_nonnull(strstr(man, ".Sh EXIT STATUS"));
    free(man);
}
END_TEST

START_TEST(test_usage_version)
{
    struct mptest_run r;

    mptest_cli(&r, NULL, "--version", (const char *)NULL);
    ck_assert_run(&r, 0);
    ck_assert_str_eq(r.out, "mpmgr " PACKAGE_VERSION
                            " (libmpmgr " PACKAGE_VERSION ")\n");
    mptest_run_free(&r);
}
END_TEST

/* Misuse: exit status 2, a message, and the usage line on stderr. */
START_TEST(test_usage_errors)
{
    static const char *const cases[][4] = {
        {"bogus", NULL, NULL, "mpmgr: unknown command 'bogus'"},
        {"--bogus", NULL, NULL, "mpmgr: unknown option --bogus\nusage:"},
        {"get", NULL, NULL,
         "mpmgr: get: missing argument\nusage: mpmgr " GLOBAL
         " get NAME|OID [KEY [PATH]]\n"},
        {"ping", "extra", NULL, "mpmgr: ping: too many arguments\n"},
        {"ls", "--colour", NULL, "mpmgr: ls: unknown option --colour\n"},
        {"watch", "-n", "zero", "mpmgr: watch: -n wants a positive count"},
        {"watch", "-i", "-1", "mpmgr: watch: -i wants seconds above 0"},
        {"watch", "-i", "86401", "-i wants seconds above 0 and at most 86400"},
        {"watch", "-i", "0x10", "-i wants seconds above 0"},
        {"help", "nosuch", NULL,
         "mpmgr: no command 'nosuch' (mpmgr --help lists them)\n"},
    };
    struct mptest_run r;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mptest_cli(&r, NULL, "-a", "unix:/nonexistent/s.sock", cases[i][0],
                   cases[i][1], cases[i][2], (const char *)NULL);
        ck_assert_run(&r, 2);
        ck_assert_msg(strstr(r.err, cases[i][3]) != NULL,
                      "stderr lacks '%s':\n%s", cases[i][3], r.err);
        ck_assert_str_eq(r.out, "");
        mptest_run_free(&r);
    }
}
END_TEST

Suite *
suite_usage(void)
{
    Suite *s = suite_create("usage");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_usage_help);
    tcase_add_test(tc, test_usage_command_help);
    tcase_add_test(tc, test_usage_man_page);
    tcase_add_test(tc, test_usage_version);
    tcase_add_test(tc, test_usage_errors);
    suite_add_tcase(s, tc);
    return s;
}
