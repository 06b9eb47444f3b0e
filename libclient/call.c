/*
 * call.c: one request and its reply over a connection's socket, and the
 * pipeline that queues many requests for one write.  Every wait is bounded
 * by a deadline, and any failure of the transport breaks the connection,
 * so a call never hangs on a dead server and never reads a stale reply.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "json.h"

/* ======================================================================
 * Socket I/O
 * ====================================================================== */

/*
 * Wait until M's socket is ready for EVENTS or DEADLINE passes.  Returns
 * the revents, or MPMGR_ETIMEDOUT / MPMGR_ESYS with the connection broken.
 */
static int
wait_io(mpmgr_t *m, short events, int64_t deadline)
{
    struct pollfd pfd = {.fd = m->fd, .events = events};
    int64_t left;
    int n;

    for (;;) {
        left = deadline == INT64_MAX ? -1 : deadline - mpmgr__now_ms();
        /* A deadline already passed polls once: -1 would wait for ever. */
        if (deadline != INT64_MAX && left < 0)
            left = 0;
        n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
        if (n > 0)
            return pfd.revents;
        if (n == 0 && (deadline == INT64_MAX || mpmgr__now_ms() < deadline))
            continue;
        if (n == 0) {
            mpmgr__break(m);
            return mpmgr__fail(m, MPMGR_ETIMEDOUT, "no reply from %s in time",
                               m->addr.text);
        }
        if (errno != EINTR) {
            mpmgr__fail_errno(m, MPMGR_ESYS, "poll");
            mpmgr__break(m);
            return MPMGR_ESYS;
        }
    }
}

/*
 * Read into m->in what the socket has, or with WAIT, block until something
 * comes.  0, or MPMGR_ECLOSED on EOF or error (the connection is broken);
 * with KEEP, 1 at EOF, the connection and what was read left as they are,
 * for the replies to be read first.
 */
static int
read_some(mpmgr_t *m, int wait, int keep)
{
    ssize_t n;
    int rc;

    if ((rc = mpmgr__buf_reserve(&m->in, 65536)) < 0)
        return mpmgr__fail(m, rc, "out of memory reading a reply");
    do
        n = recv(m->fd, m->in.data + m->in.len, m->in.size - m->in.len,
                 wait ? 0 : MSG_DONTWAIT);
    while (n < 0 && errno == EINTR && wait);
    if (n > 0) {
        m->in.len += (size_t)n;
        return 0;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    if (n == 0 && keep)
        return 1;
    rc = mpmgr__fail_sys(m, MPMGR_ECLOSED, n < 0 ? errno : 0,
                         "connection to %s closed by the server%s%s",
                         m->addr.text, n < 0 ? ": " : "",
                         n < 0 ? strerror(errno) : "");
    mpmgr__break(m);
    return rc;
}

/*
 * DEADLINE, moved on by a reply timeout from now: the timeout is for each
 * reply, so a long pipeline that is still being taken in has not timed out.
 */
static int64_t
later_deadline(const mpmgr_t *m, int64_t deadline)
{
    int64_t fresh = mpmgr__deadline(m->reply_timeout_ms);

    return fresh > deadline ? fresh : deadline;
}

/*
 * Write all of m->out.  The socket is tried first, and polled only when it
 * is full.  Then replies are read while waiting, because a server that
 * stops reading until its output drains would otherwise wait for us while
 * we wait for it.  *DEADLINE moves on with the progress made around each
 * wait, and once more at the end when there was a wait, for the reply.
 */
static int
flush_out(mpmgr_t *m, int64_t *deadline)
{
    struct mpmgr__buf *b = &m->out;
    bool moved = false, waited = false;
    ssize_t n;
    int ev, rc;

    mpmgr__spin_sent(&m->spin);
    while (b->start < b->len) {
        n = send(m->fd, b->data + b->start, b->len - b->start,
                 MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n >= 0) {
            b->start += (size_t)n;
            moved = true;
            continue;
        }
        if (errno == EINTR)
            continue;
        /* The server hung up, perhaps after saying why (a message over
         * its limit gets LimitExceeded, then the close): the rest is not
         * wanted, and the replies, that error or the end, tell the rest. */
        if (errno == EPIPE || errno == ECONNRESET)
            break;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            rc = mpmgr__fail_sys(m, MPMGR_ECLOSED, errno,
                                 "cannot write to %s: %s", m->addr.text,
                                 strerror(errno));
            mpmgr__break(m);
            return rc;
        }
        /* The clock is read only when there is a wait to bound. */
        if (moved)
            *deadline = later_deadline(m, *deadline);
        moved = false;
        waited = true;
        if ((ev = wait_io(m, POLLIN | POLLOUT, *deadline)) < 0)
            return ev;
        if (ev & (POLLIN | POLLHUP | POLLERR)) {
            if ((rc = read_some(m, 0, 1)) < 0)
                return rc;
            if (rc == 1) /* hung up: as for EPIPE above */
                break;
            moved = true;
        }
    }
    if (waited)
        *deadline = later_deadline(m, *deadline);
    mpmgr__buf_reset(b);
    return 0;
}

