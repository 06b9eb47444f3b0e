/*
 * error.c: error codes, their names and descriptions (all generated from
 * MPMGR_ERRNO_MAP), and the message of the last failure on a connection.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * The message of the last failure of a call that has no connection to keep
 * it in (connect, manager start).  One per thread, as errno is.
 */
static __thread char thread_errmsg[512];
static __thread int thread_errno;

const char *
mpmgr_strerror(int code)
{
    switch (code) {
#define XX(name, c, type, desc)                                                \
    case c:                                                                    \
        return desc;
        MPMGR_ERRNO_MAP(XX)
#undef XX
    case 0:
        return "success";
    default:
        return "unknown error";
    }
}

const char *
mpmgr_err_name(int code)
{
    switch (code) {
#define XX(name, c, type, desc)                                                \
    case c:                                                                    \
        return type;
        MPMGR_ERRNO_MAP(XX)
#undef XX
    default:
        return "Unknown";
    }
}

const char *
mpmgr_errmsg(const mpmgr_t *m)
{
    if (m == NULL)
        return thread_errmsg;
    return m->errmsg != NULL ? m->errmsg : "";
}

int
mpmgr_errno(const mpmgr_t *m)
{
    return m == NULL ? thread_errno : m->sys_errno;
}

const char *
mpmgr_version(void)
{
    return PACKAGE_VERSION;
}

/*
 * Map a server error to a code.  The type name decides when the library
 * knows it; otherwise the numeric code when it is one of the protocol's;
 * anything else means the server speaks a protocol we do not.
 */
int
mpmgr__code_from_type(const char *type, json_int_t code)
{
#define XX(name, c, t, desc)                                                   \
    if (type != NULL && c < -1000 && strcmp(type, t) == 0)                     \
        return c;
    MPMGR_ERRNO_MAP(XX)
#undef XX
#define XX(name, c, t, desc)                                                   \
    if (c < -1000 && code == c)                                                \
        return c;
    MPMGR_ERRNO_MAP(XX)
#undef XX
    return MPMGR_EPROTO;
}

/*
 * Keep MSG as M's last error message, with no errno behind it.  Without
 * memory for a copy the old message is dropped rather than left to
 * mislead.
 */
void
mpmgr__set_errmsg(mpmgr_t *m, const char *msg)
{
    if (m == NULL) {
        snprintf(thread_errmsg, sizeof(thread_errmsg), "%s", msg);
        thread_errno = 0;
        return;
    }
    free(m->errmsg);
    m->errmsg = strdup(msg);
    m->sys_errno = 0;
}

/* Copy M's last failure to the thread's, for calls that free M. */
void
mpmgr__keep_for_thread(const mpmgr_t *m)
{
    mpmgr__set_errmsg(NULL, mpmgr_errmsg(m));
    thread_errno = m->sys_errno;
}

static int
vfail(mpmgr_t *m, int code, int err, const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    mpmgr__set_errmsg(m, msg);
    if (m == NULL)
        thread_errno = err;
    else
        m->sys_errno = err;
    return code;
}

/* Record a formatted message for M (or the thread) and return CODE. */
int
mpmgr__fail(mpmgr_t *m, int code, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vfail(m, code, 0, fmt, ap);
    va_end(ap);
    return rc;
}

/* mpmgr__fail() for a failure caused by the system error ERR. */
int
mpmgr__fail_sys(mpmgr_t *m, int code, int err, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vfail(m, err == ENOMEM ? MPMGR_ENOMEM : code, err, fmt, ap);
    va_end(ap);
    return rc;
}

int
mpmgr__null_handle(void)
{
    return mpmgr__fail(NULL, MPMGR_EINVAL, "invalid argument: a NULL handle");
}

/* mpmgr__fail_sys() with "WHAT: strerror(errno)". */
int
mpmgr__fail_errno(mpmgr_t *m, int code, const char *what)
{
    int saved = errno;

    return mpmgr__fail_sys(m, code, saved, "%s: %s", what, strerror(saved));
}
