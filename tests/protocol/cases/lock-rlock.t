# rlock: re-entrant for its holder, released only by its holder; the token
# does not change on re-entry; a closed holder releases it completely.
> new {"type":"rlock"}
= {"oid":1,"type":"rlock"}
> rlock.locked {"oid":1}
= false
> rlock.release {"oid":1}
? RuntimeError
> rlock.acquire {"oid":1}
= {"acquired":true,"token":1}
> rlock.acquire {"oid":1}
= {"acquired":true,"token":1}
> rlock.acquire {"oid":1,"blocking":false}
= {"acquired":true,"token":1}
> rlock.acquire {"oid":1,"timeout":0}
= {"acquired":true,"token":1}
> rlock.locked {"oid":1}
= true
2> rlock.locked {"oid":1}
2= true
2> rlock.acquire {"oid":1,"blocking":false}
2= {"acquired":false}
2> rlock.acquire {"oid":1,"timeout":0}
2= {"acquired":false}
2> rlock.acquire {"oid":1,"timeout":0.1}
2= {"acquired":false}
2> rlock.release {"oid":1}
2? RuntimeError
> rlock.release {"oid":1}
= null
> rlock.release {"oid":1}
= null
> rlock.release {"oid":1}
= null
> rlock.locked {"oid":1}
= true
2> rlock.release {"oid":1}
2? RuntimeError
> rlock.release {"oid":1}
= null
> rlock.locked {"oid":1}
= false
> rlock.release {"oid":1}
? RuntimeError
2> rlock.acquire {"oid":1}
2= {"acquired":true,"token":2}
# A waiter gets it only when the holder's count drops to zero.
3>> rlock.acquire {"oid":1}
2> rlock.acquire {"oid":1}
2= {"acquired":true,"token":2}
2> rlock.release {"oid":1}
2= null
2> rlock.locked {"oid":1}
2= true
2> rlock.release {"oid":1}
2= null
3= {"acquired":true,"token":3}
# A holder that goes away releases it completely, however deep.
3> rlock.acquire {"oid":1}
3= {"acquired":true,"token":3}
3> rlock.acquire {"oid":1}
3= {"acquired":true,"token":3}
2>> rlock.acquire {"oid":1}
!close 3
2= {"acquired":true,"token":4}
2> rlock.release {"oid":1}
2= null
> rlock.locked {"oid":1}
= false
# Parameters.
> rlock.acquire {"oid":1,"blocking":false,"timeout":1}
? InvalidParams
> rlock.acquire {"oid":1,"timeout":-3}
? InvalidParams
> rlock.acquire {"oid":1,"timeout":true}
? InvalidParams
> rlock.locked {"oid":1,"x":1}
? InvalidParams
> rlock.acquire {"oid":99}
? NoSuchObject
> rlock.acquire {"oid":1,"timeout":-1}
= {"acquired":true,"token":5}
