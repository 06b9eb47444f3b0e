/*
 * check_manager.c: the private manager: start, connect (also from forked
 * children), stop, failure to start, and the server's death with its
 * parent.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"

/* The directory part of a manager's "unix:DIR/mpmgr.sock" address. */
static void
manager_dir(const mpmgr_manager_t *mgr, char *dir, size_t size)
{
    snprintf(dir, size, "%s", mpmgr_manager_address(mgr) + 5);
    *strrchr(dir, '/') = '\0';
}

/* The pid of the server behind M, from server.info. */
static pid_t
server_pid(mpmgr_t *m)
{
    json_t *info = NULL;
    pid_t pid;

    mpt_ok(mpmgr_server_info(m, &info));
    pid = (pid_t)json_integer_value(json_object_get(info, "pid"));
    json_decref(info);
    return pid;
}

/* 1 while PID runs (a zombie awaiting its reaper counts as gone). */
static int
alive(pid_t pid)
{
    char path[64], state = '?';
    FILE *f;
    int n;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    if ((f = fopen(path, "r")) == NULL)
        return kill(pid, 0) == 0;
    n = fscanf(f, "%*d (%*[^)]) %c", &state);
    fclose(f);
    return n == 1 && state != 'Z' && state != 'X';
}

START_TEST(test_manager_start_stop)
{
    mpmgr_manager_t *mgr = NULL;
    mpmgr_t *m = NULL;
    mpmgr_dict_t *d = NULL;
    struct stat st;
    char dir[128];
    pid_t server;

    mpt_ok(mpmgr_manager_start(0, &mgr));
    ck_assert_ptr_nonnull(mgr);
    ck_assert_uint_eq(strlen(mpmgr_manager_authkey(mgr)), 64);
    ck_assert_int_eq(strncmp(mpmgr_manager_address(mgr), "unix:", 5), 0);
    manager_dir(mgr, dir, sizeof(dir));
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    mpt_ok(mpmgr_manager_connect(mgr, &m));
    mpt_ok(mpmgr_dict_create(m, NULL, NULL, &d));
    mpt_ok(mpmgr_dict_set_ss(d, "k", "v"));
    server = server_pid(m);
    mpmgr_dict_free(d);
    mpmgr_close(m);
    mpt_ok(mpmgr_manager_stop(mgr));
    ck_assert(!alive(server));
    ck_assert_int_eq(stat(dir, &st), -1);
    mpt_ok(mpmgr_manager_stop(NULL));
    ck_assert_ptr_null(mpmgr_manager_address(NULL));
    ck_assert_ptr_null(mpmgr_manager_authkey(NULL));
}
END_TEST

/*
 * The terminal's ^C goes to the whole foreground process group; the
 * private server is not in it, and keeps serving.  Done in a child with a
 * process group of its own, so that the test runner is not hit.
 */
START_TEST(test_manager_survives_ctrl_c)
{
    pid_t child = fork();
    int status;

    ck_assert_int_ge(child, 0);
    if (child == 0) {
        mpmgr_manager_t *mgr = NULL;
        mpmgr_t *m = NULL;
        int ok;

        setpgid(0, 0);
        signal(SIGINT, SIG_IGN);
        if (mpmgr_manager_start(0, &mgr) < 0 ||
            mpmgr_manager_connect(mgr, &m) < 0)
            _exit(2);
        kill(0, SIGINT);
        usleep(200000);
        ok = mpmgr_server_ping(m) == 0;
        mpmgr_close(m);
        mpmgr_manager_stop(mgr);
        _exit(ok ? 0 : 1);
    }
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the private server did not survive ^C (status %d)", status);
}
END_TEST

/* The authkey is the server's: only a client that has it gets in. */
START_TEST(test_manager_authkey)
{
    mpmgr_manager_t *mgr = NULL;
    mpmgr_t *m = NULL;

    mpt_ok(mpmgr_manager_start(0, &mgr));
    ck_assert_int_eq(mpmgr_connect(mpmgr_manager_address(mgr), "guess", &m),
                     MPMGR_EAUTHFAILED);
    mpt_ok(mpmgr_connect(mpmgr_manager_address(mgr), mpmgr_manager_authkey(mgr),
                         &m));
    mpmgr_close(m);
    mpt_ok(mpmgr_manager_stop(mgr));
}
END_TEST

/* Children forked after the start connect through the manager; a child
 * that calls stop frees only its copy. */
