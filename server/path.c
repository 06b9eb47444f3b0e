/*
 * path.c: JSON Pointers (RFC 6901) into a stored value, so that a client
 * can read or change d["job"]["tries"] in one atomic step.  The rules for
 * errors are those of doc/protocol.md section 6: a missing member is
 * KeyError, a bad array index IndexError, stepping into a scalar TypeError.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mpmgrd.h"

/* Walks a pointer token by token, decoding "~1" and "~0". */
struct cursor {
    const char *path; /* the whole pointer, for messages */
    size_t pathlen;
    const char *p; /* next unread byte, at a '/' */
    const char *end;
    char *tok; /* the current token, decoded */
    size_t toklen;
};

int
path_check(const char *path, size_t len, struct error *e)
{
    size_t i;

    if (len > 0 && path[0] != '/')
        return error_set(e, MPMGR_EINVALIDPARAMS,
                         "path must be empty or start with '/'");
    /* Member names never hold a NUL (values with one are refused when
     * read), so neither may a path: a setitem would make one. */
    if (memchr(path, '\0', len) != NULL)
        return error_set(e, MPMGR_EINVALIDPARAMS,
                         "path cannot hold a NUL byte: no member name does");
    for (i = 0; i < len; i++)
        if (path[i] == '~' &&
            (i + 1 == len || (path[i + 1] != '0' && path[i + 1] != '1')))
            return error_set(e, MPMGR_EINVALIDPARAMS,
                             "path has '~' not followed by '0' or '1'");
    return 0;
}

static void
cursor_init(struct cursor *c, const char *path, size_t len)
{
    c->path = path;
    c->pathlen = len;
    c->p = path;
    c->end = path + len;
    c->tok = xmalloc(len + 1);
    c->toklen = 0;
}

/* Decode the next token.  Returns false when there is none left. */
static bool
cursor_next(struct cursor *c)
{
    const char *q;

    if (c->p >= c->end)
        return false;
    c->toklen = 0;
    for (q = c->p + 1; q < c->end && *q != '/'; q++) {
        if (*q == '~') {
            c->tok[c->toklen++] = q[1] == '1' ? '/' : '~';
            q++;
        } else {
            c->tok[c->toklen++] = *q;
        }
    }
    c->tok[c->toklen] = '\0';
    c->p = q;
    return true;
}

static bool
cursor_at_last(const struct cursor *c)
{
    return c->p >= c->end;
}

static void
cursor_done(struct cursor *c)
{
    free(c->tok);
}

/*
 * An array index token: digits without a leading zero.  Returns the index,
 * or -1 for anything else ("-" included).
 */
static long long
parse_index(const char *tok, size_t len)
{
    long long n = 0;
    size_t i;

    if (len == 0 || (len > 1 && tok[0] == '0'))
        return -1;
    for (i = 0; i < len; i++) {
        if (tok[i] < '0' || tok[i] > '9' || n > (1LL << 53))
            return -1;
        n = n * 10 + (tok[i] - '0');
    }
    return n;
}

static int
index_error(struct cursor *c, struct error *e)
{
    return error_set(e, MPMGR_EINDEX,
                     "list index '%.64s' out of range in "
                     "path '%.200s'",
                     c->tok, c->path);
}

/* The array element named by the current token, or IndexError. */
static int
array_slot(struct cursor *c, json_t *array, size_t *index, struct error *e)
{
    long long i = parse_index(c->tok, c->toklen);

    if (i < 0 || (size_t)i >= json_array_size(array))
        return index_error(c, e);
    *index = (size_t)i;
    return 0;
}

static int
scalar_error(struct cursor *c, json_t *v, struct error *e)
{
    return error_set(e, MPMGR_ETYPE,
                     "cannot step into a '%s' at '%.64s' in "
                     "path '%.200s'",
                     value_type_name(v), c->tok, c->path);
}

static int
member_error(struct cursor *c, struct error *e)
{
    json_t *name = json_stringn_nocheck(c->tok, c->toklen);
    char repr[128];

    value_repr(name, repr, sizeof(repr));
    json_decref(name);
    return error_set(e, MPMGR_EKEY, "%s (in path '%.200s')", repr, c->path);
}

/* Step from *V into the child the current token names. */
static int
step(struct cursor *c, json_t **v, struct error *e)
{
    size_t index;

    if (json_is_object(*v)) {
        json_t *child = json_object_getn(*v, c->tok, c->toklen);

        if (child == NULL)
            return member_error(c, e);
        *v = child;
        return 0;
    }
    if (json_is_array(*v)) {
        if (array_slot(c, *v, &index, e) < 0)
            return -1;
        *v = json_array_get(*v, index);
        return 0;
    }
    return scalar_error(c, *v, e);
}

