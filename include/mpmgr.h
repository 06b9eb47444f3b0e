/*
 * mpmgr.h: the public C API of libmpmgr, a client for the mpmgrd manager
 * server (Python's multiprocessing.Manager() for C).
 *
 * Error contract
 * --------------
 * Every function that can fail returns 0 on success or a negative MPMGR_E*
 * code, and hands results back through out-parameters, which it leaves
 * untouched on failure.  Codes for errors the server reports equal the
 * protocol's JSON-RPC error codes, and their names follow the protocol's
 * error type (MPMGR_EKEY for KeyError).  mpmgr_strerror() describes a code,
 * mpmgr_err_name() gives its type name, and mpmgr_errmsg() gives the
 * message of the last failure on a connection (the server's own message,
 * "KeyError: 'x'", when the server reported it).  The library never prints,
 * never exits and never aborts: running out of memory is MPMGR_ENOMEM.
 *
 * MPMGR_ELIMITEXCEEDED for a message longer than the server's
 * --max-message (64 MiB by default) also ends the connection: the server
 * closes it, and every later call on it or on its proxies is MPMGR_ECLOSED.
 * A value nested deeper than the server allows is MPMGR_ELIMITEXCEEDED and
 * the connection stays open.
 *
 * Values
 * ------
 * Values cross the API as jansson json_t pointers, with jansson's words for
 * ownership: a getter hands back a *new reference* that the caller releases
 * with json_decref(); a plain setter *borrows* its json_t arguments (the
 * caller keeps its reference); a `_new` setter *steals* its value, even
 * when it fails.  Typed helpers (`_ii`, `_is`, `_si`, `_ss` for int64 or
 * string keys and values) cover the common cases without any json_t.
 * Strings are UTF-8; a string that is not is MPMGR_EINVAL.
 *
 * Blocking
 * --------
 * Every call that talks to the server blocks until the reply arrives, the
 * connection's reply timeout passes (MPMGR_ETIMEDOUT; the connection is then
 * unusable) or the server goes away (MPMGR_ECLOSED).  lock acquire waits as
 * long as the lock's own timeout on top of that.
 *
 * Threads and fork()
 * ------------------
 * A connection (mpmgr_t) and the proxies made from it belong to one thread
 * at a time; threads that work concurrently open one connection each.
 * After fork() a child may keep using the connection and every proxy it
 * inherited: its first call opens a new connection of its own (same
 * address and authkey), and each proxy attaches to its object on first use.
 * The parent's socket is never written or read by the child.  A connection
 * that failed before the fork stays failed in the child (MPMGR_ECLOSED),
 * and on a Unix socket a child that finds a restarted server there gets
 * MPMGR_ECLOSED too, since its handles' oids would name other objects.
 *
 * Releasing
 * ---------
 * Free proxies before closing the connection they came from (reverse order
 * of creation).  A proxy holds a reference on the server that keeps an
 * unnamed object alive; closing the connection drops all of them.  As with
 * free(), using or freeing a proxy after its connection is closed, using a
 * handle after it is freed or closed, or freeing one twice is undefined
 * behaviour.
 */
#ifndef MPMGR_H
#define MPMGR_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The single list of error codes: XX(NAME, code, type name, description).
 * The first block is the protocol's (doc/protocol.md section 4); the second
 * is the library's own, for failures that never reached the server.
 * EMPTY, FULL and BROKENBARRIER are reserved, not used by this version: they
 * belong to queues and barriers, which it does not have.
 */
#define MPMGR_ERRNO_MAP(XX)                                                    \
    XX(PARSE, -32700, "ParseError", "message is not valid JSON")               \
    XX(INVALIDREQUEST, -32600, "InvalidRequest", "not a JSON-RPC 2.0 request") \
    XX(METHODNOTFOUND, -32601, "MethodNotFound", "unknown method")             \
    XX(INVALIDPARAMS, -32602, "InvalidParams", "invalid parameters")           \
    XX(INTERNAL, -32603, "InternalError", "internal server error")             \
    XX(KEY, -32001, "KeyError", "key not found")                               \
    XX(INDEX, -32002, "IndexError", "index out of range")                      \
    XX(VALUE, -32003, "ValueError", "value not found or out of range")         \
    XX(TYPE, -32004, "TypeError", "wrong type")                                \
    XX(NOSUCHOBJECT, -32005, "NoSuchObject", "no such object")                 \
    XX(EXISTS, -32006, "Exists", "name already exists")                        \
    XX(RUNTIME, -32007, "RuntimeError", "lock not held")                       \
    XX(AUTHFAILED, -32008, "AuthFailed", "authentication failed")              \
    XX(LIMITEXCEEDED, -32009, "LimitExceeded", "server limit exceeded")        \
    XX(EMPTY, -32010, "Empty", "queue is empty")                               \
    XX(FULL, -32011, "Full", "queue is full")                                  \
    XX(BROKENBARRIER, -32012, "BrokenBarrier", "barrier is broken")            \
    XX(NOMEM, -1, "MemoryError", "out of memory")                              \
    XX(INVAL, -2, "InvalidArgument", "invalid argument")                       \
    XX(CONNECT, -3, "ConnectionError", "cannot connect to the server")         \
    XX(TIMEDOUT, -4, "TimeoutError", "timed out waiting for the server")       \
    XX(CLOSED, -5, "ConnectionClosed", "connection to the server lost")        \
    XX(PROTO, -6, "ProtocolError", "server reply breaks the protocol")         \
    XX(SYS, -7, "OSError", "system call failed")                               \
    XX(SPAWN, -8, "SpawnError", "cannot start a private server")

