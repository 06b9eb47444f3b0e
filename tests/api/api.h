/*
 * api.h: what the check_api suites share: one real mpmgrd per test, a
 * connection to it, and assertions on return codes and JSON values.
 */
#ifndef MPTEST_API_H
#define MPTEST_API_H

#include <check.h>
#include <jansson.h>

#include "lib.h"
#include "mpmgr.h"

/* The authkey the fixture's server runs with. */
#define MPT_KEY "check-api-authkey"

/* The server and the connection of the current test (set by the fixture). */
extern struct mptest_server mpt_srv;
extern mpmgr_t *mpt_m;

/* A TCase whose tests each get a fresh server with MPT_KEY and mpt_m. */
TCase *mpt_tcase(const char *name);

/* Start a server into S, with authkey KEY (NULL: none) and EXTRA
 * arguments (may be NULL); fail the test if it does not come up. */
void mpt_start_at(struct mptest_server *s, const char *key,
                  const char *const *extra);

/* Another connection to the fixture's server. */
mpmgr_t *mpt_connect(void);

/* Parse TEXT as JSON (any value): a new reference. */
json_t *mpt_json(const char *text);

/* Assert that V (consumed) equals the JSON TEXT. */
#define mpt_assert_json(v, text) mpt_assert_json_at(v, text, __FILE__, __LINE__)
void mpt_assert_json_at(json_t *v, const char *text, const char *file,
                        int line);

/* A new unnamed dict on mpt_m, filled from the JSON INIT (or NULL). */
mpmgr_dict_t *mpt_new_dict(const char *init);

/* Assert that dict D holds exactly the items ITEMS ([[k,v],...]), in
 * order. */
#define mpt_assert_items(d, items)                                             \
    mpt_assert_items_at(d, items, __FILE__, __LINE__)
void mpt_assert_items_at(mpmgr_dict_t *d, const char *items, const char *file,
                         int line);

/* Assert that CALL returns 0, showing the error message otherwise. */
#define mpt_ok(call)                                                           \
    do {                                                                       \
        int rc_ = (call);                                                      \
        ck_assert_msg(rc_ == 0, "%s failed: %s (%s)", #call,                   \
                      mpmgr_err_name(rc_), mpmgr_errmsg(mpt_m));               \
    } while (0)

/* Assert that CALL fails with CODE. */
#define mpt_fails(call, code)                                                  \
    do {                                                                       \
        int rc_ = (call);                                                      \
        ck_assert_msg(rc_ == (code), "%s gave %s (%s), not %s", #call,         \
                      mpmgr_err_name(rc_), mpmgr_errmsg(mpt_m),                \
                      mpmgr_err_name(code));                                   \
    } while (0)

/* Wait for the child PID and assert it exited with status 0. */
void mpt_wait_ok(pid_t pid);

Suite *suite_conn(void);
Suite *suite_dict(void);
Suite *suite_items(void);
Suite *suite_list(void);
Suite *suite_lock(void);
Suite *suite_server(void);
Suite *suite_pipeline(void);
Suite *suite_fork(void);
Suite *suite_manager(void);

#endif /* MPTEST_API_H */
