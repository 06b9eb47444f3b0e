/*
 * cli.h: what the mpmgr command's test suites share: running the command
 * the build produced and collecting what it printed, and the suites.
 */
#ifndef MPTEST_CLI_H
#define MPTEST_CLI_H

#include <check.h>
#include <jansson.h>

#include "lib.h"
#include "mpmgr.h"

/* What one run of mpmgr did. */
struct mptest_run {
    int status; /* exit status; -1 when killed */
    char *out;  /* all of stdout */
    char *err;  /* all of stderr */
};

/*
 * Run $MPMGR_CLI with the NULL-terminated arguments after ENV.  ENV (may be
 * NULL) is a NULL-terminated list of changes to the environment the tests
 * run in: "NAME=VALUE" sets, "-NAME" removes.  Stdin is /dev/null.
 */
void mptest_cli(struct mptest_run *r, const char *const *env, ...);

/* mptest_cli() with INPUT (under 4 KiB) on stdin and no ENV. */
void mptest_cli_input(struct mptest_run *r, const char *input, ...);

/*
 * Start $MPMGR_CLI with the NULL-terminated ARGS, ENV as for mptest_cli(),
 * its stdout on OUT and stderr on ERR, without waiting.  Returns its pid.
 */
pid_t mptest_cli_spawn(const char *const *env, int out, int err,
                       const char *const *args);

/* mptest_cli_spawn() on a new terminal: stdin, stdout and stderr are its
 * slave side; *MASTER gets the side that types and reads. */
pid_t mptest_cli_spawn_tty(const char *const *args, int *master);

/* Read from FD until what was read has WANT in it, EOF or an error, for at
 * most 10 s without a byte: what was read (malloc'd). */
char *mptest_read_until(int fd, const char *want);

/* Wait for PID; its exit status, or -1 when a signal killed it. */
int mptest_cli_wait(pid_t pid);

/* Free what a run collected. */
void mptest_run_free(struct mptest_run *r);

/* Parse R's stdout as one JSON document; fails the test when it is not. */
json_t *mptest_run_json(const struct mptest_run *r);

/* A new directory under $TMPDIR for the test's own files: DIR gets it. */
void mptest_tmpdir(char *dir, size_t size);

/* Write TEXT to the file DIR/NAME; PATH gets its path. */
void mptest_write_file(const char *dir, const char *name, const char *text,
                       char *path, size_t size);

/* Remove DIR and the files in it. */
void mptest_rmdir(const char *dir);

/*
 * The server most tests run against, with a known state, set up through
 * libmpmgr by a session that stays open and holds the lock "mutex":
 *   results  dict  {"alice": {"score": 3, "tags": ["a", "b"]}, 42: [1, 2],
 *                   "bob": 2}
 *   config   dict  {"host": "h", "port": 7}
 *   queue    list  [1, "two", [3]]
 *   mutex    lock  held by the fixture's session (client "holder")
 *   rmutex   rlock free
 * Only mutex is referenced (by the fixture's proxy).
 */
struct mptest_fixture {
    struct mptest_server srv;
    mpmgr_t *m;
    mpmgr_lock_t *mutex;
    json_int_t results, config, queue, mutex_oid, rmutex;
};
extern struct mptest_fixture fx;

/* Checked fixtures: start the server (authkey AUTHKEY or none) and fill
 * it; stop it. */
void mptest_fixture_start(const char *authkey);
void mptest_fixture_setup(void);
void mptest_fixture_teardown(void);

/* Call METHOD through libmpmgr on the fixture's session, with params packed
 * by json_pack(FMT, ...) ("{}" for none): the result, a new reference. */
json_t *mptest_proto(const char *method, const char *fmt, ...);

/* Run mpmgr against the fixture's server: -a ADDR, then the arguments. */
#define RUN(r, ...)                                                            \
    mptest_cli((r), NULL, "-a", fx.srv.addr, __VA_ARGS__, (const char *)NULL)

/* Assert that the run ended with STATUS, and show what it printed if not. */
#define ck_assert_run(r, want)                                                 \
    ck_assert_msg((r)->status == (want),                                       \
                  "exit status %d, wanted %d\nstdout:\n%s\nstderr:\n%s",       \
                  (r)->status, (want), (r)->out, (r)->err)

Suite *suite_commands(void);
Suite *suite_find(void);
Suite *suite_errors(void);
Suite *suite_usage(void);
Suite *suite_shell(void);

#endif /* MPTEST_CLI_H */
