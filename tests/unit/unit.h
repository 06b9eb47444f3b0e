/*
 * unit.h: the suites of check_unit, which links the daemon's own code
 * (server/libmpmgrd.la) and tests it without sockets.
 */
#ifndef MPTEST_UNIT_H
#define MPTEST_UNIT_H

#include <check.h>

Suite *suite_value(void);
Suite *suite_path(void);
Suite *suite_parse(void);
Suite *suite_write(void);
Suite *suite_registry(void);
Suite *suite_dict(void);
Suite *suite_list(void);
Suite *suite_hash(void);
Suite *suite_jalloc(void);
Suite *suite_addr(void);
Suite *suite_number(void);
Suite *suite_reals(void);
Suite *suite_spin(void);

/*
 * Insert N keys into a uthash table that uses uthash's own unseeded hash
 * (jenkins_table.c is compiled without the server's hash.h), and report
 * the table's bucket count, longest chain and whether it stopped growing.
 */
void jenkins_table_fill(const char *const *keys, const size_t *lens, size_t n,
                        unsigned *buckets, unsigned *max_chain, int *noexpand);
/* uthash's default hash of KEY, as jenkins_table_fill uses it. */
unsigned jenkins_hash(const char *key, size_t len);

#endif /* MPTEST_UNIT_H */
