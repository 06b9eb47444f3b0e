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

/* A worker's error: its pid and the message of its last failed call, which
 * is on its own copy of the connection M. */
static int
worker_error(mpmgr_t *m)
{
    fprintf(stderr, "counter: worker %d: %s\n", (int)getpid(), mpmgr_errmsg(m));
    return -1;
}

/* Add one to d["n"] under the lock: get, add, set. */
static int
add_one_locked(mpmgr_t *m, mpmgr_dict_t *d, mpmgr_lock_t *lock)
{
    int64_t n;
    int rc = 0;

    if (mpmgr_lock_acquire(lock, 1, -1, NULL, NULL) < 0)
        return worker_error(m);
    if (mpmgr_dict_get_si(d, "n", &n) < 0 ||
        mpmgr_dict_set_si(d, "n", n + 1) < 0)
        rc = worker_error(m);
    if (mpmgr_lock_release(lock) < 0)
        rc = worker_error(m);
    return rc;
}

/* Add one to d["n"] in a single atomic server operation. */
static int
add_one_incr(mpmgr_t *m, mpmgr_dict_t *d, mpmgr_lock_t *unused)
{
    (void)unused;
    if (mpmgr_dict_incr_s(d, "n", 1, NULL) < 0)
        return worker_error(m);
    return 0;
}

/* Wait for the N workers in PIDS and say which failed, and why.  Join them
 * by pid, not with wait(): the private server is a child of ours too. */
static int
join_workers(const pid_t *pids, int n)
{
    int i, status, failed = 0;

    for (i = 0; i < n; i++) {
        if (waitpid(pids[i], &status, 0) < 0) {
            perror("counter: waitpid");
            failed++;
        } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            fprintf(stderr, "counter: worker %d exited with status %d\n",
                    (int)pids[i], WEXITSTATUS(status));
            failed++;
        } else if (WIFSIGNALED(status)) {
            fprintf(stderr, "counter: worker %d was killed by signal %d\n",
                    (int)pids[i], WTERMSIG(status));
            failed++;
        }
    }
    return failed;
}

/* Run ADD in PROCESSES children and print the total, then NOTE.  Reports
 * its own errors. */
static int
run(const char *note, mpmgr_t *m, mpmgr_dict_t *d, mpmgr_lock_t *lock,
    int (*add)(mpmgr_t *, mpmgr_dict_t *, mpmgr_lock_t *))
{
    pid_t pids[PROCESSES];
    int64_t n;
    int started;

    if (mpmgr_dict_set_si(d, "n", 0) < 0) {
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(m));
        return -1;
    }
    for (started = 0; started < PROCESSES; started++) {
        if ((pids[started] = fork()) < 0) {
            perror("counter: fork");
            break;
        }
        if (pids[started] == 0)
            _exit(add(m, d, lock) == 0 ? 0 : 1);
    }
    /* Join the workers that did start, even when a fork failed. */
    if (join_workers(pids, started) > 0 || started < PROCESSES)
        return -1;
    if (mpmgr_dict_get_si(d, "n", &n) < 0) {
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(m));
        return -1;
    }
    printf("Counter: %lld%s\n", (long long)n, note);
    return 0;
}

int
main(void)
{
    mpmgr_manager_t *mgr = NULL;
    mpmgr_t *m = NULL;
    mpmgr_dict_t *d = NULL;
    mpmgr_lock_t *lock = NULL;
    int rc = 1;

    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(NULL));
        goto out;
    }
    if (mpmgr_dict_create(m, NULL, NULL, &d) < 0 ||
        mpmgr_lock_create(m, NULL, &lock) < 0) {
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(m));
        goto out;
    }
    if (run("", m, d, lock, add_one_locked) == 0 &&
        run(" (with incr, no lock)", m, d, NULL, add_one_incr) == 0)
        rc = 0;

out:
    /* Release in reverse order, on every path: proxies, connection,
     * manager (each accepts NULL). */
    mpmgr_lock_free(lock);
    mpmgr_dict_free(d);
    mpmgr_close(m);
    if (mpmgr_manager_stop(mgr) < 0) {
        fprintf(stderr, "counter: %s\n", mpmgr_errmsg(NULL));
        rc = 1;
    }
    return rc;
}
