/*
 * mpmgrd.h: the daemon's internal interfaces, one section per file.
 *
 * Data flows: listen.c accepts -> conn.c frames lines -> rpc.c has
 * request.c parse each one, checks the JSON-RPC shape and the params, and
 * dispatches through one method table -> a handler in lifecycle.c, t_dict.c,
 * t_list.c, t_lock.c, hello.c or admin.c works on an object of registry.c ->
 * rpc.c writes the reply into the connection's output, which conn.c flushes.
 */
#ifndef MPMGRD_H
#define MPMGRD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <jansson.h>

#include "addr.h"
#include "hash.h"
#include "json.h"
#include "mpmgr.h"
#include "proto.h"

struct conn;
struct method;
struct object;
struct request;
struct waiter;

/* The most parameters a method declares. */
#define MAX_PARAMS 8

/* server.c: the state of the whole server */

struct server {
    struct event_base *base;
    struct mpmgr__addr *listen; /* --listen addresses, parsed */
    size_t nlisten;
    char *authkey; /* NULL: no authentication */
    size_t authkey_len;
    bool insecure;
    size_t max_message;
    size_t max_output;
    int max_depth;
    unsigned max_clients;
    double auth_timeout;
    int ready_fd;
    bool remove_dir;       /* --remove-dir: rmdir each socket's directory */
    double started;        /* monotonic seconds at start */
    bool stopping;         /* server.shutdown or a signal came */
    uint64_t requests;     /* requests executed, all sessions */
    unsigned busy_poll_us; /* --busy-poll: 0 sleeps as soon as idle */
    uint64_t max_memory;   /* --max-memory: 0 for no limit */
    bool memory_full;      /* past it: requests that store more fail */
};
extern struct server srv;

/* Monotonic and wall-clock time in seconds. */
double now_monotonic(void);
double now_wall(void);

/* Ask the event loop to stop after the current callback: server.shutdown. */
void server_stop(void);

/* memory.c: what the server's memory is, and --max-memory */

/* At start, while descriptors are free: open what memory_resident reads,
 * and with --max-memory measure the heap on a timer. */
void memory_init(void);
void memory_done(void);
/* Resident memory of this process in bytes, or 0 when unknown. */
uint64_t memory_resident(void);
/* Before a request line of LEN bytes: with --max-memory, measure the heap
 * now if it is a long one. */
void memory_check_line(size_t len);
/* With --max-memory, add to server.info's INFO the limit, the heap in use
 * (at the last measure) and whether writes are refused. */
void memory_describe(json_t *info);

/* loop.c */

/* Run the event loop until server_stop() or a stopping signal. */
void server_run(void);

/* log.c */

