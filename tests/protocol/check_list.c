/*
 * check_list.c: the list methods (PROTOCOL.md section 7): the transcripts
 * in cases/list-*.t, plus a large stable sort and appends from several
 * connections.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

struct item {
    long long key;
    int pos;
};

static int
by_key_then_pos(const void *a, const void *b)
{
    const struct item *x = a, *y = b;

    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->pos - y->pos;
}

/*
 * Sort 5000 [key, position] pairs with many equal keys as arrays, and the
 * same keys alone mixed with reals: both must match a stable sort.
 */
START_TEST(test_list_sort_large)
{
    enum { N = 5000 };
    static struct item items[N], rev[N];
    size_t cap = 1 << 20, len = 0;
    char *init = pt_text("%*s", (int)cap, "");
    json_t *got;
    int fd = pt_client(), i;
    unsigned seed = 12345;

    for (i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        items[i].key = (long long)((seed >> 16) % 100) - 50;
        items[i].pos = i;
    }
    len += (size_t)snprintf(init, cap, "[");
    for (i = 0; i < N; i++)
        len += (size_t)snprintf(init + len, cap - len, "%s[%lld,%d]",
                                i ? "," : "", items[i].key, items[i].pos);
    snprintf(init + len, cap - len, "]");
    pt_ok(fd, "new", "{'type':'list','init':%s}", init);
    pt_ok(fd, "list.sort", "{'oid':1}");
    qsort(items, N, sizeof(*items), by_key_then_pos);
    got = pt_ok(fd, "list.slice", "{'oid':1}");
    ck_assert_uint_eq(json_array_size(got), N);
    for (i = 0; i < N; i++)
        pt_eq(json_array_get(got, (size_t)i), "[%lld,%d]", items[i].key,
              items[i].pos);

    /*
     * Keys alone, every third one a real, sorted in reverse: equal values
     * (3 and 3.0) keep their order, so the kinds show where each went.
     */
    len = (size_t)snprintf(init, cap, "[");
    for (i = 0; i < N; i++) {
        long long k = items[(i * 7) % N].key;

        len += (size_t)snprintf(init + len, cap - len,
                                i % 3 ? "%s%lld" : "%s%lld.0", i ? "," : "",
                                k);
        rev[i].key = -k;
        rev[i].pos = i;
    }
    snprintf(init + len, cap - len, "]");
    pt_ok(fd, "new", "{'type':'list','init':%s}", init);
    pt_ok(fd, "list.sort", "{'oid':2,'reverse':true}");
    qsort(rev, N, sizeof(*rev), by_key_then_pos);
    got = pt_ok(fd, "list.slice", "{'oid':2}");
    ck_assert_uint_eq(json_array_size(got), N);
    for (i = 0; i < N; i++)
        pt_eq(json_array_get(got, (size_t)i),
              rev[i].pos % 3 ? "%lld" : "%lld.0", -rev[i].key);
}
END_TEST

/* Appends from several connections: each one's values stay in its order. */
START_TEST(test_list_append_concurrent)
{
    enum { CONNS = 4, EACH = 250 };
    int fds[CONNS], next[CONNS], c, i;
    size_t cap = 1 << 19;
    json_t *all;

    for (c = 0; c < CONNS; c++)
        fds[c] = pt_client();
    pt_new(fds[0], "list", NULL);
    for (c = 0; c < CONNS; c++) {
        char *buf = pt_text("%*s", (int)cap, "");
        size_t len = 0;

        for (i = 0; i < EACH; i++)
            len += (size_t)snprintf(buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"method\":\"list.append\","
                "\"params\":{\"oid\":1,\"value\":[%d,%d]}}\n", c, i);
        pt_send_raw(fds[c], buf, len);
    }
    /* Notifications: wait for each connection's queue with a ping. */
    for (c = 0; c < CONNS; c++)
        pt_eq(pt_ok(fds[c], "server.ping", NULL), "'pong'");
    all = pt_ok(fds[0], "list.slice", "{'oid':1}");
    ck_assert_uint_eq(json_array_size(all), CONNS * EACH);
    for (c = 0; c < CONNS; c++)
        next[c] = 0;
    for (i = 0; i < CONNS * EACH; i++) {
        json_t *v = json_array_get(all, (size_t)i);
        int who = (int)json_integer_value(json_array_get(v, 0));

        ck_assert(who >= 0 && who < CONNS);
        pt_eq(json_array_get(v, 1), "%d", next[who]);
        next[who]++;
    }
}
END_TEST

Suite *
suite_list(void)
{
    Suite *s = suite_create("list");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_list_sort_large);
    tcase_add_test(tc, test_list_append_concurrent);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "list");
    return s;
}
