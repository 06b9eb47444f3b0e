/*
 * lib.h: helpers shared by the test suites: start a real mpmgrd on a
 * temporary Unix socket, talk to it over a raw socket, stop it.
 */
#ifndef MPTEST_LIB_H
#define MPTEST_LIB_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

struct mptest_server {
    pid_t pid;
    char dir[200];    /* private mkdtemp directory */
    char path[216];   /* the socket inside it */
    char addr[224];   /* "unix:" + path */
    char authkey[65]; /* "" when the server runs without one */
};

/*
 * Start $MPMGRD (the build tree's server) listening on a fresh socket in a
 * new temporary directory, with the NULL-terminated EXTRA arguments (may be
 * NULL), and wait until it is ready.  With AUTHKEY non-NULL the server gets
 * it through MPMGR_AUTHKEY.  Returns 0, or -1 when the server did not come up.
 * Where the system allows it, the server is killed when the process that
 * started it dies, so a test that fails half-way leaves no server behind.
 */
int mptest_server_start(struct mptest_server *s, const char *authkey,
                        const char *const *extra);

/*
 * Stop the server with SIGTERM and wait for it; remove its directory.
 * Returns the server's exit status (0 for a clean stop), or -1 when it was
 * killed by a signal or had to be killed.
 */
int mptest_server_stop(struct mptest_server *s);

/* Connect a raw stream socket to PATH.  Returns the fd, or -1. */
int mptest_connect(const char *path);

/*
 * Connect a TCP socket to HOST:PORT (numeric or resolvable; IPv4 or IPv6).
 * Returns the fd, or -1.
 */
int mptest_connect_tcp(const char *host, const char *port);

/*
 * Write all LEN bytes of BUF to FD.  Returns 0, or -1 on error (the peer
 * closed, for instance).
 */
int mptest_write(int fd, const void *buf, size_t len);

/* Write the NUL-terminated LINE and a LF.  Returns 0 or -1. */
int mptest_send(int fd, const char *line);

/*
 * Read one LF-terminated line from FD, waiting at most TIMEOUT_MS.  Returns
 * a malloc'd string without the LF, or NULL on timeout, EOF or error.
 * Bytes after the line are kept for the next call (one buffer per fd).
 */
char *mptest_recv_line(int fd, int timeout_ms);

/* mptest_recv_line, parsed as JSON.  NULL when no line or invalid JSON. */
json_t *mptest_recv_json(int fd, int timeout_ms);

/*
 * Returns 1 when FD reaches EOF (the server closed it) within TIMEOUT_MS,
 * discarding any data before the EOF, else 0.
 */
int mptest_wait_eof(int fd, int timeout_ms);

/* Close FD and forget its buffered input. */
void mptest_close(int fd);

#endif /* MPTEST_LIB_H */
