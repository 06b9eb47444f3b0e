/*
 * xmalloc.c: allocation for the mpmgr command.  A short-lived tool has
 * nothing sensible to do without memory, so it says so and exits, which
 * keeps every other function free of out-of-memory paths.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void
xnomem(void)
{
    fputs("mpmgr: out of memory\n", stderr);
    exit(EXIT_SERVER);
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size != 0 ? size : 1);

    if (p == NULL)
        xnomem();
    return p;
}

void *
xrealloc(void *p, size_t size)
{
    p = realloc(p, size != 0 ? size : 1);
    if (p == NULL)
        xnomem();
    return p;
}

char *
xstrdup(const char *s)
{
    char *copy = strdup(s);

    if (copy == NULL)
        xnomem();
    return copy;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
    char *s;

    if (vasprintf(&s, fmt, ap) < 0)
        xnomem();
    return s;
}

char *
xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* VALUE, a json_t just built by jansson, which returns NULL only when it
 * runs out of memory (or is handed an invalid argument we never pass). */
json_t *
xjson(json_t *value)
{
    if (value == NULL)
        xnomem();
    return value;
}
