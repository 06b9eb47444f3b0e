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

/* The worker: squares into the list, their sum into out["sum"]. */
static int
worker(mpmgr_list_t *squares, mpmgr_dict_t *out)
{
    int64_t numbers[] = {1, 2, 3}, sum = 0;
    size_t i;
    int rc = 0;

    for (i = 0; i < sizeof(numbers) / sizeof(*numbers) && rc == 0; i++) {
        rc = mpmgr_list_append_i(squares, numbers[i] * numbers[i]);
        sum += numbers[i] * numbers[i];
    }
    return rc == 0 ? mpmgr_dict_set_si(out, "sum", sum) : rc;
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
    mpmgr_manager_t *mgr;
    mpmgr_t *m;
    mpmgr_list_t *squares;
    mpmgr_dict_t *out;
    int64_t sum = 0;
    int status = 1, rc;
    pid_t pid;

    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "squares: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    if (mpmgr_list_create(m, NULL, NULL, &squares) < 0 ||
        mpmgr_dict_create(m, NULL, NULL, &out) < 0) {
        fprintf(stderr, "squares: %s\n", mpmgr_errmsg(m));
        return 1;
    }

    pid = fork();
    if (pid == 0)
        _exit(worker(squares, out) == 0 ? 0 : 1);
    waitpid(pid, &status, 0);

    rc = print_list(squares);
    if (rc == 0 && (rc = mpmgr_dict_get_si(out, "sum", &sum)) == 0)
        printf("%lld\n", (long long)sum);
    if (rc < 0)
        fprintf(stderr, "squares: %s\n", mpmgr_errmsg(m));

    mpmgr_dict_free(out);
    mpmgr_list_free(squares);
    mpmgr_close(m);
    mpmgr_manager_stop(mgr);
    return rc == 0 && status == 0 ? 0 : 1;
}
