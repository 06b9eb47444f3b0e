/*
 * conn.c: client connections.  Each connection is one session: it frames
 * input into lines, hands complete lines to rpc.c in turns so that no
 * client holds up the others, keeps replies in request order, applies
 * back-pressure to clients that do not read, and, when it ends for any
 * reason, gives back everything the session held
 * (session_end).  A connection is freed only from its own event callbacks,
 * never from inside request processing.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <utlist.h>

#include "auth.h"
#include "mpmgrd.h"

/* How much one read takes from the socket. */
#define READ_SIZE 65536
/* How long a closing connection may take to drain and hang up. */
#define CLOSE_GRACE_SECONDS 5
/* How often a client we do not read from is looked at for a hang-up. */
#define HANGUP_CHECK_USEC 200000
/* How long a stopping server waits for queued replies to be written. */
#define STOP_DRAIN_SECONDS 2

struct conn *conns;
size_t nconns;
static struct conn *closing_conns;
static uint64_t next_session = 1;

static void conn_read_cb(evutil_socket_t, short, void *);
static void conn_write_cb(evutil_socket_t, short, void *);
static void conn_resume_cb(evutil_socket_t, short, void *);
static void conn_timer_cb(evutil_socket_t, short, void *);
static void conn_hangup_cb(evutil_socket_t, short, void *);

/* The longest line C may send now: small until it has authenticated. */
static size_t
line_limit(const struct conn *c)
{
    if (!c->authenticated && srv.max_message > MPMGR__PREAUTH_MAX_LINE)
        return MPMGR__PREAUTH_MAX_LINE;
    return srv.max_message;
}

static void
describe_peer(struct conn *c, const struct sockaddr *sa, int salen,
              const char *listen_addr)
{
    if (sa->sa_family == AF_UNIX) {
        struct ucred cred;
        socklen_t len = sizeof(cred);

        snprintf(c->peer, sizeof(c->peer), "%s", listen_addr);
        if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
            c->has_cred = true;
            c->peer_pid = cred.pid;
            c->peer_uid = cred.uid;
        }
        return;
    }
    mpmgr__addr_format_tcp(sa, (socklen_t)salen, c->peer, sizeof(c->peer));
}

/* Past --max-clients: one LimitExceeded line, written as it goes, and close. */
static void
refuse(int fd)
{
    struct evbuffer *out = evbuffer_new();
    struct conn tmp = {.fd = fd, .out = out};

    rpc_send_error_line(&tmp, MPMGR_ELIMITEXCEEDED,
                        "too many clients (the limit is %u)", srv.max_clients);
    evbuffer_write(out, fd);
    evbuffer_free(out);
    evutil_closesocket(fd);
}

void
conn_accept(int fd, const struct sockaddr *sa, int salen,
            const char *listen_addr)
{
    struct conn *c;
    int one = 1;

    if (nconns >= srv.max_clients) {
        log_debug("refusing a client: %zu connections open", nconns);
        refuse(fd);
        return;
    }
    c = xcalloc(1, sizeof(*c));
    c->fd = fd;
    c->session = next_session++;
    c->pid = -1;
    c->since = now_wall();
    c->in = evbuffer_new();
    c->out = evbuffer_new();
    c->ev_read = event_new(srv.base, fd, EV_READ | EV_PERSIST, conn_read_cb, c);
    c->ev_write =
        event_new(srv.base, fd, EV_WRITE | EV_PERSIST, conn_write_cb, c);
    c->ev_resume = event_new(srv.base, -1, 0, conn_resume_cb, c);
    c->ev_timer = evtimer_new(srv.base, conn_timer_cb, c);
    c->ev_hangup = event_new(srv.base, -1, EV_PERSIST, conn_hangup_cb, c);
    if (c->in == NULL || c->out == NULL || c->ev_read == NULL ||
        c->ev_write == NULL || c->ev_resume == NULL || c->ev_timer == NULL ||
        c->ev_hangup == NULL)
        fatalx("out of memory accepting a client");
    if (sa->sa_family != AF_UNIX)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    describe_peer(c, sa, salen, listen_addr);
    if (mpmgr__random_bytes(c->nonce, sizeof(c->nonce)) < 0)
        fatalx("cannot draw a random nonce");
    c->authenticated = srv.authkey == NULL;
    if (!c->authenticated) {
        struct timeval tv;

        tv.tv_sec = (time_t)srv.auth_timeout;
        tv.tv_usec =
            (suseconds_t)((srv.auth_timeout - (double)tv.tv_sec) * 1e6);
        evtimer_add(c->ev_timer, &tv);
    }
    DL_APPEND(conns, c);
    nconns++;
    log_debug("session %llu: connected from %s", (unsigned long long)c->session,
              c->peer);
    rpc_send_greeting(c);
    event_add(c->ev_read, NULL);
    c->reading = true;
    conn_flush(c);
}

