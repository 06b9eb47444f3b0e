/*
 * error.c: protocol errors as the daemon carries them before they become a
 * JSON-RPC error reply.  The codes and type names come from the single list
 * in mpmgr.h, which the client library uses too.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mpmgrd.h"

const char *
error_type(int code)
{
    switch (code) {
#define ERROR_TYPE_CASE(name, value, type, desc)                               \
    case value:                                                                \
        return type;
        MPMGR_ERRNO_MAP(ERROR_TYPE_CASE)
#undef ERROR_TYPE_CASE
    }
    return "InternalError";
}

int
error_vset(struct error *e, int code, const char *fmt, va_list ap)
{
    int n;

    e->code = code;
    n = snprintf(e->message, sizeof(e->message), "%s: ", error_type(code));
    if (n < 0 || (size_t)n >= sizeof(e->message))
        return -1;
    vsnprintf(e->message + n, sizeof(e->message) - (size_t)n, fmt, ap);
    /* Messages quote client text and may cut it anywhere: keep them valid
     * UTF-8, or the reply could not be encoded. */
    utf8_sanitize(e->message);
    return -1;
}

int
error_set(struct error *e, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vset(e, code, fmt, ap);
    va_end(ap);
    return -1;
}
