/*
 * commands.c: the commands about the server as a whole: ping, info, ls,
 * sessions, call and shutdown.  Each checks its arguments, connects, makes
 * its call and prints the result for a person, or as it came with --json.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/*
 * A command without arguments: check that there are none, connect, call
 * METHOD and print its result with PRINT, or as it came with --json.
 */
static int
run_plain(struct cli *cli, int argc, const char *method,
          void (*print)(const json_t *result))
{
    json_t *res;
    int rc;

    if ((rc = cli_check_args(cli, argc - 1, 0, 0)) != EXIT_OK ||
        (rc = cli_connect(cli)) != EXIT_OK ||
        (rc = cli_call(cli, method, NULL, &res)) != EXIT_OK)
        return rc;
    if (cli->json)
        cli_print_result(cli, res);
    else
        print(res);
    json_decref(res);
    return EXIT_OK;
}

/* A string result as it is ("pong"); "OK" for null, as redis-cli says. */
static void
print_plain(const json_t *result)
{
    puts(json_is_string(result) ? json_string_value(result) : "OK");
}

int
cmd_ping(struct cli *cli, int argc, char **argv)
{
    return run_plain(cli, argc, "server.ping", print_plain);
}

/* ======================================================================
 * info
 * ====================================================================== */

/* The listen addresses, one string: "unix:/a, tcp:127.0.0.1:7000". */
static char *
join_addresses(const json_t *listen)
{
    char *text = xstrdup(""), *next;
    const json_t *a;
    size_t i;

    json_array_foreach (listen, i, a) {
        next = xasprintf("%s%s%s", text, i > 0 ? ", " : "", fmt_opt_string(a));
        free(text);
        text = next;
    }
    return text;
}

/* With mpmgrd --max-memory: the heap against the limit. */
static void
print_memory_limit(const json_t *info)
{
    const json_t *limit = json_object_get(info, "max_memory");
    char heap[32], max[32];

    if (limit == NULL)
        return;
    fmt_bytes(heap, sizeof(heap),
              json_number_value(json_object_get(info, "heap_bytes")));
    fmt_bytes(max, sizeof(max), json_number_value(limit));
    printf("heap      %s of --max-memory %s%s\n", heap, max,
           json_is_true(json_object_get(info, "memory_full"))
               ? ": writes refused"
               : "");
}

static void
print_info(const json_t *info)
{
    char uptime[32], memory[32], *listen;

    fmt_duration(uptime, sizeof(uptime),
                 json_number_value(json_object_get(info, "uptime_s")));
    fmt_bytes(memory, sizeof(memory),
              json_number_value(json_object_get(info, "memory_bytes")));
    listen = join_addresses(json_object_get(info, "listen"));
    printf("server    %s %s, protocol %" JSON_INTEGER_FORMAT "\n"
           "pid       %" JSON_INTEGER_FORMAT "\n"
           "uptime    %s\n"
           "sessions  %" JSON_INTEGER_FORMAT "\n"
           "objects   %" JSON_INTEGER_FORMAT "\n"
           "requests  %" JSON_INTEGER_FORMAT "\n"
           "memory    %s\n"
           "listen    %s\n",
           fmt_opt_string(json_object_get(info, "server")),
           fmt_opt_string(json_object_get(info, "version")),
           json_integer_value(json_object_get(info, "protocol")),
           json_integer_value(json_object_get(info, "pid")), uptime,
           json_integer_value(json_object_get(info, "sessions")),
           json_integer_value(json_object_get(info, "objects")),
           json_integer_value(json_object_get(info, "requests")), memory,
           listen);
    free(listen);
    print_memory_limit(info);
}

int
cmd_info(struct cli *cli, int argc, char **argv)
{
    return run_plain(cli, argc, "server.info", print_info);
}

/* ======================================================================
 * ls and sessions
 * ====================================================================== */

/* The entry of SESSIONS (server.sessions' result) for session ID, or NULL. */
static const json_t *
find_session(const json_t *sessions, json_int_t id)
{
    const json_t *s;
    size_t i;

    json_array_foreach (sessions, i, s) {
        if (json_integer_value(json_object_get(s, "session")) == id)
            return s;
    }
    return NULL;
}

