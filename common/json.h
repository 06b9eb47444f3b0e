/*
 * json.h: the JSON reader shared by mpmgrd and libmpmgr (common/json.c),
 * the writer of common values (common/json_write.c), and reals written
 * for people (common/json_reals.c).
 * mpmgr__json_parse reads one value; the rest lets the server's request
 * reader (server/request.c) walk a request's envelope member by member
 * while the values themselves are read here.
 */
#ifndef MPMGR_JSON_H
#define MPMGR_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <jansson.h>

/* The first error met: an MPMGR_E* code (MPMGR_EPARSE, MPMGR_ELIMITEXCEEDED
 * for nesting, MPMGR_ENOMEM) and "what at byte N". */
struct mpmgr__json_error {
    int code; /* 0: no error */
    char text[200];
};

struct mpmgr__json_parser {
    const char *start; /* the text, for error positions */
    const char *p;     /* next unread byte */
    const char *end;
    int depth;
    int max_depth;
    char *scratch; /* decoded strings with escapes */
    size_t scratch_size;
    struct mpmgr__json_error error;
};

/* An object member's name.  It points into the text when it has no
 * escapes; a name decoded into the scratch buffer is copied, since the
 * member's value may reuse that buffer. */
struct mpmgr__json_key {
    const char *text;
    size_t len;
    char *copy; /* malloc'd, or NULL */
    char small[64];
};

/*
 * Parse the LEN bytes at TEXT as one JSON value, as json_loadb would with
 * JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, and no deeper
 * than MAX_DEPTH.  One difference: a raw NUL byte is refused anywhere,
 * where json_loadb drops one that directly follows a number, true, false
 * or null ("[1\0]" loads as [1]).  Returns a new reference, or NULL with
 * ERROR filled in.
 */
json_t *mpmgr__json_parse(const char *text, size_t len, int max_depth,
                          struct mpmgr__json_error *error);

/* The pieces, for readers of a known shape (server/request.c). */
void mpmgr__json_init(struct mpmgr__json_parser *ps, const char *text,
                      size_t len, int max_depth);
