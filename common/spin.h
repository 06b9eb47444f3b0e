/*
 * spin.h: waiting for a reply by watching the socket for a moment before
 * going to sleep (doc/performance.md, finding 20).
 */
#ifndef MPMGR_SPIN_H
#define MPMGR_SPIN_H

#include <stdbool.h>
#include <stdint.h>

/* How long after a request a client watches for its reply by default, in
 * microseconds. */
#define MPMGR__SPIN_DEFAULT_USEC 50

/* One connection's waiting; set up with mpmgr__spin_init. */
struct mpmgr__spin {
    int usec;         /* the watch; 0 never watches */
    int64_t sent_ns;  /* when the request went out; 0: no watch due */
    unsigned skip;    /* requests left whose replies are waited for asleep */
    unsigned backoff; /* skip set after the next failed watch */
};

/* The watch from $MPMGR_SPIN_USEC (0 turns it off), else the default. */
void mpmgr__spin_init(struct mpmgr__spin *s);

/* A request is about to be sent: its reply is watched for from now. */
void mpmgr__spin_sent(struct mpmgr__spin *s);

/*
 * Watch FD until s->usec microseconds after the request was sent, giving
 * the CPU to anything else that wants it between looks.  True when FD
 * became readable (a reply, an EOF or an error waits): read it without
 * blocking.  False when the caller should sleep in poll() or a blocking
 * read as before.  Only the first wait after a send watches.
 */
bool mpmgr__spin_wait(struct mpmgr__spin *s, int fd);

#endif /* MPMGR_SPIN_H */
