/*
 * loop.c: the event loop.  After it serves a request the server polls for
 * the next one for up to --busy-poll microseconds before it sleeps.
 *
 * Why: a client that waits for its reply usually sends its next request
 * within microseconds, and waking a sleeping server costs more than that.
 * On a virtual machine, where an idle CPU halts and only the host can
 * start it again, a round trip to a sleeping server took three times as
 * long as one to a polling server (doc/performance.md).  The poll ends
 * when no request came for that long, so an idle server uses no CPU.
 */
#include "config.h"

#include "mpmgrd.h"

void
server_run(void)
{
    double window = srv.busy_poll_us / 1e6, last_request = 0, now;
    uint64_t seen = srv.requests;
    int rc;

    if (window <= 0) {
        event_base_dispatch(srv.base);
        return;
    }
    while (!event_base_got_exit(srv.base)) {
        now = now_monotonic();
        if (srv.requests != seen) {
            seen = srv.requests;
            last_request = now;
        }
        /* Stop where event_base_dispatch would: on an error (-1) or
         * with no events left to wait for (1). */
        rc = event_base_loop(srv.base, now - last_request < window
                                           ? EVLOOP_NONBLOCK
                                           : EVLOOP_ONCE);
        if (rc != 0)
            return;
    }
}
