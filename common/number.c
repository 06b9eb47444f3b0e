/*
 * number.c: see number.h.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

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
