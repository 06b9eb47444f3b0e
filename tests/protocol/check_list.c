/*
 * check_list.c: the list methods (doc/protocol.md section 8): the transcripts
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
                                i % 3 ? "%s%lld" : "%s%lld.0", i ? "," : "", k);
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
            len += (size_t)snprintf(
                buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"method\":\"list.append\","
                "\"params\":{\"oid\":1,\"value\":[%d,%d]}}\n",
                c, i);
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

/* ------------------------------------------------------------------ */
/* The server against a model of Python's list                         */
/* ------------------------------------------------------------------ */

#define MODEL_MAX 4096

static long long model[MODEL_MAX];
static long long nmodel;
static unsigned rnd_state = 777;

static long long
rnd(long long n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (long long)((rnd_state >> 8) % (unsigned long long)n);
}

/* A random index around the list, sometimes far outside it. */
static long long
rnd_index(void)
{
    return rnd(10) == 0 ? rnd(40) - 20 : rnd(2 * nmodel + 3) - nmodel - 1;
}

/* Python's PySlice_AdjustIndices for one bound; NONE when not given. */
#define NONE (-999999999)

static long long
adjust(long long v, long long step, int is_start)
{
    if (v == NONE)
        return is_start ? (step < 0 ? nmodel - 1 : 0)
                        : (step < 0 ? -1 : nmodel);
    if (v < 0) {
        v += nmodel;
        if (v < 0)
            v = step < 0 ? -1 : 0;
    } else if (v >= nmodel) {
        v = step < 0 ? nmodel - 1 : nmodel;
    }
    return v;
}

static const char *
model_text(long long from, long long to, long long step)
{
    char *buf = pt_text("%*s", 24 * MODEL_MAX + 4, "");
    size_t len = 0;
    long long i;
    int first = 1;

    buf[len++] = '[';
    for (i = from; step > 0 ? i < to : i > to; i += step) {
        len += (size_t)sprintf(buf + len, "%s%lld", first ? "" : ",", model[i]);
        first = 0;
    }
    buf[len++] = ']';
    buf[len] = '\0';
    return buf;
}

static const char *
opt(long long v, const char *name)
{
    return v == NONE ? "" : pt_text(",'%s':%lld", name, v);
}

