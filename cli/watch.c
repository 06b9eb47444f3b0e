/*
 * watch.c: `mpmgr watch`, the server's info refreshed every second (or
 * -i SECONDS) with the request rate, as top(1) shows a machine.  On a terminal
 * the screen is redrawn; into a pipe or file one line is added per refresh, as
 * vmstat(8) does, so that the output can be kept.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "number.h"

/* Set by SIGINT and SIGTERM: finish the current refresh and stop. */
static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Catch Ctrl-C without SA_RESTART, so that a sleep ends at once; what was
 * there before goes to OLD, for the shell's next line. */
static void
catch_signals(struct sigaction old[2])
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    stop_requested = 0;
    sigaction(SIGINT, &sa, &old[0]);
    sigaction(SIGTERM, &sa, &old[1]);
}

static void
restore_signals(const struct sigaction old[2])
{
    sigaction(SIGINT, &old[0], NULL);
    sigaction(SIGTERM, &old[1], NULL);
}

/* Sleep SECONDS, or less when a signal asks us to stop. */
static void
pause_for(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (!stop_requested && nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* What one refresh remembers for the next: the rate needs two readings. */
struct reading {
    int valid;
    double uptime;
    json_int_t requests;
};

#define ROW_FORMAT "%-8s  %8s  %8s  %7s  %10s  %8s  %10s\n"

static void
print_header(void)
{
    printf(ROW_FORMAT, "TIME", "UPTIME", "SESSIONS", "OBJECTS", "REQUESTS",
           "REQ/S", "MEMORY");
}

/*
 * Print INFO as one row.  The rate comes from the server's own clock
 * (uptime_s), so that it is right even when the replies were slow.
 */
static void
print_row(const json_t *info, struct reading *last)
{
    double uptime = json_number_value(json_object_get(info, "uptime_s"));
    json_int_t requests = json_integer_value(json_object_get(info, "requests"));
    char now[16], up[32], sessions[32], objects[32], reqs[32], rate[32],
        memory[32];
    time_t t = time(NULL);
    struct tm tm;

    strftime(now, sizeof(now), "%H:%M:%S", localtime_r(&t, &tm));
    fmt_duration(up, sizeof(up), uptime);
    fmt_opt_int(sessions, sizeof(sessions), json_object_get(info, "sessions"));
    fmt_opt_int(objects, sizeof(objects), json_object_get(info, "objects"));
    fmt_opt_int(reqs, sizeof(reqs), json_object_get(info, "requests"));
    fmt_bytes(memory, sizeof(memory),
              json_number_value(json_object_get(info, "memory_bytes")));
    if (last->valid && uptime > last->uptime)
        snprintf(rate, sizeof(rate), "%.1f",
                 (double)(requests - last->requests) / (uptime - last->uptime));
    else
        snprintf(rate, sizeof(rate), "-");
    printf(ROW_FORMAT, now, up, sessions, objects, reqs, rate, memory);
    last->valid = 1;
    last->uptime = uptime;
    last->requests = requests;
}

/* The terminal view: clear the screen, a title line, the table. */
static void
redraw(const struct cli *cli, const json_t *info, double interval,
       struct reading *last)
{
    fputs("\033[H\033[2J", stdout);
    printf("%s %s at %s, pid %" JSON_INTEGER_FORMAT
           ": every %gs, Ctrl-C to quit\n\n",
           fmt_opt_string(json_object_get(info, "server")),
           fmt_opt_string(json_object_get(info, "version")), cli->where,
           json_integer_value(json_object_get(info, "pid")), interval);
    print_header();
    print_row(info, last);
}

/* The longest -i: a day. */
#define MAX_INTERVAL 86400

/* Read -n and -i.  Returns -1 to go on, or an exit status. */
static int
parse_options(struct cli *cli, int argc, char **argv, long *count,
              double *interval)
{
    static const struct option longopts[] = {
        {"count", required_argument, NULL, 'n'},
        {"interval", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long long n;
    int ch;

    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv, ":hn:i:", longopts)) != -1) {
        switch (ch) {
        case 'n':
            if (mpmgr__parse_integer(optarg, 1, LONG_MAX, &n) < 0)
                return cli_usage_error(cli,
                                       "-n wants a positive count, not "
                                       "'%s'",
                                       optarg);
            *count = (long)n;
            break;
        case 'i':
            if (mpmgr__parse_seconds(optarg, MAX_INTERVAL, interval) < 0)
                return cli_usage_error(cli,
                                       "-i wants seconds above 0 and at "
                                       "most %d (a day), such as 2 or 0.5, "
                                       "not '%s'",
                                       MAX_INTERVAL, optarg);
            break;
        case 'h':
            return cli_help(cli);
        default:
            return EXIT_USAGE;
        }
    }
    return cli_check_args(cli, argc - optind, 0, 0) != EXIT_OK ? EXIT_USAGE
                                                               : -1;
}

int
cmd_watch(struct cli *cli, int argc, char **argv)
{
    struct reading last = {0};
    double interval = 1;
    long count = 0, done;
    int tty = isatty(STDOUT_FILENO), rc;
    struct sigaction old[2];
    json_t *info;

    if ((rc = parse_options(cli, argc, argv, &count, &interval)) >= 0 ||
        (rc = cli_connect(cli)) != EXIT_OK)
        return rc;
    catch_signals(old);
    for (done = 0; !stop_requested && (count == 0 || done < count); done++) {
        if (done > 0)
            pause_for(interval);
        if (stop_requested)
            break;
        if ((rc = cli_call(cli, "server.info", NULL, &info)) != EXIT_OK)
            break;
        if (cli->json)
            cli_print_result(cli, info);
        else if (tty)
            redraw(cli, info, interval, &last);
        else {
            if (done == 0)
                print_header();
            print_row(info, &last);
        }
        json_decref(info);
        /* Each refresh must be seen now, not when a buffer fills. */
        fflush(stdout);
    }
    restore_signals(old);
    return rc;
}