/* Error codes: MPMGR_EKEY, MPMGR_EINDEX, ... */
enum mpmgr_errno {
#define MPMGR_ERRNO_ENUM(name, code, type, desc) MPMGR_E##name = (code),
    MPMGR_ERRNO_MAP(MPMGR_ERRNO_ENUM)
#undef MPMGR_ERRNO_ENUM
};

/* A connection to mpmgrd: one session on the server. */
typedef struct mpmgr mpmgr_t;
/* Proxies: a connection, an object id and a type. */
typedef struct mpmgr_dict mpmgr_dict_t;
typedef struct mpmgr_list mpmgr_list_t;
typedef struct mpmgr_lock mpmgr_lock_t;
/* A private mpmgrd started by this process. */
typedef struct mpmgr_manager mpmgr_manager_t;

/* Flag for the _open functions: create the object when the name is free. */
#define MPMGR_CREATE 1

/* "Not given" for an optional index (slice bounds, index() range). */
#define MPMGR_NONE INT64_MIN

/* Flag for mpmgr_manager_start(): let the server log to our stderr. */
#define MPMGR_MANAGER_VERBOSE 1

/* ======================================================================
 * Errors
 * ====================================================================== */

/* A sentence describing CODE ("key not found"); never NULL. */
const char *mpmgr_strerror(int code);

/* The protocol's type name for CODE ("KeyError"); "Unknown" if none. */
const char *mpmgr_err_name(int code);

/*
 * The message of the last failure on M: the server's message for errors it
 * reported, which already starts with the error's type name ("KeyError:
 * 'x'"), or the library's own sentence otherwise ("connection to ... closed
 * by the server"); print it as it is.  "" when nothing has failed yet.
 * With M NULL: the last failure in this thread of a call that has no
 * connection (mpmgr_connect, mpmgr_manager_start, the mpmgr_items_*
 * functions), and of a call given a NULL connection or proxy, which
 * returns MPMGR_EINVAL and leaves "invalid argument: a NULL handle" here.
 * The string belongs to the library and lasts until the next
 * failing call.
 */
const char *mpmgr_errmsg(const mpmgr_t *m);

/*
 * The system error (an errno value such as ENOENT or ECONNREFUSED) behind
 * the last failure on M, or with M NULL behind the last failure in this
 * thread of a call without a connection; 0 when there was none.  Lets a
 * program word its own message for MPMGR_ECONNECT and friends.
 */
int mpmgr_errno(const mpmgr_t *m);

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *mpmgr_version(void);

/* ======================================================================
 * Connections
 * ====================================================================== */

/*
 * How to connect.  Zero every field (or call mpmgr_options_init) for the
 * defaults, then set what you need.
 */
typedef struct mpmgr_options {
    /* Address as in doc/protocol.md section 1 ("unix:PATH", "/path",
     * "tcp:HOST:PORT", "HOST:PORT", "[V6ADDR]:PORT").  NULL:
     * $MPMGR_ADDRESS, else $XDG_RUNTIME_DIR/mpmgr.sock, else
     * /tmp/mpmgr-$UID/mpmgr.sock. */
    const char *address;
    /* Authkey bytes.  NULL: $MPMGR_AUTHKEY when set, else none. */
    const char *authkey;
    /* Length of authkey; 0 means strlen(authkey). */
    size_t authkey_len;
    /* Name shown in server.sessions.  NULL: the program's name. */
    const char *client;
    /* Milliseconds for connect, greeting and hello together.
     * 0: 10000; negative: no limit. */
    int connect_timeout_ms;
    /* Milliseconds to wait for each reply.  0 or negative: no limit (a
     * server that dies still fails the call at once). */
    int reply_timeout_ms;
} mpmgr_options_t;

