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

/* A worker's error: its pid and the message of its last failed call, which
 * is on its own copy of the connection M. */
static int
worker_error(mpmgr_t *m)
{
    fprintf(stderr, "bank: worker %d: %s\n", (int)getpid(), mpmgr_errmsg(m));
    return -1;
}

/* Add AMOUNT to the balance TIMES times, each time under the lock. */
static int
transact(mpmgr_t *m, mpmgr_dict_t *account, mpmgr_lock_t *lock, int64_t amount)
{
    int64_t balance;
    int i, rc = 0;

    for (i = 0; i < TIMES && rc == 0; i++) {
        if (mpmgr_lock_acquire(lock, 1, -1, NULL, NULL) < 0)
            return worker_error(m);
        if (mpmgr_dict_get_si(account, "balance", &balance) < 0 ||
            mpmgr_dict_set_si(account, "balance", balance + amount) < 0)
            rc = worker_error(m);
        if (mpmgr_lock_release(lock) < 0)
            rc = worker_error(m);
    }
    return rc;
}

/* Wait for the N workers in PIDS and say which failed, and why.  Join them
 * by pid, not with wait(): the private server is a child of ours too. */
static int
join_workers(const pid_t *pids, int n)
{
    int i, status, failed = 0;

    for (i = 0; i < n; i++) {
        if (waitpid(pids[i], &status, 0) < 0) {
            perror("bank: waitpid");
            failed++;
        } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            fprintf(stderr, "bank: worker %d exited with status %d\n",
                    (int)pids[i], WEXITSTATUS(status));
            failed++;
        } else if (WIFSIGNALED(status)) {
            fprintf(stderr, "bank: worker %d was killed by signal %d\n",
                    (int)pids[i], WTERMSIG(status));
            failed++;
        }
    }
    return failed;
}

int
main(void)
{
    /* The depositor adds DEPOSIT, the withdrawer takes WITHDRAWAL. */
    const int64_t amounts[2] = {DEPOSIT, -WITHDRAWAL};
    int64_t balance, expected = START + TIMES * (DEPOSIT - WITHDRAWAL);
    mpmgr_manager_t *mgr = NULL;
    mpmgr_t *m = NULL;
    mpmgr_dict_t *account = NULL;
    mpmgr_lock_t *lock = NULL;
    pid_t pids[2];
    int started, rc = 1;

    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "bank: %s\n", mpmgr_errmsg(NULL));
        goto out;
    }
    if (mpmgr_dict_create(m, NULL, NULL, &account) < 0 ||
        mpmgr_lock_create(m, NULL, &lock) < 0 ||
        mpmgr_dict_set_si(account, "balance", START) < 0) {
        fprintf(stderr, "bank: %s\n", mpmgr_errmsg(m));
        goto out;
    }

    for (started = 0; started < 2; started++) {
        if ((pids[started] = fork()) < 0) {
            perror("bank: fork");
            break;
        }
        if (pids[started] == 0)
            _exit(transact(m, account, lock, amounts[started]) == 0 ? 0 : 1);
    }
    /* Join the workers that did start, even when a fork failed. */
    if (join_workers(pids, started) > 0 || started < 2)
        goto out;

    if (mpmgr_dict_get_si(account, "balance", &balance) < 0) {
        fprintf(stderr, "bank: %s\n", mpmgr_errmsg(m));
        goto out;
    }
    printf("Balance: %lld (expected %lld)\n", (long long)balance,
           (long long)expected);
    if (balance == expected)
        rc = 0;

out:
    /* Release in reverse order, on every path: proxies, connection,
     * manager (each accepts NULL). */
    mpmgr_lock_free(lock);
    mpmgr_dict_free(account);
    mpmgr_close(m);
    if (mpmgr_manager_stop(mgr) < 0) {
        fprintf(stderr, "bank: %s\n", mpmgr_errmsg(NULL));
        rc = 1;
    }
    return rc;
}
