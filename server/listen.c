/*
 * listen.c: the listening sockets of --listen.  A Unix socket is created
 * under a umask that makes it mode 0600 from the moment it exists, a stale
 * socket left by a dead server is replaced, and a live one is an error.
 * TCP addresses may name several interfaces; each gets a listener.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/listener.h>
#include <event2/util.h>

#include "addr.h"
#include "mpmgrd.h"

/* The longest Unix socket path, with its NUL. */
#define SOCKET_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

struct listener {
    struct evconnlistener *lev;
    char address[320];          /* in --listen syntax, port resolved */
    char path[SOCKET_PATH_MAX]; /* Unix only */
    dev_t dev;                  /* the socket file we made, to remove */
    ino_t ino;
};

/* Each listener is allocated on its own: libevent keeps a pointer to it. */
static struct listener **listeners;
static size_t nlisteners;
static struct event *ev_retry;

static void
accept_cb(struct evconnlistener *lev, evutil_socket_t fd, struct sockaddr *sa,
          int salen, void *arg)
{
    struct listener *l = arg;

    conn_accept(fd, sa, salen, l->address);
}

/* Re-enable the listeners a moment after accept ran out of descriptors. */
static void
retry_cb(evutil_socket_t fd, short what, void *arg)
{
    size_t i;

    for (i = 0; i < nlisteners; i++)
        evconnlistener_enable(listeners[i]->lev);
}

/* How often a failing accept is logged. */
#define ACCEPT_WARN_SECONDS 60.0

static void
accept_error_cb(struct evconnlistener *lev, void *arg)
{
    static double last_warning = -ACCEPT_WARN_SECONDS;
    struct timeval tv = {0, 100000};
    int err = EVUTIL_SOCKET_ERROR();
    double now = now_monotonic();
    size_t i;

    /* At the open-file limit this comes ten times a second (the retry
     * below): say it once a minute. */
    if (now - last_warning >= ACCEPT_WARN_SECONDS) {
        log_warn("accept failed: %s", evutil_socket_error_to_string(err));
        last_warning = now;
    }
    if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
        /* Back off instead of spinning on a full descriptor table. */
        for (i = 0; i < nlisteners; i++)
            evconnlistener_disable(listeners[i]->lev);
        evtimer_add(ev_retry, &tv);
    }
}

static struct listener *
listener_add(void)
{
    listeners = xrealloc(listeners, (nlisteners + 1) * sizeof(*listeners));
    listeners[nlisteners] = xcalloc(1, sizeof(**listeners));
    return listeners[nlisteners++];
}

/*
 * Make sure nothing is listening at PATH; remove a stale socket file left by
 * a server that died.  Exits when a live server answers there.
 */
static void
clear_stale_socket(const char *path)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    struct stat st;
    int fd, rc, err;

    if (lstat(path, &st) < 0)
        return;
    if (!S_ISSOCK(st.st_mode))
        fatalx("%s exists and is not a socket; not replacing it", path);
    strcpy(sun.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fatal("socket");
    rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
    err = errno; /* close() may change it */
    close(fd);
    if (rc == 0)
        fatalx("another server is already listening on %s", path);
    if (err != ECONNREFUSED && err != ENOENT) {
        errno = err;
        fatal("cannot check the existing socket %s", path);
    }
    log_info("removing stale socket %s", path);
    if (unlink(path) < 0 && errno != ENOENT)
        fatal("cannot remove stale socket %s", path);
}

/* The directory of the socket at PATH into DIR; false when PATH has none
 * but the root. */
static bool
socket_dir(const char *path, char dir[SOCKET_PATH_MAX])
{
    char *slash;

    snprintf(dir, SOCKET_PATH_MAX, "%s", path);
    slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return false;
    *slash = '\0';
    return true;
}

/*
 * The default address lives in /tmp/mpmgr-$UID when there is no
 * $XDG_RUNTIME_DIR: make that directory private, and refuse one that
 * someone else owns or may write.
 */
static void
prepare_default_dir(const char *path)
{
    char dir[SOCKET_PATH_MAX];
    struct stat st;

    if (strncmp(path, "/tmp/mpmgr-", 11) != 0 || !socket_dir(path, dir))
        return;
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        fatal("cannot create %s", dir);
    if (lstat(dir, &st) < 0)
        fatal("cannot stat %s", dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() ||
        (st.st_mode & 0077) != 0)
        fatalx("%s must be a directory of yours with mode 0700", dir);
}