/* Fill OPTS with the defaults (all zero). */
void mpmgr_options_init(mpmgr_options_t *opts);

/*
 * Connect to the server at ADDRESS (NULL: the default address) with the
 * NUL-terminated AUTHKEY (NULL: $MPMGR_AUTHKEY, else none).  Same as
 * mpmgr_connect_opts() with only those two options set.
 */
int mpmgr_connect(const char *address, const char *authkey, mpmgr_t **out);

/*
 * Connect, read the greeting and say hello.  With an authkey the client
 * proves it knows the key and checks that the server does too: a server
 * that fails, or that runs without an authkey, is MPMGR_EAUTHFAILED.  A
 * server that wants an authkey the client lacks is MPMGR_EAUTHFAILED too.
 * Returns 0 and the connection in *OUT; MPMGR_EINVAL (bad address),
 * MPMGR_ECONNECT, MPMGR_ETIMEDOUT, MPMGR_EAUTHFAILED, MPMGR_ELIMITEXCEEDED
 * (too many clients), MPMGR_EPROTO (not an mpmgr server), MPMGR_ECLOSED
 * (a peer that hung up before its greeting), MPMGR_ENOMEM.  On failure the
 * message is mpmgr_errmsg(NULL).  Blocks up to the connect timeout.
 */
int mpmgr_connect_opts(const mpmgr_options_t *opts, mpmgr_t **out);

/*
 * Close the connection: the server drops this session's references and
 * releases its locks.  Proxies from M must be freed first: using or freeing
 * one after mpmgr_close(M), using M after it, or closing M twice is
 * undefined behaviour, as with free().  In a forked child that never used
 * M, nothing is sent.  M may be NULL.
 */
void mpmgr_close(mpmgr_t *m);

/*
 * Change the timeouts of M (same meaning as in mpmgr_options_t; the connect
 * timeout is used when a forked child connects anew).  Returns 0, or
 * MPMGR_EINVAL when M is NULL.
 */
int mpmgr_set_timeouts(mpmgr_t *m, int connect_timeout_ms,
                       int reply_timeout_ms);

/* M's address in canonical form ("unix:PATH" or "tcp:HOST:PORT"). */
const char *mpmgr_address(const mpmgr_t *m);

/* The server's session id for M (0 before a forked child reconnects). */
int64_t mpmgr_session_id(const mpmgr_t *m);

/*
 * Send any protocol method: PARAMS (an object, or NULL for none) is
 * borrowed; on success *RESULT (when RESULT is non-NULL) is a new reference
 * to the result.  For methods this header does not wrap yet.  Blocks.
 */
int mpmgr_call(mpmgr_t *m, const char *method, json_t *params, json_t **result);

/* ======================================================================
 * Pipelining: many operations, one round trip
 * ====================================================================== */

/*
 * Start queueing.  Until mpmgr_pipeline_exec(), every call on M or on its
 * proxies is written into a local buffer instead of being sent, and returns
 * 0 at once without touching its out-parameters (argument errors are still
 * returned).  Returns MPMGR_EINVAL when M is already pipelining.
 */
int mpmgr_pipeline_begin(mpmgr_t *m);

/*
 * Send everything queued since mpmgr_pipeline_begin() in one write, and
 * read every reply.  *COUNT (when non-NULL) is the number of operations,
 * set on failure too: each then has its result or the failure.  Returns 0
 * when all replies came back, whatever each one said; a connection
 * failure (MPMGR_ECLOSED, MPMGR_ETIMEDOUT, ...) otherwise.  Ends the
 * pipeline in both cases.  Blocks; the reply timeout applies to
 * each reply, including that of a queued lock acquire.
 */
int mpmgr_pipeline_exec(mpmgr_t *m, size_t *count);

/*
 * The outcome of the INDEX-th queued operation (from 0) of the last
 * mpmgr_pipeline_exec(): 0 and a new reference in *RESULT (when non-NULL),
 * or that operation's error code, with its message in mpmgr_errmsg(M).
 * MPMGR_EINVAL when INDEX is out of range.  Results stay until the next
 * mpmgr_pipeline_begin() or mpmgr_close().
 */
int mpmgr_pipeline_result(mpmgr_t *m, size_t index, json_t **result);

/* ======================================================================
 * Objects, names, references
 * ====================================================================== */