/*
 * The one place that gives back what a session held: its parked acquire,
 * the locks it holds (each goes to its next waiter at once), and its
 * references (which frees unnamed objects nobody else references).
 */
static void
session_end(struct conn *c)
{
    lock_cancel_wait(c);
    lock_release_all(c);
    ref_drop_all(c);
    rpc_batch_end(c);
    DL_DELETE(conns, c);
    DL_APPEND(closing_conns, c);
    nconns--;
    log_debug("session %llu: ended", (unsigned long long)c->session);
}

void
conn_close(struct conn *c)
{
    struct timeval grace = {CLOSE_GRACE_SECONDS, 0};

    if (c->closing)
        return;
    c->closing = true;
    session_end(c);
    evtimer_add(c->ev_timer, &grace);
}

static void
conn_free(struct conn *c)
{
    DL_DELETE(closing_conns, c);
    event_free(c->ev_read);
    event_free(c->ev_write);
    event_free(c->ev_resume);
    event_free(c->ev_timer);
    event_free(c->ev_hangup);
    evbuffer_free(c->in);
    evbuffer_free(c->out);
    evutil_closesocket(c->fd);
    free(c->client);
    free(c);
}

void
conn_flush(struct conn *c)
{
    while (!c->broken && evbuffer_get_length(c->out) > 0) {
        int n = evbuffer_write(c->out, c->fd);

        if (n > 0)
            continue;
        if (n < 0 &&
            (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            break;
        /* The client is gone: nothing more can reach it. */
        c->broken = true;
        c->eof = true;
        conn_close(c);
    }
    if (c->broken)
        evbuffer_drain(c->out, evbuffer_get_length(c->out));
    if (evbuffer_get_length(c->out) > 0)
        event_add(c->ev_write, NULL);
    else
        event_del(c->ev_write);
}

/*
 * Decide whether to read from C.  A live session reads unless its replies
 * are backed up (back-pressure), its input buffer is full, or the client
 * has hung up; a closing one reads only to notice the client's hang-up.
 * A live session that does not read still watches for a hang-up, which
 * must end a wait at once (conn_hangup_cb).
 */
static void
update_reading(struct conn *c)
{
    static const struct timeval hangup_every = {0, HANGUP_CHECK_USEC};
    bool want;

    if (c->closing)
        want = !c->eof && !c->broken;
    else
        want = !c->paused && !c->eof &&
               evbuffer_get_length(c->in) <= line_limit(c) + READ_SIZE;
    /* Only the changes touch the events: this runs after every request. */
    if (want && !c->reading) {
        event_add(c->ev_read, NULL);
        event_del(c->ev_hangup);
    } else if (!want && c->reading) {
        event_del(c->ev_read);
        if (!c->closing && !c->eof && !c->hangup)
            event_add(c->ev_hangup, &hangup_every);
    }
    c->reading = want;
}

/*
 * Called at the end of every callback: send what is queued, adjust reading,
 * and free a closed connection once its output is gone and the client has
 * hung up (or the grace timer gave up on it).  C may be freed on return.
 */
static void
conn_settle(struct conn *c)
{
    conn_flush(c);
    /* Replies drained below half of --max-output: read and run again.
     * This also covers a flush that sent everything at once, after which
     * no write event would come. */
    if (c->paused && evbuffer_get_length(c->out) <= srv.max_output / 2) {
        c->paused = false;
        conn_resume(c);
    }
    update_reading(c);
    if (!c->closing)
        return;
    if (!c->broken && evbuffer_get_length(c->out) > 0)
        return;
    if (!c->broken && !c->eof) {
        /* Hang up our side, then wait for the client's EOF, so that the
         * last reply is not lost to a reset. */
        if (!c->shut && shutdown(c->fd, SHUT_WR) == 0)
            c->shut = true;
        if (c->shut)
            return;
    }
    conn_free(c);
}

/*
 * Find the next complete line in C's input and run it.  Returns true when a
 * line was consumed; false when no complete line is there yet (or the line
 * is over the limit, in which case C is closing).
 */
static bool
run_next_line(struct conn *c)
{
    size_t avail = evbuffer_get_length(c->in), limit = line_limit(c);
    struct evbuffer_ptr start, found;
    struct evbuffer_iovec first;
    size_t linelen, len;
    const char *line;

    if (avail == 0 || c->scanned >= avail)
        return false;
    /* Usually the whole line sits in the first chunk: look there first. */
    if (evbuffer_peek(c->in, -1, NULL, &first, 1) >= 1 &&
        first.iov_len > c->scanned) {
        const char *nl = memchr((char *)first.iov_base + c->scanned, '\n',
                                first.iov_len - c->scanned);

        if (nl != NULL) {
            linelen = (size_t)(nl - (char *)first.iov_base);
            goto found_line;
        }
    }
    evbuffer_ptr_set(c->in, &start, c->scanned, EVBUFFER_PTR_SET);
    found = evbuffer_search(c->in, "\n", 1, &start);
    if (found.pos < 0) {
        c->scanned = avail;
        /* One byte over may be the CR of a line at the limit. */
        if (avail > limit + 1)
            goto too_long;
        return false;
    }
    linelen = (size_t)found.pos;
found_line:
    if (linelen > limit + 1)
        goto too_long;
    line = (const char *)evbuffer_pullup(c->in, (ev_ssize_t)linelen + 1);
    if (line == NULL)
        goto no_memory;
    len = linelen;
    /* The message is the line without its CR, which the limit ignores. */
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (len > limit)
        goto too_long;
    if (len > 0)
        rpc_line(c, line, len);
    evbuffer_drain(c->in, linelen + 1);
    c->scanned = 0;
    return true;

too_long:
    if (c->authenticated)
        rpc_send_error_line(c, MPMGR_ELIMITEXCEEDED,
                            "message longer than %zu bytes", limit);
    else
        rpc_send_error_line(c, MPMGR_ELIMITEXCEEDED,
                            "message longer than %zu bytes before hello",
                            limit);
    goto refuse;

no_memory:
    /* A long line is made contiguous before it is read; when that fails,
     * the line is refused and the stored values stay as they are. */
    log_warn("session %llu: no memory for a message of %zu bytes",
             (unsigned long long)c->session, linelen);
    rpc_send_error_line(c, MPMGR_ELIMITEXCEEDED,
                        "the server has no memory for a message of %zu bytes",
                        linelen);
refuse:
    evbuffer_drain(c->in, evbuffer_get_length(c->in));
    conn_close(c);
    return false;
}

/*
 * A turn: a connection runs at most TURN_REQUESTS requests (lines or batch
 * elements) before the other clients get theirs, and, when its requests
 * are slow ones, at most about TURN_SECONDS, timed from its TURN_CHECK-th
 * request and checked at every TURN_CHECK-th, so that a client sending one
 * request at a time reads no clock and slow requests run a few per turn.
 */
#define TURN_REQUESTS 64
#define TURN_CHECK 2
#define TURN_SECONDS 0.001

/* After N requests of a turn, at every TURN_CHECK-th: is the turn over? */
static bool
turn_over(int n, double *deadline)
{
    double now;

    if (n >= TURN_REQUESTS)
        return true;
    now = now_monotonic();
    if (*deadline == 0)
        *deadline = now + TURN_SECONDS;
    return now >= *deadline;
}

/*
 * Run C's queued input, line after line and batch element after element,
 * until it is used up, a request waits for a lock, the replies back up past
 * --max-output, the turn is over, or the session ends.  The lines of a
 * turn all run before anything is written, so pipelined requests cost one
 * write.  A turn that ends with input left goes on after the event loop has
 * looked at the other clients (conn_resume).
 */
static void
conn_process(struct conn *c)
{
    double deadline = 0;
    bool used_up = false;
    int n = 0;

    while (!c->closing && c->waiting == NULL && !srv.stopping) {
        if (evbuffer_get_length(c->out) > srv.max_output) {
            c->paused = true;
            break;
        }
        if (c->batch != NULL)
            rpc_batch_step(c);
        else if (!run_next_line(c)) {
            used_up = true;
            break;
        }
        if (++n % TURN_CHECK == 0 && turn_over(n, &deadline)) {
            conn_resume(c);
            return;
        }
    }
    /* A client that hung up gets the replies to all it sent before, but
     * not a wait: a crashed client looks the same, and its wait would
     * keep its locks held. */
    if (!c->closing &&
        ((c->eof && used_up) || ((c->eof || c->hangup) && c->waiting != NULL)))
        conn_close(c);
}

static void
conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
    struct conn *c = arg;
    struct evbuffer_iovec vec[2];
    int nvec, i;
    ssize_t n;

    nvec = evbuffer_reserve_space(c->in, READ_SIZE, vec, 2);
    if (nvec < 0)
        fatalx("out of memory reading from a client");
    n = readv(fd, (struct iovec *)vec, nvec);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (n <= 0) {
        /* EOF or a reset.  After an EOF the complete lines already here
         * still run (conn_process closes when they are done); a last line
         * without LF is discarded. */
        evbuffer_commit_space(c->in, vec, 0);
        c->eof = true;
        if (n < 0) {
            c->broken = true;
            conn_close(c);
        } else {
            conn_process(c);
        }
        conn_settle(c);
        return;
    }
    for (i = 0; i < nvec; i++) {
        size_t take = (size_t)n < vec[i].iov_len ? (size_t)n : vec[i].iov_len;

        vec[i].iov_len = take;
        n -= (ssize_t)take;
    }
    evbuffer_commit_space(c->in, vec, nvec);
    if (c->closing)
        evbuffer_drain(c->in, evbuffer_get_length(c->in));
    else
        conn_process(c);
    conn_settle(c);
}

static void
conn_write_cb(evutil_socket_t fd, short what, void *arg)
{
    conn_settle(arg);
}

static void
conn_resume_cb(evutil_socket_t fd, short what, void *arg)
{
    struct conn *c = arg;

    conn_process(c);
    conn_settle(c);
}

/* A zero timeout, unlike event_active, waits for the event loop's next
 * poll: the other clients get their turn first. */
void
conn_resume(struct conn *c)
{
    static const struct timeval next_loop = {0, 0};

    event_add(c->ev_resume, &next_loop);
}

/* Before hello: the auth timeout.  After conn_close: the grace ran out. */
static void
conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
    struct conn *c = arg;

    if (c->closing) {
        c->broken = true;
    } else {
        rpc_send_error_line(c, MPMGR_EAUTHFAILED,
                            "no successful hello within %g second%s",
                            srv.auth_timeout, srv.auth_timeout == 1 ? "" : "s");
        conn_close(c);
    }
    conn_settle(c);
}

