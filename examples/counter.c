/*
 * counter: ten processes each add 1 to a shared counter.
 *
 * First the classic way, a read-modify-write under a shared lock (what
 * Python's `with lock: d['n'] += 1` does); then with dict.incr, which the
 * server applies atomically, so no lock is needed.  Both count to 10:
 *
 *     Counter: 10
 *     Counter: 10 (with incr, no lock)
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mpmgr.h>

#define PROCESSES 10

/* Add one to d["n"] under the lock: get, add, set. */
static int
add_one_locked(mpmgr_dict_t *d, mpmgr_lock_t *lock)
{
    int64_t n;
    int rc;

    if ((rc = mpmgr_lock_acquire(lock, 1, -1, NULL, NULL)) < 0)
        return rc;
    rc = mpmgr_dict_get_si(d, "n", &n);
    if (rc == 0)
        rc = mpmgr_dict_set_si(d, "n", n + 1);
    mpmgr_lock_release(lock);
    return rc;
}

/* Add one to d["n"] in a single atomic server operation. */
static int
add_one_incr(mpmgr_dict_t *d, mpmgr_lock_t *unused)
{
    (void)unused;
    return mpmgr_dict_incr_s(d, "n", 1, NULL);
}

/* Run ADD in PROCESSES children and print the total, then NOTE. */
static int
run(const char *note, mpmgr_dict_t *d, mpmgr_lock_t *lock,
    int (*add)(mpmgr_dict_t *, mpmgr_lock_t *))
{
    pid_t pids[PROCESSES];
    int64_t n = -1;
    int i, status, failed = 0;

    if (mpmgr_dict_set_si(d, "n", 0) < 0)
        return -1;
    for (i = 0; i < PROCESSES; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            _exit(add(d, lock) == 0 ? 0 : 1);
    }
    for (i = 0; i < PROCESSES; i++)
        if (pids[i] < 0 || waitpid(pids[i], &status, 0) < 0 || status != 0)
            failed++;
    if (mpmgr_dict_get_si(d, "n", &n) < 0)
        return -1;
    printf("Counter: %lld%s\n", (long long)n, note);
    return failed == 0 ? 0 : -1;
}

int
main(void)
{
    mpmgr_manager_t *mgr;
    mpmgr_t *m;
    mpmgr_dict_t *d;
    mpmgr_lock_t *lock;
    int rc;

    if (mpmgr_manager_start(0, &mgr) < 0) {
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    if (mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(NULL));
        mpmgr_manager_stop(mgr);
        return 1;
    }
    rc = mpmgr_dict_create(m, NULL, NULL, &d);
    if (rc == 0 && (rc = mpmgr_lock_create(m, NULL, &lock)) == 0) {
        rc = run("", d, lock, add_one_locked);
        if (rc == 0)
            rc = run(" (with incr, no lock)", d, NULL, add_one_incr);
        mpmgr_lock_free(lock);
    }
    if (rc < 0)
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(m));
    mpmgr_dict_free(d);
    mpmgr_close(m);
    mpmgr_manager_stop(mgr);
    return rc == 0 ? 0 : 1;
}
