/*
 * check_spin.c: how a client waits for a reply (common/spin.c): a watch
 * that sees the reply keeps watching; one that ends without it sleeps
 * through the next 1, 2, 4, ... waits; MPMGR_SPIN_USEC sets or disables
 * the watch.  Nothing here is timed beyond "the call returns".
 */
#include "config.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spin.h"
#include "unit.h"

static struct mpmgr__spin
spin_with(const char *env)
{
    struct mpmgr__spin s;

    if (env != NULL)
        setenv("MPMGR_SPIN_USEC", env, 1);
    else
        unsetenv("MPMGR_SPIN_USEC");
    mpmgr__spin_init(&s);
    unsetenv("MPMGR_SPIN_USEC");
    return s;
}

START_TEST(test_spin_environment)
{
    ck_assert_int_eq(spin_with(NULL).usec, MPMGR__SPIN_DEFAULT_USEC);
    ck_assert_int_eq(spin_with("").usec, MPMGR__SPIN_DEFAULT_USEC);
    ck_assert_int_eq(spin_with("0").usec, 0);
    ck_assert_int_eq(spin_with("200").usec, 200);
    ck_assert_int_eq(spin_with("99999999999").usec, 1000000);
    ck_assert_int_eq(spin_with("-5").usec, MPMGR__SPIN_DEFAULT_USEC);
    ck_assert_int_eq(spin_with("fast").usec, MPMGR__SPIN_DEFAULT_USEC);
}
END_TEST

/* A reply already there: seen, and the next wait watches too. */
START_TEST(test_spin_reply_seen)
{
    struct mpmgr__spin s = spin_with("100000");
    int sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    mpmgr__spin_sent(&s);
    ck_assert(mpmgr__spin_wait(&s, sv[0]));
    ck_assert_uint_eq(s.skip, 0);
    ck_assert_uint_eq(s.backoff, 1);
    /* Only the first wait after a send watches. */
    ck_assert(!mpmgr__spin_wait(&s, sv[0]));
    /* An EOF is something to read, too. */
    close(sv[1]);
    mpmgr__spin_sent(&s);
    ck_assert(mpmgr__spin_wait(&s, sv[0]));
    close(sv[0]);
}
END_TEST

/* No reply within the watch: back off, sleeping through 1, then 2, ...
 * waits, and watch again after each run of them. */
START_TEST(test_spin_backs_off)
{
    struct mpmgr__spin s = spin_with("1");
    unsigned round, i;
    int sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    for (round = 1; round <= 4; round++) {
        mpmgr__spin_sent(&s);
        ck_assert(!mpmgr__spin_wait(&s, sv[0]));
        ck_assert_uint_eq(s.skip, 1u << (round - 1));
        /* A reply read in many pieces is one request, not many. */
        ck_assert(!mpmgr__spin_wait(&s, sv[0]));
        ck_assert(!mpmgr__spin_wait(&s, sv[0]));
        ck_assert_uint_eq(s.skip, 1u << (round - 1));
        for (i = 0; i < 1u << (round - 1); i++) {
            mpmgr__spin_sent(&s);
            ck_assert(!mpmgr__spin_wait(&s, sv[0]));
        }
        ck_assert_uint_eq(s.skip, 0);
    }
    /* A watch that sees its reply ends the backing off. */
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    mpmgr__spin_sent(&s);
    ck_assert(mpmgr__spin_wait(&s, sv[0]));
    ck_assert_uint_eq(s.backoff, 1);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

/* MPMGR_SPIN_USEC=0: never a watch, so never a back-off either. */
START_TEST(test_spin_off)
{
    struct mpmgr__spin s = spin_with("0");
    int sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    mpmgr__spin_sent(&s);
    ck_assert(!mpmgr__spin_wait(&s, sv[0]));
    ck_assert_uint_eq(s.skip, 0);
    close(sv[0]);
    close(sv[1]);
}
END_TEST

Suite *
suite_spin(void)
{
    Suite *s = suite_create("spin");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_spin_environment);
    tcase_add_test(tc, test_spin_reply_seen);
    tcase_add_test(tc, test_spin_backs_off);
    tcase_add_test(tc, test_spin_off);
    suite_add_tcase(s, tc);
    return s;
}