/*
 * Take the next line out of m->in, reading as needed: *LINE points into
 * the buffer, valid until the next read.  Empty lines and a CR before the
 * LF are skipped, as the protocol allows.
 */
static int
read_line(mpmgr_t *m, int64_t deadline, const char **line, size_t *len)
{
    struct mpmgr__buf *b = &m->in;
    char *nl;
    int rc;

    for (;;) {
        *line = b->data + b->start;
        nl = b->len > b->start ? memchr(*line, '\n', b->len - b->start) : NULL;
        if (nl == NULL) {
            /* A reply that comes while we watch costs no wake-up. */
            if (mpmgr__spin_wait(&m->spin, m->fd)) {
                if ((rc = read_some(m, 0, 0)) < 0)
                    return rc;
                continue;
            }
            /* Without a deadline a blocking recv() is all it takes: one
             * system call per reply instead of poll() and recv(). */
            if (deadline != INT64_MAX &&
                (rc = wait_io(m, POLLIN, deadline)) < 0)
                return rc;
            if ((rc = read_some(m, deadline == INT64_MAX, 0)) < 0)
                return rc;
            continue;
        }
        *len = (size_t)(nl - *line);
        b->start += *len + 1;
        if (*len > 0 && (*line)[*len - 1] == '\r')
            (*len)--;
        if (*len > 0)
            return 0;
    }
}

/* A reply or message that could not be read breaks the connection. */
static int
unreadable(mpmgr_t *m, const struct mpmgr__json_error *jerr)
{
    int rc;

    if (jerr->code == MPMGR_ENOMEM)
        rc = mpmgr__fail(m, MPMGR_ENOMEM, "out of memory reading a reply");
    else
        rc = mpmgr__fail(m, MPMGR_EPROTO, "bad reply from %s: %s", m->addr.text,
                         jerr->text);
    mpmgr__break(m);
    return rc;
}

/* The next message, whatever its shape: a new reference in *MSG. */
int
mpmgr__read_message(mpmgr_t *m, int64_t deadline, json_t **msg)
{
    struct mpmgr__json_error jerr;
    const char *line;
    size_t len;
    int rc;

    if ((rc = read_line(m, deadline, &line, &len)) < 0)
        return rc;
    *msg = mpmgr__json_parse(line, len, MPMGR__REPLY_MAX_DEPTH, &jerr);
    return *msg != NULL ? 0 : unreadable(m, &jerr);
}

/* ======================================================================
 * Requests and replies
 * ====================================================================== */

/*
 * The outcome of reply R to request ID: 0 and a new reference in *RESULT,
 * or the server's error code with its message kept in M.  A reply to
 * another request breaks the connection: the stream is out of step.
 */
static int
decode_reply(mpmgr_t *m, struct mpmgr__reply *r, int64_t id, json_t **result)
{
    json_t *err = r->error;
    const char *text, *type;
    int rc;

    if (r->id_is_int
            ? r->id_value == id
            : json_is_integer(r->id) && json_integer_value(r->id) == id) {
        if (r->result != NULL && err == NULL) {
            *result = r->result;
            r->result = NULL;
            return 0;
        }
    } else if (!(json_is_null(r->id) && json_is_object(err))) {
        rc = mpmgr__fail(m, MPMGR_EPROTO, "reply from %s is out of order",
                         m->addr.text);
        mpmgr__break(m);
        return rc;
    }
    if (!json_is_object(err)) {
        rc = mpmgr__fail(m, MPMGR_EPROTO, "malformed reply from %s",
                         m->addr.text);
        mpmgr__break(m);
        return rc;
    }
    text = json_string_value(json_object_get(err, "message"));
    type = json_string_value(
        json_object_get(json_object_get(err, "data"), "type"));
    rc = mpmgr__code_from_type(
        type, json_integer_value(json_object_get(err, "code")));
    /* An error with id null (LimitExceeded for a message nested too
     * deep, say) stands in for the reply to this request: the stream is
     * still in step.  If the server closes after it, the next call says so. */
    mpmgr__set_errmsg(m, text != NULL ? text : mpmgr_strerror(rc));
    return rc;
}

