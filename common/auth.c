/*
 * auth.c: nonces, hex and HMAC-SHA256 for the hello handshake
 * (doc/protocol.md section 2), on top of OpenSSL's libcrypto, and the
 * reading of authkey files.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "auth.h"

int
mpmgr__random_bytes(unsigned char *buf, size_t n)
{
    return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

void
mpmgr__hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0xf];
    }
    out[2 * n] = '\0';
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int
mpmgr__hex_decode(const char *hex, size_t hexlen, unsigned char *out, size_t n)
{
    size_t i;

    if (hexlen != 2 * n)
        return -1;
    for (i = 0; i < n; i++) {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* The raw 32-byte HMAC-SHA256 of MSG under KEY. */
static int
hmac_raw(const void *key, size_t keylen, const unsigned char *msg,
         size_t msglen, unsigned char md[32])
{
    unsigned int mdlen = 0;

    if (HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, md, &mdlen) == NULL ||
        mdlen != 32)
        return -1;
    return 0;
}

int
mpmgr__hmac_hex(const void *key, size_t keylen, const unsigned char *msg,
                size_t msglen, char out[65])
{
    unsigned char md[32];

    if (hmac_raw(key, keylen, msg, msglen, md) < 0)
        return -1;
    mpmgr__hex_encode(md, sizeof(md), out);
    return 0;
}

int
mpmgr__hmac_check(const void *key, size_t keylen, const unsigned char *msg,
                  size_t msglen, const char *hex, size_t hexlen)
{
    unsigned char md[32], given[32];

    /* The length and the digits of HEX are the client's, not a secret. */
    if (mpmgr__hex_decode(hex, hexlen, given, sizeof(given)) < 0)
        return 0;
    if (hmac_raw(key, keylen, msg, msglen, md) < 0)
        return 0;
    return CRYPTO_memcmp(md, given, sizeof(md)) == 0;
}

int
mpmgr__authkey_read_file(const char *path, char **key, size_t *len, char *err,
                         size_t errlen)
{
    FILE *f;
    char *buf = NULL;
    size_t size = 0, used = 0, n;

    f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "cannot open authkey file %s: %s", path,
                 strerror(errno));
        return -1;
    }
    do {
        if (used + 4096 + 1 > size) {
            char *bigger = realloc(buf, size + 4096 + 1);

            if (bigger == NULL) {
                snprintf(err, errlen, "out of memory reading %s", path);
                goto fail;
            }
            buf = bigger;
            size += 4096 + 1;
        }
        n = fread(buf + used, 1, size - used - 1, f);
        used += n;
    } while (n > 0);
    if (ferror(f)) {
        snprintf(err, errlen, "cannot read authkey file %s", path);
        goto fail;
    }
    if (used > 0 && buf[used - 1] == '\n')
        used--;
    if (used == 0) {
        snprintf(err, errlen, "authkey file %s is empty", path);
        goto fail;
    }
    buf[used] = '\0';
    fclose(f);
    *key = buf;
    *len = used;
    return 0;

fail:
    free(buf);
    fclose(f);
    return -1;
}
