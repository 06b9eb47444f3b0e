/*
 * main.c: check_cli, the tests of the mpmgr command against a real mpmgrd.
 * CK_RUN_SUITE and CK_RUN_CASE narrow a run; CK_FORK=no runs it under gdb.
 */
#include "config.h"

#include <stdlib.h>

#include "cli.h"

int
main(void)
{
    SRunner *sr = srunner_create(suite_commands());
    int failed;

    /* mpmgr must find its server through what each test gives it, never
     * through the environment the suite happens to run in. */
    unsetenv("MPMGR_ADDRESS");
    unsetenv("MPMGR_AUTHKEY");
    srunner_add_suite(sr, suite_find());
    srunner_add_suite(sr, suite_errors());
    srunner_add_suite(sr, suite_usage());
    srunner_add_suite(sr, suite_shell());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
