/*
 * items.c: dict.update's items read straight from the request text.
 *
 * Read as jansson values, a pair such as [[pid, i], i] is five values and
 * two arrays, made only to be written back out as the key's text and
 * freed: two thirds of the server's cost per entry (doc/performance.md,
 * finding 14).  Here each key's compact text is copied from the request
 * as it is read, when the key is made of integers, strings without
 * escapes and arrays of them, which is the text key_make would write.
 * Any other key is read as a value and made by key_make.  Items of any
 * other shape (an object, a pair that is not two long) are left to the
 * ordinary reader, so that dict_update judges them as before.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mpmgrd.h"

struct item {
    size_t key_at, key_len; /* in items.text */
    json_t *value;          /* NULL when the value is INTEGER */
    json_int_t integer;
};

struct items {
    struct item *v;
    size_t n, size;
    struct mpmgr__json_sink text; /* every key's text, one after another */
    bool unhashable;              /* a key with an object inside */
};

/* What each reader here returns: read; a shape left to the ordinary
 * reader (items_read puts the parser back); or an error in the JSON
 * itself, recorded by the parser. */
enum { READ_ERROR = -1, READ_DECLINED = 0, READ_OK = 1 };

static void
text_put(struct items *it, const char *s, size_t n)
{
    mpmgr__json_sink_put(&it->text, s, n);
}

/* The length of the integer at P when it is copied as it stands, which
 * is how jansson writes it: a small integer (see
 * mpmgr__json_small_integer), not -0; else 0. */
static size_t
integer_text(const char *p, const char *end)
{
    json_int_t v;
    size_t n = mpmgr__json_small_integer(p, end, &v);

    return n > 0 && !(v == 0 && *p == '-') ? n : 0;
}

/* An integer at ps->p, copied (see integer_text). */
static int
copy_integer(struct mpmgr__json_parser *ps, struct items *it)
{
    size_t n = integer_text(ps->p, ps->end);

    if (n == 0)
        return READ_DECLINED;
    text_put(it, ps->p, n);
    ps->p += n;
    return READ_OK;
}

/* A string at ps->p, copied when it has no escapes (a raw string the
 * reader accepts needs none on the way out either). */
static int
copy_string(struct mpmgr__json_parser *ps, struct items *it)
{
    const char *open = ps->p, *s;
    size_t len;

    if (mpmgr__json_scan_string(ps, &s, &len) < 0)
        return READ_ERROR;
    if (s != open + 1)
        return READ_DECLINED; /* decoded into the scratch buffer */
    text_put(it, open, len + 2);
    return READ_OK;
}

/*
 * The length of a flat array of small integers written compactly at P,
 * such as "[26525,0]", the most common key; else 0.  It is checked in one
 * pass and copied whole, where copy_key would go element by element.
 */
static size_t
compact_integer_array(const char *p, const char *end)
{
    const char *start = p;
    size_t n;

    do {
        p++; /* past '[' or ',' */
        if ((n = integer_text(p, end)) == 0)
            return 0;
        p += n;
    } while (p < end && *p == ',');
    return p < end && *p == ']' ? (size_t)(p + 1 - start) : 0;
}

/* A key's text at ps->p, compact, as key_make would write it. */
static int
copy_key(struct mpmgr__json_parser *ps, struct items *it)
{
    bool more, failed = false;
    size_t n;
    int rc;

    mpmgr__json_skip_space(ps);
    if (ps->p >= ps->end)
        return READ_DECLINED;
    if (*ps->p == '"')
        return copy_string(ps, it);
    if (*ps->p != '[')
        return copy_integer(ps, it);
    if (ps->depth < ps->max_depth &&
        (n = compact_integer_array(ps->p, ps->end)) > 0) {
        text_put(it, ps->p, n);
        ps->p += n;
        return READ_OK;
    }
    if (!mpmgr__json_descend(ps))
        return READ_ERROR;
    text_put(it, "[", 1);
    for (more = mpmgr__json_open_array(ps); more;
         more = mpmgr__json_next_element(ps, &failed)) {
        if (it->text.data[it->text.len - 1] != '[')
            text_put(it, ",", 1);
        if ((rc = copy_key(ps, it)) != READ_OK)
            return rc;
    }
    if (failed)
        return READ_ERROR;
    text_put(it, "]", 1);
    return READ_OK;
}

