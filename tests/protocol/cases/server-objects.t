# server.ping and server.objects (ordered by oid; type, prefix and limit
# filters; "holder" for held locks).
> server.ping
= "pong"
> server.ping {}
= "pong"
> server.ping {"x":1}
? InvalidParams
> server.objects
= []
> new {"type":"dict","name":"b-jobs","init":{"a":1}}
= {"oid":1,"type":"dict"}
> new {"type":"list","init":[1,2]}
= {"oid":2,"type":"list"}
> new {"type":"lock","name":"b-lock"}
= {"oid":3,"type":"lock"}
> new {"type":"rlock","name":"a-rlock"}
= {"oid":4,"type":"rlock"}
2> attach {"oid":1}
2= {"oid":1,"type":"dict"}
> server.objects
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2},{"oid":2,"type":"list","name":null,"len":2,"refs":1},{"oid":3,"type":"lock","name":"b-lock","refs":1},{"oid":4,"type":"rlock","name":"a-rlock","refs":1}]
> server.objects {}
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2},{"oid":2,"type":"list","name":null,"len":2,"refs":1},{"oid":3,"type":"lock","name":"b-lock","refs":1},{"oid":4,"type":"rlock","name":"a-rlock","refs":1}]
> lock.acquire {"oid":3}
= {"acquired":true,"token":1}
2> rlock.acquire {"oid":4}
2= {"acquired":true,"token":1}
> server.objects {"type":"lock"}
= [{"oid":3,"type":"lock","name":"b-lock","refs":1,"holder":1}]
> server.objects {"type":"rlock"}
= [{"oid":4,"type":"rlock","name":"a-rlock","refs":1,"holder":2}]
> server.objects {"type":"dict"}
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2}]
> server.objects {"prefix":"b-"}
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2},{"oid":3,"type":"lock","name":"b-lock","refs":1,"holder":1}]
> server.objects {"prefix":"b-j"}
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2}]
> server.objects {"prefix":"b-jobs-and-more"}
= []
> server.objects {"prefix":"zz"}
= []
> server.objects {"limit":2}
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2},{"oid":2,"type":"list","name":null,"len":2,"refs":1}]
> server.objects {"prefix":"b-","limit":1}
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2}]
> server.objects {"type":"lock","prefix":"a-"}
= []
> server.objects {"type":null,"prefix":null,"limit":null}
= [{"oid":1,"type":"dict","name":"b-jobs","len":1,"refs":2},{"oid":2,"type":"list","name":null,"len":2,"refs":1},{"oid":3,"type":"lock","name":"b-lock","refs":1,"holder":1},{"oid":4,"type":"rlock","name":"a-rlock","refs":1,"holder":2}]
> server.objects {"type":"nosuch"}
? InvalidParams
> server.objects {"type":5}
? InvalidParams
> server.objects {"limit":"2"}
? InvalidParams
> server.objects {"prefix":1}
? InvalidParams
> server.objects {"name":"b-jobs"}
? InvalidParams
> server.objects [1]
? InvalidParams
# A released lock has no holder.
> lock.release {"oid":3}
= null
> server.objects {"type":"lock"}
= [{"oid":3,"type":"lock","name":"b-lock","refs":1}]
# Freed objects leave the list; the order stays by oid.
> release {"oid":2}
= null
> new {"type":"list","name":"a-new"}
= {"oid":5,"type":"list"}
> list.append {"oid":5,"value":[1]}
= null
> server.objects {"type":"list"}
= [{"oid":5,"type":"list","name":"a-new","len":1,"refs":1}]
> unlink {"name":"b-jobs"}
= null
> server.objects {"type":"dict"}
= [{"oid":1,"type":"dict","name":null,"len":1,"refs":2}]