/* 3000 random operations, each answered as Python's list would. */
START_TEST(test_list_random_model)
{
    int fd = pt_client(), op;
    long long i, v;

    nmodel = 0;
    pt_new(fd, "list", NULL);
    for (op = 0; op < 3000; op++) {
        switch (rnd(12)) {
        case 0:
        case 1:
            v = rnd(10);
            if (nmodel < MODEL_MAX - 1) {
                pt_eq(pt_ok(fd, "list.append", "{'oid':1,'value':%lld}", v),
                      "null");
                model[nmodel++] = v;
            }
            break;
        case 2:
            i = rnd_index();
            v = rnd(10);
            if (nmodel < MODEL_MAX - 1) {
                long long at = i < 0 ? (i + nmodel < 0 ? 0 : i + nmodel)
                                     : (i > nmodel ? nmodel : i);

                pt_eq(pt_ok(fd, "list.insert",
                            "{'oid':1,'index':%lld,'value':%lld}", i, v),
                      "null");
                memmove(model + at + 1, model + at,
                        (size_t)(nmodel - at) * sizeof(*model));
                model[at] = v;
                nmodel++;
            }
            break;
        case 3:
            i = rnd_index();
            if (i < -nmodel || i >= nmodel) {
                pt_err(fd, PT_INDEX, "list.pop", "{'oid':1,'index':%lld}", i);
            } else {
                long long at = i < 0 ? i + nmodel : i;

                pt_eq(pt_ok(fd, "list.pop", "{'oid':1,'index':%lld}", i),
                      "%lld", model[at]);
                memmove(model + at, model + at + 1,
                        (size_t)(nmodel - at - 1) * sizeof(*model));
                nmodel--;
            }
            break;
        case 4:
            i = rnd_index();
            v = rnd(10);
            if (i < -nmodel || i >= nmodel) {
                pt_err(fd, PT_INDEX, "list.setitem",
                       "{'oid':1,'index':%lld,'value':%lld}", i, v);
            } else {
                pt_ok(fd, "list.setitem", "{'oid':1,'index':%lld,'value':%lld}",
                      i, v);
                model[i < 0 ? i + nmodel : i] = v;
            }
            break;
        case 5:
            i = rnd_index();
            if (i < -nmodel || i >= nmodel) {
                pt_err(fd, PT_INDEX, "list.getitem", "{'oid':1,'index':%lld}",
                       i);
            } else {
                pt_eq(pt_ok(fd, "list.getitem", "{'oid':1,'index':%lld}", i),
                      "%lld", model[i < 0 ? i + nmodel : i]);
            }
            break;
        case 6: {
            long long start = rnd(3) ? rnd_index() : NONE;
            long long stop = rnd(3) ? rnd_index() : NONE;
            long long step = rnd(3) ? rnd(9) - 4 : NONE;
            long long st = step == NONE ? 1 : step;

            if (st == 0) {
                pt_err(fd, PT_VALUE, "list.slice", "{'oid':1,'step':0}");
                break;
            }
            pt_eq(pt_ok(fd, "list.slice", "{'oid':1%s%s%s}",
                        opt(start, "start"), opt(stop, "stop"),
                        opt(step, "step")),
                  "%s",
                  model_text(adjust(start, st, 1), adjust(stop, st, 0), st));
            break;
        }
        case 7: {
            long long start = rnd(2) ? rnd_index() : NONE;
            long long stop = rnd(2) ? rnd_index() : NONE;
            long long from = start == NONE ? 0 : start, to;
            long long found = -1;

            to = stop == NONE ? nmodel : stop;
            if (from < 0 && (from += nmodel) < 0)
                from = 0;
            if (to < 0 && (to += nmodel) < 0)
                to = 0;
            v = rnd(10);
            for (i = from; i < to && i < nmodel; i++)
                if (model[i] == v) {
                    found = i;
                    break;
                }
            if (found < 0)
                pt_err(fd, PT_VALUE, "list.index", "{'oid':1,'value':%lld%s%s}",
                       v, opt(start, "start"), opt(stop, "stop"));
            else
                pt_eq(pt_ok(fd, "list.index", "{'oid':1,'value':%lld%s%s}", v,
                            opt(start, "start"), opt(stop, "stop")),
                      "%lld", found);
            break;
        }
        case 8: {
            long long n = 0;

            v = rnd(10);
            for (i = 0; i < nmodel; i++)
                n += model[i] == v;
            pt_eq(pt_ok(fd, "list.count", "{'oid':1,'value':%lld}", v), "%lld",
                  n);
            pt_eq(pt_ok(fd, "list.contains", "{'oid':1,'value':%lld}", v),
                  n > 0 ? "true" : "false");
            break;
        }
        case 9:
            v = rnd(10);
            for (i = 0; i < nmodel && model[i] != v; i++)
                ;
            if (i == nmodel) {
                pt_err(fd, PT_VALUE, "list.remove", "{'oid':1,'value':%lld}",
                       v);
            } else {
                pt_ok(fd, "list.remove", "{'oid':1,'value':%lld}", v);
                memmove(model + i, model + i + 1,
                        (size_t)(nmodel - i - 1) * sizeof(*model));
                nmodel--;
            }
            break;
        case 10:
            i = rnd_index();
            if (i < -nmodel || i >= nmodel) {
                pt_err(fd, PT_INDEX, "list.delitem", "{'oid':1,'index':%lld}",
                       i);
            } else {
                long long at = i < 0 ? i + nmodel : i;

                pt_ok(fd, "list.delitem", "{'oid':1,'index':%lld}", i);
                memmove(model + at, model + at + 1,
                        (size_t)(nmodel - at - 1) * sizeof(*model));
                nmodel--;
            }
            break;
        default:
            pt_ok(fd, "list.reverse", "{'oid':1}");
            for (i = 0; i < nmodel / 2; i++) {
                v = model[i];
                model[i] = model[nmodel - 1 - i];
                model[nmodel - 1 - i] = v;
            }
            break;
        }
        if (op % 100 == 0) {
            pt_eq(pt_ok(fd, "list.slice", "{'oid':1}"), "%s",
                  model_text(0, nmodel, 1));
            pt_eq(pt_ok(fd, "list.len", "{'oid':1}"), "%lld", nmodel);
        }
    }
    pt_eq(pt_ok(fd, "list.slice", "{'oid':1}"), "%s", model_text(0, nmodel, 1));
    /* The walk is seeded: it ends on a list long enough to mean something. */
    ck_assert_int_gt(nmodel, 10);
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
    tcase_add_test(tc, test_list_random_model);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "list");
    return s;
}
