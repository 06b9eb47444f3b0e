/*
 * mpmgr.c: the mpmgr command's entry point: global options, the table of
 * commands and their help, the connection to the server, and the messages
 * and exit statuses for everything that can go wrong.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "auth.h"
#include "cli.h"
#include "json.h"

/* -t's largest value: a day, well inside an int of milliseconds. */
#define MAX_TIMEOUT_SECONDS 86400
/* The width of the synopsis column of --help's command list. */
#define HELP_COLUMN 26
#define GLOBAL_SYNOPSIS "[-a ADDR] [-k KEYFILE] [-t SECONDS] [--json]"

static const struct command commands[] = {
    {.name = "ping",
     .run = cmd_ping,
     .args = "",
     .summary = "check that the server answers",
     .help = "Prints pong when the server answers."},
    {.name = "info",
     .run = cmd_info,
     .args = "",
     .summary = "version, uptime, sessions, objects, memory",
     .help = "Shows the server's version, pid, uptime, open sessions, live\n"
             "objects, requests served, resident memory and the addresses\n"
             "it listens on."},
    {.name = "ls",
     .run = cmd_ls,
     .args = "[--type T] [PREFIX]",
     .summary = "list objects and who holds each lock",
     .help =
         "Lists the objects whose name starts with PREFIX (all objects\n"
         "when none is given), with oid, type, name, length, references\n"
         "and, for a held lock, the session holding it, with that\n"
         "session's client name and pid.\n"
         "\n"
         "  -t, --type T   only objects of type T (dict, list, lock, rlock)"},
    {.name = "sessions",
     .run = cmd_sessions,
     .args = "",
     .summary = "list connected clients",
     .help = "Lists the open sessions: id, client name, the pid the client\n"
             "claims, the peer pid and uid the kernel reports (Unix sockets),\n"
             "peer address, connection time and age, requests, references\n"
             "and locks held."},
    {.name = "get",
     .run = cmd_get,
     .args = "NAME|OID [KEY [PATH]]",
     .summary = "print a value, or a whole object",
     .help = "Prints the value stored at KEY (a dict key, or a list index) as\n"
             "indented JSON, or with PATH, a JSON Pointer such as /tags/0,\n"
             "the part of it PATH names.  Without KEY, prints the whole\n"
             "object: a dict as a JSON object (or as [key, value] pairs when\n"
             "a key is not a string), a list as an array, a lock as true\n"
             "when it is held.\n"
             "\n"
             "An argument of digits only is an oid, anything else a name.\n"
             "KEY is read as JSON when it parses as JSON, else as a plain\n"
             "string: 42 is the integer key, '\"42\"' the string, alice the\n"
             "string \"alice\"."},
    {.name = "dump",
     .run = cmd_dump,
     .args = "NAME|OID",
     .summary = "describe an object and print its entries",
     .help =
         "Prints the object's oid, type, name, length and references, then\n"
         "a table of its entries: each key (or index) as JSON and its\n"
         "value as indented JSON.  With --json, prints the entries as the\n"
         "protocol returns them (dict.items, list.slice or lock.locked)."},
    {.name = "set",
     .run = cmd_set,
     .args = "NAME|OID KEY [PATH] JSON",
     .summary = "store a value in a dict or a list",
     .help =
         "Stores the JSON value at KEY of a dict (any KEY), or at index\n"
         "KEY of a list; with PATH, at that place inside the value there\n"
         "(/a/- appends to the array at /a).  KEY is read as for get; JSON\n"
         "must be valid JSON, so a string needs double quotes: '\"done\"'."},
    {.name = "del",
     .run = cmd_del,
     .args = "NAME|OID KEY [PATH]",
     .summary = "delete a dict key or a list element",
     .help = "Deletes KEY from a dict, or the element at index KEY from a\n"
             "list; with PATH (dicts only), the part of the value at KEY\n"
             "that PATH names.  KEY is read as for get."},
    {.name = "new",
     .run = cmd_new,
     .args = "TYPE NAME [JSON]",
     .summary = "create a named dict, list, lock or rlock",
     .help = "Creates an object of TYPE (dict, list, lock or rlock) named\n"
             "NAME, filled from JSON when given: an object or an array of\n"
             "[key, value] pairs for a dict, an array for a list.  The name\n"
             "keeps the object alive after mpmgr exits, until unlink.\n"
             "Prints what it made, as in: created dict 'results', oid 4;\n"
             "with --json, its handle."},
    {.name = "unlink",
     .run = cmd_unlink,
     .args = "NAME",
     .summary = "remove a name from the server",
     .help = "Removes NAME from the server.  The object is freed once no\n"
             "session holds a reference to it."},
    {.name = "call",
     .run = cmd_call,
     .args = "METHOD [JSON-PARAMS]",
     .summary = "send any protocol method, raw",
     .help = "Sends METHOD with JSON-PARAMS (a JSON object; none: {}) and\n"
             "prints the result as indented JSON, for example:\n"
             "  mpmgr call dict.keys '{\"oid\": 3}'"},
    {.name = "watch",
     .run = cmd_watch,
     .args = "[-n N] [-i SECONDS]",
     .summary = "follow the server's activity, like top",
     .help =
         "Shows the server's info every SECONDS, with requests per second,\n"
         "until Ctrl-C or N refreshes.  On a terminal the screen is\n"
         "redrawn; otherwise one line is added per refresh.  With --json,\n"
         "prints each server.info result on a line of its own.\n"
         "\n"
         "  -n, --count N           stop after N refreshes\n"
         "  -i, --interval SECONDS  time between refreshes (default 1;\n"
         "                          fractions allowed; at most 86400, a "
         "day)"},
    {.name = "shutdown",
     .run = cmd_shutdown,
     .args = "",
     .summary = "stop the server",
     .help = "Asks the server to stop.  It replies, closes every connection\n"
             "and exits."},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* ======================================================================
 * Help
 * ====================================================================== */

static void
print_usage(FILE *f)
{
    fputs("usage: mpmgr [-h] [--version] " GLOBAL_SYNOPSIS
          " [COMMAND [ARG ...]]\n",
          f);
}

/* One line of the command list; a synopsis too long for its column gets
 * a line of its own. */
static void
print_help_line(const char *synopsis, const char *summary)
{
    if (strlen(synopsis) > HELP_COLUMN)
        printf("  %s\n  %-*s %s\n", synopsis, HELP_COLUMN, "", summary);
    else
        printf("  %-*s %s\n", HELP_COLUMN, synopsis, summary);
}

static void
print_help(void)
{
    size_t i;

    print_usage(stdout);
    fputs("\nInspect and operate a running mpmgrd.\n\n"
          "  -a, --address ADDR        the server's address: unix:PATH,"
          " a path,\n"
          "                            tcp:HOST:PORT, HOST:PORT,"
          " [V6ADDR]:PORT\n"
          "                            (default: $MPMGR_ADDRESS, else"
          " the default\n"
          "                            socket of mpmgrd)\n"
          "  -k, --authkey-file FILE   the authkey, from FILE (default:"
          " $MPMGR_AUTHKEY)\n"
          "  -t, --timeout SECONDS     give up on a server that does not"
          " answer within\n"
          "                            SECONDS (default: 10 to connect,"
          " then no limit)\n"
          "      --json                print the protocol's result as"
          " JSON\n"
          "  -h, --help                show this help\n"
          "      --version             show the version\n"
          "\nCommands:\n",
          stdout);
    for (i = 0; i < NCOMMANDS; i++) {
        char *synopsis = xasprintf("%s %s", commands[i].name, commands[i].args);

        print_help_line(synopsis, commands[i].summary);
        free(synopsis);
    }
    print_help_line("help [COMMAND]", "describe the commands, or one");
    fputs("\nWithout a COMMAND, reads commands from stdin, one per line, on\n"
          "one connection: after a prompt at a terminal, else as a script.\n"
          "`mpmgr COMMAND --help` describes a command. See mpmgr(1).\n",
          stdout);
}

static void
print_command_usage(const struct command *c, FILE *f)
{
    fprintf(f, "usage: mpmgr " GLOBAL_SYNOPSIS " %s%s%s\n", c->name,
            c->args[0] != '\0' ? " " : "", c->args);
}

static void
print_command_help(const struct command *c)
{
    print_command_usage(c, stdout);
    printf("\n%s\n", c->help);
}

static const struct command *
find_command(const char *name)
{
    size_t i;

    for (i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* ======================================================================
 * Messages and exit statuses
 * ====================================================================== */

static void
vreport(struct cli *cli, const char *fmt, va_list ap)
{
    fputs("mpmgr: ", stderr);
    if (cli != NULL && cli->line > 0)
        fprintf(stderr, "line %lu: ", cli->line);
    if (cli != NULL && cli->cmd != NULL)
        fprintf(stderr, "%s: ", cli->cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

/* Report a failure and hand back STATUS, for `return cli_error(...)`. */
int
cli_error(struct cli *cli, int status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(cli, fmt, ap);
    va_end(ap);
    return status;
}

/* Report a misused command, with its usage line. */
int
cli_usage_error(struct cli *cli, const char *fmt, ...)
{
    const struct command *c = cli->cmd != NULL ? find_command(cli->cmd) : NULL;
    va_list ap;

    va_start(ap, fmt);
    vreport(cli, fmt, ap);
    va_end(ap);
    if (c != NULL)
        print_command_usage(c, stderr);
    else
        print_usage(stderr);
    return EXIT_USAGE;
}

/* Print the running command's help on stdout, for -h and --help. */
int
cli_help(struct cli *cli)
{
    print_command_help(find_command(cli->cmd));
    return EXIT_OK;
}

/* Check that the command got between MIN and MAX arguments. */
int
cli_check_args(struct cli *cli, int argc, int min, int max)
{
    if (argc < min)
        return cli_usage_error(cli, "missing argument");
    if (argc > max)
        return cli_usage_error(cli, "too many arguments");
    return EXIT_OK;
}

/*
 * Report RC, a failed call on the open connection, and return the exit
 * status that goes with it.  The server's own message says what went wrong
 * (it names the error type: "KeyError: 'x'").
 */
int
cli_fail(struct cli *cli, int rc)
{
    const char *msg = mpmgr_errmsg(cli->m);

    switch (rc) {
    case MPMGR_ECLOSED:
    case MPMGR_ETIMEDOUT:
    case MPMGR_ECONNECT:
        /* The library's message names the address more often than not. */
        if (strstr(msg, cli->where) != NULL)
            return cli_error(cli, EXIT_CONNECT, "lost the server: %s", msg);
        return cli_error(cli, EXIT_CONNECT, "lost the server at %s: %s",
                         cli->where, msg);
    case MPMGR_EAUTHFAILED:
        return cli_error(cli, EXIT_AUTH, "%s", msg);
    case MPMGR_EINVAL:
        /* The library refused an argument before sending anything. */
        return cli_error(cli, EXIT_USAGE, "%s", msg);
    default:
        return cli_error(cli, EXIT_SERVER, "%s", msg);
    }
}

/*
 * Send METHOD with PARAMS (stolen; NULL for none).  Returns 0 with a new
 * reference in *RESULT, or reports the failure and returns its exit status.
 */
int
cli_call(struct cli *cli, const char *method, json_t *params, json_t **result)
{
    int rc = mpmgr_call(cli->m, method, params, result);

    json_decref(params);
    return rc < 0 ? cli_fail(cli, rc) : EXIT_OK;
}

/*
 * getopt_long() over a command's own arguments (ARGV[0] is the command),
 * with errors reported the way the rest of mpmgr reports them.  OPTSTRING
 * starts with ':'.  Returns the option, -1 at the end, or '?' after an
 * error has been reported.  The first call of a scan sets optind to 0.
 */
int
cli_getopt(struct cli *cli, int argc, char **argv, const char *optstring,
           const struct option *longopts)
{
    int ch = getopt_long(argc, argv, optstring, longopts, NULL);

    if (ch == ':') {
        cli_usage_error(cli, "option %s needs a value", argv[optind - 1]);
        return '?';
    }
    if (ch == '?') {
        cli_usage_error(cli, "unknown option %s", argv[optind - 1]);
        return '?';
    }
    return ch;
}

/* The object types of the protocol (doc/protocol.md section 5), which
 * new and ls --type take: a usage error names them before any
 * connection is made. */
int
cli_check_type(struct cli *cli, const char *type)
{
    static const char *const types[] = {"dict", "list", "lock", "rlock"};
    size_t i;

    for (i = 0; i < sizeof(types) / sizeof(*types); i++)
        if (strcmp(type, types[i]) == 0)
            return EXIT_OK;
    return cli_usage_error(cli, "no type '%s': dict, list, lock or rlock",
                           type);
}

/* Print RESULT as --json wants it: compact, one document, one line. */
int
cli_print_result(struct cli *cli, json_t *result)
{
    char *text =
        mpmgr__json_dumps_short(result, JSON_COMPACT | JSON_ENCODE_ANY);

    if (text == NULL)
        xnomem();
    puts(text);
    free(text);
    return EXIT_OK;
}

/*
 * Print the reply to a command that changes something: "OK", as redis-cli
 * and etcdctl say it, or the protocol's null with --json.  Takes RESULT.
 */
int
cli_print_ok(struct cli *cli, json_t *result)
{
    if (cli->json)
        cli_print_result(cli, result);
    else
        puts("OK");
    json_decref(result);
    return EXIT_OK;
}

/* ======================================================================
 * Connecting
 * ====================================================================== */

/*
 * Work out which address the library will use, and why, for messages: -a,
 * else MPMGR_ADDRESS, else the default socket.  Returns 0, or EXIT_USAGE
 * when the address does not parse.
 */
static int
resolve_address(struct cli *cli)
{
    const char *env = getenv("MPMGR_ADDRESS");
    struct mpmgr__addr addr;
    char err[256];
    int rc;

    if (cli->address != NULL) {
        cli->where_from = "given with -a";
        rc = mpmgr__addr_parse(cli->address, &addr, err, sizeof(err));
    } else {
        cli->where_from = env != NULL && *env != '\0' ? "from MPMGR_ADDRESS"
                                                      : "the default address";
        rc = mpmgr__addr_from_env(&addr, err, sizeof(err));
    }
    if (rc < 0)
        return cli_error(cli, EXIT_USAGE, "%s (%s)", err, cli->where_from);
    snprintf(cli->where, sizeof(cli->where), "%s", addr.text);
    return EXIT_OK;
}

/*
 * The library's message MSG without the address it starts with, which ours
 * say already; NULL when it does not start so.
 */
static const char *
strip_address(const char *msg, const char *addr)
{
    size_t n = strlen(addr);

    return strncmp(msg, addr, n) == 0 && msg[n] == ' ' ? msg + n + 1 : NULL;
}

/*
 * Say that nobody answers at the address, and how to get a server there:
 * the person may have forgotten to start mpmgrd, or to point us at theirs.
 * The reason is the system's ("No such file or directory") when there is
 * one, else the library's message (a host name that does not resolve).
 */
static int
report_no_server(struct cli *cli)
{
    int err = mpmgr_errno(NULL);
    int tcp = strncmp(cli->where, "tcp:", 4) == 0;

    cli_error(cli, EXIT_CONNECT, "no server at %s (%s): %s", cli->where,
              cli->where_from, err != 0 ? strerror(err) : mpmgr_errmsg(NULL));
    fprintf(stderr,
            "mpmgr: start one with `mpmgrd --listen %s%s &`,\n"
            "mpmgr: or give the address of a running one with -a ADDR or"
            " MPMGR_ADDRESS\n",
            cli->where, tcp ? " --authkey-file FILE" : "");
    return EXIT_CONNECT;
}

/* Say which key we tried, which is the first thing to check. */
static int
report_auth_failed(struct cli *cli, const char *msg)
{
    const char *rest = strip_address(msg, cli->where);
    const char *env = getenv("MPMGR_AUTHKEY");
    char *key =
        cli->keyfile != NULL ? xasprintf("the key in %s (-k)", cli->keyfile)
        : env != NULL && *env != '\0' ? xstrdup("the key in MPMGR_AUTHKEY")
                                      : xstrdup("no key");

    cli_error(cli, EXIT_AUTH, "authentication failed at %s with %s: %s%s",
              cli->where, key, rest != NULL ? "the server " : "",
              rest != NULL ? rest : msg);
    free(key);
    fputs("mpmgr: use the server's authkey (mpmgrd --authkey-file FILE, or its"
          " MPMGR_AUTHKEY):\n"
          "mpmgr: give it with -k FILE or MPMGR_AUTHKEY, or neither when the"
          " server has none\n",
          stderr);
    return EXIT_AUTH;
}

/* Read -k's file.  Returns 0 with *KEY malloc'd, or an exit status. */
static int
read_keyfile(struct cli *cli, char **key, size_t *len)
{
    char err[256];

    if (mpmgr__authkey_read_file(cli->keyfile, key, len, err, sizeof(err)) < 0)
        return cli_error(cli, EXIT_USAGE, "cannot read the authkey: %s", err);
    return EXIT_OK;
}

/*
 * Open the session every command but help and --version needs, unless an
 * earlier line of a script opened it.  Returns 0, or reports why not and
 * returns the exit status.
 */
int
cli_connect(struct cli *cli)
{
    mpmgr_options_t opts;
    char *key = NULL;
    size_t keylen = 0;
    int rc;

    if (cli->m != NULL)
        return EXIT_OK;
    if ((rc = resolve_address(cli)) != EXIT_OK)
        return rc;
    if (cli->keyfile != NULL && (rc = read_keyfile(cli, &key, &keylen)) != 0)
        return rc;
    mpmgr_options_init(&opts);
    opts.address = cli->address;
    opts.authkey = key;
    opts.authkey_len = keylen;
    opts.client = "mpmgr";
    if (cli->timeout_ms > 0) {
        opts.connect_timeout_ms = cli->timeout_ms;
        opts.reply_timeout_ms = cli->timeout_ms;
    }
    rc = mpmgr_connect_opts(&opts, &cli->m);
    free(key);
    switch (rc) {
    case 0:
        return EXIT_OK;
    case MPMGR_EAUTHFAILED:
        return report_auth_failed(cli, mpmgr_errmsg(NULL));
    case MPMGR_EINVAL:
        return cli_error(cli, EXIT_USAGE, "%s", mpmgr_errmsg(NULL));
    }
    /* Something answered, but not as mpmgrd does: the library's message
     * starts with the address and says what was wrong. */
    if (strip_address(mpmgr_errmsg(NULL), cli->where) != NULL)
        return cli_error(cli, EXIT_CONNECT, "%s", mpmgr_errmsg(NULL));
    if (rc == MPMGR_ECONNECT || rc == MPMGR_ETIMEDOUT)
        return report_no_server(cli);
    return cli_error(cli, EXIT_CONNECT, "cannot use the server at %s: %s",
                     cli->where, mpmgr_errmsg(NULL));
}

/* ======================================================================
 * main
 * ====================================================================== */

enum { OPT_JSON = 256, OPT_VERSION };

/* -t's SECONDS in milliseconds (at least 1), or 0 when they are not a
 * positive number of seconds up to MAX_TIMEOUT_SECONDS. */
static int
parse_timeout(const char *text)
{
    char *end;
    double seconds;

    errno = 0;
    seconds = strtod(text, &end);
    if (end == text || *end != '\0' || errno != 0 || !(seconds > 0) ||
        seconds > MAX_TIMEOUT_SECONDS)
        return 0;
    return seconds * 1000 < 1 ? 1 : (int)(seconds * 1000);
}

/* Parse the options before the command.  Returns -1 to go on, or a status
 * to exit with. */
static int
parse_global(struct cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"address", required_argument, NULL, 'a'},
        {"authkey-file", required_argument, NULL, 'k'},
        {"timeout", required_argument, NULL, 't'},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    int ch;

    /* "+": stop at the command, whose arguments may look like options. */
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv, "+:a:k:t:h", longopts)) != -1) {
        switch (ch) {
        case 'a':
            cli->address = optarg;
            break;
        case 'k':
            cli->keyfile = optarg;
            break;
        case 't':
            if ((cli->timeout_ms = parse_timeout(optarg)) <= 0)
                return cli_usage_error(cli,
                                       "bad -t '%s': expected seconds, such "
                                       "as 2 or 0.5, at most %d",
                                       optarg, MAX_TIMEOUT_SECONDS);
            break;
        case OPT_JSON:
            cli->json = 1;
            break;
        case 'h':
            print_help();
            return EXIT_OK;
        case OPT_VERSION:
            printf("mpmgr %s (libmpmgr %s)\n", PACKAGE_VERSION,
                   mpmgr_version());
            return EXIT_OK;
        default:
            return EXIT_USAGE;
        }
    }
    return -1;
}

/* `mpmgr help [COMMAND]`, as redis-cli and git have it. */
static int
run_help(struct cli *cli, int argc, char **argv)
{
    const struct command *c;

    /* `help help` asks about help itself: the general help answers it. */
    if (argc < 2 || strcmp(argv[1], "help") == 0) {
        print_help();
        return EXIT_OK;
    }
    if ((c = find_command(argv[1])) == NULL)
        return cli_error(cli, EXIT_USAGE,
                         "no command '%s' (mpmgr --help lists them)", argv[1]);
    print_command_help(c);
    return EXIT_OK;
}

/* Run the command ARGV[0] with its arguments. */
int
cli_run_command(struct cli *cli, int argc, char **argv)
{
    const struct command *c;

    if (strcmp(argv[0], "help") == 0)
        return run_help(cli, argc, argv);
    if ((c = find_command(argv[0])) == NULL) {
        cli_error(cli, EXIT_USAGE,
                  "unknown command '%s' (mpmgr --help lists them)", argv[0]);
        return EXIT_USAGE;
    }
    cli->cmd = c->name;
    /* Help comes first, before anything else is read as an argument. */
    if (argc > 1 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return cli_help(cli);
    return c->run(cli, argc, argv);
}

int
main(int argc, char **argv)
{
    struct cli cli;
    int rc;

    memset(&cli, 0, sizeof(cli));
    /* Option errors are reported by cli_getopt(), with the usage line. */
    opterr = 0;
    if ((rc = parse_global(&cli, argc, argv)) >= 0)
        return rc;
    rc = optind < argc ? cli_run_command(&cli, argc - optind, argv + optind)
                       : cli_shell(&cli);
    mpmgr_close(cli.m);
    /* A full disk or a closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli.cmd = NULL;
        return cli_error(&cli, EXIT_SERVER, "cannot write the output");
    }
    return rc;
}
