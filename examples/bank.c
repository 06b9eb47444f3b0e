/*
 * bank: one process deposits and another withdraws, 100 times each, on
 * one shared balance.  Each update reads the balance and writes it back,
 * so without the lock the two processes would lose each other's updates;
 * with it the final balance is exactly the expected one.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mpmgr.h>

#define START 1000
#define TIMES 100
#define DEPOSIT 20
#define WITHDRAWAL 10

/* Add AMOUNT to the balance TIMES times, each time under the lock. */
static int
transact(mpmgr_dict_t *account, mpmgr_lock_t *lock, int64_t amount)
{
    int64_t balance;
    int i, rc = 0;

    for (i = 0; i < TIMES && rc == 0; i++) {
        if ((rc = mpmgr_lock_acquire(lock, 1, -1, NULL, NULL)) < 0)
            break;
        rc = mpmgr_dict_get_si(account, "balance", &balance);
        if (rc == 0)
            rc = mpmgr_dict_set_si(account, "balance", balance + amount);
        if (mpmgr_lock_release(lock) < 0)
            rc = -1;
    }
    return rc;
}

int
main(void)
{
    mpmgr_manager_t *mgr;
    mpmgr_t *m;
    mpmgr_dict_t *account;
    mpmgr_lock_t *lock;
    int64_t balance = 0;
    int64_t expected = START + TIMES * (DEPOSIT - WITHDRAWAL);
    pid_t depositor, withdrawer;
    int s1 = 1, s2 = 1;

    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "bank: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    if (mpmgr_dict_create(m, NULL, NULL, &account) < 0 ||
        mpmgr_lock_create(m, NULL, &lock) < 0 ||
        mpmgr_dict_set_si(account, "balance", START) < 0) {
        fprintf(stderr, "bank: %s\n", mpmgr_errmsg(m));
        return 1;
    }

    depositor = fork();
    if (depositor == 0)
        _exit(transact(account, lock, DEPOSIT) == 0 ? 0 : 1);
    withdrawer = fork();
    if (withdrawer == 0)
        _exit(transact(account, lock, -WITHDRAWAL) == 0 ? 0 : 1);
    waitpid(depositor, &s1, 0);
    waitpid(withdrawer, &s2, 0);

    if (mpmgr_dict_get_si(account, "balance", &balance) < 0)
        fprintf(stderr, "bank: %s\n", mpmgr_errmsg(m));
    printf("Balance: %lld (expected %lld)\n", (long long)balance,
           (long long)expected);

    mpmgr_lock_free(lock);
    mpmgr_dict_free(account);
    mpmgr_close(m);
    mpmgr_manager_stop(mgr);
    return s1 == 0 && s2 == 0 && balance == expected ? 0 : 1;
}
