# new: every created object gets the next oid, from 1; a handle is
# {"oid","type"}; describe shows name, len (containers only) and refs.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> new {"type":"list"}
= {"oid":2,"type":"list"}
> new {"type":"lock"}
= {"oid":3,"type":"lock"}
> new {"type":"rlock"}
= {"oid":4,"type":"rlock"}
> describe {"oid":1}
= {"oid":1,"type":"dict","name":null,"len":0,"refs":1}
> describe {"oid":2}
= {"oid":2,"type":"list","name":null,"len":0,"refs":1}
> describe {"oid":3}
= {"oid":3,"type":"lock","name":null,"refs":1}
> describe {"oid":4}
= {"oid":4,"type":"rlock","name":null,"refs":1}

# Names are unique in the server, whatever the type.
> new {"type":"dict","name":"jobs"}
= {"oid":5,"type":"dict"}
> describe {"oid":5}
= {"oid":5,"type":"dict","name":"jobs","len":0,"refs":1}
> new {"type":"list","name":"jobs"}
? Exists
2> new {"type":"dict","name":"jobs"}
2? Exists
# A null name means no name.
> new {"type":"dict","name":null}
= {"oid":6,"type":"dict"}
> describe {"oid":6}
= {"oid":6,"type":"dict","name":null,"len":0,"refs":1}

# init: a dict from an object (in its order) or from [key, value] pairs.
> new {"type":"dict","init":{"b":1,"a":2}}
= {"oid":7,"type":"dict"}
> dict.items {"oid":7}
= [["b",1],["a",2]]
> new {"type":"dict","init":[["x",1],[2,"y"],[[1,"t"],null],[null,true]]}
= {"oid":8,"type":"dict"}
> dict.items {"oid":8}
= [["x",1],[2,"y"],[[1,"t"],null],[null,true]]
# A repeated key keeps its first position and its last value.
> new {"type":"dict","init":[["k",1],["j",0],["k",2]]}
= {"oid":9,"type":"dict"}
> dict.items {"oid":9}
= [["k",2],["j",0]]
> new {"type":"list","init":[1,"two",[3],{"four":4},null]}
= {"oid":10,"type":"list"}
> list.slice {"oid":10}
= [1,"two",[3],{"four":4},null]
> describe {"oid":10}
= {"oid":10,"type":"list","name":null,"len":5,"refs":1}
> new {"type":"dict","init":{}}
= {"oid":11,"type":"dict"}
> new {"type":"list","init":[]}
= {"oid":12,"type":"list"}
> new {"type":"dict","init":[]}
= {"oid":13,"type":"dict"}

# Bad requests create nothing: the next object still gets oid 14.
> new {}
? InvalidParams
> new
? InvalidParams
> new {"type":null}
? InvalidParams
> new {"type":"nosuch"}
? InvalidParams
> new {"type":"Dict"}
? InvalidParams
> new {"type":1}
? InvalidParams
> new {"type":["dict"]}
? InvalidParams
> new {"type":"dict","nmae":"x"}
? InvalidParams
> new {"type":"dict","init":5}
? InvalidParams
> new {"type":"dict","init":"ab"}
? InvalidParams
> new {"type":"dict","init":null}
? InvalidParams
> new {"type":"dict","init":[1,2]}
? InvalidParams
> new {"type":"dict","init":[["a"]]}
? InvalidParams
> new {"type":"dict","init":[["a",1,2]]}
? InvalidParams
> new {"type":"dict","init":[["a",1],"b"]}
? InvalidParams
> new {"type":"list","init":{"a":1}}
? InvalidParams
> new {"type":"list","init":5}
? InvalidParams
> new {"type":"list","init":null}
? InvalidParams
> new {"type":"lock","init":null}
? InvalidParams
> new {"type":"lock","init":[]}
? InvalidParams
> new {"type":"rlock","init":{}}
? InvalidParams
> new {"type":"rlock","init":0}
? InvalidParams
> new {"type":"dict","name":""}
? InvalidParams
> new {"type":"dict","name":5}
? InvalidParams
> new {"type":"dict","name":["a"]}
? InvalidParams
> new {"type":"dict","name":"a\u0001b"}
? InvalidParams
> new {"type":"dict","name":"a\nb"}
? InvalidParams
> new {"type":"dict","name":"tab\there"}
? InvalidParams
> new {"type":"dict","name":"\u0000"}
? InvalidParams
> new {"type":"dict","name":"del\u007f"}
? InvalidParams
> new {"type":"dict","name":"\u001f"}
? InvalidParams
> new {"type":"list"}
= {"oid":14,"type":"list"}
> server.objects {"prefix":"a"}
= []