/* Read the next line and decode it as the reply to ID. */
static int
read_reply(mpmgr_t *m, int64_t id, int64_t deadline, json_t **result)
{
    struct mpmgr__json_error jerr;
    struct mpmgr__reply r;
    const char *line;
    size_t len;
    int rc;

    if ((rc = read_line(m, deadline, &line, &len)) < 0)
        return rc;
    if (mpmgr__parse_reply(line, len, &r, &jerr) < 0)
        return unreadable(m, &jerr);
    rc = decode_reply(m, &r, id, result);
    mpmgr__reply_clear(&r);
    return rc;
}

/* A request's line is in m->out: send it and wait for reply ID. */
static int
exchange(mpmgr_t *m, int64_t id, int64_t deadline, json_t **result)
{
    int rc;

    if ((rc = flush_out(m, &deadline)) < 0)
        return rc;
    return read_reply(m, id, deadline, result);
}

/*
 * Send one request and wait for its reply on an open connection, without
 * the fork check (the handshake uses this too).
 */
int
mpmgr__io_request(mpmgr_t *m, const char *method, int64_t oid, json_t *params,
                  int64_t deadline, json_t **result)
{
    int64_t id = m->next_id++;
    int rc;

    if (m->fd < 0)
        return mpmgr__closed(m);
    if ((rc = mpmgr__encode_request(m, id, method, oid, params)) < 0)
        return rc;
    return exchange(m, id, deadline, result);
}

/* ======================================================================
 * Pipelines
 * ====================================================================== */

static void
clear_slots(mpmgr_t *m)
{
    size_t i;

    for (i = 0; i < m->nslots; i++) {
        json_decref(m->slots[i].result);
        free(m->slots[i].message);
    }
    m->nslots = 0;
}

/* Room for one more slot in M's pipeline. */
static int
reserve_slot(mpmgr_t *m, const char *method)
{
    struct mpmgr__slot *s;
    size_t size;

    if (m->nslots < m->slots_size)
        return 0;
    size = m->slots_size > 0 ? 2 * m->slots_size : 64;
    if ((s = realloc(m->slots, size * sizeof(*s))) == NULL)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory queueing %s",
                           method);
    m->slots = s;
    m->slots_size = size;
    return 0;
}

/* The request just encoded, with id m->next_id, takes the next slot. */
static void
add_slot(mpmgr_t *m, int hidden)
{
    struct mpmgr__slot *s = &m->slots[m->nslots++];

    memset(s, 0, sizeof(*s));
    s->id = m->next_id++;
    s->hidden = hidden;
}

/* Queue a request in the pipeline; HIDDEN marks an implicit attach. */
static int
queue_request(mpmgr_t *m, const char *method, int64_t oid, json_t *params,
              int hidden)
{
    int rc;

    if ((rc = reserve_slot(m, method)) < 0 ||
        (rc = mpmgr__encode_request(m, m->next_id, method, oid, params)) < 0)
        return rc;
    add_slot(m, hidden);
    return 0;
}

int
mpmgr_pipeline_begin(mpmgr_t *m)
{
    int rc;

    if (m == NULL)
        return mpmgr__null_handle();
    if (mpmgr__pipelining(m))
        return mpmgr__fail(m, MPMGR_EINVAL, "already pipelining");
    if ((rc = mpmgr__ensure(m)) < 0)
        return rc;
    clear_slots(m);
    m->pipelining = 1;
    return 0;
}

/* Read every queued reply into its slot; after a transport failure every
 * remaining slot gets that failure. */
static int
collect_replies(mpmgr_t *m)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < m->nslots; i++) {
        struct mpmgr__slot *s = &m->slots[i];

        if (rc == 0 || m->fd >= 0)
            s->code = read_reply(m, s->id, mpmgr__deadline(m->reply_timeout_ms),
                                 &s->result);
        else
            s->code = rc;
        if (s->code < 0 && (s->message = strdup(mpmgr_errmsg(m))) == NULL)
            s->code = MPMGR_ENOMEM;
        if (s->code < 0 && m->fd < 0 && rc == 0)
            rc = s->code;
    }
    return rc;
}

/* Drop the implicit attaches so that indices match the caller's calls. */
static void
drop_hidden(mpmgr_t *m)
{
    size_t i, j = 0;

    for (i = 0; i < m->nslots; i++) {
        if (!m->slots[i].hidden) {
            m->slots[j++] = m->slots[i];
            continue;
        }
        json_decref(m->slots[i].result);
        free(m->slots[i].message);
    }
    m->nslots = j;
}