static void
listen_unix(const struct mpmgr__addr *a)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    struct listener *l;
    struct stat st;
    mode_t old_mask;
    int fd, rc;

    prepare_default_dir(a->path);
    clear_stale_socket(a->path);
    strcpy(sun.sun_path, a->path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fatal("socket");
    /* The file is born 0600: no instant exists in which others could connect.
     */
    old_mask = umask(0177);
    rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
    umask(old_mask);
    if (rc < 0)
        fatal("cannot bind %s", a->path);
    if (listen(fd, SOMAXCONN) < 0)
        fatal("cannot listen on %s", a->path);
    l = listener_add();
    snprintf(l->address, sizeof(l->address), "%s", a->text);
    snprintf(l->path, sizeof(l->path), "%s", a->path);
    if (stat(a->path, &st) == 0) {
        l->dev = st.st_dev;
        l->ino = st.st_ino;
    }
    l->lev = evconnlistener_new(srv.base, accept_cb, l,
                                LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC,
                                -1, fd);
    if (l->lev == NULL)
        fatalx("cannot listen on %s", a->text);
    log_info("listening on %s", l->address);
}

/* "tcp:HOST:PORT" for the address a socket is actually bound to. */
static void
bound_address(int fd, char *buf, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
        snprintf(buf, size, "tcp:?");
    else
        mpmgr__addr_format_tcp((struct sockaddr *)&ss, len, buf, size);
}

static void
listen_tcp(const struct mpmgr__addr *a)
{
    struct addrinfo hints = {0}, *res, *ai;
    int rc;

    if (srv.authkey == NULL && !srv.insecure)
        fatalx("refusing to listen on %s without an authkey: give "
               "--authkey-file or MPMGR_AUTHKEY, or --insecure to accept "
               "anyone who can reach the port",
               a->text);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    rc = getaddrinfo(a->host, a->port, &hints, &res);
    if (rc != 0)
        fatalx("cannot resolve %s: %s", a->text, gai_strerror(rc));
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        struct listener *l = listener_add();
        unsigned flags =
            LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE;

        if (ai->ai_family == AF_INET6)
            flags |= LEV_OPT_BIND_IPV6ONLY;
        l->lev =
            evconnlistener_new_bind(srv.base, accept_cb, l, flags, SOMAXCONN,
                                    ai->ai_addr, (int)ai->ai_addrlen);
        if (l->lev == NULL)
            fatal("cannot listen on %s", a->text);
        bound_address(evconnlistener_get_fd(l->lev), l->address,
                      sizeof(l->address));
        log_info("listening on %s", l->address);
    }
    freeaddrinfo(res);
}

void
listeners_open(void)
{
    size_t i;

    ev_retry = evtimer_new(srv.base, retry_cb, NULL);
    /* A start that fails later (the next address, --ready-fd) exits with
     * fatal(): the sockets made so far must go with it. */
    atexit(listeners_close);
    for (i = 0; i < srv.nlisten; i++) {
        if (srv.listen[i].family == AF_UNIX)
            listen_unix(&srv.listen[i]);
        else
            listen_tcp(&srv.listen[i]);
    }
    for (i = 0; i < nlisteners; i++)
        evconnlistener_set_error_cb(listeners[i]->lev, accept_error_cb);
}

/*
 * --remove-dir: remove the directory of the socket at PATH, which a
 * private manager made for this server alone, so that a server whose
 * parent was killed leaves nothing behind.  A directory that still holds
 * anything stays.
 */
static void
remove_socket_dir(const char *path)
{
    char dir[SOCKET_PATH_MAX];

    if (!socket_dir(path, dir))
        return;
    if (rmdir(dir) < 0 && errno != ENOENT)
        log_debug("not removing %s: %s", dir, strerror(errno));
}

void
listeners_close(void)
{
    struct stat st;
    size_t i;

    for (i = 0; i < nlisteners; i++) {
        struct listener *l = listeners[i];

        /* A listener whose bind failed has none (we are exiting). */
        if (l->lev != NULL)
            evconnlistener_free(l->lev);
        /* Remove the socket file only if it is still the one we made. */
        if (l->path[0] != '\0' && stat(l->path, &st) == 0 &&
            st.st_dev == l->dev && st.st_ino == l->ino) {
            unlink(l->path);
            if (srv.remove_dir)
                remove_socket_dir(l->path);
        }
        free(l);
    }
    free(listeners);
    listeners = NULL;
    nlisteners = 0;
    if (ev_retry != NULL)
        event_free(ev_retry);
    ev_retry = NULL;
}

json_t *
listeners_addresses(void)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < nlisteners; i++)
        json_array_append_new(a, json_string(listeners[i]->address));
    return a;
}
