/*
 * check_dict.c: the dict methods (doc/protocol.md section 7): the transcripts
 * in cases/dict-*.t, plus large dicts and concurrent updates from several
 * connections, which must each happen as one atomic step.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

/* Insertion order holds for thousands of keys, through deletes too. */
START_TEST(test_dict_large_ordered)
{
    int fd = pt_client(), i;
    size_t cap = 1 << 20, len = 0;
    char *batch = pt_text("%*s", (int)cap, "");
    json_t *keys, *r;

    pt_new(fd, "dict", NULL);
    len += (size_t)snprintf(batch, cap, "[");
    for (i = 0; i < 5000; i++)
        len += (size_t)snprintf(
            batch + len, cap - len,
            "%s{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"dict.setitem\","
            "\"params\":{\"oid\":1,\"key\":\"k%d\",\"value\":%d}}",
            i ? "," : "", i, (i * 7919) % 5000, i);
    snprintf(batch + len, cap - len, "]");
    pt_send(fd, "%s", batch);
    r = pt_recv(fd);
    ck_assert_uint_eq(json_array_size(r), 5000);
    pt_eq(pt_ok(fd, "dict.len", "{'oid':1}"), "5000");
    keys = pt_ok(fd, "dict.keys", "{'oid':1}");
    for (i = 0; i < 5000; i++)
        pt_eq(json_array_get(keys, (size_t)i), "'k%d'", (i * 7919) % 5000);
    for (i = 0; i < 5000; i += 2)
        pt_ok(fd, "dict.delitem", "{'oid':1,'key':'k%d'}", (i * 7919) % 5000);
    keys = pt_ok(fd, "dict.keys", "{'oid':1}");
    ck_assert_uint_eq(json_array_size(keys), 2500);
    for (i = 1; i < 5000; i += 2)
        pt_eq(json_array_get(keys, (size_t)(i / 2)), "'k%d'",
              (i * 7919) % 5000);
    pt_eq(pt_ok(fd, "dict.popitem", "{'oid':1}"), "['k%d',4999]",
          (4999 * 7919) % 5000);
}
END_TEST

/* incr from several connections at once: no update is lost. */
START_TEST(test_dict_incr_atomic)
{
    enum { CONNS = 4, EACH = 500 };
    int fds[CONNS], c, i;
    size_t cap = 1 << 20;
    long long last[CONNS];

    for (c = 0; c < CONNS; c++)
        fds[c] = pt_client();
    pt_new(fds[0], "dict", NULL);
    pt_ok(fds[0], "dict.setitem", "{'oid':1,'key':'job','value':{'n':0}}");
    for (c = 0; c < CONNS; c++) {
        char *buf = pt_text("%*s", (int)cap, "");
        size_t len = 0;

        for (i = 0; i < EACH; i++)
            len += (size_t)snprintf(
                buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"dict.incr\","
                "\"params\":{\"oid\":1,\"key\":\"%s\"%s}}\n",
                i, i % 2 ? "flat" : "job", i % 2 ? "" : ",\"path\":\"/n\"");
        pt_send_raw(fds[c], buf, len);
        last[c] = 0;
    }
    for (c = 0; c < CONNS; c++)
        for (i = 0; i < EACH; i++) {
            json_t *r = pt_recv(fds[c]);
            long long v = json_integer_value(json_object_get(r, "result"));

            pt_eq(json_object_get(r, "id"), "%d", i);
            ck_assert_msg(json_is_integer(json_object_get(r, "result")),
                          "incr returned %s", pt_dump(r));
            if (i % 2 == 0) {
                ck_assert_msg(i < 2 || v > last[c],
                              "incr results on one connection must grow");
                last[c] = v;
            }
        }
    pt_eq(pt_ok(fds[0], "dict.getitem", "{'oid':1,'key':'flat'}"), "%d",
          CONNS * EACH / 2);
    pt_eq(pt_ok(fds[0], "dict.getitem", "{'oid':1,'key':'job'}"), "{'n':%d}",
          CONNS * EACH / 2);
}
END_TEST

