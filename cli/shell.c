/*
 * shell.c: mpmgr without a command reads commands from its input, one per
 * line, as redis-cli does: at a terminal after a prompt, from a pipe or a
 * file as a script.  Every command runs on one connection, so a lock a
 * script acquires through `call` stays held for the lines after it.
 */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* More words than any command takes, with room for a mistake. */
#define MAX_WORDS 64

/* Copy the quoted text that starts at *R (on the quote) to *W, moving both
 * past it.  0, or -1 when the quote is not closed. */
static int
copy_quoted(char **r, char **w)
{
    char quote = *(*r)++;

    for (; **r != quote; (*w)++, (*r)++) {
        if (**r == '\0')
            return -1;
        /* In double quotes, \" and \\ stand for the character itself. */
        if (quote == '"' && **r == '\\' && ((*r)[1] == '"' || (*r)[1] == '\\'))
            (*r)++;
        **w = **r;
    }
    (*r)++;
    return 0;
}

/*
 * Split LINE in place into WORDS, at most MAX of them and then a NULL
 * (WORDS has room for MAX + 1).  Blanks separate words; '...' keeps its
 * text as it is, "..." too but for \" and \\, and a backslash outside
 * quotes keeps the next character, so that JSON needs only the quoting a
 * shell would want.  Returns the count, or -1 with *WHY set.
 */
static int
split_words(char *line, char **words, int max, const char **why)
{
    char *r = line, *w = line;
    int n = 0;

    for (;;) {
        while (*r == ' ' || *r == '\t')
            r++;
        words[n] = NULL; /* as in main's argv, which commands rely on */
        if (*r == '\0')
            return n;
        if (n == max) {
            *why = "too many words";
            return -1;
        }
        words[n++] = w;
        while (*r != '\0' && *r != ' ' && *r != '\t') {
            if (*r == '\'' || *r == '"') {
                if (copy_quoted(&r, &w) < 0) {
                    *why = "a quote is not closed";
                    return -1;
                }
            } else {
                if (*r == '\\' && r[1] != '\0')
                    r++;
                *w++ = *r++;
            }
        }
        /* W never passes R, so the end of the word overwrites nothing. */
        if (*r != '\0')
            r++;
        *w++ = '\0';
    }
}

/* Read one line into *LINE, without its line end.  0, or -1 at the end. */
static int
read_line(char **line, size_t *size)
{
    ssize_t len = getline(line, size, stdin);

    if (len < 0)
        return -1;
    while (len > 0 && ((*line)[len - 1] == '\n' || (*line)[len - 1] == '\r'))
        (*line)[--len] = '\0';
    return 0;
}

/* Set by Ctrl-C while the prompt waits for a line. */
static volatile sig_atomic_t interrupted;

static void
on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

/*
 * Wait for input on stdin with SIGINT let through only while waiting, so
 * that a Ctrl-C that comes just before the wait still ends it.  0 when
 * there is input (or an end), -1 when Ctrl-C came first.
 */
static int
wait_for_input(const sigset_t *waiting_mask)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};

    while (ppoll(&p, 1, NULL, waiting_mask) < 0)
        if (interrupted)
            return -1;
    return 0;
}

/*
 * Prompt and read one line, as read_line.  Ctrl-C drops the line being
 * typed and prompts again, as Python's prompt does, rather than ending the
 * session and the locks it holds; while a command runs it stops mpmgr as
 * usual (and ends a watch).  A terminal hands over whole lines, so once
 * there is input, reading a line does not wait.
 */
static int
read_prompted(char **line, size_t *size)
{
    struct sigaction sa, old;
    sigset_t sigint, outside;
    int rc;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&sigint);
    sigaddset(&sigint, SIGINT);
    /* SIGINT is held back except inside the wait, where it lands. */
    sigprocmask(SIG_BLOCK, &sigint, &outside);
    sigaction(SIGINT, &sa, &old);
    for (;;) {
        interrupted = 0;
        fputs("mpmgr> ", stdout);
        fflush(stdout);
        if (wait_for_input(&outside) == 0)
            break;
        putchar('\n');
    }
    rc = read_line(line, size);
    sigaction(SIGINT, &old, NULL);
    sigprocmask(SIG_SETMASK, &outside, NULL);
    return rc;
}

/* Run one line: its exit status (EXIT_OK for a blank line or comment), or
 * -1 for quit or exit. */
static int
run_line(struct cli *cli, char *line)
{
    char *words[MAX_WORDS + 1];
    const char *why = NULL;
    int n = split_words(line, words, MAX_WORDS, &why), rc;

    cli->cmd = NULL;
    if (n < 0)
        return cli_error(cli, EXIT_USAGE, "%s", why);
    if (n == 0 || words[0][0] == '#')
        return EXIT_OK;
    if (n == 1 &&
        (strcmp(words[0], "quit") == 0 || strcmp(words[0], "exit") == 0))
        return -1;
    rc = cli_run_command(cli, n, words);
    /* A broken connection stays broken: the next line opens a new one. */
    if (rc == EXIT_CONNECT && cli->m != NULL) {
        mpmgr_close(cli->m);
        cli->m = NULL;
    }
    return rc;
}

int
cli_shell(struct cli *cli)
{
    int interactive = isatty(STDIN_FILENO), status = EXIT_OK, rc;
    char *line = NULL;
    size_t size = 0;

    for (;;) {
        if ((interactive ? read_prompted(&line, &size)
                         : read_line(&line, &size)) < 0)
            break;
        /* A script's messages say which line failed. */
        if (!interactive)
            cli->line++;
        if ((rc = run_line(cli, line)) < 0)
            break;
        /* A script's status is that of its first failure, as make's. */
        if (status == EXIT_OK)
            status = rc;
        fflush(stdout);
    }
    if (interactive && feof(stdin))
        putchar('\n');
    free(line);
    return interactive ? EXIT_OK : status;
}
