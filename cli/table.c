/*
 * table.c: output in aligned columns under a header line, as ps(1) and
 * `docker ps` print it.  A cell may hold several lines (an indented JSON
 * value); the row then grows downwards and the other columns stay aligned.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define GAP 2 /* spaces between columns */

struct table {
    const struct table_col *cols;
    size_t ncols;
    char **cells; /* row by row, ncols cells per row */
    size_t ncells, cap;
};

struct table *
table_new(const struct table_col *cols, size_t ncols)
{
    struct table *t = xmalloc(sizeof(*t));

    t->cols = cols;
    t->ncols = ncols;
    t->cells = NULL;
    t->ncells = t->cap = 0;
    return t;
}

/*
 * A copy of TEXT that is safe on a terminal: control characters other than
 * the newlines that separate a cell's lines become \xNN.  Names and client
 * strings come from other programs and must not move the cursor or change
 * colours on the operator's screen.
 */
static char *
sanitize(const char *text)
{
    size_t n = 0, i;
    const unsigned char *p;
    char *out;

    for (p = (const unsigned char *)text; *p != '\0'; p++)
        n += (*p < 0x20 && *p != '\n') || *p == 0x7f ? 4 : 1;
    out = xmalloc(n + 1);
    for (i = 0, p = (const unsigned char *)text; *p != '\0'; p++) {
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            i += (size_t)sprintf(out + i, "\\x%02x", *p);
        else
            out[i++] = (char)*p;
    }
    out[i] = '\0';
    return out;
}

/* Add the next cell, left to right and row by row. */
void
table_add(struct table *t, const char *text)
{
    if (t->ncells == t->cap) {
        t->cap = t->cap != 0 ? 2 * t->cap : 16;
        t->cells = xrealloc(t->cells, t->cap * sizeof(*t->cells));
    }
    t->cells[t->ncells++] = sanitize(text);
}

void
table_addf(struct table *t, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = xvasprintf(fmt, ap);
    va_end(ap);
    table_add(t, text);
    free(text);
}

/* Columns a terminal gives LEN bytes of UTF-8: one per character. */
static size_t
text_width(const char *s, size_t len)
{
    size_t w = 0, i;

    for (i = 0; i < len; i++)
        w += ((unsigned char)s[i] & 0xc0) != 0x80;
    return w;
}

/* Line I (from 0) of CELL and its length; NULL past the last line. */
static const char *
cell_line(const char *cell, size_t i, size_t *len)
{
    const char *end;

    for (; i > 0; i--) {
        if ((cell = strchr(cell, '\n')) == NULL)
            return NULL;
        cell++;
    }
    end = strchr(cell, '\n');
    *len = end != NULL ? (size_t)(end - cell) : strlen(cell);
    return cell;
}

/* The widest line of CELL, in columns. */
static size_t
cell_width(const char *cell)
{
    const char *line;
    size_t i, len, w, max = 0;

    for (i = 0; (line = cell_line(cell, i, &len)) != NULL; i++) {
        w = text_width(line, len);
        max = w > max ? w : max;
    }
    return max;
}

static size_t
cell_height(const char *cell)
{
    size_t n = 1;

    for (; *cell != '\0'; cell++)
        n += *cell == '\n';
    return n;
}

/*
 * Print one line of a row: line LINENO of each of its NCOLS cells, padded
 * to WIDTHS, without trailing spaces.
 */
static void
print_line(const struct table *t, char *const *row, size_t lineno,
           const size_t *widths, FILE *f)
{
    size_t c, len, pad, pending = 0;
    const char *text;

    for (c = 0; c < t->ncols; c++) {
        text = cell_line(row[c], lineno, &len);
        if (text == NULL)
            text = "", len = 0;
        pad = widths[c] - text_width(text, len);
        if (len == 0) {
            pending += widths[c] + GAP;
            continue;
        }
        if (t->cols[c].right)
            pending += pad;
        fprintf(f, "%*s%.*s", (int)pending, "", (int)len, text);
        pending = (t->cols[c].right ? 0 : pad) + GAP;
    }
    fputc('\n', f);
}

/* Print the header and every complete row. */
void
table_print(const struct table *t, FILE *f)
{
    size_t *widths = xmalloc(t->ncols * sizeof(*widths));
    char **headers = xmalloc(t->ncols * sizeof(*headers));
    size_t c, r, i, w, nrows = t->ncells / t->ncols;

    for (c = 0; c < t->ncols; c++) {
        headers[c] = (char *)t->cols[c].header;
        widths[c] = text_width(headers[c], strlen(headers[c]));
        for (r = 0; r < nrows; r++) {
            w = cell_width(t->cells[r * t->ncols + c]);
            widths[c] = w > widths[c] ? w : widths[c];
        }
    }
    print_line(t, headers, 0, widths, f);
    for (r = 0; r < nrows; r++) {
        char **row = t->cells + r * t->ncols;
        size_t height = 1;

        for (c = 0; c < t->ncols; c++) {
            w = cell_height(row[c]);
            height = w > height ? w : height;
        }
        for (i = 0; i < height; i++)
            print_line(t, row, i, widths, f);
    }
    free(headers);
    free(widths);
}

void
table_free(struct table *t)
{
    size_t i;

    if (t == NULL)
        return;
    for (i = 0; i < t->ncells; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}
