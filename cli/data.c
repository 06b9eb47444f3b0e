/*
 * data.c: the commands about one object and its contents: get, dump,
 * set, del, new and unlink.  An object is named on the command line by its name
 * or, when the argument is all digits, by its oid; keys and values are JSON.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* An object found on the server: its oid and type, and how it was named. */
struct target {
    const char *arg; /* the NAME|OID argument */
    json_int_t oid;
    char type[32];
};

/* ======================================================================
 * Finding the object
 * ====================================================================== */

/* Report that ARG names no object, where to look for the right one, and
 * for set, which cannot make one, how to. */
static int
no_such_object(struct cli *cli, const char *arg, int is_oid)
{
    if (is_oid)
        return cli_error(cli, EXIT_SERVER,
                         "no object with oid %s (mpmgr ls lists the objects)",
                         arg);
    if (cli->cmd != NULL && strcmp(cli->cmd, "set") == 0)
        return cli_error(cli, EXIT_SERVER,
                         "no object named '%s' (mpmgr ls lists the objects; "
                         "mpmgr new dict %s makes one)",
                         arg, arg);
    return cli_error(cli, EXIT_SERVER,
                     "no object named '%s' (mpmgr ls lists the objects)", arg);
}

/*
 * Look ARG up: an oid with describe, a name with open (without create, so
 * a typo makes nothing).  Returns 0 with *T filled, or reports the failure
 * and returns the exit status; a missing object gets a hint.
 */
static int
find_target(struct cli *cli, const char *arg, struct target *t)
{
    json_t *params, *res;
    int64_t oid = 0;
    int is_oid = jsonarg_oid(arg, &oid), rc;

    if (is_oid < 0)
        return cli_usage_error(cli, "oid %s is out of range", arg);
    params = is_oid ? json_pack("{s:I}", "oid", (json_int_t)oid)
                    : json_pack("{s:s}", "name", arg);
    if (params == NULL)
        return cli_usage_error(cli, "argument 1 (NAME|OID) is not valid UTF-8");
    rc = mpmgr_call(cli->m, is_oid ? "describe" : "open", params, &res);
    json_decref(params);
    if (rc == MPMGR_ENOSUCHOBJECT)
        return no_such_object(cli, arg, is_oid);
    if (rc < 0)
        return cli_fail(cli, rc);
    t->arg = arg;
    t->oid = json_integer_value(json_object_get(res, "oid"));
    snprintf(t->type, sizeof(t->type), "%s",
             fmt_opt_string(json_object_get(res, "type")));
    json_decref(res);
    /* open took a reference; give it back at once, so that the refs that
     * dump shows are other sessions' only.  The name keeps the object. */
    if (!is_oid &&
        (rc = cli_call(cli, "release", xjson(json_pack("{s:I}", "oid", t->oid)),
                       NULL)) != EXIT_OK)
        return rc;
    return EXIT_OK;
}

static int
is_container(const struct target *t)
{
    return strcmp(t->type, "dict") == 0 || strcmp(t->type, "list") == 0;
}

/* The parts of a get, set or del: KEY, and PATH inside its value. */
struct item {
    json_t *key;      /* read by read_key */
    const char *path; /* a JSON Pointer, or NULL for the whole value */
};

/* The wire name of VERB on T's type, written out so that a search for a
 * method's name finds this tool's calls too.  NULL when there is none. */
