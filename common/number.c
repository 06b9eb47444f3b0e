/*
 * number.c: see number.h.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

int
mpmgr__parse_integer(const char *text, long long min, long long max,
                     long long *out)
{
    const char *digits = *text == '-' ? text + 1 : text;
    char *end;
    long long n;

    /* strtoll would also skip white space and take a '+'. */
    if (*digits < '0' || *digits > '9')
        return -1;
    errno = 0;
    n = strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

int
mpmgr__parse_seconds(const char *text, double max, double *out)
{
    char *end;
    double d;

    /* strtod would also skip white space and read "inf", "nan" or hex. */
    if (*text == '\0' || strspn(text, "0123456789.eE+-") != strlen(text))
        return -1;
    errno = 0;
    d = strtod(text, &end);
    if (errno != 0 || *end != '\0' || !(d > 0) || d > max)
        return -1;
    *out = d;
    return 0;
}
