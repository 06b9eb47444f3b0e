/*
 * main.c: check_api, libmpmgr's tests against a real mpmgrd.
 * CK_RUN_SUITE and CK_RUN_CASE narrow a run; CK_FORK=no runs it under gdb.
 */
#include "config.h"

#include <stdlib.h>

#include "api.h"

int
main(void)
{
    SRunner *sr = srunner_create(suite_conn());
    int failed;

    srunner_add_suite(sr, suite_dict());
    srunner_add_suite(sr, suite_items());
    srunner_add_suite(sr, suite_list());
    srunner_add_suite(sr, suite_lock());
    srunner_add_suite(sr, suite_server());
    srunner_add_suite(sr, suite_pipeline());
    srunner_add_suite(sr, suite_fork());
    srunner_add_suite(sr, suite_manager());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
