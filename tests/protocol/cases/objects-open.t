# open: find an object by name, or create it with "create": true.
> open {"name":"a"}
? NoSuchObject
> open {"name":"a","create":false}
? NoSuchObject
> open {"name":"a","create":null}
? NoSuchObject
> open {"name":"a","type":"dict"}
? NoSuchObject
# create needs a type; an unknown type is InvalidParams.
> open {"name":"a","create":true}
? InvalidParams
> open {"name":"a","create":true,"type":null}
? InvalidParams
> open {"name":"a","create":true,"type":"nosuch"}
? InvalidParams
> open {"name":"a","create":true,"type":"dict","init":{"x":1}}
= {"oid":1,"type":"dict","created":true}
> open {"name":"a"}
= {"oid":1,"type":"dict","created":false}
# An open that finds the object ignores init.
> open {"name":"a","type":"dict","create":true,"init":{"y":2}}
= {"oid":1,"type":"dict","created":false}
> dict.items {"oid":1}
= [["x",1]]
# Every open takes a reference, as new does.
> describe {"oid":1}
= {"oid":1,"type":"dict","name":"a","len":1,"refs":3}
2> open {"name":"a"}
2= {"oid":1,"type":"dict","created":false}
> describe {"oid":1}
= {"oid":1,"type":"dict","name":"a","len":1,"refs":4}
# Wrong type: TypeError, with or without create.
> open {"name":"a","type":"list"}
? TypeError
> open {"name":"a","type":"list","create":true}
? TypeError
> open {"name":"a","type":"lock","create":true}
? TypeError
> open {"name":"a","type":"nosuch"}
? InvalidParams
# Bad params.
> open {}
? InvalidParams
> open
? InvalidParams
> open {"name":null}
? InvalidParams
> open {"name":5}
? InvalidParams
> open {"name":""}
? InvalidParams
> open {"name":"a","create":"yes"}
? InvalidParams
> open {"name":"a","create":1}
? InvalidParams
> open {"name":"a","type":5}
? InvalidParams
> open {"name":"a","typo":"dict"}
? InvalidParams
# create with a bad init creates nothing.
> open {"name":"l","create":true,"type":"list","init":{"k":1}}
? InvalidParams
> open {"name":"l"}
? NoSuchObject
> open {"name":"k","create":true,"type":"lock","init":null}
? InvalidParams
> open {"name":"k"}
? NoSuchObject
# Each type can be created by open.
> open {"name":"l","create":true,"type":"list","init":[1,2]}
= {"oid":2,"type":"list","created":true}
> open {"name":"k","create":true,"type":"lock"}
= {"oid":3,"type":"lock","created":true}
> open {"name":"r","create":true,"type":"rlock"}
= {"oid":4,"type":"rlock","created":true}
> open {"name":"r","type":"rlock"}
= {"oid":4,"type":"rlock","created":false}
> describe {"oid":2}
= {"oid":2,"type":"list","name":"l","len":2,"refs":1}
> describe {"oid":4}
= {"oid":4,"type":"rlock","name":"r","refs":2}
# Another session finds them too.
2> open {"name":"l","type":"list"}
2= {"oid":2,"type":"list","created":false}
2> list.slice {"oid":2}
2= [1,2]