/*
 * The holder column: "7 (worker, pid 1234)", from the session list, so an
 * operator sees which program to look at; just "7" when that session is
 * gone or said nothing about itself; "" for an object nobody holds.
 */
static char *
holder_text(const json_t *obj, const json_t *sessions)
{
    const json_t *holder = json_object_get(obj, "holder"), *s, *pid;
    json_int_t id = json_integer_value(holder);

    if (!json_is_integer(holder))
        return xstrdup("");
    s = find_session(sessions, id);
    pid = json_object_get(s, "pid");
    if (!json_is_integer(pid))
        pid = json_object_get(s, "peer_pid");
    if (s == NULL)
        return xasprintf("%" JSON_INTEGER_FORMAT, id);
    if (!json_is_integer(pid))
        return xasprintf("%" JSON_INTEGER_FORMAT " (%s)", id,
                         fmt_opt_string(json_object_get(s, "client")));
    return xasprintf(
        "%" JSON_INTEGER_FORMAT " (%s, pid %" JSON_INTEGER_FORMAT ")", id,
        fmt_opt_string(json_object_get(s, "client")), json_integer_value(pid));
}

/* Whether any object in OBJECTS is a held lock. */
static int
any_holder(const json_t *objects)
{
    const json_t *o;
    size_t i;

    json_array_foreach (objects, i, o) {
        if (json_object_get(o, "holder") != NULL)
            return 1;
    }
    return 0;
}

static void
print_objects(const json_t *objects, const json_t *sessions)
{
    static const struct table_col cols[] = {
        {"OID", 1},  {"TYPE", 0},   {"NAME", 0},    {"LEN", 1},
        {"REFS", 1}, {"HOLDER", 0}, {"WAITERS", 1},
    };
    struct table *t = table_new(cols, sizeof(cols) / sizeof(cols[0]));
    const json_t *o;
    char len[32], waiters[32], *holder;
    size_t i;

    json_array_foreach (objects, i, o) {
        fmt_opt_int(len, sizeof(len), json_object_get(o, "len"));
        fmt_if_int(waiters, sizeof(waiters), json_object_get(o, "waiters"));
        holder = holder_text(o, sessions);
        table_addf(t, "%" JSON_INTEGER_FORMAT,
                   json_integer_value(json_object_get(o, "oid")));
        table_add(t, fmt_opt_string(json_object_get(o, "type")));
        table_add(t, fmt_opt_string(json_object_get(o, "name")));
        table_add(t, len);
        table_addf(t, "%" JSON_INTEGER_FORMAT,
                   json_integer_value(json_object_get(o, "refs")));
        table_add(t, holder);
        table_add(t, waiters);
        free(holder);
    }
    table_print(t, stdout);
    table_free(t);
}

/*
 * server.objects' params: the type and name prefix to list (NULL: any).
 * NULL when either is not UTF-8, which JSON cannot carry.
 */
static json_t *
objects_params(const char *type, const char *prefix)
{
    json_t *params = xjson(json_object());

    if ((type != NULL &&
         json_object_set_new(params, "type", json_string(type)) < 0) ||
        (prefix != NULL &&
         json_object_set_new(params, "prefix", json_string(prefix)) < 0)) {
        json_decref(params);
        return NULL;
    }
    return params;
}

int
cmd_ls(struct cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"type", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *type = NULL;
    json_t *params, *objects, *sessions = NULL;
    int ch, rc;

    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv, ":ht:", longopts)) != -1) {
        if (ch != 't')
            return ch == 'h' ? cli_help(cli) : EXIT_USAGE;
        type = optarg;
    }
    if ((rc = cli_check_args(cli, argc - optind, 0, 1)) != EXIT_OK ||
        (type != NULL && (rc = cli_check_type(cli, type)) != EXIT_OK))
        return rc;
    if ((params = objects_params(type, argv[optind])) == NULL)
        return cli_usage_error(cli, "T and PREFIX must be UTF-8");
    if ((rc = cli_connect(cli)) != EXIT_OK) {
        json_decref(params);
        return rc;
    }
    if ((rc = cli_call(cli, "server.objects", params, &objects)) != EXIT_OK)
        return rc;
    if (cli->json)
        cli_print_result(cli, objects);
    /* Holders are session ids: the session list tells who they are. */
    else if (!any_holder(objects) ||
             (rc = cli_call(cli, "server.sessions", NULL, &sessions)) ==
                 EXIT_OK)
        print_objects(objects, sessions);
    json_decref(sessions);
    json_decref(objects);
    return rc;
}

