/*
 * pool_results: a pool of worker processes writes into one shared dict,
 * and the parent prints the dict once they have all finished.
 *
 * This is Python's
 *
 *     with Manager() as manager:
 *         d = manager.dict()
 *         workers = [Process(target=work, args=(d,)) for _ in range(n)]
 *         ...
 *         print(d)
 *
 * in C.  The private manager starts an mpmgrd of our own; the dict proxy
 * made before fork() just works in the children, each of which opens its
 * own connection on first use.
 *
 * Usage: pool_results [WORKERS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mpmgr.h>

/* What each worker does: one entry keyed by its pid.  Its errors are on
 * its own copy of the connection M: it reports them, with its pid. */
static int
work(mpmgr_t *m, mpmgr_dict_t *results)
{
    char msg[64];

    snprintf(msg, sizeof(msg), "Hi, I was written by process %d",
             (int)getpid());
    if (mpmgr_dict_set_is(results, getpid(), msg) < 0) {
        fprintf(stderr, "pool_results: worker %d: %s\n", (int)getpid(),
                mpmgr_errmsg(m));
        return -1;
    }
    return 0;
}

/* Wait for the N workers in PIDS and say which failed, and why.  Join them
 * by pid: a plain wait() could also reap the server, which is a child of
 * this process too. */
static int
join_workers(const pid_t *pids, long n)
{
    int status, failed = 0;
    long i;

    for (i = 0; i < n; i++) {
        if (waitpid(pids[i], &status, 0) < 0) {
            perror("pool_results: waitpid");
            failed++;
        } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            fprintf(stderr, "pool_results: worker %d exited with status %d\n",
                    (int)pids[i], WEXITSTATUS(status));
            failed++;
        } else if (WIFSIGNALED(status)) {
            fprintf(stderr, "pool_results: worker %d was killed by signal %d\n",
                    (int)pids[i], WTERMSIG(status));
            failed++;
        }
    }
    return failed;
}

/* Print every (pid, message) pair in the order the workers wrote them. */
static int
print_dict(mpmgr_dict_t *results)
{
    json_t *items, *pair;
    size_t i;
    int rc = mpmgr_dict_items(results, &items);

    if (rc < 0)
        return rc;
    json_array_foreach (items, i, pair)
        printf("%lld: %s\n",
               (long long)json_integer_value(json_array_get(pair, 0)),
               json_string_value(json_array_get(pair, 1)));
    json_decref(items);
    return 0;
}

int
main(int argc, char **argv)
{
    char *end = NULL;
    long n = argc > 1 ? strtol(argv[1], &end, 10) : 4;
    long started;
    mpmgr_manager_t *mgr = NULL;
    mpmgr_dict_t *results = NULL;
    mpmgr_t *m = NULL;
    pid_t *pids = NULL;
    int rc = 1;

    if (argc > 2 || (end != NULL && (*end != '\0' || end == argv[1])) ||
        n < 1 || n > 1000) {
        fprintf(stderr, "usage: pool_results [WORKERS], 1 to 1000\n");
        return 2;
    }
    if ((pids = calloc((size_t)n, sizeof(*pids))) == NULL) {
        fprintf(stderr, "pool_results: out of memory\n");
        goto out;
    }
    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "pool_results: %s\n", mpmgr_errmsg(NULL));
        goto out;
    }
    if (mpmgr_dict_create(m, NULL, NULL, &results) < 0) {
        fprintf(stderr, "pool_results: %s\n", mpmgr_errmsg(m));
        goto out;
    }

    for (started = 0; started < n; started++) {
        if ((pids[started] = fork()) < 0) {
            perror("pool_results: fork");
            break;
        }
        if (pids[started] == 0)
            _exit(work(m, results) == 0 ? 0 : 1);
    }
    /* Join the workers that did start, even when a fork failed. */
    if (join_workers(pids, started) > 0 || started < n)
        goto out;

    if (print_dict(results) < 0) {
        fprintf(stderr, "pool_results: %s\n", mpmgr_errmsg(m));
        goto out;
    }
    rc = 0;

out:
    /* Release in reverse order, on every path: proxy, connection, manager
     * (each accepts NULL). */
    mpmgr_dict_free(results);
    mpmgr_close(m);
    if (mpmgr_manager_stop(mgr) < 0) {
        fprintf(stderr, "pool_results: %s\n", mpmgr_errmsg(NULL));
        rc = 1;
    }
    free(pids);
    return rc;
}
