/*
 * pipeline: send many operations in one round trip and collect each one's
 * result or error.
 *
 * Between mpmgr_pipeline_begin() and mpmgr_pipeline_exec(), calls on the
 * connection and its proxies are queued instead of sent (their
 * out-parameters are not filled).  exec writes them all at once and reads
 * every reply; mpmgr_pipeline_result(m, i, ...) then gives the i-th call's
 * result, or its own error, such as a KeyError, without affecting the
 * others.
 *
 * Many pairs for one dict: a batch (mpmgr_items_t) holds them as JSON text
 * as it is built, and mpmgr_dict_update_items() stores them all in one
 * dict.update, all or nothing.
 */
#include <stdio.h>

#include <mpmgr.h>

#define N 100

/* Report the last failure on M, or with M NULL of a call that has no
 * connection (the manager's, a batch's); returns -1. */
static int
report(const mpmgr_t *m)
{
    fprintf(stderr, "pipeline: %s\n", mpmgr_errmsg(m));
    return -1;
}

/* Queue N writes and one read that will fail, send them all in one round
 * trip, and print what became of each. */
static int
write_squares(mpmgr_t *m, mpmgr_dict_t *squares)
{
    json_t *missing, *res;
    size_t count, i, ok = 0;
    int rc;

    if ((missing = json_string("missing")) == NULL) {
        fprintf(stderr, "pipeline: out of memory\n");
        return -1;
    }
    /* A queued call returns 0 at once; it fails only for a bad argument or
     * a lack of memory. */
    rc = mpmgr_pipeline_begin(m);
    for (i = 0; i < N && rc == 0; i++)
        rc = mpmgr_dict_set_ii(squares, (int64_t)i, (int64_t)(i * i));
    if (rc == 0)
        rc = mpmgr_dict_getitem(squares, missing, NULL);
    json_decref(missing);

    /* One write, one read: every reply comes back in order. */
    if (rc < 0 || mpmgr_pipeline_exec(m, &count) < 0)
        return report(m);
    for (i = 0; i < count; i++) {
        if (mpmgr_pipeline_result(m, i, &res) == 0) {
            ok++;
            json_decref(res);
        } else {
            printf("operation %zu failed: %s\n", i, mpmgr_errmsg(m));
        }
    }
    printf("%zu of %zu operations succeeded in one round trip\n", ok, count);
    return 0;
}

/* The same works for reads: queue them, then pick up the values. */
static int
sum_squares(mpmgr_t *m, mpmgr_dict_t *squares)
{
    json_t *res;
    size_t count, i;
    int64_t sum = 0;
    int rc;

    rc = mpmgr_pipeline_begin(m);
    for (i = 0; i < N && rc == 0; i++)
        rc = mpmgr_dict_get_ii(squares, (int64_t)i, NULL);
    if (rc < 0 || mpmgr_pipeline_exec(m, &count) < 0)
        return report(m);
    for (i = 0; i < count; i++) {
        if (mpmgr_pipeline_result(m, i, &res) < 0)
            return report(m);
        sum += json_integer_value(res);
        json_decref(res);
    }
    printf("sum of the squares of 0 to %d: %lld\n", N - 1, (long long)sum);
    return 0;
}

/* N pairs keyed ["cube", i], one dict.update. */
static int
store_cubes(mpmgr_t *m, mpmgr_dict_t *squares)
{
    mpmgr_items_t *batch;
    size_t i, len;
    int rc = -1;

    /* A batch has no connection: its errors are in mpmgr_errmsg(NULL). */
    if (mpmgr_items_new(&batch) < 0)
        return report(NULL);
    for (i = 0; i < N; i++)
        if (mpmgr_items_addf(batch, "[sI] I", "cube", (json_int_t)i,
                             (json_int_t)(i * i * i)) < 0) {
            report(NULL);
            goto out;
        }
    if (mpmgr_dict_update_items(squares, batch) < 0 ||
        mpmgr_dict_len(squares, &len) < 0) {
        report(m);
        goto out;
    }
    printf("one dict.update of %zu pairs: the dict holds %zu entries\n",
           mpmgr_items_count(batch), len);
    rc = 0;
out:
    mpmgr_items_free(batch);
    return rc;
}

int
main(void)
{
    mpmgr_manager_t *mgr = NULL;
    mpmgr_t *m = NULL;
    mpmgr_dict_t *squares = NULL;
    int rc = 1;

    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        report(NULL);
        goto out;
    }
    if (mpmgr_dict_create(m, NULL, NULL, &squares) < 0) {
        report(m);
        goto out;
    }
    if (write_squares(m, squares) == 0 && sum_squares(m, squares) == 0 &&
        store_cubes(m, squares) == 0)
        rc = 0;

out:
    /* Release in reverse order, on every path: proxy, connection, manager
     * (each accepts NULL). */
    mpmgr_dict_free(squares);
    mpmgr_close(m);
    if (mpmgr_manager_stop(mgr) < 0) {
        report(NULL);
        rc = 1;
    }
    return rc;
}
