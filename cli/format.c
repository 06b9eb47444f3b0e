/*
 * format.c: turning the server's numbers and values into text for people:
 * sizes in KiB and MiB, durations such as 3m12s, wall-clock times, and JSON
 * laid out for reading.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "json.h"

/* BYTES as "512 B", "4.2 KiB", "1.0 MiB", ... (powers of 1024). */
void
fmt_bytes(char *buf, size_t size, double bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    size_t i = 0;

    if (bytes < 1024) {
        snprintf(buf, size, "%.0f B", bytes < 0 ? 0 : bytes);
        return;
    }
    bytes /= 1024;
    while (bytes >= 1024 && i + 1 < sizeof(units) / sizeof(units[0])) {
        bytes /= 1024;
        i++;
    }
    snprintf(buf, size, "%.1f %s", bytes, units[i]);
}

/*
 * SECONDS as the two largest units that matter: "45s", "3m12s", "1h05m",
 * "2d03h".  Fractions of a second are dropped: these are uptimes and ages.
 */
void
fmt_duration(char *buf, size_t size, double seconds)
{
    long long s = isfinite(seconds) && seconds > 0 ? (long long)seconds : 0;

    if (s < 60)
        snprintf(buf, size, "%llds", s);
    else if (s < 3600)
        snprintf(buf, size, "%lldm%02llds", s / 60, s % 60);
    else if (s < 86400)
        snprintf(buf, size, "%lldh%02lldm", s / 3600, s % 3600 / 60);
    else
        snprintf(buf, size, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
}

/*
 * EPOCH (seconds since 1970) in local time, as ps(1) shows start times:
 * "18:56:03" for today, "2026-11-21 18:56" for an earlier day.
 */
void
fmt_time(char *buf, size_t size, double epoch)
{
    time_t t = (time_t)epoch, now = time(NULL);
    struct tm when, today;

    if (!isfinite(epoch) || epoch <= 0 || localtime_r(&t, &when) == NULL ||
        localtime_r(&now, &today) == NULL) {
        snprintf(buf, size, "-");
        return;
    }
    if (when.tm_year == today.tm_year && when.tm_yday == today.tm_yday)
        strftime(buf, size, "%H:%M:%S", &when);
    else
        strftime(buf, size, "%Y-%m-%d %H:%M", &when);
}

/*
 * VALUE as JSON text (malloc'd): on one line with a space after each comma
 * and colon, or with INDENT spaces per level over several lines.  Strings
 * keep their UTF-8; control characters are escaped, so the text is safe to
 * print to a terminal.
 */
char *
fmt_json(const json_t *value, int indent)
{
    size_t flags = JSON_ENCODE_ANY | JSON_INDENT(indent);
    char *text = mpmgr__json_dumps_short(value, flags);

    /* jansson fails to encode a value it built only for lack of memory. */
    if (text == NULL)
        xnomem();
    return text;
}

/* A string member that may be null or absent: its text, or "-". */
const char *
fmt_opt_string(const json_t *value)
{
    const char *s = json_string_value(value);

    return s != NULL ? s : "-";
}

/* A number that may be null or absent: its digits, or "-". */
void
fmt_opt_int(char *buf, size_t size, const json_t *value)
{
    if (json_is_integer(value))
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
    else if (json_is_real(value))
        snprintf(buf, size, "%g", json_real_value(value));
    else
        snprintf(buf, size, "-");
}

void
fmt_if_int(char *buf, size_t size, const json_t *value)
{
    if (value != NULL)
        fmt_opt_int(buf, size, value);
    else if (size > 0)
        buf[0] = '\0';
}
