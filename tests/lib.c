/*
 * lib.c: test helpers that start a real mpmgrd and speak raw lines to it.
 * No mocks: everything here goes through the server the build produced.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "lib.h"

#define MAX_ARGS 64

/* Input read past the end of a line, per fd, for the next mptest_recv_line. */
struct pending {
    char *buf;
    size_t len, size;
    size_t scanned; /* bytes known to hold no LF: a long line is read in
                       linear time */
};
static struct pending pending_by_fd[65536];

static const char *
server_binary(void)
{
    const char *path = getenv("MPMGRD");

    return path != NULL && *path != '\0' ? path : "../server/mpmgrd";
}

/* Wait for the child's "ready" line on FD; 0 when it came. */
static int
wait_ready(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char buf[16];
    ssize_t n;

    if (poll(&p, 1, timeout_ms) <= 0)
        return -1;
    n = read(fd, buf, sizeof(buf));
    return n > 0 ? 0 : -1;
}

int
mptest_server_start(struct mptest_server *s, const char *authkey,
                    const char *const *extra)
{
    const char *argv[MAX_ARGS];
    char fdarg[16];
    int ready[2], argc = 0;
    pid_t parent = getpid();

    memset(s, 0, sizeof(*s));
    snprintf(s->dir, sizeof(s->dir), "%s/mptest.XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(s->dir) == NULL)
        return -1;
    snprintf(s->path, sizeof(s->path), "%s/s.sock", s->dir);
    snprintf(s->addr, sizeof(s->addr), "unix:%s", s->path);
    if (authkey != NULL)
        snprintf(s->authkey, sizeof(s->authkey), "%s", authkey);
    if (pipe(ready) < 0)
        return -1;
    snprintf(fdarg, sizeof(fdarg), "%d", ready[1]);

    argv[argc++] = server_binary();
    argv[argc++] = "--listen";
    argv[argc++] = s->addr;
    argv[argc++] = "--ready-fd";
    argv[argc++] = fdarg;
    while (extra != NULL && *extra != NULL && argc < MAX_ARGS - 1)
        argv[argc++] = *extra++;
    argv[argc] = NULL;

    s->pid = fork();
    if (s->pid < 0)
        return -1;
    if (s->pid == 0) {
        close(ready[0]);
#ifdef HAVE_SYS_PRCTL_H
        /*
         * A test that fails exits at once, without its teardown: take the
         * server down with it rather than leave it running.
         */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
            _exit(126);
#else
        (void)parent;
#endif
        if (authkey != NULL)
            setenv("MPMGR_AUTHKEY", authkey, 1);
        else
            unsetenv("MPMGR_AUTHKEY");
        execv(argv[0], (char *const *)argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(ready[1]);
    if (wait_ready(ready[0], 10000) < 0) {
        close(ready[0]);
        mptest_server_stop(s);
        return -1;
    }
    close(ready[0]);
    return 0;
}

int
mptest_server_stop(struct mptest_server *s)
{
    int status = 0, waited = 0, result;

    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        /* Give it ten seconds to exit cleanly before forcing it. */
        while (waited < 10000 && waitpid(s->pid, &status, WNOHANG) == 0) {
            usleep(10000);
            waited += 10;
        }
        if (waited >= 10000) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &status, 0);
            status = -1;
        }
        s->pid = 0;
    }
    result = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (s->path[0] != '\0')
        unlink(s->path);
    if (s->dir[0] != '\0')
        rmdir(s->dir);
    return result;
}

int
mptest_connect(const char *path)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    int fd;

    if (strlen(path) >= sizeof(sun.sun_path))
        return -1;
    strcpy(sun.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int
mptest_connect_tcp(const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    int fd = -1;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return -1;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int
mptest_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int
mptest_send(int fd, const char *line)
{
    if (mptest_write(fd, line, strlen(line)) < 0)
        return -1;
    return mptest_write(fd, "\n", 1);
}

static long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Take a line out of FD's pending input, or NULL when none is complete. */
static char *
take_line(struct pending *p)
{
    char *nl, *line;
    size_t n;

    if (p->len == p->scanned ||
        (nl = memchr(p->buf + p->scanned, '\n', p->len - p->scanned)) == NULL) {
        p->scanned = p->len;
        return NULL;
    }
    p->scanned = 0;
    n = (size_t)(nl - p->buf);
    line = malloc(n + 1);
    if (line == NULL)
        return NULL;
    memcpy(line, p->buf, n);
    line[n] = '\0';
    memmove(p->buf, nl + 1, p->len - n - 1);
    p->len -= n + 1;
    return line;
}

char *
mptest_recv_line(int fd, int timeout_ms)
{
    struct pending *p;
    long deadline = now_ms() + timeout_ms;
    char *line;

    if (fd < 0 || fd >= (int)(sizeof(pending_by_fd) / sizeof(*pending_by_fd)))
        return NULL;
    p = &pending_by_fd[fd];
    while ((line = take_line(p)) == NULL) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        long left = deadline - now_ms();
        char chunk[65536], *bigger;
        ssize_t n;

        if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
            return NULL;
        n = read(fd, chunk, sizeof(chunk));
        if (n <= 0)
            return NULL;
        if (p->len + (size_t)n > p->size) {
            size_t size = 2 * (p->len + (size_t)n);

            if ((bigger = realloc(p->buf, size)) == NULL)
                return NULL;
            p->buf = bigger;
            p->size = size;
        }
        memcpy(p->buf + p->len, chunk, (size_t)n);
        p->len += (size_t)n;
    }
    return line;
}

json_t *
mptest_recv_json(int fd, int timeout_ms)
{
    char *line = mptest_recv_line(fd, timeout_ms);
    json_t *value;

    if (line == NULL)
        return NULL;
    value = json_loads(line, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    free(line);
    return value;
}

int
mptest_wait_eof(int fd, int timeout_ms)
{
    long deadline = now_ms() + timeout_ms;
    char chunk[65536];

    for (;;) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        long left = deadline - now_ms();
        ssize_t n;

        if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
            return 0;
        n = read(fd, chunk, sizeof(chunk));
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            return 1;
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            return 0;
    }
}

void
mptest_close(int fd)
{
    if (fd >= 0 && fd < (int)(sizeof(pending_by_fd) / sizeof(*pending_by_fd))) {
        free(pending_by_fd[fd].buf);
        pending_by_fd[fd].buf = NULL;
        pending_by_fd[fd].len = 0;
        pending_by_fd[fd].size = 0;
        pending_by_fd[fd].scanned = 0;
    }
    if (fd >= 0)
        close(fd);
}
