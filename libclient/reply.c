/*
 * reply.c: reading a response line into its parts.
 *
 * A reply's envelope is read member by member with the shared JSON reader
 * (common/json.c): only the id, the result and the error become values.
 * The usual success, in the order mpmgrd writes it, is read in one pass
 * without the member names.
 * Building the whole envelope as an object first, only to look three
 * members up and free it, was a fifth of the library's cost per call.
 */
#include "config.h"

#include <string.h>

#include "client.h"
#include "json.h"

/* Where the value of the member named K goes; *OTHER for any other name. */
static json_t **
member_slot(struct mpmgr__reply *r, const struct mpmgr__json_key *k,
            json_t **other)
{
    if (k->len == 2 && memcmp(k->text, "id", 2) == 0)
        return &r->id;
    if (k->len == 6 && memcmp(k->text, "result", 6) == 0)
        return &r->result;
    if (k->len == 5 && memcmp(k->text, "error", 5) == 0)
        return &r->error;
    return other;
}

/* One member of the reply: its value into its slot, or dropped. */
static int
read_member(struct mpmgr__json_parser *ps, const struct mpmgr__json_key *k,
            void *arg)
{
    json_t **slot, *other = NULL;
    const char *text;
    size_t len;

    slot = member_slot(arg, k, &other);
    /* A string nobody keeps ("jsonrpc":"2.0") is only scanned. */
    mpmgr__json_skip_space(ps);
    if (slot == &other && ps->p < ps->end && *ps->p == '"')
        return mpmgr__json_scan_string(ps, &text, &len);
    if (*slot != NULL) {
        mpmgr__json_fail(ps, MPMGR_EPARSE, "duplicate object key");
        return -1;
    }
    if ((*slot = mpmgr__json_value(ps)) == NULL)
        return -1;
    json_decref(other); /* "jsonrpc", or a member of a later version */
    return 0;
}

/*
 * The reply as mpmgrd writes a success, {"jsonrpc":"2.0","id":N,
 * "result":...}, read without looking at member names or making a value
 * of the id.  False, with R untouched, for anything else, which the full
 * reader then judges (it also gives the errors).
 */
static bool
read_usual_reply(const char *text, size_t len, struct mpmgr__reply *r)
{
    static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":";
    static const char result[] = ",\"result\":";
    const char *p = text + sizeof(head) - 1, *end = text + len;
    struct mpmgr__json_parser ps;
    json_int_t id;
    json_t *v = NULL;
    bool done = false;
    size_t n;

    if (len < sizeof(head) - 1 || memcmp(text, head, sizeof(head) - 1) != 0 ||
        (n = mpmgr__json_small_integer(p, end, &id)) == 0)
        return false;
    p += n;
    if ((size_t)(end - p) < sizeof(result) - 1 ||
        memcmp(p, result, sizeof(result) - 1) != 0)
        return false;
    mpmgr__json_init(&ps, text, len, MPMGR__REPLY_MAX_DEPTH);
    ps.p = p + sizeof(result) - 1;
    ps.depth = 1; /* inside the envelope, as for the full reader */
    if ((v = mpmgr__json_value(&ps)) != NULL) {
        mpmgr__json_skip_space(&ps);
        if (ps.p < ps.end && *ps.p == '}') {
            ps.p++;
            mpmgr__json_skip_space(&ps);
            done = ps.p == ps.end;
        }
    }
    mpmgr__json_done(&ps);
    if (!done) {
        json_decref(v);
        return false;
    }
    r->id_is_int = true;
    r->id_value = id;
    r->result = v;
    return true;
}

int
mpmgr__parse_reply(const char *text, size_t len, struct mpmgr__reply *r,
                   struct mpmgr__json_error *error)
{
    struct mpmgr__json_parser ps;
    int rc = -1;

    memset(r, 0, sizeof(*r));
    if (read_usual_reply(text, len, r))
        return 0;
    mpmgr__json_init(&ps, text, len, MPMGR__REPLY_MAX_DEPTH);
    mpmgr__json_skip_space(&ps);
    if (ps.p >= ps.end || *ps.p != '{')
        mpmgr__json_fail(&ps, MPMGR_EPARSE, "a reply must be a JSON object");
    else if (mpmgr__json_read_object(&ps, read_member, r) == 0) {
        mpmgr__json_skip_space(&ps);
        if (ps.p < ps.end)
            mpmgr__json_fail(&ps, MPMGR_EPARSE, "end of input expected");
        else
            rc = 0;
    }
    mpmgr__json_done(&ps);
    *error = ps.error;
    if (rc < 0)
        mpmgr__reply_clear(r);
    return rc;
}

void
mpmgr__reply_clear(struct mpmgr__reply *r)
{
    json_decref(r->id);
    json_decref(r->result);
    json_decref(r->error);
    memset(r, 0, sizeof(*r));
}