/*
 * While we do not read from C (its input is unread, or its replies are
 * backed up), look every HANGUP_CHECK_USEC for a hang-up or a reset.  A
 * request waiting for a lock then ends the session, as after an EOF
 * (conn_process); otherwise the input still queued runs, and the EOF is
 * read after it.  A timer, not an EV_CLOSED event: a reset would wake
 * epoll for ever with an error that event never gets.
 */
static void
conn_hangup_cb(evutil_socket_t fd, short what, void *arg)
{
    struct conn *c = arg;
    struct pollfd pfd = {.fd = c->fd, .events = POLLRDHUP};

    if (!c->closing && (poll(&pfd, 1, 0) <= 0 ||
                        (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR)) == 0))
        return;
    /* Seen once is enough; a closing session needs no watch. */
    event_del(c->ev_hangup);
    if (c->closing)
        return;
    c->hangup = true;
    if (pfd.revents & POLLERR)
        c->broken = true;
    if (c->waiting != NULL && !c->closing)
        conn_close(c);
    conn_settle(c);
}

void
conn_authenticated(struct conn *c)
{
    c->authenticated = true;
    evtimer_del(c->ev_timer);
}

static bool
replies_pending(void)
{
    struct conn *c;

    DL_FOREACH (closing_conns, c) {
        if (!c->broken && evbuffer_get_length(c->out) > 0)
            return true;
    }
    return false;
}

static void
drain_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
    *(bool *)arg = true;
}

/*
 * On stop: end every session, then run the loop until the replies already
 * queued are written, or STOP_DRAIN_SECONDS pass, so that a slow reader
 * gets its last replies whole instead of cut mid-line.  No request runs
 * meanwhile (conn_process checks srv.stopping).
 */
void
conn_close_all(void)
{
    struct timeval limit = {STOP_DRAIN_SECONDS, 0};
    struct conn *c, *tmp;
    struct event *deadline;
    bool expired = false;

    /* Settling hangs up at once on the clients with nothing queued. */
    DL_FOREACH_SAFE (conns, c, tmp) {
        conn_close(c);
        conn_settle(c);
    }
    deadline = evtimer_new(srv.base, drain_deadline_cb, &expired);
    if (deadline != NULL && evtimer_add(deadline, &limit) == 0) {
        while (!expired && replies_pending())
            event_base_loop(srv.base, EVLOOP_ONCE);
    }
    if (deadline != NULL)
        event_free(deadline);
    DL_FOREACH_SAFE (closing_conns, c, tmp) {
        conn_flush(c);
        conn_free(c);
    }
}
