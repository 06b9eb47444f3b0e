/*
 * server.c: the server.* methods of doc/protocol.md section 10.
 */
#include "config.h"

#include <string.h>

#include "client.h"

int
mpmgr_server_ping(mpmgr_t *m)
{
    json_t *res;
    int rc = mpmgr__callf(m, &res, "server.ping", "{}");

    if (rc < 0 || res == NULL)
        return rc;
    rc = json_is_string(res) && strcmp(json_string_value(res), "pong") == 0
             ? 0
             : mpmgr__fail(m, MPMGR_EPROTO, "ping got no pong");
    json_decref(res);
    return rc;
}

int
mpmgr_server_info(mpmgr_t *m, json_t **info)
{
    json_t *res;
    int rc = mpmgr__callf(m, &res, "server.info", "{}");

    return rc < 0 ? rc : mpmgr__take_value(res, info);
}

int
mpmgr_server_objects(mpmgr_t *m, const char *type, const char *prefix,
                     int64_t limit, json_t **objects)
{
    json_t *res;
    int rc = mpmgr__callf(m, &res, "server.objects", "{s:s*, s:s*, s:o*}",
                          "type", type, "prefix", prefix, "limit",
                          limit > 0 ? json_integer(limit) : NULL);

    return rc < 0 ? rc : mpmgr__take_array(m, res, objects);
}

int
mpmgr_server_sessions(mpmgr_t *m, json_t **sessions)
{
    json_t *res;
    int rc = mpmgr__callf(m, &res, "server.sessions", "{}");

    return rc < 0 ? rc : mpmgr__take_array(m, res, sessions);
}

int
mpmgr_server_shutdown(mpmgr_t *m)
{
    json_t *res;
    int rc = mpmgr__callf(m, &res, "server.shutdown", "{}");

    return rc < 0 ? rc : mpmgr__take_null(m, res);
}
