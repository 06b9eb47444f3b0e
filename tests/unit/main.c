/* main.c: run every unit suite. */
#include "config.h"

#include <stdlib.h>

#include <jansson.h>

#include "mpmgrd.h"
#include "unit.h"

int
main(void)
{
    SRunner *sr = srunner_create(suite_value());
    int failed;

    hash_seed();
    srunner_add_suite(sr, suite_parse());
    srunner_add_suite(sr, suite_write());
    srunner_add_suite(sr, suite_path());
    srunner_add_suite(sr, suite_registry());
    srunner_add_suite(sr, suite_dict());
    srunner_add_suite(sr, suite_list());
    srunner_add_suite(sr, suite_hash());
    srunner_add_suite(sr, suite_jalloc());
    srunner_add_suite(sr, suite_addr());
    srunner_add_suite(sr, suite_number());
    srunner_add_suite(sr, suite_reals());
    srunner_add_suite(sr, suite_spin());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
