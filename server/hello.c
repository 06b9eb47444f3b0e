/*
 * hello.c: the handshake (doc/protocol.md section 2).  The greeting carries a
 * fresh nonce; hello proves the client knows the authkey with
 * HMAC-SHA256(authkey, nonce), checked in constant time, and may ask the
 * server to prove the same over a nonce of the client's.
 */
#include "config.h"

#include <string.h>

#include "auth.h"
#include "mpmgrd.h"

static void
hello_m(struct request *req)
{
    struct conn *c = req->conn;
    json_t *nonce = arg(req, "nonce"), *hmac = arg(req, "hmac");
    json_t *client = arg(req, "client"), *result;
    unsigned char client_nonce[MPMGR__NONCE_BYTES];
    char proof[65];

    if (json_integer_value(arg(req, "protocol")) != MPMGR__PROTOCOL) {
        rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS,
                         "unsupported protocol %lld (this server speaks %d)",
                         (long long)json_integer_value(arg(req, "protocol")),
                         MPMGR__PROTOCOL);
        return;
    }
    if (nonce != NULL &&
        mpmgr__hex_decode(json_string_value(nonce), json_string_length(nonce),
                          client_nonce, sizeof(client_nonce)) < 0) {
        rpc_reply_errorf(req, MPMGR_EINVALIDPARAMS,
                         "nonce must be %d hex digits", MPMGR__NONCE_HEX);
        return;
    }
    if (srv.authkey != NULL) {
        if (hmac == NULL ||
            !mpmgr__hmac_check(srv.authkey, srv.authkey_len, c->nonce,
                               sizeof(c->nonce), json_string_value(hmac),
                               json_string_length(hmac))) {
            struct error e;

            error_set(&e, MPMGR_EAUTHFAILED,
                      hmac == NULL ? "hmac is required" : "wrong hmac");
            log_info("session %llu: authentication failed",
                     (unsigned long long)c->session);
            rpc_refuse(req, &e);
            return;
        }
        conn_authenticated(c);
    }
    free(c->client);
    c->client = client != NULL ? xstrdup(json_string_value(client)) : NULL;
    c->pid = arg_int(req, "pid", -1);
    result =
        json_pack("{s:I,s:s,s:s}", "session", (json_int_t)c->session, "server",
                  MPMGR__SERVER_NAME, "version", PACKAGE_VERSION);
    if (srv.authkey != NULL && nonce != NULL) {
        if (mpmgr__hmac_hex(srv.authkey, srv.authkey_len, client_nonce,
                            sizeof(client_nonce), proof) < 0)
            fatalx("HMAC-SHA256 failed");
        json_object_set_new(result, "hmac", json_string(proof));
    }
    rpc_reply_result(req, result);
}

static const struct param hello_params[] = {
    {.name = "protocol", .type = PT_INT, .flags = P_REQUIRED},
    {.name = "client", .type = PT_STRING},
    {.name = "pid", .type = PT_INT},
    {.name = "hmac", .type = PT_STRING},
    {.name = "nonce", .type = PT_STRING},
    {NULL},
};

struct method hello_methods[] = {
    {.name = "hello", .handler = hello_m, .params = hello_params},
    {NULL},
};
