/*
 * proto.h: constants of protocol version 1 shared by mpmgrd and libmpmgr.
 */
#ifndef MPMGR_PROTO_H
#define MPMGR_PROTO_H

#define MPMGR__PROTOCOL 1
#define MPMGR__SERVER_NAME "mpmgrd"

/* Bytes of a greeting or hello nonce; they travel as twice as many hex digits.
 */
#define MPMGR__NONCE_BYTES 32
#define MPMGR__NONCE_HEX (2 * MPMGR__NONCE_BYTES)

/* Before hello succeeds on a server with an authkey, no line may be longer. */
#define MPMGR__PREAUTH_MAX_LINE (16 * 1024)

/* Server defaults; each has an option of the same name. */
#define MPMGR__DEFAULT_MAX_MESSAGE ((size_t)64 << 20)
#define MPMGR__DEFAULT_MAX_DEPTH 256
#define MPMGR__DEFAULT_MAX_OUTPUT ((size_t)16 << 20)
#define MPMGR__DEFAULT_MAX_CLIENTS 10000
#define MPMGR__DEFAULT_AUTH_TIMEOUT 10.0
#define MPMGR__DEFAULT_BUSY_POLL_US 100

/* The deepest --max-depth a server takes: jansson's own nesting limit. */
#define MPMGR__MAX_DEPTH_CEILING 2048

/* A reply holds a stored value a few levels deeper than any request could
 * carry it: one at the limit, read back by dict.items, sits in
 * {"result":[[key, value]]}, and a batch adds an array around that.
 * Readers of replies allow this much. */
#define MPMGR__REPLY_MAX_DEPTH (MPMGR__MAX_DEPTH_CEILING + 8)

/* A lock.acquire timeout longer than this (seconds, about 31 years) waits
 * for ever, as one without a timeout does. */
#define MPMGR__TIMEOUT_FOREVER 1e9

/* The longest name an object may have, in bytes. */
#define MPMGR__MAX_NAME 255

#endif /* MPMGR_PROTO_H */
