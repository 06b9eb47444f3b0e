/*
 * check_cases.c: runs the transcripts in tests/protocol/cases, each file
 * against a fresh server.
 *
 * A transcript is a list of lines:
 *
 *   # a comment; blank lines are skipped too
 *   !args --max-depth 8      options for the server (before any request)
 *   !auth                    the server runs with an authkey
 *   > {"jsonrpc":...}        send this line, as it is, on connection 1
 *   < {"jsonrpc":...}        the next line from connection 1 must equal this
 *   > dict.len {"oid":1}     shorthand (a line that starts with a letter):
 *                            send a request for this method and params (no
 *                            params when omitted) with the next id of this
 *                            connection; the JSON words true, false and null
 *                            are sent as they are
 *   >|text                   send text as it is, whatever it starts with
 *   = 0                      the next line is the result of the oldest
 *                            shorthand request not yet answered
 *   ? KeyError               the next line is that request's error, with
 *                            this data.type and its code
 *   >> ...                   send the line (raw or shorthand) behind a
 *                            server.ping in one write and wait for the pong:
 *                            a blocking request is then parked
 *   2> ...  2< ...  2= ...   the same on connection 2 (up to 9)
 *   !raw 2                   open connection 2 and read its greeting only
 *   !close 2                 close connection 2
 *   !eof 2                   the server must close connection 2
 *   !gone 2                  after "!close 2": wait until the server has
 *                            ended connection 2's session (asks on the
 *                            lowest open connection)
 *
 * A connection is opened on first use, and says hello unless !raw opened
 * it.  Replies are compared as parsed JSON, exactly (1 and 1.0 differ), but
 * an expected error without "message" accepts any message string.  At the
 * end every open connection must answer a server.ping with nothing else in
 * front of it, so a reply that should not have been sent fails the case.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

#define MAX_CASES 512
#define MAX_CONNS 10
#define MAX_PENDING 4096

static char *case_files[MAX_CASES];
static int ncases = -1;
static int nclaimed;

static const char *
srcdir(void)
{
    const char *d = getenv("MPMGR_SRCDIR");

    return d != NULL && *d != '\0' ? d : MPT_SRCDIR;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
find_cases(void)
{
    char dir[4096];
    struct dirent *e;
    DIR *d;

    if (ncases >= 0)
        return;
    ncases = 0;
    snprintf(dir, sizeof(dir), "%s/tests/protocol/cases", srcdir());
    d = opendir(dir);
    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL && ncases < MAX_CASES) {
        size_t n = strlen(e->d_name);
        char *path;

        if (n < 3 || strcmp(e->d_name + n - 2, ".t") != 0)
            continue;
        path = malloc(strlen(dir) + n + 2);
        if (path == NULL)
            break;
        sprintf(path, "%s/%s", dir, e->d_name);
        case_files[ncases++] = path;
    }
    closedir(d);
    qsort(case_files, (size_t)ncases, sizeof(*case_files), by_name);
}

struct line {
    int no;
    char *text;
};

static char *
read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t size = 0, n;
    char chunk[65536];

    if (f == NULL)
        return NULL;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        char *bigger = realloc(buf, size + n + 1);

        if (bigger == NULL) {
            free(buf);
            fclose(f);
            return NULL;
        }
        buf = bigger;
        memcpy(buf + size, chunk, n);
        size += n;
    }
    fclose(f);
    if (buf == NULL)
        buf = calloc(1, 1);
    else
        buf[size] = '\0';
    return buf;
}

/* Connection number after a directive ("!close 2"); -1 when malformed. */
static int
conn_arg(const char *s)
{
    while (*s == ' ')
        s++;
    if (*s < '1' || *s > '9' || (s[1] != '\0' && s[1] != ' '))
        return -1;
    return *s - '0';
}

/* The code that goes with the data.type NAME; 0 when unknown. */
static int
code_of(const char *name)
{
    static const int codes[] = {
        PT_PARSE,          PT_INVALID_REQUEST, PT_METHOD_NOT_FOUND,
        PT_INVALID_PARAMS, PT_INTERNAL,        PT_KEY,
        PT_INDEX,          PT_VALUE,           PT_TYPE,
        PT_NO_SUCH_OBJECT, PT_EXISTS,          PT_RUNTIME,
        PT_AUTH_FAILED,    PT_LIMIT,
    };
    size_t i;

    for (i = 0; i < sizeof(codes) / sizeof(*codes); i++)
        if (strcmp(pt_code_name(codes[i]), name) == 0)
            return codes[i];
    return 0;
}

struct conn {
    int fd; /* -1 not yet opened, -2 closed */
    long long session;
    long long next_id; /* last shorthand id sent */
    long long pending[MAX_PENDING];
    size_t head, tail; /* shorthand ids awaiting a reply */
};

/*
 * Turn a ">" line into the text to send: raw JSON as it is, or a
 * shorthand "method params" into a request with the connection's next id.
 */
