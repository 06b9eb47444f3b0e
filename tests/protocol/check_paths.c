/*
 * check_paths.c: JSON Pointer paths (doc/protocol.md section 6, "Paths"):
 * the transcripts in cases/paths-*.t, plus deep pointers and concurrent
 * changes of one member, which must be atomic.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

/* A pointer 100 levels deep into a value 100 levels deep. */
START_TEST(test_paths_deep)
{
    int fd = pt_client(), i;
    size_t cap = 1 << 16, vlen = 0, plen = 0;
    char *value = pt_text("%*s", (int)cap, ""),
         *path = pt_text("%*s", (int)cap, "");

    for (i = 0; i < 50; i++) {
        vlen += (size_t)snprintf(value + vlen, cap - vlen, "{\"m%d\":[", i);
        plen += (size_t)snprintf(path + plen, cap - plen, "/m%d/0", i);
    }
    vlen += (size_t)snprintf(value + vlen, cap - vlen, "41");
    for (i = 0; i < 50; i++)
        vlen += (size_t)snprintf(value + vlen, cap - vlen, "]}");
    pt_new(fd, "dict", NULL);
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'d','value':%s}", value);
    pt_eq(pt_ok(fd, "dict.getitem", "{'oid':1,'key':'d','path':'%s'}", path),
          "41");
    pt_eq(pt_ok(fd, "dict.incr", "{'oid':1,'key':'d','path':'%s'}", path),
          "42");
    pt_ok(fd, "dict.setitem", "{'oid':1,'key':'d','path':'%s','value':'x'}",
          path);
    pt_eq(pt_ok(fd, "dict.get",
                "{'oid':1,'key':'d','path':'/m0/0/m1/0/zz',"
                "'default':1}"),
          "1");
    pt_err(fd, PT_TYPE, "dict.get",
           "{'oid':1,'key':'d','path':'%s/y',"
           "'default':1}",
           path);
    pt_err(fd, PT_TYPE, "dict.getitem", "{'oid':1,'key':'d','path':'%s/0'}",
           path);
    pt_ok(fd, "dict.delitem", "{'oid':1,'key':'d','path':'%s'}", path);
    pt_err(fd, PT_INDEX, "dict.getitem", "{'oid':1,'key':'d','path':'%s'}",
           path);
}
END_TEST

/*
 * Several connections change members of one value at once, each change a
 * single request: none is lost (what Python's proxies cannot do).
 */
START_TEST(test_paths_concurrent_members)
{
    enum { CONNS = 4, EACH = 200 };
    int fds[CONNS], c, i;
    size_t cap = 1 << 19;
    json_t *v;

    for (c = 0; c < CONNS; c++)
        fds[c] = pt_client();
    pt_new(fds[0], "dict", NULL);
    pt_ok(fds[0], "dict.setitem",
          "{'oid':1,'key':'job','value':{'tries':0,'log':[],'by':{}}}");
    for (c = 0; c < CONNS; c++) {
        char *buf = pt_text("%*s", (int)cap, "");
        size_t len = 0;

        for (i = 0; i < EACH; i++) {
            len += (size_t)snprintf(
                buf + len, cap - len,
                "{\"jsonrpc\":\"2.0\",\"method\":\"dict.incr\","
                "\"params\":{\"oid\":1,\"key\":\"job\",\"path\":\"/tries\"}}\n"
                "{\"jsonrpc\":\"2.0\",\"method\":\"dict.setitem\","
                "\"params\":{\"oid\":1,\"key\":\"job\",\"path\":\"/log/-\","
                "\"value\":%d}}\n"
                "{\"jsonrpc\":\"2.0\",\"method\":\"dict.incr\","
                "\"params\":{\"oid\":1,\"key\":\"job\","
                "\"path\":\"/by/c%d\"}}\n",
                c * 1000 + i, c);
        }
        pt_send_raw(fds[c], buf, len);
    }
    for (c = 0; c < CONNS; c++)
        pt_eq(pt_ok(fds[c], "server.ping", NULL), "'pong'");
    v = pt_ok(fds[0], "dict.getitem", "{'oid':1,'key':'job'}");
    pt_eq(json_object_get(v, "tries"), "%d", CONNS * EACH);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "log")), CONNS * EACH);
    for (c = 0; c < CONNS; c++)
        pt_eq(json_object_get(json_object_get(v, "by"), pt_text("c%d", c)),
              "%d", EACH);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The server against a model of RFC 6901 with section 10's rules      */
/* ------------------------------------------------------------------ */

static unsigned rs = 6901;

static int
rnd(int n)
{
    rs = rs * 1103515245u + 12345u;
    return (int)((rs >> 8) % (unsigned)n);
}

/* Member names that need ~0 and ~1 in a pointer. */
static const char *const mnames[] = {"a", "b", "a/b", "m~n", "", "0", "-"};
#define NNAMES ((int)(sizeof(mnames) / sizeof(*mnames)))

