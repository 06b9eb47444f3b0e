/*
 * log.c: log lines on stderr, each with a time and a level.  Each -v raises
 * the level: warnings and notable events are always shown, then debug
 * detail, then libevent's own debug messages.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "mpmgrd.h"

static int log_level = LOG_INFO;

static const char *const level_names[] = {"warn", "info", "debug", "trace"};

static void
log_vwrite(int level, const char *fmt, va_list ap, const char *suffix)
{
    struct timeval tv;
    struct tm tm;
    char when[32];

    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(stderr, "%s.%03ldZ mpmgrd[%ld] %s: ", when,
            (long)(tv.tv_usec / 1000), (long)getpid(), level_names[level]);
    vfprintf(stderr, fmt, ap);
    if (suffix != NULL)
        fprintf(stderr, ": %s", suffix);
    fputc('\n', stderr);
}

/* libevent's messages arrive here once log_init has run. */
static void
log_event_cb(int severity, const char *msg)
{
    if (severity == EVENT_LOG_DEBUG)
        log_trace("libevent: %s", msg);
    else
        log_warn("libevent: %s", msg);
}

void
log_init(int level)
{
    log_level = level;
    event_set_log_callback(log_event_cb);
#ifdef EVENT_DBG_ALL
    if (level >= LOG_TRACE)
        event_enable_debug_logging(EVENT_DBG_ALL);
#endif
}

int
log_enabled(int level)
{
    return level <= log_level;
}

#define LOG_FUNCTION(fn, level)                                                \
    void fn(const char *fmt, ...)                                              \
    {                                                                          \
        va_list ap;                                                            \
                                                                               \
        if (!log_enabled(level))                                               \
            return;                                                            \
        va_start(ap, fmt);                                                     \
        log_vwrite(level, fmt, ap, NULL);                                      \
        va_end(ap);                                                            \
    }

LOG_FUNCTION(log_warn, LOG_WARN)
LOG_FUNCTION(log_info, LOG_INFO)
LOG_FUNCTION(log_debug, LOG_DEBUG)
LOG_FUNCTION(log_trace, LOG_TRACE)

/* Log and exit, adding strerror(errno). */
void
fatal(const char *fmt, ...)
{
    const char *reason = strerror(errno);
    va_list ap;

    va_start(ap, fmt);
    log_vwrite(LOG_WARN, fmt, ap, reason);
    va_end(ap);
    exit(1);
}

/* Log and exit. */
void
fatalx(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_vwrite(LOG_WARN, fmt, ap, NULL);
    va_end(ap);
    exit(1);
}
