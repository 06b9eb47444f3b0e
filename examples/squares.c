/*
 * squares: a worker process fills a shared list with the squares of
 * [1, 2, 3] and stores their sum in a shared dict; the parent prints both.
 *
 *     [1, 4, 9]
 *     14
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mpmgr.h>

/* The worker: squares into the list, their sum into out["sum"].  Its
 * errors are on its own copy of the connection M: it reports them. */
static int
worker(mpmgr_t *m, mpmgr_list_t *squares, mpmgr_dict_t *out)
{
    int64_t numbers[] = {1, 2, 3}, sum = 0;
    size_t i;

    for (i = 0; i < sizeof(numbers) / sizeof(*numbers); i++) {
        if (mpmgr_list_append_i(squares, numbers[i] * numbers[i]) < 0)
            goto fail;
        sum += numbers[i] * numbers[i];
    }
    if (mpmgr_dict_set_si(out, "sum", sum) < 0)
        goto fail;
    return 0;
fail:
    fprintf(stderr, "squares: worker %d: %s\n", (int)getpid(), mpmgr_errmsg(m));
    return -1;
}

/* Wait for the worker PID; say why when it did not succeed.  waitpid() on
 * its pid, not wait(): the private server is a child of ours too. */
static int
join(pid_t pid)
{
    int status;

    if (waitpid(pid, &status, 0) < 0) {
        perror("squares: waitpid");
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        fprintf(stderr, "squares: worker %d exited with status %d\n", (int)pid,
                WEXITSTATUS(status));
        return -1;
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "squares: worker %d was killed by signal %d\n",
                (int)pid, WTERMSIG(status));
        return -1;
    }
    return 0;
}

/* Print the list the way Python does: [1, 4, 9]. */
static int
print_list(mpmgr_list_t *l)
{
    json_t *values, *v;
    size_t i;
    int rc = mpmgr_list_slice(l, MPMGR_NONE, MPMGR_NONE, MPMGR_NONE, &values);

    if (rc < 0)
        return rc;
    printf("[");
    json_array_foreach (values, i, v)
        printf("%s%lld", i > 0 ? ", " : "", (long long)json_integer_value(v));
    printf("]\n");
    json_decref(values);
    return 0;
}

int
main(void)
{
    mpmgr_manager_t *mgr = NULL;
    mpmgr_t *m = NULL;
    mpmgr_list_t *squares = NULL;
    mpmgr_dict_t *out = NULL;
    int64_t sum;
    int rc = 1;
    pid_t pid;

    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "squares: %s\n", mpmgr_errmsg(NULL));
        goto out;
    }
    if (mpmgr_list_create(m, NULL, NULL, &squares) < 0 ||
        mpmgr_dict_create(m, NULL, NULL, &out) < 0) {
        fprintf(stderr, "squares: %s\n", mpmgr_errmsg(m));
        goto out;
    }

    if ((pid = fork()) < 0) {
        perror("squares: fork");
        goto out;
    }
    if (pid == 0)
        _exit(worker(m, squares, out) == 0 ? 0 : 1);
    if (join(pid) < 0)
        goto out;

    if (mpmgr_dict_get_si(out, "sum", &sum) < 0 || print_list(squares) < 0) {
        fprintf(stderr, "squares: %s\n", mpmgr_errmsg(m));
        goto out;
    }
    printf("%lld\n", (long long)sum);
    rc = 0;

out:
    /* Release in reverse order, on every path: proxies, connection,
     * manager (each accepts NULL). */
    mpmgr_dict_free(out);
    mpmgr_list_free(squares);
    mpmgr_close(m);
    if (mpmgr_manager_stop(mgr) < 0) {
        fprintf(stderr, "squares: %s\n", mpmgr_errmsg(NULL));
        rc = 1;
    }
    return rc;
}