/*
 * Describe the object OID: a new reference to {"oid","type","name","len",
 * "refs"} in *INFO.  MPMGR_ENOSUCHOBJECT when there is none.  Blocks.
 */
int mpmgr_describe(mpmgr_t *m, int64_t oid, json_t **info);

/*
 * Remove NAME from the server; the object goes once no session holds a
 * reference.  MPMGR_ENOSUCHOBJECT when no object has that name.  Blocks.
 */
int mpmgr_unlink(mpmgr_t *m, const char *name);

/* ======================================================================
 * dict: a Python dict whose keys are JSON values other than objects
 * ====================================================================== */

/*
 * Create a dict, named NAME (NULL: unnamed), filled from INIT (borrowed;
 * NULL, an object, or an array of [key, value] pairs).  The proxy holds a
 * reference.  MPMGR_EEXISTS when the name is taken, MPMGR_EINVALIDPARAMS
 * for a bad name or INIT.  Blocks.
 */
int mpmgr_dict_create(mpmgr_t *m, const char *name, json_t *init,
                      mpmgr_dict_t **out);

/*
 * Open the dict called NAME.  With FLAGS MPMGR_CREATE it is created (from
 * INIT, borrowed, may be NULL) when absent; *CREATED (when non-NULL) says
 * whether it was.  MPMGR_ENOSUCHOBJECT when absent without MPMGR_CREATE,
 * MPMGR_ETYPE when NAME is not a dict.  Blocks.
 */
int mpmgr_dict_open(mpmgr_t *m, const char *name, int flags, json_t *init,
                    mpmgr_dict_t **out, int *created);

/*
 * A proxy for the existing dict OID (from another process, say); takes a
 * reference.  MPMGR_ENOSUCHOBJECT, or MPMGR_ETYPE when OID is no dict.
 */
int mpmgr_dict_attach(mpmgr_t *m, int64_t oid, mpmgr_dict_t **out);

/*
 * Drop the proxy and its reference (an unnamed dict nobody else references
 * is then freed).  Errors are ignored: the server drops a closed session's
 * references anyway.  D may be NULL.
 */
void mpmgr_dict_free(mpmgr_dict_t *d);

/* The dict's oid. */
int64_t mpmgr_dict_oid(const mpmgr_dict_t *d);

/* d[key]: a new reference in *VALUE, or MPMGR_EKEY.  KEY borrowed. */
int mpmgr_dict_getitem(mpmgr_dict_t *d, json_t *key, json_t **value);

/*
 * The part of d[key] at the JSON Pointer PATH ("" is the whole value,
 * "/a/0" a member's element).  MPMGR_EKEY, MPMGR_EINDEX or MPMGR_ETYPE
 * when the path does not lead anywhere.  New reference in *VALUE.
 */
int mpmgr_dict_getitem_path(mpmgr_dict_t *d, json_t *key, const char *path,
                            json_t **value);

/*
 * d.get(key, default): a new reference to the value, or to DEFAULT_VALUE
 * (borrowed; NULL means JSON null) when the key is absent.
 */
int mpmgr_dict_get(mpmgr_dict_t *d, json_t *key, json_t *default_value,
                   json_t **value);

/* mpmgr_dict_get() of the part at PATH; default when any step is missing. */
int mpmgr_dict_get_path(mpmgr_dict_t *d, json_t *key, const char *path,
                        json_t *default_value, json_t **value);

/* d[key] = value.  KEY and VALUE borrowed.  MPMGR_ETYPE for an object key. */
int mpmgr_dict_setitem(mpmgr_dict_t *d, json_t *key, json_t *value);

/*
 * d[key] = value, both written from FMT as in mpmgr_items_addf() (the
 * key's format, then the value's): mpmgr_dict_setitemf(d, "[ii] i",
 * (int)pid, i, result) sets d[[pid, i]] = result without making a json_t.
 */
int mpmgr_dict_setitemf(mpmgr_dict_t *d, const char *fmt, ...);

/* mpmgr_dict_setitem() that steals VALUE, even on failure. */
int mpmgr_dict_setitem_new(mpmgr_dict_t *d, json_t *key, json_t *value);

/*
 * Set the part of d[key] at PATH, atomically on the server.  The last token
 * may name a new member, or be "-" to append to an array.  MPMGR_EKEY when
 * the key is absent.  Borrows KEY and VALUE.
 */
int mpmgr_dict_setitem_path(mpmgr_dict_t *d, json_t *key, const char *path,
                            json_t *value);

/* del d[key]; MPMGR_EKEY when absent.  KEY borrowed. */
int mpmgr_dict_delitem(mpmgr_dict_t *d, json_t *key);