static json_t *
rnd_value(int depth)
{
    int i, n;
    json_t *v;

    switch (depth > 3 ? rnd(4) : rnd(7)) {
    case 0:
        return json_integer(rnd(5));
    case 1:
        return json_string("s");
    case 2:
        return rnd(2) ? json_null() : json_real(0.5);
    case 3:
        return json_true();
    case 4:
    case 5:
        v = json_object();
        for (i = 0, n = rnd(4); i < n; i++)
            json_object_set_new(v, mnames[rnd(NNAMES)], rnd_value(depth + 1));
        return v;
    default:
        v = json_array();
        for (i = 0, n = rnd(4); i < n; i++)
            json_array_append_new(v, rnd_value(depth + 1));
        return v;
    }
}

/* Up to 5 tokens, mostly ones that exist in DOC, some that do not. */
static int
rnd_tokens(const json_t *doc, char tok[][16])
{
    int n = 0, want = 1 + rnd(4);

    while (n < want) {
        if (json_is_object(doc) && json_object_size(doc) > 0 && rnd(4)) {
            const char *k = mnames[rnd(NNAMES)];

            snprintf(tok[n++], 16, "%s", k);
            doc = json_object_get(doc, k);
        } else if (json_is_array(doc) && rnd(4)) {
            int size = (int)json_array_size(doc), r = rnd(8);

            if (r == 0)
                snprintf(tok[n++], 16, "-");
            else if (r == 1)
                snprintf(tok[n++], 16, "0%d", rnd(3));
            else
                snprintf(tok[n++], 16, "%d", rnd(size + 1));
            doc = json_array_get(doc, (size_t)atoi(tok[n - 1]));
            if (r < 2)
                doc = NULL;
        } else {
            snprintf(tok[n++], 16, "%s", rnd(2) ? "zz" : "0");
            doc = NULL;
        }
        if (doc == NULL && rnd(2))
            break;
    }
    return n;
}

static const char *
pointer(char tok[][16], int n)
{
    char *p = pt_text("%*s", 16 * 2 * 5 + 1, "");
    size_t len = 0;
    int i;
    const char *c;

    for (i = 0; i < n; i++) {
        p[len++] = '/';
        for (c = tok[i]; *c != '\0'; c++) {
            if (*c == '~' || *c == '/') {
                p[len++] = '~';
                p[len++] = *c == '~' ? '0' : '1';
            } else {
                p[len++] = *c;
            }
        }
    }
    p[len] = '\0';
    return p;
}

/* An array index token: digits without a leading zero, below SIZE. */
static int
index_of(const char *t, size_t size, size_t *out)
{
    size_t v = 0;
    const char *c;

    if (*t == '\0' || (t[0] == '0' && t[1] != '\0'))
        return 0;
    for (c = t; *c != '\0'; c++) {
        if (*c < '0' || *c > '9' || v > 100000)
            return 0;
        v = v * 10 + (size_t)(*c - '0');
    }
    *out = v;
    return v < size;
}

/* Follow N tokens from V; NULL with *ERR set on the way. */
static json_t *
walk(json_t *v, char tok[][16], int n, int *err)
{
    int i;
    size_t at;

    for (i = 0; i < n; i++) {
        if (json_is_object(v)) {
            v = json_object_get(v, tok[i]);
            if (v == NULL) {
                *err = PT_KEY;
                return NULL;
            }
        } else if (json_is_array(v)) {
            if (!index_of(tok[i], json_array_size(v), &at)) {
                *err = PT_INDEX;
                return NULL;
            }
            v = json_array_get(v, at);
        } else {
            *err = PT_TYPE;
            return NULL;
        }
    }
    return v;
}