START_TEST(test_manager_children)
{
    mpmgr_manager_t *mgr = NULL;
    mpmgr_t *m = NULL;
    mpmgr_dict_t *d = NULL;
    int64_t n = 0;
    pid_t pid[4];
    int i;

    mpt_ok(mpmgr_manager_start(0, &mgr));
    mpt_ok(mpmgr_manager_connect(mgr, &m));
    mpt_ok(mpmgr_dict_create(m, "shared", NULL, &d));
    for (i = 0; i < 4; i++) {
        pid[i] = fork();
        ck_assert_int_ge(pid[i], 0);
        if (pid[i] == 0) {
            mpmgr_t *mine = NULL;
            mpmgr_dict_t *dd = NULL;

            if (mpmgr_manager_connect(mgr, &mine) != 0 ||
                mpmgr_dict_open(mine, "shared", 0, NULL, &dd, NULL) != 0 ||
                mpmgr_dict_incr_s(dd, "n", 1, NULL) != 0)
                _exit(1);
            mpmgr_dict_free(dd);
            mpmgr_close(mine);
            _exit(mpmgr_manager_stop(mgr) == 0 ? 0 : 1);
        }
    }
    for (i = 0; i < 4; i++)
        mpt_wait_ok(pid[i]);
    mpt_ok(mpmgr_dict_get_si(d, "n", &n));
    ck_assert_int_eq(n, 4);
    mpmgr_dict_free(d);
    mpmgr_close(m);
    mpt_ok(mpmgr_manager_stop(mgr));
}
END_TEST

START_TEST(test_manager_verbose)
{
    mpmgr_manager_t *mgr = NULL;

    mpt_ok(mpmgr_manager_start(MPMGR_MANAGER_VERBOSE, &mgr));
    mpt_ok(mpmgr_manager_stop(mgr));
}
END_TEST

START_TEST(test_manager_cannot_start)
{
    mpmgr_manager_t *mgr = NULL;

    setenv("MPMGRD", "/nonexistent/mpmgrd", 1);
    ck_assert_int_eq(mpmgr_manager_start(0, &mgr), MPMGR_ESPAWN);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(NULL), "/nonexistent/mpmgrd"));
    /* A program that exits at once never says "ready". */
    setenv("MPMGRD", "/bin/false", 1);
    ck_assert_int_eq(mpmgr_manager_start(0, &mgr), MPMGR_ESPAWN);
    ck_assert_ptr_nonnull(strstr(mpmgr_errmsg(NULL), "did not start"));
    ck_assert_ptr_null(mgr);
    ck_assert_int_eq(mpmgr_manager_start(0, NULL), MPMGR_EINVAL);
    ck_assert_int_eq(mpmgr_manager_connect(NULL, NULL), MPMGR_EINVAL);
}
END_TEST

/*
 * The parent is SIGKILLed, with no chance to stop its server: the server
 * must go too (PR_SET_PDEATHSIG), leaving no process behind, and take its
 * socket and directory with it (--remove-dir).
 */
struct orphan {
    pid_t server;
    char dir[128];
};

START_TEST(test_manager_dies_with_parent)
{
    struct orphan o = {0};
    struct stat st;
    int fds[2];
    pid_t parent;
    int i;

    ck_assert_int_eq(pipe(fds), 0);
    parent = fork();
    ck_assert_int_ge(parent, 0);
    if (parent == 0) {
        mpmgr_manager_t *mgr = NULL;
        mpmgr_t *m = NULL;
        json_t *info = NULL;

        if (mpmgr_manager_start(0, &mgr) != 0 ||
            mpmgr_manager_connect(mgr, &m) != 0 ||
            mpmgr_server_info(m, &info) != 0)
            _exit(1);
        o.server = (pid_t)json_integer_value(json_object_get(info, "pid"));
        manager_dir(mgr, o.dir, sizeof(o.dir));
        if (write(fds[1], &o, sizeof(o)) != sizeof(o))
            _exit(1);
        pause();
        _exit(0);
    }
    ck_assert_int_eq(read(fds[0], &o, sizeof(o)), sizeof(o));
    ck_assert(alive(o.server));
    ck_assert_int_eq(stat(o.dir, &st), 0);
    kill(parent, SIGKILL);
    waitpid(parent, NULL, 0);
    /* Bounded wait for the kernel to deliver SIGTERM and the server to
     * exit; not a timing assertion. */
    for (i = 0; i < 1000 && alive(o.server); i++)
        usleep(10000);
    ck_assert_msg(!alive(o.server), "server %d outlived its parent",
                  (int)o.server);
    ck_assert_msg(stat(o.dir, &st) < 0 && errno == ENOENT,
                  "%s outlived its server", o.dir);
    close(fds[0]);
    close(fds[1]);
}
END_TEST

Suite *
suite_manager(void)
{
    Suite *s = suite_create("manager");
    TCase *core = mpt_tcase("core"), *errors = mpt_tcase("errors");

    tcase_add_test(core, test_manager_start_stop);
    tcase_add_test(core, test_manager_authkey);
    tcase_add_test(core, test_manager_survives_ctrl_c);
    tcase_add_test(core, test_manager_children);
    tcase_add_test(core, test_manager_verbose);
    tcase_add_test(core, test_manager_dies_with_parent);
    tcase_add_test(errors, test_manager_cannot_start);
    suite_add_tcase(s, core);
    suite_add_tcase(s, errors);
    return s;
}
