/*
 * run.c: running the mpmgr command the build produced ($MPMGR_CLI), as a
 * person would from a shell, and collecting its output and exit status.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define MAX_ARGS 32

static const char *
cli_binary(void)
{
    const char *path = getenv("MPMGR_CLI");

    return path != NULL && *path != '\0' ? path : "../cli/mpmgr";
}

/* Apply the "NAME=VALUE" and "-NAME" changes of ENV (in the child). */
static void
apply_env(const char *const *env)
{
    char name[256];
    const char *eq;

    for (; env != NULL && *env != NULL; env++) {
        if ((*env)[0] == '-') {
            unsetenv(*env + 1);
            continue;
        }
        eq = strchr(*env, '=');
        snprintf(name, sizeof(name), "%.*s", (int)(eq - *env), *env);
        setenv(name, eq + 1, 1);
    }
}

/* IN is the child's stdin, or -1 for /dev/null. */
static void
exec_child(const char *const *argv, const char *const *env, int in, int out,
           int err)
{
    dup2(in >= 0 ? in : open("/dev/null", O_RDONLY), STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    apply_env(env);
    execv(argv[0], (char *const *)argv);
    fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static pid_t
spawn(const char *const *env, int in, int out, int err, const char *const *args)
{
    const char *argv[MAX_ARGS];
    int argc = 0;
    pid_t pid;

    argv[argc++] = cli_binary();
    while ((argv[argc] = *args++) != NULL)
        ck_assert_int_lt(++argc, MAX_ARGS);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        exec_child(argv, env, in, out, err);
    return pid;
}

pid_t
mptest_cli_spawn(const char *const *env, int out, int err,
                 const char *const *args)
{
    return spawn(env, -1, out, err, args);
}

int
mptest_cli_wait(pid_t pid)
{
    int status;

    while (waitpid(pid, &status, 0) < 0)
        ck_assert_int_eq(errno, EINTR);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Append what is readable on FD to *BUF; 0 at EOF. */
static int
drain(int fd, char **buf, size_t *len)
{
    char chunk[4096];
    ssize_t n = read(fd, chunk, sizeof(chunk));

    if (n < 0 && errno == EINTR)
        return 1;
    if (n <= 0)
        return 0;
    *buf = realloc(*buf, *len + (size_t)n + 1);
    ck_assert_ptr_nonnull(*buf);
    memcpy(*buf + *len, chunk, (size_t)n);
    *len += (size_t)n;
    (*buf)[*len] = '\0';
    return 1;
}

/* Read both pipes until the child closes them, so neither can fill up. */
static void
collect(int out, int err, struct mptest_run *r)
{
    struct pollfd p[2] = {{.fd = out, .events = POLLIN},
                          {.fd = err, .events = POLLIN}};
    size_t outlen = 0, errlen = 0;

    r->out = calloc(1, 1);
    r->err = calloc(1, 1);
    while (p[0].fd >= 0 || p[1].fd >= 0) {
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            ck_abort_msg("poll: %s", strerror(errno));
        if (p[0].revents != 0 && !drain(out, &r->out, &outlen))
            p[0].fd = -1;
        if (p[1].revents != 0 && !drain(err, &r->err, &errlen))
            p[1].fd = -1;
    }
}

/* Run with INPUT (NULL: nothing, from /dev/null) on stdin and the
 * NULL-ended arguments AP; collect what it prints. */
static void
vrun(struct mptest_run *r, const char *const *env, const char *input,
     va_list ap)
{
    const char *args[MAX_ARGS];
    int in[2] = {-1, -1}, out[2], err[2], n = 0;
    pid_t pid;

    while ((args[n] = va_arg(ap, const char *)) != NULL)
        ck_assert_int_lt(++n, MAX_ARGS - 1);
    /* The whole input fits in the pipe, so writing it cannot block. */
    if (input != NULL) {
        ck_assert_int_lt(strlen(input), 4096);
        ck_assert_int_eq(pipe(in), 0);
        ck_assert_int_eq(write(in[1], input, strlen(input)),
                         (ssize_t)strlen(input));
        close(in[1]);
    }
    ck_assert_int_eq(pipe(out), 0);
    ck_assert_int_eq(pipe(err), 0);
    pid = spawn(env, in[0], out[1], err[1], args);
    if (in[0] >= 0)
        close(in[0]);
    close(out[1]);
    close(err[1]);
    collect(out[0], err[0], r);
    close(out[0]);
    close(err[0]);
    r->status = mptest_cli_wait(pid);
}

void
mptest_cli(struct mptest_run *r, const char *const *env, ...)
{
    va_list ap;

    va_start(ap, env);
    vrun(r, env, NULL, ap);
    va_end(ap);
}

void
mptest_cli_input(struct mptest_run *r, const char *input, ...)
{
    va_list ap;

    va_start(ap, input);
    vrun(r, NULL, input, ap);
    va_end(ap);
}

void
mptest_run_free(struct mptest_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

json_t *
mptest_run_json(const struct mptest_run *r)
{
    json_error_t e;
    json_t *v = json_loads(r->out, JSON_DECODE_ANY, &e);

    ck_assert_msg(v != NULL, "stdout is not one JSON document (%s): %s", e.text,
                  r->out);
    return v;
}

void
mptest_tmpdir(char *dir, size_t size)
{
    snprintf(dir, size, "%s/mpcli.XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

void
mptest_write_file(const char *dir, const char *name, const char *text,
                  char *path, size_t size)
{
    FILE *f;

    snprintf(path, size, "%s/%s", dir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

void
mptest_rmdir(const char *dir)
{
    char path[512];
    struct dirent *e;
    DIR *d = opendir(dir);

    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
}

char *
mptest_read_until(int fd, const char *want)
{
    char *text = calloc(1, 1), chunk[1024];
    size_t len = 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    ssize_t n;

    while (strstr(text, want) == NULL && poll(&p, 1, 10000) > 0 &&
           (n = read(fd, chunk, sizeof(chunk))) > 0) {
        text = realloc(text, len + (size_t)n + 1);
        memcpy(text + len, chunk, (size_t)n);
        len += (size_t)n;
        text[len] = '\0';
    }
    return text;
}

pid_t
mptest_cli_spawn_tty(const char *const *args, int *master)
{
    int slave;
    pid_t pid;

    *master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(*master, 0);
    ck_assert_int_eq(grantpt(*master), 0);
    ck_assert_int_eq(unlockpt(*master), 0);
    slave = open(ptsname(*master), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(slave, 0);
    pid = spawn(NULL, slave, slave, slave, args);
    close(slave);
    return pid;
}
