/*
 * ptest.h: helpers shared by the protocol suites.  Each test talks to a real
 * mpmgrd over a raw socket, one JSON line at a time, and compares what comes
 * back with what doc/protocol.md says, as parsed JSON.
 *
 * Request texts are printf formats in which a single quote stands for a
 * double quote, so that "{'oid':%d,'key':'a'}" can be written without
 * escapes (write \u0027 for a real quote inside a string).  The quote
 * conversion applies to the format only, never to the %s arguments.
 *
 * Values returned by the helpers are borrowed: they live until the end of
 * the test.  Every helper fails the test, at the caller's line, when the
 * server does not answer as the protocol requires.
 */
#ifndef PTEST_H
#define PTEST_H

#include <check.h>
#include <jansson.h>

#include "lib.h"

#if defined(__GNUC__)
#define PT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PT_PRINTF(f, a)
#endif

/* Upper bound for "a reply or a close that must come"; never a speed test. */
#define PT_WAIT_MS 10000

/* The authkey of the servers that run with authentication. */
#define PT_AUTHKEY "pt-secret key\001with bytes"

/* Error codes of doc/protocol.md section 4. */
enum {
    PT_PARSE = -32700,
    PT_INVALID_REQUEST = -32600,
    PT_METHOD_NOT_FOUND = -32601,
    PT_INVALID_PARAMS = -32602,
    PT_INTERNAL = -32603,
    PT_KEY = -32001,
    PT_INDEX = -32002,
    PT_VALUE = -32003,
    PT_TYPE = -32004,
    PT_NO_SUCH_OBJECT = -32005,
    PT_EXISTS = -32006,
    PT_RUNTIME = -32007,
    PT_AUTH_FAILED = -32008,
    PT_LIMIT = -32009,
};

/* The server the fixtures start for every test. */
extern struct mptest_server pt_srv;

/* Checked fixtures: a fresh server per test, without or with an authkey. */
void pt_setup(void);
void pt_setup_auth(void);
void pt_teardown(void);

/* Record the caller's position for the next failure message. */
void pt_loc(const char *file, int line);

/* Evaluate CALL with the caller's position recorded. */
#define PT_AT(call) (pt_loc(__FILE__, __LINE__), call)

/*
 * Start S with AUTHKEY (or NULL) and the NULL-terminated EXTRA options; the
 * server is stopped when the test ends, however it ends.
 */
#define pt_start(...) PT_AT(pt_start_(__VA_ARGS__))
void pt_start_(struct mptest_server *s, const char *authkey,
               const char *const *extra);

/* A new private directory under $TMPDIR (or /tmp), named after WHAT. */
char *pt_mkdtemp(const char *what);

/* Stop S; the server's exit status (0 for a clean exit), or -1. */
int pt_stop(struct mptest_server *s);

/* Remember a child process to kill with SIGKILL if the test dies. */
void pt_track_child(pid_t pid);

/* Connect to S without reading anything. */
#define pt_connect_raw(...) PT_AT(pt_connect_raw_(__VA_ARGS__))
int pt_connect_raw_(const struct mptest_server *s);

/* Read and check the greeting on FD; returns its params. */
#define pt_greeting(...) PT_AT(pt_greeting_(__VA_ARGS__))
json_t *pt_greeting_(int fd);

/*
 * Connect to S, read the greeting and say hello (with the right hmac when S
 * has an authkey).  Returns the fd.
 */
#define pt_connect(...) PT_AT(pt_connect_(__VA_ARGS__))
int pt_connect_(const struct mptest_server *s);

/* Read the greeting on FD and say hello with AUTHKEY (or NULL); FD. */
#define pt_handshake(...) PT_AT(pt_handshake_(__VA_ARGS__))
int pt_handshake_(int fd, const char *authkey);

/* A TCP port on 127.0.0.1 that was free a moment ago. */
void pt_free_port(char port[16]);

/*
 * Write 'x' bytes to FD, without a LF, until the server answers (or closes)
 * or MAX bytes are written; returns the number of bytes written.
 */
size_t pt_flood(int fd, size_t max);

/* pt_connect to the fixture's server. */
#define pt_client() PT_AT(pt_connect_(&pt_srv))

/* The session id hello returned on FD (0 when FD has not said hello). */
long long pt_session(int fd);

/* Close FD (and forget its buffered input). */
void pt_close(int fd);

/* Lowercase hex HMAC-SHA256(KEY, MSG) into OUT[65]. */
void pt_hmac_hex(const char *key, const unsigned char *msg, size_t msglen,
                 char out[65]);

/* Decode 64 hex digits into 32 bytes; 0 or -1. */
int pt_unhex32(const char *hex, unsigned char out[32]);

/* printf with ' turned into " in FMT; the result lives until the test ends. */
char *pt_text(const char *fmt, ...) PT_PRINTF(1, 2);
char *pt_vtext(const char *fmt, va_list ap);

/* A copy of S with ' turned into " (lives until the test ends). */
char *pt_dq(const char *s);

/* Parse a pt_text; fails the test when it is not JSON. */
#define pt_json(...) PT_AT(pt_json_(__VA_ARGS__))
json_t *pt_json_(const char *fmt, ...) PT_PRINTF(1, 2);

