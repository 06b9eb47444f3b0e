/*
 * xmalloc.c: allocation that cannot fail.  The daemon has no sensible way to
 * go on without memory, so running out ends it loudly; the library, by
 * contrast, returns MPMGR_ENOMEM.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mpmgrd.h"

void *
xmalloc(size_t size)
{
    void *p = malloc(size != 0 ? size : 1);

    if (p == NULL)
        fatalx("out of memory allocating %zu bytes", size);
    return p;
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);

    if (p == NULL)
        fatalx("out of memory allocating %zu x %zu bytes", n, size);
    return p;
}

void *
xrealloc(void *old, size_t size)
{
    void *p = realloc(old, size != 0 ? size : 1);

    if (p == NULL)
        fatalx("out of memory allocating %zu bytes", size);
    return p;
}

char *
xstrndup(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

int
xgrow(struct mpmgr__json_sink *s, size_t more)
{
    size_t size = s->size > 0 ? s->size : 1024;

    while (size - s->len < more)
        size *= 2;
    s->data = xrealloc(s->data, size);
    s->size = size;
    return 0;
}
