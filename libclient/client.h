/*
 * client.h: libmpmgr's internal structures and the prototypes shared by its
 * files.  Non-static names carry the mpmgr__ prefix so that the export
 * regex '^mpmgr_[a-z]' leaves them out of the shared library.
 */
#ifndef MPMGR_CLIENT_H
#define MPMGR_CLIENT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "addr.h"
#include "mpmgr.h"
#include "proto.h"
#include "spin.h"

/* A byte buffer with a read position: input is consumed from the front. */
struct mpmgr__buf {
    char *data;
    size_t start; /* first unconsumed byte */
    size_t len;   /* end of the valid bytes */
    size_t size;  /* allocated */
};

/* One operation of a pipeline: its request id and, after exec, outcome. */
struct mpmgr__slot {
    int64_t id;
    int hidden;     /* an implicit attach the caller never saw */
    int code;       /* 0 or an MPMGR_E* code */
    json_t *result; /* on success */
    char *message;  /* on failure */
};

/* The parts of a reply line that matter (reply.c); any may be NULL. */
struct mpmgr__reply {
    json_t *id; /* NULL when it was read as ID_VALUE */
    bool id_is_int;
    json_int_t id_value;
    json_t *result;
    json_t *error;
};

struct mpmgr {
    int fd;              /* -1 when closed or broken */
    pid_t pid;           /* the process that opened fd */
    unsigned long forks; /* conn.c's fork count when fd was opened */
    unsigned gen;        /* bumped each time a new session starts */
    pid_t server_pid;    /* the first server's pid (Unix sockets), or 0 */
    int64_t session;
    int64_t next_id;

    struct mpmgr__addr addr;
    char *authkey; /* NULL: no authkey */
    size_t authkey_len;
    char *client;
    int connect_timeout_ms;
    int reply_timeout_ms;
    struct mpmgr__spin spin; /* how replies are waited for (spin.c) */

    struct mpmgr__buf in;
    struct mpmgr__buf out;
    struct mpmgr__buf members; /* a call's params, written from its format */

    int pipelining;
    struct mpmgr__slot *slots;
    size_t nslots, slots_size;

    char *errmsg;  /* message of the last failure */
    int sys_errno; /* errno behind it, or 0 */
};

/* The object types a proxy may stand for. */
enum mpmgr__type { MPMGR__DICT, MPMGR__LIST, MPMGR__LOCK, MPMGR__RLOCK };

/* What every proxy is: the connection, the object, and the session in
 * which this process holds a reference to it. */
struct mpmgr__proxy {
    mpmgr_t *m;
    int64_t oid;
    enum mpmgr__type type;
    unsigned gen; /* m->gen when attached; else stale */
};

struct mpmgr_dict {
    struct mpmgr__proxy p;
};

struct mpmgr_list {
    struct mpmgr__proxy p;
};

struct mpmgr_lock {
    struct mpmgr__proxy p;
};

