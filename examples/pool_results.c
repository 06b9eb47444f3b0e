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

/* What each worker does: one entry keyed by its pid. */
static int
work(mpmgr_dict_t *results)
{
    char msg[64];

    snprintf(msg, sizeof(msg), "Hi, I was written by process %d",
             (int)getpid());
    return mpmgr_dict_set_is(results, getpid(), msg);
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
    int i, rc, failed = 0;
    mpmgr_manager_t *mgr;
    mpmgr_dict_t *results;
    mpmgr_t *m;
    pid_t *pids;

    if (argc > 2 || (end != NULL && (*end != '\0' || end == argv[1])) ||
        n < 1 || n > 1000) {
        fprintf(stderr, "usage: pool_results [WORKERS], 1 to 1000\n");
        return 2;
    }
    if ((pids = calloc((size_t)n, sizeof(*pids))) == NULL)
        return 1;
    if ((rc = mpmgr_manager_start(0, &mgr)) < 0) {
        fprintf(stderr, "pool_results: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    if ((rc = mpmgr_manager_connect(mgr, &m)) < 0 ||
        (rc = mpmgr_dict_create(m, NULL, NULL, &results)) < 0) {
        fprintf(stderr, "pool_results: %s\n", mpmgr_errmsg(NULL));
        mpmgr_manager_stop(mgr);
        return 1;
    }

    for (i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            _exit(work(results) == 0 ? 0 : 1);
    }
    /* Join the workers by pid: a plain wait() could also reap the server,
     * which is a child of this process too. */
    for (i = 0; i < n; i++) {
        int status = 1;

        if (pids[i] < 0 || waitpid(pids[i], &status, 0) < 0 || status != 0)
            failed++;
    }

    rc = print_dict(results);
    if (rc < 0)
        fprintf(stderr, "pool_results: %s\n", mpmgr_errmsg(m));

    /* Release in reverse order: proxy, connection, manager. */
    mpmgr_dict_free(results);
    mpmgr_close(m);
    mpmgr_manager_stop(mgr);
    free(pids);
    return rc == 0 && failed == 0 ? 0 : 1;
}
