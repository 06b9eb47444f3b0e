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

int
main(void)
{
    mpmgr_manager_t *mgr;
    mpmgr_t *m;
    mpmgr_dict_t *squares;
    mpmgr_items_t *batch;
    json_t *missing, *res;
    size_t count, i, ok = 0, len = 0;
    int64_t sum = 0;
    int rc;

    if (mpmgr_manager_start(0, &mgr) < 0 ||
        mpmgr_manager_connect(mgr, &m) < 0) {
        fprintf(stderr, "pipeline: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    if (mpmgr_dict_create(m, NULL, NULL, &squares) < 0) {
        fprintf(stderr, "pipeline: %s\n", mpmgr_errmsg(m));
        return 1;
    }

    /* Queue N writes and one read that will fail. */
    missing = json_string("missing");
    mpmgr_pipeline_begin(m);
    for (i = 0; i < N; i++)
        mpmgr_dict_set_ii(squares, (int64_t)i, (int64_t)(i * i));
    mpmgr_dict_getitem(squares, missing, NULL);
    json_decref(missing);

    /* One write, one read: every reply comes back in order. */
    rc = mpmgr_pipeline_exec(m, &count);
    if (rc < 0) {
        fprintf(stderr, "pipeline: %s\n", mpmgr_errmsg(m));
        return 1;
    }
    for (i = 0; i < count; i++) {
        rc = mpmgr_pipeline_result(m, i, &res);
        if (rc == 0) {
            ok++;
            json_decref(res);
        } else {
            printf("operation %zu failed: %s\n", i, mpmgr_errmsg(m));
        }
    }
    printf("%zu of %zu operations succeeded in one round trip\n", ok, count);

    /* The same works for reads: queue them, then pick up the values. */
    mpmgr_pipeline_begin(m);
    for (i = 0; i < N; i++)
        mpmgr_dict_get_ii(squares, (int64_t)i, NULL);
    if (mpmgr_pipeline_exec(m, &count) == 0)
        for (i = 0; i < count; i++)
            if (mpmgr_pipeline_result(m, i, &res) == 0) {
                sum += json_integer_value(res);
                json_decref(res);
            }
    printf("sum of the squares below %d: %lld\n", N, (long long)sum);

    /* N pairs keyed ["cube", i], one dict.update. */
    if (mpmgr_items_new(&batch) < 0) {
        fprintf(stderr, "pipeline: %s\n", mpmgr_errmsg(NULL));
        return 1;
    }
    for (i = 0; i < N; i++)
        if (mpmgr_items_addf(batch, "[sI] I", "cube", (json_int_t)i,
                             (json_int_t)(i * i * i)) < 0) {
            fprintf(stderr, "pipeline: %s\n", mpmgr_errmsg(NULL));
            return 1;
        }
    if (mpmgr_dict_update_items(squares, batch) < 0 ||
        mpmgr_dict_len(squares, &len) < 0) {
        fprintf(stderr, "pipeline: %s\n", mpmgr_errmsg(m));
        return 1;
    }
    printf("one dict.update of %zu pairs: the dict holds %zu entries\n",
           mpmgr_items_count(batch), len);
    mpmgr_items_free(batch);

    mpmgr_dict_free(squares);
    mpmgr_close(m);
    mpmgr_manager_stop(mgr);
    return 0;
}
