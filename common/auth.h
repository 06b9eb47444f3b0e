/*
 * auth.h: the pieces of the hello handshake both sides need: random nonces,
 * hex, HMAC-SHA256 with a constant-time check, and reading an authkey.
 */
#ifndef MPMGR_AUTH_H
#define MPMGR_AUTH_H

#include <stddef.h>

/* Fill BUF with N cryptographically random bytes.  Returns 0 or -1. */
int mpmgr__random_bytes(unsigned char *buf, size_t n);

/* Write 2*N lowercase hex digits and a NUL into OUT. */
void mpmgr__hex_encode(const unsigned char *in, size_t n, char *out);

/*
 * Decode exactly 2*N hex digits (either case) from HEX, of length HEXLEN,
 * into OUT.  Returns 0, or -1 when the length or a digit is wrong.
 */
int mpmgr__hex_decode(const char *hex, size_t hexlen, unsigned char *out,
                      size_t n);

/*
 * OUT = lowercase hex of HMAC-SHA256(KEY, MSG), 64 digits and a NUL.
 * Returns 0 or -1.
 */
int mpmgr__hmac_hex(const void *key, size_t keylen, const unsigned char *msg,
                    size_t msglen, char out[65]);

/*
 * Check HEX (of length HEXLEN) against HMAC-SHA256(KEY, MSG) in constant
 * time, ignoring the case of the digits.  Returns 1 on a match, else 0.
 */
int mpmgr__hmac_check(const void *key, size_t keylen, const unsigned char *msg,
                      size_t msglen, const char *hex, size_t hexlen);

/*
 * Read an authkey file: its bytes, with one trailing newline removed.
 * On success *KEY is a malloc'd buffer of *LEN bytes (plus a NUL) and the
 * result is 0; on failure the result is -1 and ERR says why.
 */
int mpmgr__authkey_read_file(const char *path, char **key, size_t *len,
                             char *err, size_t errlen);

#endif /* MPMGR_AUTH_H */