/* Delete the part of d[key] at PATH ("" deletes the key). */
int mpmgr_dict_delitem_path(mpmgr_dict_t *d, json_t *key, const char *path);

/* key in d: *FOUND is 1 or 0. */
int mpmgr_dict_contains(mpmgr_dict_t *d, json_t *key, int *found);

/* len(d). */
int mpmgr_dict_len(mpmgr_dict_t *d, size_t *len);

/* list(d.keys()), list(d.values()), list(d.items()) ([[k,v],...]), in
 * insertion order: a new reference to an array. */
int mpmgr_dict_keys(mpmgr_dict_t *d, json_t **keys);
int mpmgr_dict_values(mpmgr_dict_t *d, json_t **values);
int mpmgr_dict_items(mpmgr_dict_t *d, json_t **items);

/* d.update(items): ITEMS (borrowed) is an object or [[k,v],...]; all or
 * nothing. */
int mpmgr_dict_update(mpmgr_dict_t *d, json_t *items);

/*
 * A batch of [key, value] pairs for one dict.update, written as JSON text
 * as each pair is added, so that building thousands of pairs makes no
 * json_t.  Reusable: mpmgr_items_clear() empties it and keeps its memory.
 * Its functions fail with mpmgr_errmsg(NULL) set, as it has no connection.
 */
typedef struct mpmgr_items mpmgr_items_t;

/* A new, empty batch in *ITEMS; MPMGR_ENOMEM. */
int mpmgr_items_new(mpmgr_items_t **items);

/*
 * Add one pair written from FMT: the key's format, then the value's, in a
 * subset of json_pack's syntax.  These letters, and no others: I json_int_t
 * (int64), i int, b int (written true or false), f double (a real; not
 * infinite or NaN), s UTF-8 string, n null (no argument), O json_t
 * (borrowed), o json_t (stolen, even on failure); [...] an array and
 * {s:X ...} an object, whose member names are s.  Spaces, tabs, newlines,
 * ',' and ':' between them are ignored.  There are none of json_pack's
 * s#, s%, s+, '?' or '*'.  For example mpmgr_items_addf(items, "[II] I",
 * (json_int_t)pid, (json_int_t)i, (json_int_t)result) adds [pid, i] ->
 * result: as with json_pack, an argument must have its letter's exact
 * type, so an int or pid_t passed for I must be cast to json_int_t.
 * MPMGR_EINVAL for a NULL string or json_t, a string that is not UTF-8, a
 * real that is infinite or NaN, a letter outside the list, or a format
 * that is not two values; the batch is then as it was.
 */
int mpmgr_items_addf(mpmgr_items_t *items, const char *fmt, ...);

/* Add KEY -> VALUE (both borrowed). */
int mpmgr_items_add(mpmgr_items_t *items, json_t *key, json_t *value);

/* How many pairs the batch holds (0 for NULL). */
size_t mpmgr_items_count(const mpmgr_items_t *items);

/* Empty the batch, keeping its memory.  ITEMS may be NULL. */
void mpmgr_items_clear(mpmgr_items_t *items);

/* ITEMS may be NULL. */
void mpmgr_items_free(mpmgr_items_t *items);

/* d.update(items) with the batch, which is left as it is; all or nothing
 * (an object key is MPMGR_ETYPE and nothing is stored). */
int mpmgr_dict_update_items(mpmgr_dict_t *d, const mpmgr_items_t *items);

/*
 * d.setdefault(key, default): store DEFAULT_VALUE (borrowed; NULL means
 * JSON null) when KEY is absent.  *VALUE (when VALUE is non-NULL): a new
 * reference to the value now stored.
 */
int mpmgr_dict_setdefault(mpmgr_dict_t *d, json_t *key, json_t *default_value,
                          json_t **value);

/*
 * d.pop(key[, default]): remove KEY and hand its value back (new reference
 * in *VALUE when non-NULL).  DEFAULT_VALUE NULL means "no default": an
 * absent key is then MPMGR_EKEY; pass json_null() for a null default.
 */
int mpmgr_dict_pop(mpmgr_dict_t *d, json_t *key, json_t *default_value,
                   json_t **value);

/*
 * d.popitem(): remove the last inserted pair; new references in *KEY and
 * *VALUE (either may be NULL).  MPMGR_EKEY when the dict is empty.
 */
int mpmgr_dict_popitem(mpmgr_dict_t *d, json_t **key, json_t **value);

/* d.clear(). */
int mpmgr_dict_clear(mpmgr_dict_t *d);