void mpmgr__json_done(struct mpmgr__json_parser *ps);
/* Record the first error (with the position) and return NULL. */
json_t *mpmgr__json_fail(struct mpmgr__json_parser *ps, int code,
                         const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define MPMGR__BYTES_OF(b) (0x0101010101010101ULL * (b))

/*
 * The bytes of X (8 bytes of a string) that need more than a copy, in
 * JSON text either way: a quote, a backslash, a control character, a byte
 * of a multibyte character.  Each is marked by its high bit; 0 when there
 * is none.  This is the has-zero-byte test of "Bit Twiddling Hacks" (Sean
 * Eron Anderson): (v - 0x01..01) & ~v & 0x80..80 marks the zero bytes of
 * v, and with 0x20..20 the bytes below 0x20.  A borrow can mark a byte
 * above a marked one, never below, so the lowest mark is exact.
 */
static inline uint64_t
mpmgr__json_special_bytes(uint64_t x)
{
    uint64_t quote = x ^ MPMGR__BYTES_OF('"');
    uint64_t backslash = x ^ MPMGR__BYTES_OF('\\');

    return (((x - MPMGR__BYTES_OF(0x20)) & ~x) |
            ((quote - MPMGR__BYTES_OF(1)) & ~quote) |
            ((backslash - MPMGR__BYTES_OF(1)) & ~backslash) | x) &
           MPMGR__BYTES_OF(0x80);
}

/* Inline: a request calls it some thirty times, mostly to find no space. */
static inline void
mpmgr__json_skip_space(struct mpmgr__json_parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
                               *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}
/* Any value at ps->p: a new reference, or NULL with the error recorded. */
json_t *mpmgr__json_value(struct mpmgr__json_parser *ps);
/*
 * A string at ps->p (on its quote): *TEXT points into the text when it has
 * no escapes, else into the scratch buffer.  0, or -1 with the error.
 */
int mpmgr__json_scan_string(struct mpmgr__json_parser *ps, const char **text,
                            size_t *len);
/*
 * A JSON integer of at most 18 digits at P (before END), with no fraction
 * or exponent, so that it fits a json_int_t: its length, and its value in
 * *V.  0 for anything else there, which only a full parse can judge.
 */
size_t mpmgr__json_small_integer(const char *p, const char *end, json_int_t *v);
/* Enter an object or array: false (error recorded) past the depth limit. */
bool mpmgr__json_descend(struct mpmgr__json_parser *ps);
/* After mpmgr__json_descend, at '{': false when the object is empty (and
 * already closed). */
bool mpmgr__json_open_object(struct mpmgr__json_parser *ps);
/* The same for an array, at '[', and after each of its elements (at the
 * closing ']' the level is left). */
bool mpmgr__json_open_array(struct mpmgr__json_parser *ps);
bool mpmgr__json_next_element(struct mpmgr__json_parser *ps, bool *failed);
/* A member's name and the ':' after it.  0 (free K with
 * mpmgr__json_key_free), or -1 with the error recorded. */
int mpmgr__json_read_key(struct mpmgr__json_parser *ps,
                         struct mpmgr__json_key *k);
void mpmgr__json_key_free(struct mpmgr__json_key *k);
/* After a member: true when a ',' was read and another member follows;
 * false at the closing '}' (the level is left) or on an error (*FAILED). */
bool mpmgr__json_next_member(struct mpmgr__json_parser *ps, bool *failed);
/* Add K = V (stolen) to OBJECT, refusing a duplicate name.  0 or -1. */
int mpmgr__json_add_member(struct mpmgr__json_parser *ps, json_t *object,
                           const struct mpmgr__json_key *k, json_t *v);

/*
 * Read the object at ps->p (on its '{') member by member: MEMBER is called
 * with each name, ps->p before its value, and must read the value.
 * Returns 0, or -1 with the error recorded (by the reader or by MEMBER).
 * Inline, so that each reader's MEMBER is inlined into its own loop: the
 * request path reads two objects per request.
 */
typedef int mpmgr__json_member_fn(struct mpmgr__json_parser *ps,
                                  const struct mpmgr__json_key *k, void *arg);

static inline int
mpmgr__json_read_object(struct mpmgr__json_parser *ps,
                        mpmgr__json_member_fn *member, void *arg)
{
    struct mpmgr__json_key k;
    bool more, failed = false;
    int rc;

    if (!mpmgr__json_descend(ps))
        return -1;
    for (more = mpmgr__json_open_object(ps); more;
         more = mpmgr__json_next_member(ps, &failed)) {
        if (mpmgr__json_read_key(ps, &k) < 0)
            return -1;
        rc = member(ps, &k, arg);
        mpmgr__json_key_free(&k);
        if (rc < 0)
            return -1;
    }
    return failed ? -1 : 0;
}

/*
 * The length of the valid UTF-8 sequence at P (before END), or 0 when it is
 * not one: overlong forms, surrogates and code points past U+10FFFF are
 * invalid, as in jansson's utf8_check_full.
 */
size_t mpmgr__utf8_length(const unsigned char *p, const unsigned char *end);

/*
 * Where mpmgr__json_write_simple writes: LEN bytes written of SIZE at
 * DATA.  GROW makes room for MORE bytes after LEN (it may move DATA, and
 * change LEN and SIZE) and returns 0, or -1 when it cannot.
 */
struct mpmgr__json_sink {
    char *data;
    size_t len, size;
    int (*grow)(struct mpmgr__json_sink *s, size_t more);
};

/*
 * Write V's compact text into S, exactly as json_dump_callback with
 * JSON_COMPACT | JSON_ENCODE_ANY would, when V is made of strings that need
 * no escaping, integers, true, false, null and arrays of these nested at
 * most 32 deep (common/json_write.c).  Returns 1 when written; 0 when V
 * holds anything else, and the caller drops what was written and asks
 * jansson; -1 when S could not grow.
 */
int mpmgr__json_write_simple(const json_t *v, struct mpmgr__json_sink *s);
/*
 * Text for people (common/json_reals.c): the LEN bytes of JSON TEXT that
 * jansson wrote, or json_dumps(VALUE, FLAGS), with each real rewritten in
 * the fewest digits that read back exactly: 0.1, where jansson writes
 * 0.10000000000000001.  A malloc'd string, or NULL when out of memory.
 */
char *mpmgr__json_shorten_reals(const char *text, size_t len);
char *mpmgr__json_dumps_short(const json_t *value, size_t flags);
/* The GROW of a sink over a fixed buffer: there is no more room. */
int mpmgr__json_fixed(struct mpmgr__json_sink *s, size_t more);
/* Append N bytes of TEXT to S, growing it if it can.  0, or -1 when it
 * cannot.  Inline: the writers call it for every token. */
static inline int
mpmgr__json_sink_put(struct mpmgr__json_sink *s, const char *text, size_t n)
{
    if (s->size - s->len < n && s->grow(s, n) != 0)
        return -1;
    memcpy(s->data + s->len, text, n);
    s->len += n;
    return 0;
}
/* V in decimal, written backwards before END (room for 20 bytes); returns
 * where the text starts. */
char *mpmgr__json_format_integer(json_int_t v, char *end);

#endif /* MPMGR_JSON_H */