enum { LOG_WARN, LOG_INFO, LOG_DEBUG, LOG_TRACE };
void log_init(int level);
int log_enabled(int level);
void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_trace(const char *, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* jalloc.c: jansson's allocator in mpmgrd */

void *jalloc(size_t);
void jfree(void *);

/* xmalloc.c (xmalloc itself is declared in hash.h) */

void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
/* A json sink's GROW on the heap (at least 1 KB, doubling); it cannot
 * fail, as xrealloc cannot. */
struct mpmgr__json_sink;
int xgrow(struct mpmgr__json_sink *s, size_t more);

/* listen.c */

/* Open every --listen address; exits with a message on failure. */
void listeners_open(void);
/* Close the listeners and remove the socket files this server made. */
void listeners_close(void);
/* The addresses listened on, in --listen syntax, as a new JSON array. */
json_t *listeners_addresses(void);

/* error.c: an error on its way to becoming a JSON-RPC error reply */

struct error {
    int code;          /* an MPMGR_E* protocol code */
    char message[512]; /* "KeyError: 'x'" */
};

/*
 * Fill E with CODE and a message that starts with the code's type name, as
 * in "KeyError: 'x'".  Returns -1, so that callers can write
 * "return error_set(e, ...)".
 */
int error_set(struct error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int error_vset(struct error *e, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* The protocol type name of CODE ("KeyError"). */
const char *error_type(int code);

/* value.c: keys, equality, order and printing of JSON values */

/* A key's identity: its compact JSON text, in a buffer that rarely mallocs. */
struct key {
    char *text;
    size_t len;
    char small[128];
};

/*
 * Compute the identity of the dict key KEY into K (free it with key_done).
 * Returns 0, or -1 with a TypeError in E when an object is inside KEY.
 */
int key_make(struct key *k, const json_t *key, struct error *e);
/* Whether KEY can be a dict key at all: what key_make would refuse, at a
 * fraction of its cost.  0, or -1 with E set. */
int key_check(const json_t *key, struct error *e);
void key_done(struct key *k);
/* Parse a key's identity back into a new JSON value. */
json_t *key_value(const char *text, size_t len);

/* Deep JSON equality: member order ignored, 1 equals 1.0, true is not 1. */
bool value_equal(const json_t *a, const json_t *b);
/*
 * Order A and B as list.sort does: numbers by value, strings by code point,
 * arrays element by element.  Returns 0 and sets *CMP, or -1 when the two
 * are not comparable (a mix of kinds, or any other type).
 */
int value_compare(const json_t *a, const json_t *b, int *cmp);
/* Nesting depth: 0 for a scalar, 1 for [] or [1], 2 for [[1]], ... */
int value_depth(const json_t *v);
/*
 * Write a short Python-like rendering of V for an error message into BUF:
 * strings in single quotes, everything else as compact JSON, cut at SIZE.
 */
void value_repr(const json_t *v, char *buf, size_t size);
/* Replace each byte of S that is not part of valid UTF-8 with '?'. */
void utf8_sanitize(char *s);
/* The name Python would give V's type: 'dict', 'list', 'str', ... */
const char *value_type_name(const json_t *v);

/* request.c: a request line taken apart; batches read element by element */

/*
 * A request object as parse_request leaves it: the envelope is checked and
 * taken apart; only the id and the params remain JSON values.
 */
struct envelope {
    json_t *id;                  /* an integer or a string, or NULL */
    bool notification;           /* there was no id member */
    const char *problem;         /* why it is an invalid request, or NULL */
    const struct method *method; /* NULL when the method is unknown */
    json_t *method_name;         /* the name, kept only when unknown */
    json_t *params;              /* params that are not an object, or NULL */
    /* With a known method, the members of a params object by the position
     * of their name in method->params; the first unknown name apart. */
    json_t *args[MAX_PARAMS];
    json_t *unknown_param;
    /* A parameter its param_reader read: what it made, and its slot. */
    void *prepared;
    const struct param *prepared_by;
};

/*
 * Parse one line as a request or a batch.  Returns 0 with the request in
 * *ONE (free it with envelope_clear), 1 for a batch of *BATCH_LEN requests
 * (read them with batch_open), or -1 with ParseError or LimitExceeded in E.
 * A structurally invalid request is not an error here: its envelope
 * carries the problem.
 */
int parse_request(const char *text, size_t len, int max_depth,
                  struct envelope *one, size_t *batch_len, struct error *e);
void envelope_clear(struct envelope *env);

/* A batch that parse_request accepted, read one element at a time. */
struct batch {
    char *text; /* a copy of its line */
    struct mpmgr__json_parser ps;
    bool more;    /* ps is at an element */
    bool started; /* the '[' of its reply is written */
};

/* Start reading the batch in the LEN bytes at TEXT (copied). */
struct batch *batch_open(const char *text, size_t len, int max_depth);
/* The next element in *ENV (clear it with envelope_clear): false after the
 * last one. */
bool batch_next(struct batch *b, struct envelope *env);
void batch_free(struct batch *b);

/* path.c: JSON Pointers (RFC 6901) into stored values */

/*
 * Find the value at pointer PATH (of length LEN) inside ROOT.  Returns 0 and
 * a borrowed *OUT, or -1 with KeyError, IndexError, TypeError or
 * InvalidParams in E.
 */
int path_get(json_t *root, const char *path, size_t len, json_t **out,
             struct error *e);
/*
 * Store VALUE (a reference is stolen, also on failure) at the non-empty
 * PATH inside ROOT: replace a member or element, add a member, or append
 * with "-".  Returns 0, or -1 with E set; LimitExceeded when the stored
 * value would nest deeper than --max-depth.
 */
int path_set(json_t *root, const char *path, size_t len, json_t *value,
             struct error *e);
/* Remove the member or element at the non-empty PATH.  0, or -1 with E. */
int path_del(json_t *root, const char *path, size_t len, struct error *e);
/*
 * Add BY to the number at the non-empty PATH; a missing last object member
 * starts at 0.  Returns 0 with the new value in *RESULT (borrowed), or -1.
 */
int path_incr(json_t *root, const char *path, size_t len, const json_t *by,
              json_t **result, struct error *e);
/* Check that PATH is a pointer ("" or starting with '/'). 0, or -1 with E. */
int path_check(const char *path, size_t len, struct error *e);

/*
 * value.c: number arithmetic shared by dict.incr and paths: OLD + BY as a
 * new value.
 * Integers stay integers; a real on either side gives a real.  Returns NULL
 * with ValueError in E on integer overflow, TypeError for a non-number.
 */
json_t *number_add(const json_t *old, const json_t *by, struct error *e);
/* A + B into *SUM: 0, or -1 with ValueError in E on overflow. */
int integer_add(json_int_t a, json_int_t b, json_int_t *sum, struct error *e);

/* registry.c: the object store, by oid and by name, and references */

struct type {
    const char *name; /* "dict", "list", "lock", "rlock" */
    /* Fill a new object's body from INIT (NULL when none); -1 with E set. */
    int (*init)(struct object *o, json_t *init, struct error *e);
    void (*destroy)(struct object *o);
    /* Number of entries, or -1 for types without a length. */
    long (*len)(const struct object *o);
};

/*
 * One dict entry, keyed by the compact JSON text of its key (see key_make).
 * An integer value is kept inline rather than as a json_t, which saves a
 * third of the memory of an int-to-int dict.
 */
struct dict_entry {
    UT_hash_handle hh; /* in insertion order, as Python 3.7+ */
    union {
        json_t *json;       /* any value but an integer */
        json_int_t integer; /* an integer */
    } v;
    bool is_integer;
    char key[]; /* NUL-terminated; hh.keylen bytes */
};

struct dict {
    struct dict_entry *entries; /* uthash, in insertion order */
};

struct list {
    json_t **items;
    size_t len;
    size_t cap;
};

struct lock {
    struct conn *holder;      /* NULL when free */
    unsigned long count;      /* recursion depth of an rlock */
    uint64_t token;           /* fencing token of the last grant */
    struct waiter *waiters;   /* FIFO of parked acquires (utlist) */
    struct object *held_prev; /* in the holder's list of held locks */
    struct object *held_next;
};

struct object {
    uint64_t oid;
    const struct type *type;
    char *name; /* NULL when unnamed */
    size_t namelen;
    uint64_t refs;          /* references of all sessions together */
    UT_hash_handle hh;      /* registry by oid */
    UT_hash_handle hh_name; /* registry by name */
    union {
        struct dict dict;
        struct list list;
        struct lock lock;
    } u;
};

/* A session's references to one object. */
struct ref {
    uint64_t oid;
    uint64_t count;
    struct object *obj;
    UT_hash_handle hh;
};

extern const struct type dict_type, list_type, lock_type, rlock_type;

const struct type *type_find(const char *name);
struct object *registry_find(uint64_t oid);
struct object *registry_find_name(const char *name, size_t len);
/*
 * Create an object of type T, named NAME (NULL for none) and filled from
 * INIT.  Returns it with no references, or NULL with E set (Exists,
 * InvalidParams).
 */
struct object *registry_create(const struct type *t, const char *name,
                               size_t namelen, json_t *init, struct error *e);
/* Check a name against doc/protocol.md section 5.  0, or -1 with E set. */
int registry_check_name(const char *name, size_t len, struct error *e);
/* Remove O's name; the object may be freed at once. */
void registry_unname(struct object *o);
/* Free O if nothing keeps it alive: no name and no references. */
void registry_collect(struct object *o);
/* The first object by oid, for HASH_ITER over hh: next is o->hh.next. */
struct object *registry_first(void);
size_t registry_count(void);
/* Free every object: used at exit so leak checkers see a clean heap. */
void registry_free_all(void);

/* Give session C one more reference to O. */
void ref_take(struct conn *c, struct object *o);
/* Drop one of C's references to OID.  Returns 0, or -1 when C holds none. */
int ref_drop(struct conn *c, uint64_t oid);
/* Drop all of C's references, freeing what nothing else keeps alive. */
void ref_drop_all(struct conn *c);

/* conn.c: one client connection, which is one session */

struct conn {
    uint64_t session; /* session id, from 1 */
    int fd;
    struct event *ev_read;
    struct event *ev_write;
    struct event *ev_resume; /* runs queued input again: after a wait,
                              * after back-pressure, for the next turn */
    struct event *ev_timer;  /* auth timeout, then the closing grace */
    struct event *ev_hangup; /* looks for a hang-up while not reading */
    struct evbuffer *in;
    struct evbuffer *out;
    size_t scanned; /* bytes of IN known to hold no LF */
    bool authenticated;
    bool closing; /* session over; flush, then free */
    bool reading; /* ev_read is added */
    bool paused;  /* replies backed up: not reading */
    bool eof;     /* the client hung up, as a read saw */
    bool hangup;  /* the client hung up, as ev_hangup saw (input unread) */
    bool broken;  /* the socket failed: drop all output */
    bool shut;    /* SHUT_WR done */

    /* Session facts for server.sessions. */
    char *client;   /* hello's client text, or NULL */
    json_int_t pid; /* hello's pid, or -1 */
    char peer[300];
    bool has_cred;
    pid_t peer_pid;
    uid_t peer_uid;
    double since; /* wall-clock seconds */
    uint64_t requests;
    unsigned char nonce[MPMGR__NONCE_BYTES];

    /* What the session owns; session_end gives all of it back. */
    struct ref *refs; /* uthash by oid */
    uint64_t nrefs;
    struct object *held; /* locks held (list through u.lock) */
    size_t nheld;
    struct waiter *waiting; /* the parked acquire, if any */

    /* A batch whose elements are still being run. */
    struct batch *batch;

    struct conn *prev, *next; /* all connections (utlist) */
};

extern struct conn *conns;
extern size_t nconns;

/* Take a new client socket from a listener. */
void conn_accept(int fd, const struct sockaddr *sa, int salen,
                 const char *listen_addr);
/*
 * End C's session (references, locks, waits: see session_end) and close
 * the connection once what is already written to its output is sent.
 */
void conn_close(struct conn *c);
/* Resume running C's queued input once the event loop has polled the
 * other clients. */
void conn_resume(struct conn *c);
/* Send what C's output holds now, as far as the socket takes it. */
void conn_flush(struct conn *c);
/* Hello succeeded: lift the pre-auth limits and the auth timer. */
void conn_authenticated(struct conn *c);
/* Close every connection at shutdown. */
void conn_close_all(void);

/* rpc.c: JSON-RPC 2.0 over lines, method dispatch, replies */

enum param_type {
    PT_ANY,
    PT_INT,
    PT_NUMBER,
    PT_BOOL,
    PT_STRING,
    PT_ARRAY,
};

enum {
    P_REQUIRED = 1,      /* must be given */
    P_NULL_IS_VALUE = 2, /* null is a value, not "not given" */
};

struct mpmgr__json_parser;

/*
 * A parameter read from the request text by its method's own reader
 * rather than as a jansson value: READ returns 1 with what it made in
 * *PREPARED, 0 to leave the value to the ordinary reader (the parser
 * where it was), or -1 with the parser's error recorded.  DROP frees what
 * READ made.  The handler finds it in req->prepared and the slot empty.
 */
struct param_reader {
    int (*read)(struct mpmgr__json_parser *ps, void **prepared);
    void (*drop)(void *prepared);
};

struct param {
    const char *name;
    enum param_type type;
    unsigned flags;
    const struct param_reader *reader; /* or NULL */
};

enum {
    M_OBJECT = 1, /* "oid" (first param) names the referent */
    M_GROWS = 2,  /* may store more: refused past --max-memory */
};

typedef void method_fn(struct request *req);

struct method {
    const char *name; /* the wire name, "dict.getitem" */
    method_fn *handler;
    const struct type *type;    /* with M_OBJECT: the required type */
    const struct param *params; /* terminated by a NULL name */
    unsigned flags;
    UT_hash_handle hh;
};

struct request {
    struct conn *conn;
    const struct method *method;
    json_t *id;               /* NULL for a notification */
    json_t *args[MAX_PARAMS]; /* by position in method->params */
    void *prepared;           /* made by a param_reader, or NULL */
    struct object *obj;       /* the referent, with M_OBJECT */
};

/* Build the dispatch table from every file's method table. */
void rpc_init(void);
void rpc_free(void);
/* Run one complete line (without its LF) that arrived on C. */
void rpc_line(struct conn *c, const char *line, size_t len);
/* Run the next element of C's unfinished batch, or finish the batch. */
void rpc_batch_step(struct conn *c);
/* End C's batch, if any: close its reply, which is cut short when the
 * session ends before the batch does. */
void rpc_batch_end(struct conn *c);
/* The method with wire name NAME of length LEN, or NULL. */
const struct method *rpc_find_method(const char *name, size_t len);
/* The position of parameter NAME (of length LEN) in SPEC, or -1. */
int rpc_param_slot(const struct param *spec, const char *name, size_t len);

/*
 * The value of parameter NAME of REQ, borrowed; NULL when it was not given
 * (or, for most parameters, given as null: see P_NULL_IS_VALUE).
 */
json_t *arg(const struct request *req, const char *name);
/* Integer parameters: the value, or DEF when not given. */
json_int_t arg_int(const struct request *req, const char *name, json_int_t def);
/*
 * The "path" parameter as *PATH and *LEN ("" when not given).  Returns 0,
 * or -1 after an InvalidParams reply for a malformed pointer.
 */
int arg_path(struct request *req, const char **path, size_t *len);

/*
 * The reply family: every handler ends in exactly one of these, or in
 * rpc_refuse or rpc_park below.  RESULT is stolen.  For notifications
 * nothing is written.
 */
void rpc_reply_result(struct request *req, json_t *result);
void rpc_reply_null(struct request *req);
void rpc_reply_error(struct request *req, const struct error *e);
void rpc_reply_errorf(struct request *req, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * Refuse REQ with E and close its connection: the error is written even
 * for a notification (with id null), since the client must learn why it
 * was cut off (a failed hello).
 */
void rpc_refuse(struct request *req, const struct error *e);
/*
 * Park REQ: it gets no reply now.  Returns a new reference to its id (NULL
 * for a notification) for rpc_reply_later.
 */
json_t *rpc_park(struct request *req);
/*
 * Write a reply for a request that is no longer running: a parked acquire
 * that has now been granted or has timed out.  ID may be NULL (nothing is
 * written).  RESULT is stolen.
 */
void rpc_reply_later(struct conn *c, json_t *id, json_t *result);
/* The same with the error E in place of a result. */
void rpc_error_later(struct conn *c, json_t *id, const struct error *e);
/* Write a whole error line with id null (framing and limit errors). */
void rpc_send_error(struct conn *c, const struct error *e);
void rpc_send_error_line(struct conn *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Write the greeting notification to C. */
void rpc_send_greeting(struct conn *c);

/* t_dict.c: the dict's storage, for the methods and the unit tests */

struct dict_entry *dict_find(const struct dict *d, const struct key *k);
/* The value of entry E, as a new reference. */
json_t *dict_entry_value(const struct dict_entry *e);
/* Store VALUE (stolen) under K; overwriting keeps the entry's position. */
void dict_put(struct dict *d, const struct key *k, json_t *value);
/* dict_put of an integer, without making it a json_t. */
void dict_put_integer(struct dict *d, const struct key *k, json_int_t value);
/* Remove the entry E. */
void dict_remove(struct dict *d, struct dict_entry *e);
size_t dict_len(const struct dict *d);
/*
 * Insert every pair of ITEMS (an object, or an array of [key, value]
 * arrays) into D in order, all or nothing.  Returns 0, or -1 with E set.
 */
int dict_update(struct dict *d, const json_t *items, struct error *e);

/* items.c: dict.update's items read straight from the request text */

/* The param_reader of dict.update's items (see struct param_reader). */
int items_read(struct mpmgr__json_parser *ps, void **items);
void items_free(void *items);
/* dict_update for items made by items_read. */
int items_update(struct dict *d, const void *items, struct error *e);

/* t_list.c: the list's storage */

/* Insert VALUE (stolen) before position AT (0 <= AT <= len). */
void list_insert(struct list *l, size_t at, json_t *value);
/* Remove and return (as a new reference) the element at AT < len. */
json_t *list_take(struct list *l, size_t at);
/*
 * Sort L stably; with REVERSE, in descending order (still stable).
 * Returns 0, or -1 with a TypeError in E and L unchanged.
 */
int list_sort(struct list *l, bool reverse, struct error *e);

/* t_lock.c: lock and rlock */

/* Release every lock C holds and cancel C's parked acquire. */
void lock_release_all(struct conn *c);
/* Cancel C's parked acquire, if it has one. */
void lock_cancel_wait(struct conn *c);
/* How many acquires wait for lock O, for server.objects. */
size_t lock_waiters(const struct object *o);
/* The oid of the lock C waits for, or 0: for server.sessions. */
uint64_t lock_waited_for(const struct conn *c);

/* The method tables, each ending with a NULL name. */
extern struct method object_methods[];
extern struct method dict_methods[];
extern struct method list_methods[];
extern struct method lock_methods[];
extern struct method rlock_methods[];
extern struct method server_methods[];
extern struct method hello_methods[];

/* lifecycle.c */

/* {"oid","type","name","len","refs"} for describe and server.objects. */
json_t *object_describe(const struct object *o);

#endif /* MPMGRD_H */
