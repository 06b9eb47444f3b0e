/*
 * hash.h: uthash, with every table hashed by SipHash-1-3 under a key drawn
 * at random when the server starts.  uthash's default hash has no seed, so
 * a client could pick dict keys that all land in one bucket and turn every
 * lookup into a walk of a long chain (hash flooding).  Include this header,
 * never <uthash.h> directly.
 */
#ifndef MPMGRD_HASH_H
#define MPMGRD_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-1-3 of IN under the 16-byte KEY. */
uint64_t siphash(const void *in, size_t len, const unsigned char key[16]);

/* The per-process key; hash_seed() fills it from the system's randomness. */
extern unsigned char hash_key[16];
void hash_seed(void);

void *xmalloc(size_t);
void fatalx(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define HASH_FUNCTION(keyptr, keylen, hashv)                                   \
    ((hashv) = (unsigned)siphash((keyptr), (keylen), hash_key))
#define uthash_malloc(sz) xmalloc(sz)
#define uthash_fatal(msg) fatalx("%s", (msg))

#include <uthash.h>

#endif /* MPMGRD_HASH_H */