/* The key of a pair: copied, or read as a value and made by key_make. */
static int
read_key(struct mpmgr__json_parser *ps, struct items *it)
{
    const char *at = ps->p;
    int depth = ps->depth, rc;
    size_t mark = it->text.len;
    struct error e;
    struct key k;
    json_t *v;

    if ((rc = copy_key(ps, it)) != READ_DECLINED)
        return rc;
    ps->p = at;
    ps->depth = depth;
    it->text.len = mark;
    if ((v = mpmgr__json_value(ps)) == NULL)
        return READ_ERROR;
    if (key_make(&k, v, &e) < 0)
        it->unhashable = true;
    else
        text_put(it, k.text, k.len);
    key_done(&k);
    json_decref(v);
    return READ_OK;
}

/* A pair's value: a small integer is kept as one (most values are). */
static int
read_value(struct mpmgr__json_parser *ps, struct item *item)
{
    size_t n;

    mpmgr__json_skip_space(ps);
    n = mpmgr__json_small_integer(ps->p, ps->end, &item->integer);
    if (n > 0) {
        item->value = NULL;
        ps->p += n;
        return READ_OK;
    }
    item->value = mpmgr__json_value(ps);
    return item->value != NULL ? READ_OK : READ_ERROR;
}

/* One [key, value] pair at ps->p. */
static int
read_pair(struct mpmgr__json_parser *ps, struct items *it)
{
    struct item *item;
    bool failed = false;
    int rc;

    mpmgr__json_skip_space(ps);
    if (ps->p >= ps->end || *ps->p != '[')
        return READ_DECLINED;
    if (!mpmgr__json_descend(ps))
        return READ_ERROR;
    if (!mpmgr__json_open_array(ps))
        return READ_DECLINED; /* [] */
    if (it->n == it->size) {
        it->size = it->size > 0 ? 2 * it->size : 64;
        it->v = xrealloc(it->v, it->size * sizeof(*it->v));
    }
    item = &it->v[it->n];
    item->key_at = it->text.len;
    if ((rc = read_key(ps, it)) != READ_OK)
        return rc;
    item->key_len = it->text.len - item->key_at;
    if (!mpmgr__json_next_element(ps, &failed))
        return failed ? READ_ERROR : READ_DECLINED; /* [key] */
    if ((rc = read_value(ps, item)) != READ_OK)
        return rc;
    it->n++;
    if (mpmgr__json_next_element(ps, &failed))
        return READ_DECLINED; /* a third element */
    return failed ? READ_ERROR : READ_OK;
}

void
items_free(void *p)
{
    struct items *it = p;
    size_t i;

    if (it == NULL)
        return;
    for (i = 0; i < it->n; i++)
        json_decref(it->v[i].value); /* NULL is let be */
    free(it->v);
    free(it->text.data);
    free(it);
}

int
items_read(struct mpmgr__json_parser *ps, void **out)
{
    const char *at = ps->p;
    int depth = ps->depth, rc = READ_OK;
    struct items *it;
    bool more, failed = false;

    if (ps->p >= ps->end || *ps->p != '[')
        return READ_DECLINED;
    if (!mpmgr__json_descend(ps))
        return READ_ERROR;
    it = xcalloc(1, sizeof(*it));
    it->text.grow = xgrow;
    more = mpmgr__json_open_array(ps);
    while (more && (rc = read_pair(ps, it)) == READ_OK)
        more = mpmgr__json_next_element(ps, &failed);
    if (rc == READ_OK && failed)
        rc = READ_ERROR;
    if (rc != READ_OK) {
        items_free(it);
        ps->p = at;
        ps->depth = depth;
        return rc;
    }
    *out = it;
    return READ_OK;
}

int
items_update(struct dict *d, const void *p, struct error *e)
{
    const struct items *it = p;
    struct key k;
    size_t i;

    /* All or nothing, as dict_update. */
    if (it->unhashable)
        return error_set(e, MPMGR_ETYPE, "unhashable type: 'dict'");
    for (i = 0; i < it->n; i++) {
        k.text = it->text.data + it->v[i].key_at;
        k.len = it->v[i].key_len;
        if (it->v[i].value == NULL)
            dict_put_integer(d, &k, it->v[i].integer);
        else
            dict_put(d, &k, json_incref(it->v[i].value));
    }
    return 0;
}