/*
 * Add BY (borrowed; NULL means 1) to the number d[key], atomically on the
 * server; a missing key starts at 0.  *RESULT (when non-NULL): a new
 * reference to the new number.  MPMGR_ETYPE for a non-number, MPMGR_EVALUE
 * on int64 overflow (the value is then unchanged).
 */
int mpmgr_dict_incr(mpmgr_dict_t *d, json_t *key, json_t *by, json_t **result);

/* mpmgr_dict_incr() of the number at PATH inside d[key]. */
int mpmgr_dict_incr_path(mpmgr_dict_t *d, json_t *key, const char *path,
                         json_t *by, json_t **result);

/*
 * Compare and swap: store VALUE when d[key] equals EXPECT, or, with EXPECT
 * NULL, when KEY is absent (json_null() expects a stored null).  *SWAPPED
 * (when non-NULL) says whether it did; *CURRENT (when non-NULL) is a new
 * reference to the value stored afterwards, or NULL when the key is absent.
 * All json_t arguments borrowed.
 */
int mpmgr_dict_cas(mpmgr_dict_t *d, json_t *key, json_t *expect, json_t *value,
                   int *swapped, json_t **current);

/*
 * [d.get(k, default) for k in keys]: KEYS (borrowed) is an array;
 * DEFAULT_VALUE borrowed, NULL means JSON null.  New reference to an array
 * in *VALUES.
 */
int mpmgr_dict_getmany(mpmgr_dict_t *d, json_t *keys, json_t *default_value,
                       json_t **values);

/* Typed helpers: i = int64, s = UTF-8 string, first letter the key's,
 * second the value's.  A getter fails with MPMGR_EKEY when the key is
 * absent and MPMGR_ETYPE when the value has another type; a string comes
 * back malloc'd in *VALUE, for free(). */
int mpmgr_dict_set_ii(mpmgr_dict_t *d, int64_t key, int64_t value);
int mpmgr_dict_set_is(mpmgr_dict_t *d, int64_t key, const char *value);
int mpmgr_dict_set_si(mpmgr_dict_t *d, const char *key, int64_t value);
int mpmgr_dict_set_ss(mpmgr_dict_t *d, const char *key, const char *value);
int mpmgr_dict_get_ii(mpmgr_dict_t *d, int64_t key, int64_t *value);
int mpmgr_dict_get_is(mpmgr_dict_t *d, int64_t key, char **value);
int mpmgr_dict_get_si(mpmgr_dict_t *d, const char *key, int64_t *value);
int mpmgr_dict_get_ss(mpmgr_dict_t *d, const char *key, char **value);

/*
 * An int counter: add BY to d[key] (0 when absent) on the server and put
 * the new value in *RESULT (when non-NULL).  MPMGR_ETYPE when the stored
 * value is not a number, or when it is a real (which the server then
 * increments as a real, so the increment is made: use mpmgr_dict_incr()
 * for reals).
 */
int mpmgr_dict_incr_i(mpmgr_dict_t *d, int64_t key, int64_t by,
                      int64_t *result);
int mpmgr_dict_incr_s(mpmgr_dict_t *d, const char *key, int64_t by,
                      int64_t *result);

/* ======================================================================
 * list: a Python list of JSON values; negative indices count from the end
 * ====================================================================== */

/* Create a list named NAME (NULL: unnamed) from INIT (borrowed array, or
 * NULL).  As mpmgr_dict_create(). */
int mpmgr_list_create(mpmgr_t *m, const char *name, json_t *init,
                      mpmgr_list_t **out);

/* Open the list called NAME; as mpmgr_dict_open(). */
int mpmgr_list_open(mpmgr_t *m, const char *name, int flags, json_t *init,
                    mpmgr_list_t **out, int *created);

/* A proxy for the existing list OID; as mpmgr_dict_attach(). */
int mpmgr_list_attach(mpmgr_t *m, int64_t oid, mpmgr_list_t **out);

/* Drop the proxy and its reference; as mpmgr_dict_free().  L may be NULL. */
void mpmgr_list_free(mpmgr_list_t *l);

/* The list's oid. */
int64_t mpmgr_list_oid(const mpmgr_list_t *l);

/* l[index]: new reference in *VALUE, or MPMGR_EINDEX. */
int mpmgr_list_getitem(mpmgr_list_t *l, int64_t index, json_t **value);

/* The part of l[index] at the JSON Pointer PATH. */
int mpmgr_list_getitem_path(mpmgr_list_t *l, int64_t index, const char *path,
                            json_t **value);