/* Compact text of V for messages, cut short when long. */
const char *pt_dump(const json_t *v);

/* Compact text of V, whole (for requests). */
const char *pt_enc(const json_t *v);

/* Keep V (a new reference) until the test ends; returns V. */
json_t *pt_keep(json_t *v);

/* Send a pt_text line (LF added).  pt_send_raw sends bytes as they are. */
#define pt_send(...) PT_AT(pt_send_(__VA_ARGS__))
void pt_send_(int fd, const char *fmt, ...) PT_PRINTF(2, 3);
#define pt_send_raw(...) PT_AT(pt_send_raw_(__VA_ARGS__))
void pt_send_raw_(int fd, const void *buf, size_t len);

/*
 * The next line from FD, parsed.  Fails when none comes, when it is not
 * JSON, or when it is not written compactly.
 */
#define pt_recv(...) PT_AT(pt_recv_(__VA_ARGS__))
json_t *pt_recv_(int fd);

/*
 * The next line from FD must equal the expected pt_text as JSON.  Where the
 * expected text has an error object without "message", the actual message
 * only has to be a string.
 */
#define pt_expect(...) PT_AT(pt_expect_(__VA_ARGS__))
void pt_expect_(int fd, const char *fmt, ...) PT_PRINTF(2, 3);

/* JSON comparison with the message rule of pt_expect; 1 when they match. */
int pt_match(const json_t *expected, const json_t *actual);

/* The server must close FD (any data before the close is discarded). */
#define pt_expect_eof(...) PT_AT(pt_expect_eof_(__VA_ARGS__))
void pt_expect_eof_(int fd);

/*
 * Send METHOD with the PARAMS pt_text (NULL: no params member) and a fresh
 * id; return the whole response after checking its envelope and id.
 */
#define pt_call(...) PT_AT(pt_call_(__VA_ARGS__))
json_t *pt_call_(int fd, const char *method, const char *params, ...)
    PT_PRINTF(3, 4);

/* pt_call that must succeed; returns the result. */
#define pt_ok(...) PT_AT(pt_ok_(__VA_ARGS__))
json_t *pt_ok_(int fd, const char *method, const char *params, ...)
    PT_PRINTF(3, 4);

/* pt_call that must fail with CODE (and its data.type); returns the error. */
#define pt_err(...) PT_AT(pt_err_(__VA_ARGS__))
json_t *pt_err_(int fd, int code, const char *method, const char *params, ...)
    PT_PRINTF(4, 5);

/* ACTUAL must equal the expected pt_text as JSON (exactly: 1 is not 1.0). */
#define pt_eq(...) PT_AT(pt_eq_(__VA_ARGS__))
void pt_eq_(const json_t *actual, const char *fmt, ...) PT_PRINTF(2, 3);

/*
 * RESPONSE must be an error response with CODE, the matching data.type and
 * a string message, and the id ID (JSON text, ' for "; "null" for none).
 */
#define pt_is_error(...) PT_AT(pt_is_error_(__VA_ARGS__))
void pt_is_error_(const json_t *response, int code, const char *id);

/* The data.type that goes with CODE. */
const char *pt_code_name(int code);

/* new TYPE with the optional extra params text (e.g. ",'name':'x'"). */
#define pt_new(...) PT_AT(pt_new_(__VA_ARGS__))
long long pt_new_(int fd, const char *type, const char *more);

/* describe OID, or NULL when the server says NoSuchObject. */
#define pt_describe(...) PT_AT(pt_describe_(__VA_ARGS__))
json_t *pt_describe_(int fd, long long oid);

/* Wait (at most PT_WAIT_MS) until server.info reports N sessions. */
#define pt_wait_sessions(...) PT_AT(pt_wait_sessions_(__VA_ARGS__))
void pt_wait_sessions_(int fd, long long n);

/* Wait (at most PT_WAIT_MS) until SESSION is gone from server.sessions. */
#define pt_wait_session_gone(...) PT_AT(pt_wait_session_gone_(__VA_ARGS__))
void pt_wait_session_gone_(int fd, long long session);

/*
 * Send the request line REQ (a pt_text) right behind a server.ping, in one
 * write, and wait for the pong: once the pong is back the server has read
 * REQ too, so a blocking REQ is now parked in its queue.
 */
#define pt_send_queued(...) PT_AT(pt_send_queued_(__VA_ARGS__))
void pt_send_queued_(int fd, const char *fmt, ...) PT_PRINTF(2, 3);

/* Fail at the recorded position. */
void pt_fail(const char *fmt, ...) PT_PRINTF(1, 2) CK_ATTRIBUTE_NORETURN;

/* The suites. */
Suite *suite_handshake(void);
Suite *suite_jsonrpc(void);
Suite *suite_objects(void);
Suite *suite_dict(void);
Suite *suite_list(void);
Suite *suite_lock(void);
Suite *suite_server(void);
Suite *suite_paths(void);
Suite *suite_values(void);
Suite *suite_session(void);
Suite *suite_badinput(void);
Suite *suite_cases(void);

/* Add to S a TCase "cases" running the transcripts cases/AREA-*.t. */
void pt_add_cases(Suite *s, const char *area);

#endif /* PTEST_H */