/*
 * Walk every token but the last; leave the container in *PARENT and the
 * last token current in C.  PATH must not be empty.
 */
static int
walk_to_parent(struct cursor *c, json_t *root, json_t **parent, struct error *e)
{
    json_t *v = root;

    cursor_next(c);
    while (!cursor_at_last(c)) {
        if (step(c, &v, e) < 0)
            return -1;
        cursor_next(c);
    }
    if (!json_is_object(v) && !json_is_array(v))
        return scalar_error(c, v, e);
    *parent = v;
    return 0;
}

int
path_get(json_t *root, const char *path, size_t len, json_t **out,
         struct error *e)
{
    struct cursor c;
    json_t *v = root;
    int rc = 0;

    if (path_check(path, len, e) < 0)
        return -1;
    cursor_init(&c, path, len);
    while (rc == 0 && cursor_next(&c))
        rc = step(&c, &v, e);
    cursor_done(&c);
    if (rc == 0)
        *out = v;
    return rc;
}

/* How many levels below the stored value PATH reaches. */
static int
path_tokens(const char *path, size_t len)
{
    int n = 0;
    size_t i;

    for (i = 0; i < len; i++)
        n += path[i] == '/';
    return n;
}

/* What a jansson setter returned, with E set when it failed: it can only
 * fail on arguments the walk has already checked, so it should not. */
static int
changed(int rc, struct error *e)
{
    if (rc < 0)
        error_set(e, MPMGR_EINTERNAL, "the stored value could not be changed");
    return rc;
}

int
path_set(json_t *root, const char *path, size_t len, json_t *value,
         struct error *e)
{
    struct cursor c;
    json_t *parent;
    size_t index;
    int rc = -1;

    if (path_check(path, len, e) < 0)
        goto done;
    if (path_tokens(path, len) + value_depth(value) > srv.max_depth) {
        error_set(e, MPMGR_ELIMITEXCEEDED,
                  "the stored value would nest deeper than %d levels",
                  srv.max_depth);
        goto done;
    }
    cursor_init(&c, path, len);
    if (walk_to_parent(&c, root, &parent, e) < 0)
        goto out;
    if (json_is_object(parent)) {
        rc = changed(json_object_setn_nocheck(parent, c.tok, c.toklen, value),
                     e);
    } else if (c.toklen == 1 && c.tok[0] == '-') {
        rc = changed(json_array_append(parent, value), e);
    } else if (array_slot(&c, parent, &index, e) == 0) {
        rc = changed(json_array_set(parent, index, value), e);
    }
out:
    cursor_done(&c);
done:
    json_decref(value);
    return rc;
}

int
path_del(json_t *root, const char *path, size_t len, struct error *e)
{
    struct cursor c;
    json_t *parent;
    size_t index;
    int rc = -1;

    if (path_check(path, len, e) < 0)
        return -1;
    cursor_init(&c, path, len);
    if (walk_to_parent(&c, root, &parent, e) < 0)
        goto out;
    if (json_is_object(parent)) {
        if (json_object_getn(parent, c.tok, c.toklen) == NULL)
            member_error(&c, e);
        else
            rc = changed(json_object_deln(parent, c.tok, c.toklen), e);
    } else if (array_slot(&c, parent, &index, e) == 0) {
        rc = changed(json_array_remove(parent, index), e);
    }
out:
    cursor_done(&c);
    return rc;
}

int
path_incr(json_t *root, const char *path, size_t len, const json_t *by,
          json_t **result, struct error *e)
{
    struct cursor c;
    json_t *parent, *old, *sum = NULL, *zero = NULL;
    size_t index = 0;
    int rc = -1;

    if (path_check(path, len, e) < 0)
        return -1;
    cursor_init(&c, path, len);
    if (walk_to_parent(&c, root, &parent, e) < 0)
        goto out;
    if (json_is_object(parent)) {
        old = json_object_getn(parent, c.tok, c.toklen);
        if (old == NULL)
            old = zero = json_integer(0);
    } else if (array_slot(&c, parent, &index, e) == 0) {
        old = json_array_get(parent, index);
    } else {
        goto out;
    }
    sum = number_add(old, by, e);
    if (sum == NULL)
        goto out;
    *result = sum;
    if (json_is_object(parent))
        rc = changed(json_object_setn_new_nocheck(parent, c.tok, c.toklen, sum),
                     e);
    else
        rc = changed(json_array_set_new(parent, index, sum), e);
out:
    json_decref(zero);
    cursor_done(&c);
    return rc;
}