/* l[start:stop:step], each bound MPMGR_NONE when not given: a new reference
 * to an array.  MPMGR_EVALUE when STEP is 0. */
int mpmgr_list_slice(mpmgr_list_t *l, int64_t start, int64_t stop, int64_t step,
                     json_t **values);

/* l[index] = value (VALUE borrowed); MPMGR_EINDEX. */
int mpmgr_list_setitem(mpmgr_list_t *l, int64_t index, json_t *value);

/* Set the part of l[index] at PATH; VALUE borrowed. */
int mpmgr_list_setitem_path(mpmgr_list_t *l, int64_t index, const char *path,
                            json_t *value);

/* del l[index]; MPMGR_EINDEX. */
int mpmgr_list_delitem(mpmgr_list_t *l, int64_t index);

/* len(l). */
int mpmgr_list_len(mpmgr_list_t *l, size_t *len);

/* value in l: *FOUND 1 or 0.  VALUE borrowed. */
int mpmgr_list_contains(mpmgr_list_t *l, json_t *value, int *found);

/* l.count(value).  VALUE borrowed. */
int mpmgr_list_count(mpmgr_list_t *l, json_t *value, size_t *count);

/* l.index(value, start, stop) (bounds MPMGR_NONE when not given);
 * MPMGR_EVALUE when absent.  VALUE borrowed. */
int mpmgr_list_index(mpmgr_list_t *l, json_t *value, int64_t start,
                     int64_t stop, int64_t *index);

/* l.append(value); VALUE borrowed. */
int mpmgr_list_append(mpmgr_list_t *l, json_t *value);

/* mpmgr_list_append() that steals VALUE, even on failure. */
int mpmgr_list_append_new(mpmgr_list_t *l, json_t *value);

/* l.extend(values); VALUES (borrowed) is an array. */
int mpmgr_list_extend(mpmgr_list_t *l, json_t *values);

/* l.insert(index, value), the index clamped as in Python; VALUE borrowed. */
int mpmgr_list_insert(mpmgr_list_t *l, int64_t index, json_t *value);

/* l.pop(index) (-1 for the last): new reference in *VALUE when non-NULL;
 * MPMGR_EINDEX when empty or out of range. */
int mpmgr_list_pop(mpmgr_list_t *l, int64_t index, json_t **value);

/* l.remove(value): the first equal element; MPMGR_EVALUE when none. */
int mpmgr_list_remove(mpmgr_list_t *l, json_t *value);

/* l.reverse(), l.clear(). */
int mpmgr_list_reverse(mpmgr_list_t *l);
int mpmgr_list_clear(mpmgr_list_t *l);

/* l.sort(reverse=REVERSE), stable; all numbers or all strings (arrays of
 * such compare element by element), else MPMGR_ETYPE and no change. */
int mpmgr_list_sort(mpmgr_list_t *l, int reverse);

/* Typed helpers: append an int64 or a string; read l[index] as one
 * (MPMGR_ETYPE for another type; the string is malloc'd, for free()). */
int mpmgr_list_append_i(mpmgr_list_t *l, int64_t value);
int mpmgr_list_append_s(mpmgr_list_t *l, const char *value);
int mpmgr_list_get_i(mpmgr_list_t *l, int64_t index, int64_t *value);
int mpmgr_list_get_s(mpmgr_list_t *l, int64_t index, char **value);

/* ======================================================================
 * lock and rlock: threading.Lock and threading.RLock across processes
 * ====================================================================== */

/*
 * Create a lock (any session may release it) or an rlock (re-entrant for
 * the session that holds it, released only by it), named NAME or unnamed
 * (NULL).  The same mpmgr_lock_t type serves both; the calls below send the
 * lock's or the rlock's method as the proxy's type requires.  Blocks.
 */
int mpmgr_lock_create(mpmgr_t *m, const char *name, mpmgr_lock_t **out);
int mpmgr_rlock_create(mpmgr_t *m, const char *name, mpmgr_lock_t **out);

/* Open the lock or rlock called NAME; as mpmgr_dict_open(). */
int mpmgr_lock_open(mpmgr_t *m, const char *name, int flags, mpmgr_lock_t **out,
                    int *created);
int mpmgr_rlock_open(mpmgr_t *m, const char *name, int flags,
                     mpmgr_lock_t **out, int *created);

/* A proxy for the existing lock or rlock OID.  MPMGR_ETYPE for others. */
int mpmgr_lock_attach(mpmgr_t *m, int64_t oid, mpmgr_lock_t **out);

