/*
 * addr.c: parse the address syntax of doc/protocol.md section 1 and find
 * the default address.  Shared by the server, the library and the tool so
 * that all three accept exactly the same strings.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "number.h"

/* Write a message into ERR (when given) and return -1. */
static int __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err != NULL && errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int
parse_unix(const char *path, struct mpmgr__addr *addr, char *err, size_t errlen)
{
    if (*path == '\0')
        return set_err(err, errlen, "empty socket path");
    if (strlen(path) >= sizeof(addr->path))
        return set_err(err, errlen,
                       "socket path too long (the limit is 107 bytes): %s",
                       path);
    addr->family = AF_UNIX;
    strcpy(addr->path, path);
    snprintf(addr->text, sizeof(addr->text), "unix:%s", path);
    return 0;
}

/* Accept a decimal port from 0 to 65535 (0: any free port, for --listen). */
static int
valid_port(const char *port)
{
    long long n;

    return *port != '-' && mpmgr__parse_integer(port, 0, 65535, &n) == 0;
}

/* HOST:PORT or [V6ADDR]:PORT, after any "tcp:" prefix. */
static int
parse_tcp(const char *text, struct mpmgr__addr *addr, char *err, size_t errlen)
{
    const char *colon, *host = text;
    size_t hostlen;

    if (*text == '[') {
        const char *close = strchr(text, ']');

        if (close == NULL || close[1] != ':')
            return set_err(err, errlen,
                           "bad address \"%s\": expected [V6ADDR]:PORT", text);
        host = text + 1;
        hostlen = (size_t)(close - host);
        colon = close + 1;
    } else {
        colon = strrchr(text, ':');
        if (colon == NULL)
            return set_err(err, errlen,
                           "bad address \"%s\": expected HOST:PORT, "
                           "[V6ADDR]:PORT or a socket path",
                           text);
        hostlen = (size_t)(colon - text);
        if (memchr(text, ':', hostlen) != NULL)
            return set_err(err, errlen,
                           "bad address \"%s\": put an IPv6 address in "
                           "brackets, as [::1]:PORT",
                           text);
    }
    if (hostlen == 0 || hostlen >= sizeof(addr->host))
        return set_err(err, errlen, "bad host in address \"%s\"", text);
    if (!valid_port(colon + 1) || strlen(colon + 1) >= sizeof(addr->port))
        return set_err(err, errlen,
                       "bad port in address \"%s\": expected 0 to 65535", text);
    addr->family = AF_UNSPEC;
    memcpy(addr->host, host, hostlen);
    addr->host[hostlen] = '\0';
    strcpy(addr->port, colon + 1);
    if (memchr(addr->host, ':', hostlen) != NULL)
        snprintf(addr->text, sizeof(addr->text), "tcp:[%s]:%s", addr->host,
                 addr->port);
    else
        snprintf(addr->text, sizeof(addr->text), "tcp:%s:%s", addr->host,
                 addr->port);
    return 0;
}

int
mpmgr__addr_parse(const char *text, struct mpmgr__addr *addr, char *err,
                  size_t errlen)
{
    memset(addr, 0, sizeof(*addr));
    if (text == NULL || *text == '\0')
        return set_err(err, errlen, "empty address");
    if (strncmp(text, "unix:", 5) == 0)
        return parse_unix(text + 5, addr, err, errlen);
    if (strncmp(text, "tcp:", 4) == 0)
        return parse_tcp(text + 4, addr, err, errlen);
    if (strchr(text, '/') != NULL)
        return parse_unix(text, addr, err, errlen);
    return parse_tcp(text, addr, err, errlen);
}

int
mpmgr__addr_default_path(char *buf, size_t size)
{
    const char *run = getenv("XDG_RUNTIME_DIR");
    int n;

    if (run != NULL && *run == '/')
        n = snprintf(buf, size, "%s/mpmgr.sock", run);
    else
        n = snprintf(buf, size, "/tmp/mpmgr-%lu/mpmgr.sock",
                     (unsigned long)getuid());
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
mpmgr__addr_from_env(struct mpmgr__addr *addr, char *err, size_t errlen)
{
    const char *env = getenv("MPMGR_ADDRESS");
    char path[sizeof(addr->path) + 1];

    if (env != NULL && *env != '\0')
        return mpmgr__addr_parse(env, addr, err, errlen);
    if (mpmgr__addr_default_path(path, sizeof(path)) < 0)
        return set_err(err, errlen, "default socket path is too long");
    return mpmgr__addr_parse(path, addr, err, errlen);
}

void
mpmgr__addr_format_tcp(const struct sockaddr *sa, socklen_t len, char *buf,
                       size_t size)
{
    /* Numeric forms only: an IPv6 address and a port number. */
    char host[INET6_ADDRSTRLEN + 16], port[8];

    if (getnameinfo(sa, len, host, sizeof(host), port, sizeof(port),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        snprintf(buf, size, "tcp:?");
    else if (sa->sa_family == AF_INET6)
        snprintf(buf, size, "tcp:[%s]:%s", host, port);
    else
        snprintf(buf, size, "tcp:%s:%s", host, port);
}