/* error.c */
int mpmgr__fail(mpmgr_t *m, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int mpmgr__fail_sys(mpmgr_t *m, int code, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int mpmgr__fail_errno(mpmgr_t *m, int code, const char *what);
/* MPMGR_EINVAL for a call given a NULL handle, its message in
 * mpmgr_errmsg(NULL) (there is no handle to keep it). */
int mpmgr__null_handle(void);
void mpmgr__set_errmsg(mpmgr_t *m, const char *msg);
void mpmgr__keep_for_thread(const mpmgr_t *m);
int mpmgr__code_from_type(const char *type, json_int_t code);

/* buf.c */
int mpmgr__buf_reserve(struct mpmgr__buf *b, size_t more);
void mpmgr__buf_reset(struct mpmgr__buf *b);
void mpmgr__buf_free(struct mpmgr__buf *b);
int64_t mpmgr__now_ms(void);
int64_t mpmgr__deadline(int timeout_ms);

/* conn.c */
int mpmgr__ensure(mpmgr_t *m);
/* MPMGR_ECLOSED for M, whose connection failed before. */
int mpmgr__closed(mpmgr_t *m);
int mpmgr__own_process(const mpmgr_t *m);
/*
 * Is a pipeline being queued on M by this process?  A forked child that
 * inherited the parent's open pipeline is not: those requests and that
 * socket are the parent's, and the child's first call drops them.
 */
int mpmgr__pipelining(const mpmgr_t *m);
void mpmgr__break(mpmgr_t *m);

/* call.c */
int mpmgr__call_timed(mpmgr_t *m, const char *method, int64_t oid,
                      json_t *params, int64_t deadline, json_t **result);
int mpmgr__call(mpmgr_t *m, const char *method, json_t *params,
                json_t **result);
int mpmgr__io_request(mpmgr_t *m, const char *method, int64_t oid,
                      json_t *params, int64_t deadline, json_t **result);
int mpmgr__call_members(mpmgr_t *m, const char *method, int64_t oid,
                        const char *members, size_t len, int64_t deadline,
                        json_t **result);
int mpmgr__read_message(mpmgr_t *m, int64_t deadline, json_t **msg);
int mpmgr__queue_hidden(mpmgr_t *m, const char *method, json_t *params);
void mpmgr__pipeline_free(mpmgr_t *m);

/* encode.c */
int mpmgr__encode_request(mpmgr_t *m, int64_t id, const char *method,
                          int64_t oid, json_t *params);
int mpmgr__encode_request_members(mpmgr_t *m, int64_t id, const char *method,
                                  int64_t oid, const char *members, size_t len);
int mpmgr__encode_members(mpmgr_t *m, struct mpmgr__buf *b, const char *fmt,
                          va_list ap);
int mpmgr__encode_values(mpmgr_t *m, struct mpmgr__buf *b,
                         const char *const *names, int count, const char *fmt,
                         va_list ap);

/* items.c: the batch's text, "[[k,v],...]"; NULL for a NULL batch. */
const char *mpmgr__items_text(const mpmgr_items_t *items);

/* reply.c: 0, or -1 with ERROR filled in and R empty. */
struct mpmgr__json_error;
int mpmgr__parse_reply(const char *text, size_t len, struct mpmgr__reply *r,
                       struct mpmgr__json_error *error);
void mpmgr__reply_clear(struct mpmgr__reply *r);

/* proxy.c */
int mpmgr__proxy_create(mpmgr_t *m, enum mpmgr__type type, const char *name,
                        json_t *init, size_t size, void **out);
int mpmgr__proxy_open(mpmgr_t *m, enum mpmgr__type type, const char *name,
                      int flags, json_t *init, size_t size, void **out,
                      int *created);
int mpmgr__proxy_attach(mpmgr_t *m, int64_t oid, enum mpmgr__type want,
                        size_t size, void **out);
void mpmgr__proxy_free(struct mpmgr__proxy *p);
int mpmgr__pcall_timed(struct mpmgr__proxy *p, const char *method,
                       json_t *params, int64_t deadline, json_t **result);
int mpmgr__pcallf(struct mpmgr__proxy *p, json_t **result, const char *method,
                  const char *fmt, ...);
/* mpmgr__pcallf() with params "NAME":value for each of the NULL-ended
 * NAMES, the values written from FMT and AP as by mpmgr__encode_values. */
int mpmgr__vpcall_values(struct mpmgr__proxy *p, json_t **result,
                         const char *method, const char *const *names,
                         const char *fmt, va_list ap);
int mpmgr__callf(mpmgr_t *m, json_t **result, const char *method,
                 const char *fmt, ...);

/* The proxy inside a typed handle, or NULL for a NULL handle. */
#define MPMGR__P(h) ((h) != NULL ? &(h)->p : NULL)

/* value.c */
int mpmgr__take_value(json_t *res, json_t **out);
int mpmgr__take_null(mpmgr_t *m, json_t *res);
int mpmgr__take_bool(mpmgr_t *m, json_t *res, int *out);
int mpmgr__take_size(mpmgr_t *m, json_t *res, size_t *out);
int mpmgr__take_int(mpmgr_t *m, json_t *res, int64_t *out);
int mpmgr__take_str(mpmgr_t *m, json_t *res, char **out);
int mpmgr__take_array(mpmgr_t *m, json_t *res, json_t **out);

#endif /* MPMGR_CLIENT_H */