static const char *
request_text(struct conn *c, const char *t)
{
    const char *sp;
    char *method;

    if (*t == '|')
        return t + 1;
    if (((*t < 'a' || *t > 'z') && (*t < 'A' || *t > 'Z')) ||
        strcmp(t, "true") == 0 || strcmp(t, "false") == 0 ||
        strcmp(t, "null") == 0)
        return t;
    if (c->tail - c->head >= MAX_PENDING)
        pt_fail("test bug: too many unanswered shorthand requests");
    sp = strchr(t, ' ');
    method = pt_text("%.*s", sp != NULL ? (int)(sp - t) : (int)strlen(t), t);
    c->next_id++;
    c->pending[c->tail++ % MAX_PENDING] = c->next_id;
    while (sp != NULL && *sp == ' ')
        sp++;
    if (sp == NULL || *sp == '\0')
        return pt_text("{'jsonrpc':'2.0','id':%lld,'method':'%s'}", c->next_id,
                       method);
    return pt_text("{'jsonrpc':'2.0','id':%lld,'method':'%s','params':%s}",
                   c->next_id, method, sp);
}

/* The whole expected response for a "=" or "?" line. */
static json_t *
shorthand_reply(struct conn *c, char kind, const char *t)
{
    long long id;
    int code;

    if (c->head == c->tail)
        pt_fail("test bug: no shorthand request is waiting for a reply");
    id = c->pending[c->head++ % MAX_PENDING];
    if (kind == '=')
        return pt_json_("{'jsonrpc':'2.0','id':%lld,'result':%s}", id, t);
    code = code_of(t);
    if (code == 0)
        pt_fail("test bug: unknown error type %s", t);
    return pt_json_("{'jsonrpc':'2.0','id':%lld,"
                    "'error':{'code':%d,'data':{'type':'%s'}}}",
                    id, code, t);
}

static int
lowest_open(const struct conn *conns)
{
    int i;

    for (i = 1; i < MAX_CONNS; i++)
        if (conns[i].fd >= 0)
            return conns[i].fd;
    return -1;
}

/* Run one directive line ("!raw 2", ...). */
static void
directive(struct conn *conns, const char *t)
{
    struct conn *c;
    int n = -1;

    if (strncmp(t, "!args ", 6) == 0 || strcmp(t, "!auth") == 0)
        return;
    if (strncmp(t, "!raw ", 5) == 0)
        n = conn_arg(t + 5);
    else if (strncmp(t, "!close ", 7) == 0)
        n = conn_arg(t + 7);
    else if (strncmp(t, "!eof ", 5) == 0)
        n = conn_arg(t + 5);
    else if (strncmp(t, "!gone ", 6) == 0)
        n = conn_arg(t + 6);
    if (n < 0)
        pt_fail("test bug: unknown or malformed directive %s", t);
    c = &conns[n];
    switch (t[1]) {
    case 'r':
        if (c->fd != -1)
            pt_fail("test bug: connection %d was used before", n);
        c->fd = pt_connect_raw_(&pt_srv);
        pt_greeting_(c->fd);
        break;
    case 'c':
        if (c->fd < 0)
            pt_fail("test bug: connection %d is not open", n);
        c->session = pt_session(c->fd);
        pt_close(c->fd);
        c->fd = -2;
        break;
    case 'e':
        if (c->fd < 0)
            pt_fail("test bug: connection %d is not open", n);
        pt_expect_eof_(c->fd);
        pt_close(c->fd);
        c->fd = -2;
        break;
    case 'g':
        if (c->fd != -2 || c->session == 0 || lowest_open(conns) < 0)
            pt_fail("test bug: !gone needs a closed connection that said "
                    "hello and another open connection");
        pt_wait_session_gone_(lowest_open(conns), c->session);
        break;
    }
}