static const char *
method_name(const struct target *t, const char *verb)
{
    static const char *const names[][3] = {
        {"dict", "getitem", "dict.getitem"},
        {"dict", "setitem", "dict.setitem"},
        {"dict", "delitem", "dict.delitem"},
        {"dict", "items", "dict.items"},
        {"list", "getitem", "list.getitem"},
        {"list", "setitem", "list.setitem"},
        {"list", "delitem", "list.delitem"},
        {"list", "slice", "list.slice"},
        {"lock", "locked", "lock.locked"},
        {"rlock", "locked", "rlock.locked"},
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (strcmp(names[i][0], t->type) == 0 && strcmp(names[i][1], verb) == 0)
            return names[i][2];
    return NULL;
}

/*
 * Call the item method VERB ("getitem", "setitem", "delitem") on IT of T:
 * dict.VERB with the key, or list.VERB with the key as the index, and the
 * path when there is one (the server says which methods take none).
 * VALUE (may be NULL) is added as "value".  All borrowed.  Returns 0 and
 * the result in *RES, or reports the failure and returns the exit status.
 */
static int
call_item(struct cli *cli, const struct target *t, const char *verb,
          const struct item *it, json_t *value, json_t **res)
{
    json_t *key = it->key;
    int is_dict = strcmp(t->type, "dict") == 0;
    json_t *params;

    if (!is_container(t))
        return cli_error(cli, EXIT_SERVER,
                         "%s is a %s: only a dict or a list has keys", t->arg,
                         t->type);
    if (!is_dict && !json_is_integer(key))
        return cli_usage_error(cli,
                               "%s is a list: KEY must be an index, an "
                               "integer such as 0 or -1",
                               t->arg);
    params = xjson(
        json_pack("{s:I,s:O}", "oid", t->oid, is_dict ? "key" : "index", key));
    if (value != NULL)
        json_object_set(params, "value", value);
    if (it->path != NULL &&
        json_object_set_new(params, "path", json_string(it->path)) < 0) {
        json_decref(params);
        return cli_usage_error(cli, "PATH is not valid UTF-8");
    }
    return cli_call(cli, method_name(t, verb), params, res);
}

/*
 * Fetch all of T in one call: dict.items, list.slice, or lock.locked.
 * Returns 0 and the result in *RES, or the exit status.
 */
static int
call_whole(struct cli *cli, const struct target *t, json_t **res)
{
    const char *method =
        method_name(t, strcmp(t->type, "dict") == 0   ? "items"
                       : strcmp(t->type, "list") == 0 ? "slice"
                                                      : "locked");

    if (method == NULL)
        return cli_error(cli, EXIT_SERVER,
                         "cannot show a %s yet: use mpmgr call", t->type);
    return cli_call(cli, method, xjson(json_pack("{s:I}", "oid", t->oid)), res);
}

/* Read the KEY argument ARGNO.  Returns 0 and a new reference, or the
 * exit status of a usage error. */
static int
read_key(struct cli *cli, const char *text, int argno, json_t **key)
{
    if ((*key = jsonarg_key(text)) == NULL)
        return cli_usage_error(cli, "argument %d (KEY) is not valid UTF-8",
                               argno);
    return EXIT_OK;
}

/* Read KEY [PATH] from ARGV[2] and, when there are NARGS of them, ARGV[3]. */
static int
read_item(struct cli *cli, char **argv, int nargs, struct item *it)
{
    it->path = nargs > 1 ? argv[3] : NULL;
    return read_key(cli, argv[2], 2, &it->key);
}

/* ======================================================================
 * Output
 * ====================================================================== */

static void
print_indented(const json_t *value)
{
    char *text = fmt_json(value, 2);

    puts(text);
    free(text);
}

/*
 * A dict's items ([[k, v], ...]) as a JSON object when every key is a
 * string, which is how a person pictures a dict; NULL when a key is not.
 */
static json_t *
items_as_object(const json_t *items)
{
    json_t *obj = xjson(json_object()), *key;
    const json_t *pair;
    size_t i;

    json_array_foreach (items, i, pair) {
        key = json_array_get(pair, 0);
        if (!json_is_string(key)) {
            json_decref(obj);
            return NULL;
        }
        json_object_setn(obj, json_string_value(key), json_string_length(key),
                         json_array_get(pair, 1));
    }
    return obj;
}

/* Print WHOLE, the result of call_whole() for T, as one JSON value. */
static void
print_whole(const struct target *t, const json_t *whole)
{
    json_t *obj = strcmp(t->type, "dict") == 0 ? items_as_object(whole) : NULL;

    print_indented(obj != NULL ? obj : whole);
    json_decref(obj);
}

/* dump's table: each key (or index) as one-line JSON, each value indented. */
static void
print_entries(const struct target *t, const json_t *whole)
{
    static const struct table_col dict_cols[] = {{"KEY", 0}, {"VALUE", 0}};
    static const struct table_col list_cols[] = {{"INDEX", 1}, {"VALUE", 0}};
    int is_dict = strcmp(t->type, "dict") == 0;
    struct table *tab = table_new(is_dict ? dict_cols : list_cols, 2);
    const json_t *entry;
    char *text;
    size_t i;

    json_array_foreach (whole, i, entry) {
        if (is_dict) {
            text = fmt_json(json_array_get(entry, 0), 0);
            table_add(tab, text);
            free(text);
            entry = json_array_get(entry, 1);
        } else {
            table_addf(tab, "%zu", i);
        }
        text = fmt_json(entry, 2);
        table_add(tab, text);
        free(text);
    }
    table_print(tab, stdout);
    table_free(tab);
}

/* dump's heading: describe's result, one field a line. */
static void
print_description(const json_t *info)
{
    char len[32];

    fmt_opt_int(len, sizeof(len), json_object_get(info, "len"));
    printf("oid   %" JSON_INTEGER_FORMAT "\n"
           "type  %s\n"
           "name  %s\n",
           json_integer_value(json_object_get(info, "oid")),
           fmt_opt_string(json_object_get(info, "type")),
           fmt_opt_string(json_object_get(info, "name")));
    if (json_object_get(info, "len") != NULL)
        printf("len   %s\n", len);
    printf("refs  %" JSON_INTEGER_FORMAT "\n",
           json_integer_value(json_object_get(info, "refs")));
}

/* ======================================================================
 * The commands
 * ====================================================================== */

int
cmd_get(struct cli *cli, int argc, char **argv)
{
    struct target t = {0};
    struct item it = {0};
    json_t *res = NULL;
    int has_key = argc > 2, rc;

    if ((rc = cli_check_args(cli, argc - 1, 1, 3)) != EXIT_OK ||
        (has_key && (rc = read_item(cli, argv, argc - 2, &it)) != EXIT_OK))
        return rc;
    if ((rc = cli_connect(cli)) == EXIT_OK &&
        (rc = find_target(cli, argv[1], &t)) == EXIT_OK)
        rc = has_key ? call_item(cli, &t, "getitem", &it, NULL, &res)
                     : call_whole(cli, &t, &res);
    json_decref(it.key);
    if (rc != EXIT_OK)
        return rc;
    if (cli->json)
        cli_print_result(cli, res);
    else if (has_key)
        print_indented(res);
    else
        print_whole(&t, res);
    json_decref(res);
    return EXIT_OK;
}

int
cmd_dump(struct cli *cli, int argc, char **argv)
{
    struct target t;
    json_t *info = NULL, *res = NULL;
    int rc;

    if ((rc = cli_check_args(cli, argc - 1, 1, 1)) != EXIT_OK ||
        (rc = cli_connect(cli)) != EXIT_OK ||
        (rc = find_target(cli, argv[1], &t)) != EXIT_OK)
        return rc;
    if ((rc = call_whole(cli, &t, &res)) != EXIT_OK)
        return rc;
    if (cli->json) {
        cli_print_result(cli, res);
    } else if ((rc = cli_call(cli, "describe",
                              xjson(json_pack("{s:I}", "oid", t.oid)),
                              &info)) == EXIT_OK) {
        print_description(info);
        if (is_container(&t)) {
            putchar('\n');
            print_entries(&t, res);
        } else {
            printf("held  %s\n", json_is_true(res) ? "yes" : "no");
        }
    }
    json_decref(info);
    json_decref(res);
    return rc;
}

int
cmd_set(struct cli *cli, int argc, char **argv)
{
    struct target t;
    struct item it = {0};
    json_t *value = NULL, *res = NULL;
    int rc;

    /* The value comes last: KEY JSON, or KEY PATH JSON. */
    if ((rc = cli_check_args(cli, argc - 1, 3, 4)) != EXIT_OK ||
        (rc = read_item(cli, argv, argc - 3, &it)) != EXIT_OK)
        return rc;
    if ((rc = jsonarg_parse(cli, argv[argc - 1], argc - 1, "JSON", &value)) ==
            EXIT_OK &&
        (rc = cli_connect(cli)) == EXIT_OK &&
        (rc = find_target(cli, argv[1], &t)) == EXIT_OK)
        rc = call_item(cli, &t, "setitem", &it, value, &res);
    json_decref(it.key);
    json_decref(value);
    return rc == EXIT_OK ? cli_print_ok(cli, res) : rc;
}

int
cmd_del(struct cli *cli, int argc, char **argv)
{
    struct target t;
    struct item it = {0};
    json_t *res = NULL;
    int rc;

    if ((rc = cli_check_args(cli, argc - 1, 2, 3)) != EXIT_OK ||
        (rc = read_item(cli, argv, argc - 2, &it)) != EXIT_OK)
        return rc;
    if ((rc = cli_connect(cli)) == EXIT_OK &&
        (rc = find_target(cli, argv[1], &t)) == EXIT_OK)
        rc = call_item(cli, &t, "delitem", &it, NULL, &res);
    json_decref(it.key);
    return rc == EXIT_OK ? cli_print_ok(cli, res) : rc;
}

/* `new TYPE NAME [JSON]`: a named object, which outlives this session
 * because its name keeps it (doc/protocol.md section 5). */
int
cmd_new(struct cli *cli, int argc, char **argv)
{
    json_t *params, *init = NULL, *res = NULL;
    int rc;

    if ((rc = cli_check_args(cli, argc - 1, 2, 3)) != EXIT_OK ||
        (rc = cli_check_type(cli, argv[1])) != EXIT_OK ||
        (argc > 3 &&
         (rc = jsonarg_parse(cli, argv[3], 3, "JSON", &init)) != EXIT_OK))
        return rc;
    /* "o*" takes INIT, also when packing fails. */
    params = json_pack("{s:s, s:s, s:o*}", "type", argv[1], "name", argv[2],
                       "init", init);
    if (params == NULL)
        return cli_usage_error(cli, "TYPE and NAME must be valid UTF-8");
    if ((rc = cli_connect(cli)) != EXIT_OK) {
        json_decref(params);
        return rc;
    }
    if ((rc = cli_call(cli, "new", params, &res)) != EXIT_OK)
        return rc;
    if (cli->json)
        cli_print_result(cli, res);
    else
        printf("created %s '%s', oid %" JSON_INTEGER_FORMAT "\n", argv[1],
               argv[2], json_integer_value(json_object_get(res, "oid")));
    json_decref(res);
    return EXIT_OK;
}

int
cmd_unlink(struct cli *cli, int argc, char **argv)
{
    json_t *params, *res;
    int rc;

    if ((rc = cli_check_args(cli, argc - 1, 1, 1)) != EXIT_OK)
        return rc;
    if ((params = json_pack("{s:s}", "name", argv[1])) == NULL)
        return cli_usage_error(cli, "argument 1 (NAME) is not valid UTF-8");
    if ((rc = cli_connect(cli)) != EXIT_OK) {
        json_decref(params);
        return rc;
    }
    rc = mpmgr_call(cli->m, "unlink", params, &res);
    json_decref(params);
    if (rc == MPMGR_ENOSUCHOBJECT)
        return no_such_object(cli, argv[1], 0);
    return rc < 0 ? cli_fail(cli, rc) : cli_print_ok(cli, res);
}
