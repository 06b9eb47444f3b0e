# lock: acquire, release, locked; tokens grow by one per grant; any
# session may release; parameter rules of section 10.
> new {"type":"lock"}
= {"oid":1,"type":"lock"}
> lock.locked {"oid":1}
= false
> lock.acquire {"oid":1}
= {"acquired":true,"token":1}
> lock.locked {"oid":1}
= true
# Not re-entrant: the holder itself cannot take it again.
> lock.acquire {"oid":1,"blocking":false}
= {"acquired":false}
> lock.acquire {"oid":1,"timeout":0}
= {"acquired":false}
> lock.acquire {"oid":1,"blocking":true,"timeout":0}
= {"acquired":false}
> lock.acquire {"oid":1,"blocking":false,"timeout":null}
= {"acquired":false}
> lock.release {"oid":1}
= null
> lock.locked {"oid":1}
= false
> lock.release {"oid":1}
? RuntimeError
> lock.acquire {"oid":1,"blocking":false}
= {"acquired":true,"token":2}
# Any session may release a lock (threading.Lock).
2> lock.locked {"oid":1}
2= true
2> lock.acquire {"oid":1,"blocking":false}
2= {"acquired":false}
2> lock.release {"oid":1}
2= null
2> lock.release {"oid":1}
2? RuntimeError
> lock.acquire {"oid":1,"timeout":0}
= {"acquired":true,"token":3}
> lock.release {"oid":1}
= null
> lock.acquire {"oid":1,"timeout":-1}
= {"acquired":true,"token":4}
> lock.release {"oid":1}
= null
> lock.acquire {"oid":1,"timeout":0.5}
= {"acquired":true,"token":5}
> lock.release {"oid":1}
= null
> lock.acquire {"oid":1,"blocking":true,"timeout":null}
= {"acquired":true,"token":6}
> lock.release {"oid":1}
= null
# Parameters.
> lock.acquire {"oid":1,"blocking":false,"timeout":1}
? InvalidParams
> lock.acquire {"oid":1,"blocking":false,"timeout":0}
? InvalidParams
> lock.acquire {"oid":1,"blocking":false,"timeout":-1}
? InvalidParams
> lock.acquire {"oid":1,"timeout":-2}
? InvalidParams
> lock.acquire {"oid":1,"timeout":-0.5}
? InvalidParams
> lock.acquire {"oid":1,"timeout":"1"}
? InvalidParams
> lock.acquire {"oid":1,"timeout":[1]}
? InvalidParams
> lock.acquire {"oid":1,"blocking":"no"}
? InvalidParams
> lock.acquire {"oid":1,"blocking":0}
? InvalidParams
> lock.acquire {"oid":1,"wait":true}
? InvalidParams
> lock.acquire {}
? InvalidParams
> lock.release {"oid":1,"force":true}
? InvalidParams
> lock.locked {}
? InvalidParams
> lock.acquire {"oid":99}
? NoSuchObject
> lock.release {"oid":99}
? NoSuchObject
> lock.locked {"oid":99}
? NoSuchObject
# None of the failures took the lock or used a token.
> lock.locked {"oid":1}
= false
> lock.acquire {"oid":1}
= {"acquired":true,"token":7}
> describe {"oid":1}
= {"oid":1,"type":"lock","name":null,"refs":1}
