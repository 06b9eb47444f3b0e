/*
 * reply.c: reading a response line into its parts.
 *
 * A reply's envelope is read member by member with the shared JSON reader
 * (common/json.c): only the id, the result and the error become values.
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

int
mpmgr__parse_reply(const char *text, size_t len, struct mpmgr__reply *r,
                   struct mpmgr__json_error *error)
{
    struct mpmgr__json_parser ps;
    int rc = -1;

    memset(r, 0, sizeof(*r));
    mpmgr__json_init(&ps, text, len, JSON_PARSER_MAX_DEPTH);
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
