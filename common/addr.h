/*
 * addr.h: the address syntax shared by mpmgrd --listen, the library and the
 * mpmgr tool: "unix:PATH" or a bare path containing '/', and "tcp:HOST:PORT",
 * "HOST:PORT" or "[V6ADDR]:PORT".
 */
#ifndef MPMGR_ADDR_H
#define MPMGR_ADDR_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

struct mpmgr__addr {
    int family; /* AF_UNIX, or AF_UNSPEC for TCP */
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    char host[256]; /* TCP host, without brackets */
    char port[16];  /* TCP port, decimal */
    char text[300]; /* canonical form: "unix:P" or "tcp:H:P" */
};

/*
 * Parse TEXT into ADDR.  Returns 0, or -1 with a sentence in ERR saying what
 * is wrong with the address.  Host names are not resolved here.
 */
int mpmgr__addr_parse(const char *text, struct mpmgr__addr *addr, char *err,
                      size_t errlen);

/*
 * Write the default socket path into BUF: $XDG_RUNTIME_DIR/mpmgr.sock, or
 * else /tmp/mpmgr-$UID/mpmgr.sock.  Returns 0, or -1 when it does not fit.
 */
int mpmgr__addr_default_path(char *buf, size_t size);

/*
 * Fill ADDR with the address a client should use when it is given none:
 * $MPMGR_ADDRESS if set, else the default socket path.
 */
int mpmgr__addr_from_env(struct mpmgr__addr *addr, char *err, size_t errlen);

/*
 * Write the TCP socket address SA (of LEN bytes) as mpmgr writes one:
 * "tcp:HOST:PORT" with a numeric host, "tcp:[HOST]:PORT" for IPv6, or
 * "tcp:?" when it cannot be read.
 */
void mpmgr__addr_format_tcp(const struct sockaddr *sa, socklen_t len, char *buf,
                            size_t size);

#endif /* MPMGR_ADDR_H */
