/*
 * main.c: runs every protocol suite.  Each test starts its own mpmgrd
 * ($MPMGRD, exported by make check) on a socket in a temporary directory and
 * speaks raw JSON lines to it.  CK_RUN_SUITE and CK_RUN_CASE narrow a run.
 */
#include "config.h"

#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    remove(path);
    return 0;
}

int
main(void)
{
    const char *tmp = getenv("TMPDIR");
    char base[4096];
    SRunner *sr;
    int failed;

    /*
     * Every server socket and test file goes under one directory of our
     * own, removed at the end: a test that fails exits on the spot, without
     * its teardown.
     */
    snprintf(base, sizeof(base), "%s/check_protocol.XXXXXX",
             tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    if (strlen(base) > 60 || mkdtemp(base) == NULL) {
        fprintf(stderr, "check_protocol: cannot make a directory in %s\n",
                tmp != NULL ? tmp : "/tmp");
        return EXIT_FAILURE;
    }
    setenv("TMPDIR", base, 1);

    /* A server that closes on us must show up as an error, not kill us. */
    signal(SIGPIPE, SIG_IGN);

    sr = srunner_create(suite_handshake());
    srunner_add_suite(sr, suite_jsonrpc());
    srunner_add_suite(sr, suite_objects());
    srunner_add_suite(sr, suite_dict());
    srunner_add_suite(sr, suite_list());
    srunner_add_suite(sr, suite_lock());
    srunner_add_suite(sr, suite_server());
    srunner_add_suite(sr, suite_paths());
    srunner_add_suite(sr, suite_values());
    srunner_add_suite(sr, suite_session());
    srunner_add_suite(sr, suite_badinput());
    srunner_add_suite(sr, suite_cases());
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    nftw(base, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
