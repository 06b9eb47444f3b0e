# Blocking acquires: waiters are served first come, first served; a
# blocking request holds back later replies on its connection; timeouts.
> new {"type":"lock"}
= {"oid":1,"type":"lock"}
> lock.acquire {"oid":1}
= {"acquired":true,"token":1}
2>> lock.acquire {"oid":1}
3>> lock.acquire {"oid":1}
4>> lock.acquire {"oid":1,"timeout":60}
> lock.release {"oid":1}
= null
2= {"acquired":true,"token":2}
2> lock.release {"oid":1}
2= null
3= {"acquired":true,"token":3}
3> lock.release {"oid":1}
3= null
4= {"acquired":true,"token":4}
4> lock.release {"oid":1}
4= null
> lock.locked {"oid":1}
= false

# Later requests on a connection wait behind its blocking request.
> lock.acquire {"oid":1}
= {"acquired":true,"token":5}
2>> lock.acquire {"oid":1}
2> server.ping
2> dict.len {"oid":1}
> lock.release {"oid":1}
= null
2= {"acquired":true,"token":6}
2= "pong"
2? TypeError

# A timed-out waiter gets {"acquired":false} and leaves the queue.
3> lock.acquire {"oid":1,"timeout":0.2}
3> server.ping
3= {"acquired":false}
3= "pong"
2> lock.release {"oid":1}
2= null
> lock.locked {"oid":1}
= false

# A waiter with a timeout is served when the lock comes free in time.
> lock.acquire {"oid":1}
= {"acquired":true,"token":7}
3>> lock.acquire {"oid":1,"timeout":60}
> lock.release {"oid":1}
= null
3= {"acquired":true,"token":8}

# The holder waiting on its own lock is freed by another session's release.
3>> lock.acquire {"oid":1}
> lock.release {"oid":1}
= null
3= {"acquired":true,"token":9}

# Pending acquires of a closed connection are dropped.
2>> lock.acquire {"oid":1}
4>> lock.acquire {"oid":1}
!close 2
!gone 2
3> lock.release {"oid":1}
3= null
4= {"acquired":true,"token":10}

# A holder that goes away releases its lock to the first waiter.
5>> lock.acquire {"oid":1}
6>> lock.acquire {"oid":1}
!close 4
5= {"acquired":true,"token":11}
5> lock.release {"oid":1}
5= null
6= {"acquired":true,"token":12}
> lock.locked {"oid":1}
= true

# Huge timeouts wait like no timeout at all.
7>> lock.acquire {"oid":1,"timeout":1e300}
8>> lock.acquire {"oid":1,"timeout":9223372036854775807}
6> lock.release {"oid":1}
6= null
7= {"acquired":true,"token":13}
7> lock.release {"oid":1}
7= null
8= {"acquired":true,"token":14}