static void
print_sessions(const json_t *sessions)
{
    static const struct table_col cols[] = {
        {"SESSION", 1},  {"CLIENT", 0}, {"PID", 1},   {"PEER-PID", 1},
        {"UID", 1},      {"PEER", 0},   {"SINCE", 0}, {"AGE", 1},
        {"REQUESTS", 1}, {"REFS", 1},   {"LOCKS", 1}, {"WAITING", 1},
    };
    struct table *t = table_new(cols, sizeof(cols) / sizeof(cols[0]));
    const json_t *s;
    char pid[32], ppid[32], uid[32], since[32], age[32], waiting[32];
    double when;
    size_t i;

    json_array_foreach (sessions, i, s) {
        when = json_number_value(json_object_get(s, "since"));
        fmt_opt_int(pid, sizeof(pid), json_object_get(s, "pid"));
        fmt_opt_int(ppid, sizeof(ppid), json_object_get(s, "peer_pid"));
        fmt_opt_int(uid, sizeof(uid), json_object_get(s, "peer_uid"));
        fmt_time(since, sizeof(since), when);
        fmt_duration(age, sizeof(age), (double)time(NULL) - when);
        table_addf(t, "%" JSON_INTEGER_FORMAT,
                   json_integer_value(json_object_get(s, "session")));
        table_add(t, fmt_opt_string(json_object_get(s, "client")));
        table_add(t, pid);
        table_add(t, ppid);
        table_add(t, uid);
        table_add(t, fmt_opt_string(json_object_get(s, "peer")));
        table_add(t, since);
        table_add(t, age);
        table_addf(t, "%" JSON_INTEGER_FORMAT,
                   json_integer_value(json_object_get(s, "requests")));
        table_addf(t, "%" JSON_INTEGER_FORMAT,
                   json_integer_value(json_object_get(s, "refs")));
        table_addf(t, "%" JSON_INTEGER_FORMAT,
                   json_integer_value(json_object_get(s, "locks")));
        fmt_if_int(waiting, sizeof(waiting), json_object_get(s, "waiting"));
        table_add(t, waiting);
    }
    table_print(t, stdout);
    table_free(t);
}

int
cmd_sessions(struct cli *cli, int argc, char **argv)
{
    return run_plain(cli, argc, "server.sessions", print_sessions);
}

/* ======================================================================
 * call and shutdown
 * ====================================================================== */

int
cmd_call(struct cli *cli, int argc, char **argv)
{
    json_t *params = NULL, *res;
    char *text;
    int rc;

    if ((rc = cli_check_args(cli, argc - 1, 1, 2)) != EXIT_OK)
        return rc;
    if (argc > 2) {
        if ((rc = jsonarg_parse(cli, argv[2], 2, "JSON-PARAMS", &params)) !=
            EXIT_OK)
            return rc;
        if (!json_is_object(params)) {
            json_decref(params);
            return cli_usage_error(cli, "argument 2 (JSON-PARAMS) must be a "
                                        "JSON object, such as "
                                        "'{\"oid\": 3}'");
        }
    }
    if ((rc = cli_connect(cli)) != EXIT_OK) {
        json_decref(params);
        return rc;
    }
    if ((rc = cli_call(cli, argv[1], params, &res)) != EXIT_OK)
        return rc;
    if (cli->json) {
        cli_print_result(cli, res);
    } else {
        text = fmt_json(res, 2);
        puts(text);
        free(text);
    }
    json_decref(res);
    return EXIT_OK;
}

int
cmd_shutdown(struct cli *cli, int argc, char **argv)
{
    return run_plain(cli, argc, "server.shutdown", print_plain);
}
