/*
 * manager.c: the private manager.  Start an mpmgrd of our own on a fresh
 * socket in a new 0700 directory with a random authkey, the way Python's
 * Manager() starts its server process, and stop it when asked or when the
 * process that started it dies.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "auth.h"
#include "client.h"
#include "mpmgr_paths.h"

extern char **environ;

#define READY_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000
#define AUTHKEY_BYTES 32
/* The child's descriptors are moved above this before it rearranges them. */
#define HIGH_FD 10
/* The private directory's path leaves room for "/mpmgr.sock" in sun_path. */
#define DIR_MAX                                                                \
    (sizeof(((struct sockaddr_un *)0)->sun_path) - sizeof("/mpmgr.sock"))

struct mpmgr_manager {
    pid_t owner; /* the process that started the server */
    pid_t server;
    char dir[DIR_MAX];
    char path[DIR_MAX + sizeof("/mpmgr.sock")];
    char log[DIR_MAX + sizeof("/mpmgrd.log")];
    char address[DIR_MAX + sizeof("unix:/mpmgr.sock")];
    char authkey[2 * AUTHKEY_BYTES + 1];
};

/* Everything the child needs, prepared before fork() so that the child
 * only makes async-signal-safe calls. */
struct spawn {
    char server[PATH_MAX];
    const char *argv[9];
    char **envp;
    char keyvar[sizeof("MPMGR_AUTHKEY=") + 2 * AUTHKEY_BYTES];
    char fdarg[16];
    int devnull, log, ready[2], err[2];
};

/* ======================================================================
 * Finding the server
 * ====================================================================== */

static int
executable(const char *path)
{
    return access(path, X_OK) == 0;
}

/* The first executable "mpmgrd" on $PATH, into OUT. */
static int
search_path(char *out, size_t size)
{
    const char *dirs = getenv("PATH"), *p, *end;
    int n;

    for (p = dirs; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
        end = strchr(p, ':');
        if (end == NULL)
            end = p + strlen(p);
        n = snprintf(out, size, "%.*s/mpmgrd", (int)(end - p), p);
        if (n > 0 && (size_t)n < size && end > p && executable(out))
            return 0;
    }
    return -1;
}

/*
 * Whether this copy of the library is the build tree's own, and not an
 * installed one: only then may it start the build tree's server, which may
 * since have been rebuilt, removed, or put there by someone else.
 */
