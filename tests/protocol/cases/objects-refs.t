# attach, release and unlink decide lifetime: an object lives while it has
# a name or a reference; refs counts the references of all sessions.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> attach {"oid":1}
= {"oid":1,"type":"dict"}
> describe {"oid":1}
= {"oid":1,"type":"dict","name":null,"len":0,"refs":2}
2> attach {"oid":1}
2= {"oid":1,"type":"dict"}
> describe {"oid":1}
= {"oid":1,"type":"dict","name":null,"len":0,"refs":3}
> release {"oid":1}
= null
> release {"oid":1}
= null
> describe {"oid":1}
= {"oid":1,"type":"dict","name":null,"len":0,"refs":1}
# Session 1 holds no reference any more.
> release {"oid":1}
? NoSuchObject
> describe {"oid":1}
= {"oid":1,"type":"dict","name":null,"len":0,"refs":1}
# Any session may use any live oid: references only decide lifetime.
> dict.setitem {"oid":1,"key":"k","value":"v"}
= null
2> dict.getitem {"oid":1,"key":"k"}
2= "v"
2> release {"oid":1}
2= null
# Unnamed and unreferenced: freed at once, and its oid is never reused.
> describe {"oid":1}
? NoSuchObject
> attach {"oid":1}
? NoSuchObject
> dict.len {"oid":1}
? NoSuchObject
2> release {"oid":1}
2? NoSuchObject
> new {"type":"list"}
= {"oid":2,"type":"list"}
> attach {"oid":999}
? NoSuchObject
> release {"oid":999}
? NoSuchObject
> describe {"oid":999}
? NoSuchObject
> attach {"oid":0}
? NoSuchObject
> attach {}
? InvalidParams
> attach {"oid":"2"}
? InvalidParams
> attach {"oid":null}
? InvalidParams
> release {}
? InvalidParams
> release {"oid":null}
? InvalidParams
> describe {"oid":true}
? InvalidParams
> describe {"oid":2,"verbose":true}
? InvalidParams
> describe {"oid":2}
= {"oid":2,"type":"list","name":null,"len":0,"refs":1}
# A session that does not hold a reference cannot drop one.
2> release {"oid":2}
2? NoSuchObject
> describe {"oid":2}
= {"oid":2,"type":"list","name":null,"len":0,"refs":1}
2> attach {"oid":2}
2= {"oid":2,"type":"list"}
> release {"oid":2}
= null
> describe {"oid":2}
= {"oid":2,"type":"list","name":null,"len":0,"refs":1}
2> release {"oid":2}
2= null
> describe {"oid":2}
? NoSuchObject

# unlink removes the name; the object lives on while referenced.
> new {"type":"dict","name":"n"}
= {"oid":3,"type":"dict"}
> unlink {"name":"n"}
= null
> describe {"oid":3}
= {"oid":3,"type":"dict","name":null,"len":0,"refs":1}
> open {"name":"n"}
? NoSuchObject
> unlink {"name":"n"}
? NoSuchObject
# The name is free again.
> new {"type":"list","name":"n"}
= {"oid":4,"type":"list"}
> release {"oid":3}
= null
> describe {"oid":3}
? NoSuchObject
# A named object without references stays.
> release {"oid":4}
= null
> describe {"oid":4}
= {"oid":4,"type":"list","name":"n","len":0,"refs":0}
> list.append {"oid":4,"value":1}
= null
> open {"name":"n"}
= {"oid":4,"type":"list","created":false}
> describe {"oid":4}
= {"oid":4,"type":"list","name":"n","len":1,"refs":1}
> release {"oid":4}
= null
# Unlinking it now frees it: no name and no reference.
> unlink {"name":"n"}
= null
> describe {"oid":4}
? NoSuchObject
# A session may unlink a name another session created.
2> new {"type":"lock","name":"L"}
2= {"oid":5,"type":"lock"}
> unlink {"name":"L"}
= null
> describe {"oid":5}
= {"oid":5,"type":"lock","name":null,"refs":1}