/* Random getitem, get, setitem, delitem and incr with paths, checked. */
START_TEST(test_paths_random_model)
{
    int fd = pt_client(), iter, seen[5] = {0};
    json_t *doc = pt_keep(json_object());

    pt_new(fd, "dict", NULL);
    for (iter = 0; iter < 3000; iter++) {
        char tok[6][16];
        int n, err = 0, op = rnd(5);
        const char *path;
        json_t *parent, *target, *val;
        size_t at = 0;

        if (json_object_get(doc, "d") == NULL || rnd(40) == 0) {
            json_object_set_new(doc, "d", rnd_value(0));
            pt_ok(fd, "dict.setitem", "{'oid':1,'key':'d','value':%s}",
                  pt_enc(json_object_get(doc, "d")));
        }
        n = rnd(20) == 0 ? 0 : rnd_tokens(json_object_get(doc, "d"), tok);
        path = pointer(tok, n);
        target = walk(json_object_get(doc, "d"), tok, n, &err);
        seen[target != NULL    ? 0
             : err == PT_KEY   ? 1
             : err == PT_INDEX ? 2
                               : 3]++;
        switch (op) {
        case 0:
            if (target == NULL)
                pt_err(fd, err, "dict.getitem", "{'oid':1,'key':'d','path':%s}",
                       pt_enc(pt_keep(json_string(path))));
            else
                pt_eq(pt_ok(fd, "dict.getitem", "{'oid':1,'key':'d','path':%s}",
                            pt_enc(pt_keep(json_string(path)))),
                      "%s", pt_enc(target));
            break;
        case 1:
            if (target == NULL && err == PT_TYPE)
                pt_err(fd, PT_TYPE, "dict.get",
                       "{'oid':1,'key':'d','path':%s,'default':'D'}",
                       pt_enc(pt_keep(json_string(path))));
            else
                pt_eq(pt_ok(fd, "dict.get",
                            "{'oid':1,'key':'d','path':%s,'default':'D'}",
                            pt_enc(pt_keep(json_string(path)))),
                      "%s", target != NULL ? pt_enc(target) : "\"D\"");
            break;
        default:
            err = 0;
            val = pt_keep(rnd_value(2));
            parent = n > 0 ? walk(json_object_get(doc, "d"), tok, n - 1, &err)
                           : NULL;
            if (n > 0 && parent == NULL) {
                /* err is set by walk */
            } else if (n == 0) {
                err = op == 2 || op == 3                          ? 0
                      : json_is_number(json_object_get(doc, "d")) ? 0
                                                                  : PT_TYPE;
            } else if (json_is_object(parent)) {
                if (op == 3 && json_object_get(parent, tok[n - 1]) == NULL)
                    err = PT_KEY;
                if (op == 4) {
                    json_t *cur = json_object_get(parent, tok[n - 1]);

                    if (cur != NULL && !json_is_number(cur))
                        err = PT_TYPE;
                }
            } else if (json_is_array(parent)) {
                if (!(op == 2 && strcmp(tok[n - 1], "-") == 0) &&
                    !index_of(tok[n - 1], json_array_size(parent), &at))
                    err = PT_INDEX;
                else if (op == 4 && !json_is_number(json_array_get(parent, at)))
                    err = PT_TYPE;
            } else {
                err = PT_TYPE;
            }
            if (err != 0) {
                pt_err(fd, err,
                       op == 2   ? "dict.setitem"
                       : op == 3 ? "dict.delitem"
                                 : "dict.incr",
                       "{'oid':1,'key':'d','path':%s%s}",
                       pt_enc(pt_keep(json_string(path))),
                       op == 2 ? pt_text(",'value':%s", pt_enc(val)) : "");
                break;
            }
            if (op == 2) {
                pt_ok(fd, "dict.setitem",
                      "{'oid':1,'key':'d','path':%s,'value':%s}",
                      pt_enc(pt_keep(json_string(path))), pt_enc(val));
                if (n == 0)
                    json_object_set(doc, "d", val);
                else if (json_is_object(parent))
                    json_object_set(parent, tok[n - 1], val);
                else if (strcmp(tok[n - 1], "-") == 0)
                    json_array_append(parent, val);
                else
                    json_array_set(parent, at, val);
            } else if (op == 3) {
                pt_ok(fd, "dict.delitem", "{'oid':1,'key':'d','path':%s}",
                      pt_enc(pt_keep(json_string(path))));
                if (n == 0)
                    json_object_del(doc, "d");
                else if (json_is_object(parent))
                    json_object_del(parent, tok[n - 1]);
                else
                    json_array_remove(parent, at);
            } else {
                json_t *cur = n == 0 ? json_object_get(doc, "d")
                              : json_is_object(parent)
                                  ? json_object_get(parent, tok[n - 1])
                                  : json_array_get(parent, at);
                json_t *next = cur == NULL ? json_integer(1)
                               : json_is_integer(cur)
                                   ? json_integer(json_integer_value(cur) + 1)
                                   : json_real(json_number_value(cur) + 1);

                pt_eq(pt_ok(fd, "dict.incr", "{'oid':1,'key':'d','path':%s}",
                            pt_enc(pt_keep(json_string(path)))),
                      "%s", pt_enc(next));
                if (n == 0)
                    json_object_set_new(doc, "d", next);
                else if (json_is_object(parent))
                    json_object_set_new(parent, tok[n - 1], next);
                else
                    json_array_set_new(parent, at, next);
            }
            if (json_object_get(doc, "d") == NULL)
                pt_err(fd, PT_KEY, "dict.getitem", "{'oid':1,'key':'d'}");
            else
                pt_eq(pt_ok(fd, "dict.getitem", "{'oid':1,'key':'d'}"), "%s",
                      pt_enc(json_object_get(doc, "d")));
            break;
        }
    }
    /* The walk reached values and each kind of error many times. */
    ck_assert_msg(seen[0] > 300 && seen[1] > 100 && seen[2] > 100 &&
                      seen[3] > 100,
                  "found %d, KeyError %d, IndexError %d, TypeError %d", seen[0],
                  seen[1], seen[2], seen[3]);
}
END_TEST

Suite *
suite_paths(void)
{
    Suite *s = suite_create("paths");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, pt_setup, pt_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_paths_deep);
    tcase_add_test(tc, test_paths_concurrent_members);
    tcase_add_test(tc, test_paths_random_model);
    suite_add_tcase(s, tc);
    pt_add_cases(s, "paths");
    return s;
}