/* Drop the proxy and its reference.  A lock this session holds stays held
 * until it is released or the connection closes, unless that was its last
 * reference and it has no name: then it is freed, held or not (its waiters
 * get MPMGR_ENOSUCHOBJECT).  L may be NULL. */
void mpmgr_lock_free(mpmgr_lock_t *l);

/* The lock's oid, and whether it is an rlock (1) or a lock (0). */
int64_t mpmgr_lock_oid(const mpmgr_lock_t *l);
int mpmgr_lock_is_rlock(const mpmgr_lock_t *l);

/*
 * lock.acquire(blocking, timeout).  BLOCKING 0 tries once (TIMEOUT must
 * then be negative); otherwise waits up to TIMEOUT seconds, or forever when
 * TIMEOUT is negative or INFINITY (NaN is MPMGR_EINVAL).  *ACQUIRED (when
 * non-NULL) is 1 or 0; *TOKEN (when non-NULL and acquired) is the fencing
 * token, which grows each time the lock is granted.  Blocks, beyond the reply
 * timeout, as long as TIMEOUT.
 */
int mpmgr_lock_acquire(mpmgr_lock_t *l, int blocking, double timeout,
                       int *acquired, int64_t *token);

/* lock.release(); MPMGR_ERUNTIME when not held (rlock: not by us). */
int mpmgr_lock_release(mpmgr_lock_t *l);

/* lock.locked(): *LOCKED 1 or 0. */
int mpmgr_lock_locked(mpmgr_lock_t *l, int *locked);

/* ======================================================================
 * The server
 * ====================================================================== */

/* server.ping: 0 when the server answers "pong".  Blocks. */
int mpmgr_server_ping(mpmgr_t *m);

/* server.info: a new reference to {"server","version","protocol","pid",
 * "uptime_s","sessions","objects","requests","memory_bytes","listen"}. */
int mpmgr_server_info(mpmgr_t *m, json_t **info);

/*
 * server.objects: a new reference to an array of {"oid","type","name",
 * "len","refs"} (plus "holder" for held locks), filtered by TYPE and name
 * PREFIX (NULL: any) and at most LIMIT long (0 or less: no limit).
 */
int mpmgr_server_objects(mpmgr_t *m, const char *type, const char *prefix,
                         int64_t limit, json_t **objects);

/* server.sessions: a new reference to an array of {"session","client",
 * "pid","peer","since","requests","refs","locks"}. */
int mpmgr_server_sessions(mpmgr_t *m, json_t **sessions);

/* server.shutdown: the server replies, then exits; M is then closed by the
 * server (later calls give MPMGR_ECLOSED). */
int mpmgr_server_shutdown(mpmgr_t *m);

/* ======================================================================
 * The private manager: a server of one's own, like Python's Manager()
 * ====================================================================== */

/*
 * Start a private mpmgrd on a fresh socket in a new 0700 directory, with a
 * random authkey handed over in its environment, and wait until it listens.
 * The server is found through $MPMGRD, then the build tree, then the
 * installed bindir, then $PATH.  It stops with mpmgr_manager_stop(), or
 * when the thread that started it exits (Linux), and removes its socket
 * and directory as it goes.  Its stderr is discarded
 * unless FLAGS has MPMGR_MANAGER_VERBOSE.  Returns 0 and the manager in
 * *OUT, or MPMGR_ESPAWN (message in mpmgr_errmsg(NULL)), MPMGR_ESYS,
 * MPMGR_ENOMEM.  Blocks until the server is ready (at most 10 s).
 */
int mpmgr_manager_start(int flags, mpmgr_manager_t **out);

/*
 * A new connection to the manager's server, for this process or any child
 * forked after mpmgr_manager_start().  As mpmgr_connect().
 */
int mpmgr_manager_connect(mpmgr_manager_t *mgr, mpmgr_t **out);

/* The manager's address ("unix:/tmp/mpmgr-XXXXXX/mpmgr.sock"). */
const char *mpmgr_manager_address(const mpmgr_manager_t *mgr);

/* The manager's authkey (NUL-terminated hex), to hand to other programs. */
const char *mpmgr_manager_authkey(const mpmgr_manager_t *mgr);

/*
 * Stop the server (SIGTERM, then SIGKILL after 5 s), wait for it, remove
 * its directory and free MGR.  Called in a forked child it only frees the
 * child's copy: the server belongs to the process that started it.  Close
 * connections first.  Returns 0, or MPMGR_ESYS when the server had to be
 * killed or did not exit cleanly.  MGR may be NULL.
 */
int mpmgr_manager_stop(mpmgr_manager_t *mgr);

#ifdef __cplusplus
}
#endif

#endif /* MPMGR_H */