/* cas without expect from several connections: exactly one wins. */
START_TEST(test_dict_cas_one_winner)
{
    enum { CONNS = 6 };
    int fds[CONNS], c, winners = 0;
    json_t *r;

    for (c = 0; c < CONNS; c++)
        fds[c] = pt_client();
    pt_new(fds[0], "dict", NULL);
    for (c = 0; c < CONNS; c++)
        pt_send(fds[c],
                "{'jsonrpc':'2.0','id':1,'method':'dict.cas',"
                "'params':{'oid':1,'key':'leader','value':%d}}",
                c);
    for (c = 0; c < CONNS; c++) {
        r = json_object_get(pt_recv(fds[c]), "result");
        if (json_is_true(json_object_get(r, "swapped"))) {
            winners++;
            pt_eq(json_object_get(r, "current"), "%d", c);
        }
    }
    ck_assert_int_eq(winners, 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The server against a model of Python's dict                         */
/* ------------------------------------------------------------------ */

/* Keys that must all be told apart: 1, 1.0, "1" and true are four. */
static const char *const model_keys[] = {
    "'a'",  "'b'",     "1",  "1.0", "'1'",       "true",
    "null", "[1,'a']", "[]", "''",  "[1.0,'a']", "false",
};
#define NKEYS ((int)(sizeof(model_keys) / sizeof(*model_keys)))

struct entry {
    int key;
    long long value;
};

static struct entry entries[NKEYS];
static int nentries;
static unsigned rnd_state = 4711;

static int
rnd(int n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (int)((rnd_state >> 8) % (unsigned)n);
}

static int
find(int key)
{
    int i;

    for (i = 0; i < nentries; i++)
        if (entries[i].key == key)
            return i;
    return -1;
}

static void
drop(int at)
{
    memmove(entries + at, entries + at + 1,
            (size_t)(nentries - at - 1) * sizeof(*entries));
    nentries--;
}

static const char *
items_text(void)
{
    char *buf = pt_text("%*s", 64 * NKEYS + 4, "");
    size_t len = 0;
    int i;

    buf[len++] = '[';
    for (i = 0; i < nentries; i++)
        len += (size_t)sprintf(buf + len, "%s[%s,%lld]", i ? "," : "",
                               model_keys[entries[i].key], entries[i].value);
    buf[len++] = ']';
    buf[len] = '\0';
    return pt_dq(buf);
}

/* 3000 random operations, each answered as Python's dict would. */
START_TEST(test_dict_random_model)
{
    int fd = pt_client(), op, k, at;
    long long v;

    nentries = 0;
    pt_new(fd, "dict", NULL);
    for (op = 0; op < 3000; op++) {
        const char *key;

        k = rnd(NKEYS);
        key = pt_dq(model_keys[k]);
        at = find(k);
        v = rnd(7) - 3;
        switch (rnd(11)) {
        case 0:
        case 1:
            pt_eq(pt_ok(fd, "dict.setitem", "{'oid':1,'key':%s,'value':%lld}",
                        key, v),
                  "null");
            if (at >= 0) {
                entries[at].value = v;
            } else {
                entries[nentries].key = k;
                entries[nentries++].value = v;
            }
            break;
        case 2:
            if (at < 0)
                pt_err(fd, PT_KEY, "dict.getitem", "{'oid':1,'key':%s}", key);
            else
                pt_eq(pt_ok(fd, "dict.getitem", "{'oid':1,'key':%s}", key),
                      "%lld", entries[at].value);
            pt_eq(pt_ok(fd, "dict.get", "{'oid':1,'key':%s,'default':99}", key),
                  "%lld", at < 0 ? 99 : entries[at].value);
            pt_eq(pt_ok(fd, "dict.contains", "{'oid':1,'key':%s}", key),
                  at < 0 ? "false" : "true");
            break;
        case 3:
            if (at < 0) {
                pt_err(fd, PT_KEY, "dict.delitem", "{'oid':1,'key':%s}", key);
            } else {
                pt_ok(fd, "dict.delitem", "{'oid':1,'key':%s}", key);
                drop(at);
            }
            break;
        case 4:
            if (at < 0) {
                pt_err(fd, PT_KEY, "dict.pop", "{'oid':1,'key':%s}", key);
                pt_eq(pt_ok(fd, "dict.pop", "{'oid':1,'key':%s,'default':-9}",
                            key),
                      "-9");
            } else {
                pt_eq(pt_ok(fd, "dict.pop", "{'oid':1,'key':%s}", key), "%lld",
                      entries[at].value);
                drop(at);
            }
            break;
        case 5:
            if (nentries == 0) {
                pt_err(fd, PT_KEY, "dict.popitem", "{'oid':1}");
            } else {
                pt_eq(pt_ok(fd, "dict.popitem", "{'oid':1}"), "[%s,%lld]",
                      pt_dq(model_keys[entries[nentries - 1].key]),
                      entries[nentries - 1].value);
                nentries--;
            }
            break;
        case 6:
            pt_eq(pt_ok(fd, "dict.setdefault",
                        "{'oid':1,'key':%s,'default':%lld}", key, v),
                  "%lld", at < 0 ? v : entries[at].value);
            if (at < 0) {
                entries[nentries].key = k;
                entries[nentries++].value = v;
            }
            break;
        case 7:
            if (at < 0) {
                entries[nentries].key = k;
                entries[nentries++].value = v;
            } else {
                entries[at].value += v;
            }
            pt_eq(
                pt_ok(fd, "dict.incr", "{'oid':1,'key':%s,'by':%lld}", key, v),
                "%lld", entries[find(k)].value);
            break;
        case 8:
            if (at < 0) {
                pt_eq(pt_ok(fd, "dict.cas", "{'oid':1,'key':%s,'value':%lld}",
                            key, v),
                      "{'swapped':true,'current':%lld}", v);
                entries[nentries].key = k;
                entries[nentries++].value = v;
            } else {
                pt_eq(pt_ok(fd, "dict.cas", "{'oid':1,'key':%s,'value':%lld}",
                            key, v),
                      "{'swapped':false,'current':%lld}", entries[at].value);
            }
            break;
        case 9: {
            long long expect = rnd(3) - 1;

            if (at < 0) {
                pt_eq(pt_ok(fd, "dict.cas",
                            "{'oid':1,'key':%s,'expect':%lld,"
                            "'value':%lld}",
                            key, expect, v),
                      "{'swapped':false}");
            } else {
                int swap = entries[at].value == expect;

                if (swap)
                    entries[at].value = v;
                pt_eq(pt_ok(fd, "dict.cas",
                            "{'oid':1,'key':%s,'expect':%lld,"
                            "'value':%lld}",
                            key, expect, v),
                      "{'swapped':%s,'current':%lld}", swap ? "true" : "false",
                      entries[at].value);
            }
            break;
        }
        default:
            pt_eq(pt_ok(fd, "dict.len", "{'oid':1}"), "%d", nentries);
            break;
        }
        if (op % 50 == 0)
            pt_eq(pt_ok(fd, "dict.items", "{'oid':1}"), "%s", items_text());
    }
    pt_eq(pt_ok(fd, "dict.items", "{'oid':1}"), "%s", items_text());
    ck_assert_int_gt(nentries, 2);
}
END_TEST

Suite *
suite_dict(void)
{
    Suite *s = suite_create("dict");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_dict_large_ordered);
    tcase_add_test(tc, test_dict_incr_atomic);
    tcase_add_test(tc, test_dict_cas_one_winner);
    tcase_add_test(tc, test_dict_random_model);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "dict");
    return s;
}
