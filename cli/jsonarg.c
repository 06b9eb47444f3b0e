/*
 * jsonarg.c: reading the command line's JSON arguments: values and params
 * that must be JSON, keys that are JSON when they parse and plain strings
 * otherwise, and object arguments that are an oid when all digits.  A bad
 * argument is reported with where it went wrong, so that the person at the
 * shell can fix their quoting.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
 * The same rules as the server's (doc/protocol.md sections 4 and 6): any
 * value at the top, duplicate members rejected, and \u0000 allowed inside
 * strings.
 */
#define DECODE_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/* Line LINENO (from 1) of TEXT and its length, or NULL. */
static const char *
text_line(const char *text, int lineno, size_t *len)
{
    const char *end;

    for (; lineno > 1 && text != NULL; lineno--)
        if ((text = strchr(text, '\n')) != NULL)
            text++;
    if (text == NULL)
        return NULL;
    end = strchr(text, '\n');
    *len = end != NULL ? (size_t)(end - text) : strlen(text);
    return text;
}

/* Whether LEN bytes of S print as they are (no control characters). */
static int
printable(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

/*
 * Show the line of TEXT where jansson stopped, with a caret under the
 * character it complained about (its column counts characters, from 1).
 */
static void
show_error_line(const char *text, const json_error_t *err)
{
    const char *line;
    size_t len;
    int col = err->column > 0 ? err->column - 1 : 0, i;

    line = text_line(text, err->line > 0 ? err->line : 1, &len);
    if (line == NULL || len == 0 || len > 200 || !printable(line, len))
        return;
    fprintf(stderr, "  %.*s\n  ", (int)len, line);
    for (i = 0; i < col; i++)
        fputc(' ', stderr);
    fputs("^\n", stderr);
}

/*
 * Parse TEXT, argument ARGNO (counted after the command's name) known in
 * the synopsis as ARGNAME, as JSON.  Returns 0 and a new reference in *OUT,
 * or reports where the text went wrong and returns EXIT_USAGE.
 */
int
jsonarg_parse(struct cli *cli, const char *text, int argno, const char *argname,
              json_t **out)
{
    json_error_t err;
    json_t *string;
    char *place, *quoted = NULL;

    if ((*out = json_loads(text, DECODE_FLAGS, &err)) != NULL)
        return 0;
    /* Name the line only when there is more than one. */
    place = strchr(text, '\n') != NULL ? xasprintf("line %d, ", err.line)
                                       : xstrdup("");
    cli_error(cli, EXIT_USAGE,
              "argument %d (%s) is not valid JSON: %s, at %scharacter %d",
              argno, argname, err.text, place, err.column > 0 ? err.column : 1);
    free(place);
    show_error_line(text, &err);
    /* Words were most likely meant as a string: show it as JSON, in the
     * shell's single quotes (which the text must then not hold). */
    if (isalpha((unsigned char)text[0]) && strchr(text, '\'') == NULL &&
        (string = json_string(text)) != NULL) {
        quoted = json_dumps(string, JSON_ENCODE_ANY);
        json_decref(string);
    }
    if (quoted != NULL)
        fprintf(stderr,
                "mpmgr: a JSON string needs double quotes, "
                "inside the shell's: '%s'\n",
                quoted);
    free(quoted);
    return EXIT_USAGE;
}

/*
 * A KEY argument: the JSON value when TEXT parses as JSON (so 42 is the
 * integer key and '"42"' the string), else TEXT itself as a string, so that
 * `get results alice` needs no quotes.  Returns a new reference, or NULL
 * when TEXT is neither JSON nor UTF-8.
 */
json_t *
jsonarg_key(const char *text)
{
    json_t *key = json_loads(text, DECODE_FLAGS, NULL);

    return key != NULL ? key : json_string(text);
}

/*
 * An object argument that is all digits names an oid: *OID is set and the
 * result is 1.  Anything else is a name: 0.  Digits beyond the range of an
 * oid: -1.
 */
int
jsonarg_oid(const char *text, int64_t *oid)
{
    const char *p;
    long long v;

    for (p = text; *p != '\0'; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    if (p == text)
        return 0;
    errno = 0;
    v = strtoll(text, NULL, 10);
    if (errno == ERANGE)
        return -1;
    *oid = v;
    return 1;
}
