/*
 * server.c: the state of the whole server, its clocks, and the way to stop
 * it.  Kept apart from main() so that the unit tests link it too.
 */
#include "config.h"

#include <time.h>

#include "mpmgrd.h"

struct server srv = {
    .max_message = MPMGR__DEFAULT_MAX_MESSAGE,
    .max_output = MPMGR__DEFAULT_MAX_OUTPUT,
    .max_depth = MPMGR__DEFAULT_MAX_DEPTH,
    .max_clients = MPMGR__DEFAULT_MAX_CLIENTS,
    .auth_timeout = MPMGR__DEFAULT_AUTH_TIMEOUT,
    .ready_fd = -1,
    .busy_poll_us = MPMGR__DEFAULT_BUSY_POLL_US,
};

double
now_monotonic(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
now_wall(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
server_stop(void)
{
    srv.stopping = true;
    if (srv.base != NULL)
        event_base_loopexit(srv.base, NULL);
}
