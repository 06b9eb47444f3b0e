/*
 * cli.h: what the files of the mpmgr command share: the run's state, the
 * exit statuses, and each file's functions under its own heading.
 */
#ifndef MPMGR_CLI_H
#define MPMGR_CLI_H

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "mpmgr.h"

/* Exit statuses, documented in mpmgr(1) under EXIT STATUS. */
enum {
    EXIT_OK = 0,
    EXIT_SERVER = 1,  /* the server refused the operation (KeyError, ...) */
    EXIT_USAGE = 2,   /* bad option or argument, including bad JSON */
    EXIT_CONNECT = 3, /* no server at the address, or the connection broke */
    EXIT_AUTH = 4     /* authentication failed */
};

/* One run of the command: the global options and the connection. */
struct cli {
    const char *address;    /* -a ADDR, or NULL for the environment */
    const char *keyfile;    /* -k KEYFILE, or NULL */
    int timeout_ms;         /* -t SECONDS, or 0 for the library's */
    int json;               /* --json: print the protocol's result */
    const char *cmd;        /* the command's name, for messages */
    mpmgr_t *m;             /* the connection, once cli_connect() made it */
    char where[320];        /* the address in use, for messages */
    const char *where_from; /* how it was chosen: "-a", "MPMGR_ADDRESS"... */
    unsigned long line;     /* in a script read from stdin, the line */
};

/* A command: its name, its handler and what `--help` says about it. */
struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv);
    const char *args;    /* the synopsis after the name */
    const char *summary; /* one line for `mpmgr --help` */
    const char *help;    /* the rest of `mpmgr COMMAND --help` */
};

/* mpmgr.c */
int cli_run_command(struct cli *cli, int argc, char **argv);
int cli_connect(struct cli *cli);
int cli_fail(struct cli *cli, int rc);
int cli_usage_error(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cli_error(struct cli *cli, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int cli_help(struct cli *cli);
int cli_check_args(struct cli *cli, int argc, int min, int max);
/* EXIT_OK when TYPE is an object type, else a usage error (reported). */
int cli_check_type(struct cli *cli, const char *type);
int cli_getopt(struct cli *cli, int argc, char **argv, const char *optstring,
               const struct option *longopts);
int cli_call(struct cli *cli, const char *method, json_t *params,
             json_t **result);
int cli_print_result(struct cli *cli, json_t *result);
int cli_print_ok(struct cli *cli, json_t *result);

/* commands.c: ping, info, ls, sessions, call, shutdown */
int cmd_ping(struct cli *cli, int argc, char **argv);
int cmd_info(struct cli *cli, int argc, char **argv);
int cmd_ls(struct cli *cli, int argc, char **argv);
int cmd_sessions(struct cli *cli, int argc, char **argv);
int cmd_call(struct cli *cli, int argc, char **argv);
int cmd_shutdown(struct cli *cli, int argc, char **argv);

/* data.c: get, dump, set, del, new, unlink */
int cmd_get(struct cli *cli, int argc, char **argv);
int cmd_dump(struct cli *cli, int argc, char **argv);
int cmd_set(struct cli *cli, int argc, char **argv);
int cmd_del(struct cli *cli, int argc, char **argv);
int cmd_new(struct cli *cli, int argc, char **argv);
int cmd_unlink(struct cli *cli, int argc, char **argv);

/* watch.c */
int cmd_watch(struct cli *cli, int argc, char **argv);

/* shell.c: commands read from stdin, one per line, on one connection */
int cli_shell(struct cli *cli);

/* jsonarg.c: reading JSON from the command line */
int jsonarg_parse(struct cli *cli, const char *text, int argno,
                  const char *argname, json_t **out);
json_t *jsonarg_key(const char *text);
int jsonarg_oid(const char *text, int64_t *oid);

/* format.c: human units and JSON text */
void fmt_bytes(char *buf, size_t size, double bytes);
void fmt_duration(char *buf, size_t size, double seconds);
void fmt_time(char *buf, size_t size, double epoch);
char *fmt_json(const json_t *value, int indent);
const char *fmt_opt_string(const json_t *value);
/* A number, or "-" when VALUE is not one. */
void fmt_opt_int(char *buf, size_t size, const json_t *value);
/* A number, or "" when VALUE is absent (NULL). */
void fmt_if_int(char *buf, size_t size, const json_t *value);

/* table.c: aligned columns with headers */
struct table_col {
    const char *header;
    int right; /* right-align (numbers) */
};
struct table;
struct table *table_new(const struct table_col *cols, size_t ncols);
void table_add(struct table *t, const char *text);
void table_addf(struct table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void table_print(const struct table *t, FILE *f);
void table_free(struct table *t);

/* xmalloc.c: allocation that ends the program when memory runs out */
void xnomem(void) __attribute__((noreturn));
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
json_t *xjson(json_t *value);

#endif /* MPMGR_CLI_H */