/* Each transcript runs against a fresh server (see the top of the file). */
START_TEST(test_cases_transcript)
{
    const char *path = case_files[_i];
    const char *extra[32];
    struct conn *conns;
    struct line *lines;
    char *buf, *p;
    size_t nlines = 0, k, cap = 16;
    int nextra = 0, auth = 0, n;
    json_t *want, *got;
    json_error_t err;

    pt_loc(path, 0);
    buf = read_file(path);
    if (buf == NULL)
        pt_fail("cannot read %s", path);
    for (p = buf; *p != '\0'; p++)
        if (*p == '\n')
            cap++;
    lines = calloc(cap, sizeof(*lines));
    conns = calloc(MAX_CONNS, sizeof(*conns));
    ck_assert_ptr_nonnull(lines);
    ck_assert_ptr_nonnull(conns);
    for (p = buf, k = 1; *p != '\0'; k++) {
        char *nl = strchr(p, '\n');

        if (nl != NULL)
            *nl = '\0';
        if (*p != '\0' && *p != '#') {
            lines[nlines].no = (int)k;
            lines[nlines].text = p;
            nlines++;
        }
        if (nl == NULL)
            break;
        p = nl + 1;
    }

    /* Server options come first. */
    for (k = 0; k < nlines; k++) {
        if (strncmp(lines[k].text, "!args ", 6) == 0) {
            char *tok, *args = pt_text("%s", lines[k].text + 6);

            for (tok = strtok(args, " "); tok != NULL && nextra < 30;
                 tok = strtok(NULL, " "))
                extra[nextra++] = tok;
        } else if (strcmp(lines[k].text, "!auth") == 0) {
            auth = 1;
        }
    }
    extra[nextra] = NULL;
    pt_start_(&pt_srv, auth ? PT_AUTHKEY : NULL, extra);

    for (n = 0; n < MAX_CONNS; n++)
        conns[n].fd = -1;
    for (k = 0; k < nlines; k++) {
        const char *t = lines[k].text;
        struct conn *c;
        int queued = 0;

        pt_loc(path, lines[k].no);
        if (t[0] == '!') {
            directive(conns, t);
            continue;
        }
        n = 1;
        if (t[0] >= '1' && t[0] <= '9') {
            n = t[0] - '0';
            t++;
        }
        c = &conns[n];
        if (strchr("><=?", t[0]) == NULL || t[0] == '\0')
            pt_fail("test bug: a line must start with N>, N<, N=, N?, ! "
                    "or #: %s",
                    lines[k].text);
        if (c->fd == -2)
            pt_fail("test bug: connection %d was closed", n);
        if (c->fd == -1) {
            c->fd = pt_connect_(&pt_srv);
            pt_loc(path, lines[k].no);
        }
        if (t[0] == '>') {
            if (t[1] == '>') {
                queued = 1;
                t++;
            }
            t += t[1] == ' ' ? 2 : 1;
            t = request_text(c, t);
            if (queued)
                pt_send_queued_(c->fd, "%s", t);
            else if (mptest_send(c->fd, t) < 0)
                pt_fail("cannot send on connection %d", n);
            continue;
        }
        if (t[0] == '<') {
            t += t[1] == ' ' ? 2 : 1;
            want = pt_keep(json_loads(
                t, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
                &err));
            if (want == NULL)
                pt_fail("test bug: expected line is not JSON (%s)", err.text);
        } else {
            char kind = t[0];

            t += t[1] == ' ' ? 2 : 1;
            want = shorthand_reply(c, kind, t);
        }
        got = pt_recv_(c->fd);
        if (!pt_match(want, got))
            pt_fail("connection %d: expected %s, got %s", n, pt_dump(want),
                    pt_dump(got));
    }

    /* Nothing else may be waiting on any connection. */
    for (n = 1; n < MAX_CONNS; n++) {
        struct conn *c = &conns[n];

        if (c->fd < 0)
            continue;
        pt_loc(path, nlines > 0 ? lines[nlines - 1].no : 0);
        if (c->head != c->tail)
            pt_fail("test bug: connection %d has unchecked replies", n);
        mptest_send(c->fd, "{\"jsonrpc\":\"2.0\",\"id\":\"end\","
                           "\"method\":\"server.ping\"}");
        got = pt_recv_(c->fd);
        if (!pt_match(pt_json_("{'jsonrpc':'2.0','id':'end','result':'pong'}"),
                      got))
            pt_fail("connection %d: at the end, a reply nobody asked for: %s",
                    n, pt_dump(got));
        pt_close(c->fd);
    }
    free(conns);
    free(lines);
    free(buf);
}
END_TEST

void
pt_add_cases(Suite *s, const char *area)
{
    TCase *tc = tcase_create("cases");
    size_t n = strlen(area);
    int first = -1, end = -1, i;

    find_cases();
    for (i = 0; i < ncases; i++) {
        const char *base = strrchr(case_files[i], '/') + 1;

        if (strncmp(base, area, n) == 0 && base[n] == '-') {
            if (first < 0)
                first = i;
            end = i + 1;
        }
    }
    if (first >= 0)
        nclaimed += end - first;
    else
        first = end = 0;
    tcase_add_checked_fixture(tc, NULL, pt_teardown);
    tcase_add_loop_test(tc, test_cases_transcript, first, end);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
}

/*
 * The transcripts must be there, and each must belong to a suite: a run
 * that found none, or skipped some, would prove nothing about them.
 */
START_TEST(test_cases_all_claimed)
{
    ck_assert_msg(ncases >= 20,
                  "found only %d transcripts in "
                  "%s/tests/protocol/cases",
                  ncases, srcdir());
    ck_assert_msg(nclaimed == ncases,
                  "%d of the %d transcripts belong to "
                  "no suite (name them <area>-<what>.t)",
                  ncases - nclaimed, ncases);
}
END_TEST

Suite *
suite_cases(void)
{
    Suite *s = suite_create("cases");
    TCase *tc = tcase_create("core");

    find_cases();
    tcase_add_test(tc, test_cases_all_claimed);
    tcase_set_timeout(tc, 10);
    suite_add_tcase(s, tc);
    return s;
}