static bool
built_here(void)
{
    char dir[PATH_MAX], self[PATH_MAX];
    Dl_info info;
    ssize_t len;
    size_t n;

    if (realpath(MPMGR__BUILD_DIR, dir) == NULL ||
        dladdr((void *)built_here, &info) == 0 || info.dli_fname == NULL)
        return false;
    /* Linked statically, the library is the program, whose name may be
     * relative to a directory since left: /proc/self/exe is not. */
    if (realpath(info.dli_fname, self) == NULL) {
        if ((len = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
            return false;
        self[len] = '\0';
    }
    n = strlen(dir);
    return strncmp(self, dir, n) == 0 && self[n] == '/';
}

/*
 * Where mpmgrd is: $MPMGRD; the build tree's server, for this library and
 * the programs linked with it in the build tree (make check, the
 * examples); the installed bindir; $PATH.
 */
static int
find_server(char *out, size_t size)
{
    const char *env = getenv("MPMGRD");
    const char *installed = MPMGR__BINDIR "/mpmgrd";

    if (env != NULL && *env != '\0') {
        snprintf(out, size, "%s", env);
        return 0;
    }
    if (built_here() && executable(MPMGR__BUILD_DIR "/server/mpmgrd") &&
        sizeof(MPMGR__BUILD_DIR "/server/mpmgrd") <= size) {
        strcpy(out, MPMGR__BUILD_DIR "/server/mpmgrd");
        return 0;
    }
    if (executable(installed) && strlen(installed) < size) {
        strcpy(out, installed);
        return 0;
    }
    if (search_path(out, size) == 0)
        return 0;
    return mpmgr__fail(NULL, MPMGR_ESPAWN,
                       "cannot find mpmgrd: install it, or name it in "
                       "$MPMGRD");
}

/* ======================================================================
 * Preparing
 * ====================================================================== */

/* A new 0700 directory for the socket, short enough for sun_path. */
static int
make_dir(mpmgr_manager_t *mgr)
{
    const char *tmp = getenv("TMPDIR");
    int n;

    if (tmp == NULL || *tmp != '/' ||
        strlen(tmp) + sizeof("/mpmgr-XXXXXX") > sizeof(mgr->dir))
        tmp = "/tmp";
    n = snprintf(mgr->dir, sizeof(mgr->dir), "%s/mpmgr-XXXXXX", tmp);
    if (n < 0 || (size_t)n >= sizeof(mgr->dir) || mkdtemp(mgr->dir) == NULL) {
        mgr->dir[0] = '\0';
        return mpmgr__fail_errno(NULL, MPMGR_ESYS,
                                 "cannot make a private directory");
    }
    snprintf(mgr->path, sizeof(mgr->path), "%s/mpmgr.sock", mgr->dir);
    snprintf(mgr->log, sizeof(mgr->log), "%s/mpmgrd.log", mgr->dir);
    snprintf(mgr->address, sizeof(mgr->address), "unix:%s", mgr->path);
    return 0;
}

/* The environment with our MPMGR_AUTHKEY in place of any other. */
static char **
child_env(struct spawn *sp)
{
    size_t n = 0, i, j = 0;
    char **envp;

    while (environ != NULL && environ[n] != NULL)
        n++;
    if ((envp = malloc((n + 2) * sizeof(*envp))) == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        if (strncmp(environ[i], "MPMGR_AUTHKEY=", 14) != 0)
            envp[j++] = environ[i];
    envp[j++] = sp->keyvar;
    envp[j] = NULL;
    return envp;
}

/* Move FD to HIGH_FD or above, close-on-exec, so that the child's dup2()
 * onto 0 to 3 never overwrites a descriptor it still needs. */
static int
lift(int *fd)
{
    int high = fcntl(*fd, F_DUPFD_CLOEXEC, HIGH_FD);

    if (high < 0)
        return -1;
    close(*fd);
    *fd = high;
    return 0;
}

static void
close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void
spawn_cleanup(struct spawn *sp)
{
    close_fd(&sp->devnull);
    close_fd(&sp->log);
    close_fd(&sp->ready[0]);
    close_fd(&sp->ready[1]);
    close_fd(&sp->err[0]);
    close_fd(&sp->err[1]);
    free(sp->envp);
    sp->envp = NULL;
}

static int
prepare(mpmgr_manager_t *mgr, struct spawn *sp, int flags)
{
    unsigned char key[AUTHKEY_BYTES];
    int argc = 0, verbose = flags & MPMGR_MANAGER_VERBOSE;

    if (mpmgr__random_bytes(key, sizeof(key)) < 0)
        return mpmgr__fail(NULL, MPMGR_ESYS, "no random bytes for a key");
    mpmgr__hex_encode(key, sizeof(key), mgr->authkey);
    snprintf(sp->keyvar, sizeof(sp->keyvar), "MPMGR_AUTHKEY=%s", mgr->authkey);
    snprintf(sp->fdarg, sizeof(sp->fdarg), "3");
    sp->argv[argc++] = sp->server;
    sp->argv[argc++] = "--listen";
    sp->argv[argc++] = mgr->address;
    sp->argv[argc++] = "--ready-fd";
    sp->argv[argc++] = sp->fdarg;
    /* The server removes the directory when it exits, even when nobody
     * is left to call mpmgr_manager_stop. */
    sp->argv[argc++] = "--remove-dir";
    if (verbose)
        sp->argv[argc++] = "-v";
    sp->argv[argc] = NULL;
    if ((sp->envp = child_env(sp)) == NULL)
        return mpmgr__fail(NULL, MPMGR_ENOMEM, "out of memory");
    sp->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    sp->log =
        verbose ? fcntl(2, F_DUPFD_CLOEXEC, 0)
                : open(mgr->log, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (sp->devnull < 0 || sp->log < 0 || pipe2(sp->ready, O_CLOEXEC) < 0 ||
        pipe2(sp->err, O_CLOEXEC) < 0 || lift(&sp->devnull) < 0 ||
        lift(&sp->log) < 0 || lift(&sp->ready[1]) < 0 || lift(&sp->err[1]) < 0)
        return mpmgr__fail_errno(NULL, MPMGR_ESYS,
                                 "cannot prepare the server's descriptors");
    return 0;
}

/* ======================================================================
 * Starting
 * ====================================================================== */

/*
 * Close every descriptor above 4, so that the server inherits only 0 to 3
 * (4 is the close-on-exec error pipe).
 */
static void
close_others(void)
{
    long max = sysconf(_SC_OPEN_MAX), fd;

#ifdef SYS_close_range
    if (syscall(SYS_close_range, 5U, ~0U, 0U) == 0)
        return;
#endif
    for (fd = 5; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
        close((int)fd);
}

/*
 * In the child: die with the parent, keep out of the terminal's ^C (the
 * parent decides when to stop us), set up 0 to 3, and run the server.
 * Only async-signal-safe calls from here on.
 */
static void __attribute__((noreturn)) run_child(struct spawn *sp, pid_t parent)
{
    sigset_t none;
    int e;

#ifdef HAVE_SYS_PRCTL_H
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    /* The parent may have died before prctl() took effect. */
    if (getppid() != parent)
        _exit(1);
    /* mpmgrd catches SIGINT to stop cleanly, so ignoring it is not
     * enough: a process group of its own keeps the terminal's ^C (and ^Z)
     * away from it. */
    setpgid(0, 0);
    signal(SIGINT, SIG_IGN);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (dup2(sp->devnull, 0) < 0 || dup2(sp->devnull, 1) < 0 ||
        dup2(sp->log, 2) < 0 || dup2(sp->ready[1], 3) < 0 ||
        dup2(sp->err[1], 4) < 0 || fcntl(4, F_SETFD, FD_CLOEXEC) < 0)
        goto fail;
    sp->err[1] = 4;
    close_others();
    execve(sp->server, (char *const *)sp->argv, sp->envp);
fail:
    e = errno;
    if (write(sp->err[1], &e, sizeof(e)) < 0)
        _exit(127);
    _exit(127);
}

/* The last line of the server's log, for the error message. */
static void
read_log_tail(const mpmgr_manager_t *mgr, char *out, size_t size)
{
    char buf[4096], *line, *nl;
    ssize_t n = -1;
    int fd = open(mgr->log, O_RDONLY | O_CLOEXEC);

    out[0] = '\0';
    if (fd >= 0) {
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
    }
    if (n <= 0)
        return;
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    nl = strrchr(buf, '\n');
    line = nl != NULL ? nl + 1 : buf;
    snprintf(out, size, ": %.200s", line);
}

/*
 * Read the server's "ready" line within the timeout; 0 when it came.  The
 * server may follow the word with its addresses ("ready unix:/p\n").
 */
static int
wait_ready(int fd)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int64_t deadline = mpmgr__deadline(READY_TIMEOUT_MS);
    char buf[1024];
    size_t got = 0;
    ssize_t n;

    while (got == 0 || buf[got - 1] != '\n') {
        int64_t left = deadline - mpmgr__now_ms();

        int ready;

        if (got == sizeof(buf) || left <= 0)
            return -1;
        /* A signal cuts poll short: poll again, never a read that waits. */
        if ((ready = poll(&pfd, 1, (int)left)) < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return -1;
        n = read(fd, buf + got, sizeof(buf) - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return got > 5 && strncmp(buf, "ready", 5) == 0 &&
                   (buf[5] == ' ' || buf[5] == '\n')
               ? 0
               : -1;
}

/* Reap the child without waiting long: SIGKILL first. */
static void
kill_child(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* After fork: did the exec work, and did the server come up? */
static int
await_server(mpmgr_manager_t *mgr, struct spawn *sp)
{
    char tail[300];
    ssize_t n;
    int e = 0;

    close_fd(&sp->ready[1]);
    close_fd(&sp->err[1]);
    do
        n = read(sp->err[0], &e, sizeof(e));
    while (n < 0 && errno == EINTR);
    if (n == sizeof(e)) {
        kill_child(mgr->server);
        return mpmgr__fail_sys(NULL, MPMGR_ESPAWN, e, "cannot run %s: %s",
                               sp->server, strerror(e));
    }
    if (wait_ready(sp->ready[0]) < 0) {
        kill_child(mgr->server);
        read_log_tail(mgr, tail, sizeof(tail));
        return mpmgr__fail(NULL, MPMGR_ESPAWN, "%s did not start%s", sp->server,
                           tail);
    }
    return 0;
}

/* Remove what the manager made on disk. */
static void
remove_files(const mpmgr_manager_t *mgr)
{
    if (mgr->dir[0] == '\0')
        return;
    unlink(mgr->path);
    unlink(mgr->log);
    rmdir(mgr->dir);
}

int
mpmgr_manager_start(int flags, mpmgr_manager_t **out)
{
    struct spawn sp = {
        .devnull = -1, .log = -1, .ready = {-1, -1}, .err = {-1, -1}};
    mpmgr_manager_t *mgr;
    pid_t parent = getpid();
    int rc;

    if (out == NULL)
        return mpmgr__fail(NULL, MPMGR_EINVAL,
                           "no out pointer for the "
                           "manager");
    if ((mgr = calloc(1, sizeof(*mgr))) == NULL)
        return mpmgr__fail(NULL, MPMGR_ENOMEM, "out of memory");
    mgr->owner = parent;
    if ((rc = find_server(sp.server, sizeof(sp.server))) < 0 ||
        (rc = make_dir(mgr)) < 0 || (rc = prepare(mgr, &sp, flags)) < 0)
        goto fail;
    mgr->server = fork();
    if (mgr->server < 0) {
        rc = mpmgr__fail_errno(NULL, MPMGR_ESYS, "fork");
        goto fail;
    }
    if (mgr->server == 0)
        run_child(&sp, parent);
    if ((rc = await_server(mgr, &sp)) < 0)
        goto fail;
    /* The log only served to explain a failed start; from now on the
     * server writes into an unlinked file, which is to say nowhere. */
    if (!(flags & MPMGR_MANAGER_VERBOSE))
        unlink(mgr->log);
    spawn_cleanup(&sp);
    *out = mgr;
    return 0;

fail:
    spawn_cleanup(&sp);
    remove_files(mgr);
    free(mgr);
    return rc;
}

int
mpmgr_manager_connect(mpmgr_manager_t *mgr, mpmgr_t **out)
{
    mpmgr_options_t opts;

    if (mgr == NULL)
        return mpmgr__fail(NULL, MPMGR_EINVAL, "no manager");
    mpmgr_options_init(&opts);
    opts.address = mgr->address;
    opts.authkey = mgr->authkey;
    return mpmgr_connect_opts(&opts, out);
}

const char *
mpmgr_manager_address(const mpmgr_manager_t *mgr)
{
    return mgr != NULL ? mgr->address : NULL;
}

const char *
mpmgr_manager_authkey(const mpmgr_manager_t *mgr)
{
    return mgr != NULL ? mgr->authkey : NULL;
}

/* SIGTERM, a grace period, then SIGKILL.  0 for a clean exit. */
static int
stop_server(pid_t pid)
{
    int64_t deadline = mpmgr__deadline(STOP_TIMEOUT_MS);
    int status = 0;
    pid_t got;

    if (kill(pid, SIGTERM) < 0)
        return errno == ESRCH ? 0 : -1;
    while ((got = waitpid(pid, &status, WNOHANG)) == 0 &&
           mpmgr__now_ms() < deadline)
        poll(NULL, 0, 10);
    if (got == 0) {
        kill_child(pid);
        return -1;
    }
    /* Someone else reaped it (a wait() for any child): it is gone. */
    if (got < 0)
        return errno == ECHILD ? 0 : -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
mpmgr_manager_stop(mpmgr_manager_t *mgr)
{
    int rc = 0;

    if (mgr == NULL)
        return 0;
    if (mgr->owner == getpid()) {
        if (stop_server(mgr->server) < 0)
            rc = mpmgr__fail(NULL, MPMGR_ESYS,
                             "the private server did not stop cleanly");
        remove_files(mgr);
    }
    memset(mgr->authkey, 0, sizeof(mgr->authkey));
    free(mgr);
    return rc;
}
