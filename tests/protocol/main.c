/*
 * main.c: runs every protocol suite.  Each test starts its own mpmgrd
 * ($MPMGRD, exported by make check) on a socket in a temporary directory and
 * speaks raw JSON lines to it.  CK_RUN_SUITE and CK_RUN_CASE narrow a run.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "ptest.h"

int
main(void)
{
    SRunner *sr;
    int failed;

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
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