int
mpmgr_pipeline_exec(mpmgr_t *m, size_t *count)
{
    int64_t deadline;
    int rc;

    if (m == NULL)
        return mpmgr__null_handle();
    if (!mpmgr__pipelining(m))
        return mpmgr__fail(m, MPMGR_EINVAL, "not pipelining");
    m->pipelining = 0;
    deadline = mpmgr__deadline(m->reply_timeout_ms);
    rc = m->fd < 0 ? MPMGR_ECLOSED : flush_out(m, &deadline);
    if (rc == 0)
        rc = collect_replies(m);
    else {
        size_t i;

        for (i = 0; i < m->nslots; i++) {
            m->slots[i].code = rc;
            m->slots[i].message = strdup(mpmgr_errmsg(m));
        }
    }
    drop_hidden(m);
    if (count != NULL)
        *count = m->nslots;
    return rc;
}

int
mpmgr_pipeline_result(mpmgr_t *m, size_t index, json_t **result)
{
    struct mpmgr__slot *s;

    if (m == NULL)
        return mpmgr__null_handle();
    if (mpmgr__pipelining(m) || index >= m->nslots)
        return mpmgr__fail(m, MPMGR_EINVAL, "no pipelined result %zu", index);
    s = &m->slots[index];
    if (s->code < 0) {
        mpmgr__set_errmsg(m, s->message != NULL ? s->message
                                                : mpmgr_strerror(s->code));
        return s->code;
    }
    if (result != NULL)
        *result = json_incref(s->result);
    return 0;
}

/* Free a connection's pipeline state (used by mpmgr_close). */
void
mpmgr__pipeline_free(mpmgr_t *m)
{
    clear_slots(m);
    free(m->slots);
    m->slots = NULL;
    m->slots_size = 0;
    m->pipelining = 0;
}

/* ======================================================================
 * Calls
 * ====================================================================== */

/*
 * Send METHOD with PARAMS (stolen: the callers build it for this call),
 * plus "oid": OID unless OID is 0, and wait until DEADLINE for the reply. While
 * pipelining the request is only queued: the result is 0 and *RESULT is NULL,
 * which the take_* helpers pass through without touching the caller's
 * out-parameters.
 */
int
mpmgr__call_timed(mpmgr_t *m, const char *method, int64_t oid, json_t *params,
                  int64_t deadline, json_t **result)
{
    int rc;

    *result = NULL;
    if (params == NULL)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory building %s",
                           method);
    if (mpmgr__pipelining(m))
        rc = queue_request(m, method, oid, params, 0);
    else if ((rc = mpmgr__ensure(m)) == 0)
        rc = mpmgr__io_request(m, method, oid, params, deadline, result);
    json_decref(params);
    return rc;
}

/*
 * mpmgr__call_timed for params already written as MEMBERS (LEN bytes, by
 * mpmgr__encode_members), on a connection the caller has made ready.
 */
int
mpmgr__call_members(mpmgr_t *m, const char *method, int64_t oid,
                    const char *members, size_t len, int64_t deadline,
                    json_t **result)
{
    int64_t id = m->next_id;
    int rc;

    *result = NULL;
    if (mpmgr__pipelining(m)) {
        if ((rc = reserve_slot(m, method)) < 0 ||
            (rc = mpmgr__encode_request_members(m, id, method, oid, members,
                                                len)) < 0)
            return rc;
        add_slot(m, 0);
        return 0;
    }
    if (m->fd < 0)
        return mpmgr__closed(m);
    if ((rc = mpmgr__encode_request_members(m, id, method, oid, members, len)) <
        0)
        return rc;
    m->next_id++;
    return exchange(m, id, deadline, result);
}

int
mpmgr__call(mpmgr_t *m, const char *method, json_t *params, json_t **result)
{
    return mpmgr__call_timed(m, method, 0, params,
                             mpmgr__deadline(m->reply_timeout_ms), result);
}

/* Queue an attach the caller did not ask for (see reattach in proxy.c). */
int
mpmgr__queue_hidden(mpmgr_t *m, const char *method, json_t *params)
{
    int rc;

    if (params == NULL)
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory building %s",
                           method);
    rc = queue_request(m, method, 0, params, 1);
    json_decref(params);
    return rc;
}

int
mpmgr_call(mpmgr_t *m, const char *method, json_t *params, json_t **result)
{
    json_t *res, *p;
    int rc;

    if (m == NULL)
        return mpmgr__null_handle();
    if (method == NULL || (params != NULL && !json_is_object(params)))
        return mpmgr__fail(m, MPMGR_EINVAL,
                           "mpmgr_call needs a method and an object of "
                           "params");
    p = params != NULL ? json_incref(params) : json_object();
    if ((rc = mpmgr__call(m, method, p, &res)) < 0)
        return rc;
    return mpmgr__take_value(res, result);
}
