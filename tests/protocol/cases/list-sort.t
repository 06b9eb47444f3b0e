# list.sort: all numbers or all strings (arrays of such compare
# lexicographically); stable; a mix is TypeError and leaves the list as it
# was; a list of one element always sorts.
> new {"type":"list","init":[3,1.5,-2,10,0]}
= {"oid":1,"type":"list"}
> list.sort {"oid":1}
= null
> list.slice {"oid":1}
= [-2,0,1.5,3,10]
> list.sort {"oid":1,"reverse":true}
= null
> list.slice {"oid":1}
= [10,3,1.5,0,-2]
> list.sort {"oid":1,"reverse":false}
= null
> list.slice {"oid":1}
= [-2,0,1.5,3,10]
> list.sort {"oid":1,"reverse":true}
= null
> list.sort {"oid":1,"reverse":null}
= null
> list.slice {"oid":1}
= [-2,0,1.5,3,10]
# Stable: 1.0 and 1 are equal and keep their order, also in reverse.
> new {"type":"list","init":[1.0,2,1,0]}
= {"oid":2,"type":"list"}
> list.sort {"oid":2}
= null
> list.slice {"oid":2}
= [0,1.0,1,2]
> list.sort {"oid":2,"reverse":true}
= null
> list.slice {"oid":2}
= [2,1.0,1,0]
> new {"type":"list","init":[[1,"b"],[0],[1.0,"a"],[1,"b"]]}
= {"oid":3,"type":"list"}
> list.sort {"oid":3}
= null
> list.slice {"oid":3}
= [[0],[1.0,"a"],[1,"b"],[1,"b"]]
# Strings sort by code point.
> new {"type":"list","init":["b","a","B","\u00e9","aa",""]}
= {"oid":4,"type":"list"}
> list.sort {"oid":4}
= null
> list.slice {"oid":4}
= ["","B","a","aa","b","\u00e9"]
# Arrays compare element by element; a prefix sorts first.
> new {"type":"list","init":[[1,2],[1],[0,5],[1,1,1],[]]}
= {"oid":5,"type":"list"}
> list.sort {"oid":5}
= null
> list.slice {"oid":5}
= [[],[0,5],[1],[1,1,1],[1,2]]
> new {"type":"list","init":[["b",1],["a",2],["a",1]]}
= {"oid":6,"type":"list"}
> list.sort {"oid":6,"reverse":true}
= null
> list.slice {"oid":6}
= [["b",1],["a",2],["a",1]]
> list.sort {"oid":6}
= null
> list.slice {"oid":6}
= [["a",1],["a",2],["b",1]]
# Only compared positions count: here the first elements decide.
> new {"type":"list","init":[[2,2],[1,"a"]]}
= {"oid":7,"type":"list"}
> list.sort {"oid":7}
= null
> list.slice {"oid":7}
= [[1,"a"],[2,2]]
# Mixes: TypeError, and the list is unchanged.
> new {"type":"list","init":[3,2,1,"a",0]}
= {"oid":8,"type":"list"}
> list.sort {"oid":8}
? TypeError
> list.slice {"oid":8}
= [3,2,1,"a",0]
> list.sort {"oid":8,"reverse":true}
? TypeError
> list.slice {"oid":8}
= [3,2,1,"a",0]
> new {"type":"list","init":[[1,2],[1,"a"]]}
= {"oid":9,"type":"list"}
> list.sort {"oid":9}
? TypeError
> list.slice {"oid":9}
= [[1,2],[1,"a"]]
> new {"type":"list","init":[true,false]}
= {"oid":10,"type":"list"}
> list.sort {"oid":10}
? TypeError
> new {"type":"list","init":[null,null]}
= {"oid":11,"type":"list"}
> list.sort {"oid":11}
? TypeError
> new {"type":"list","init":[{"a":1},{"a":0}]}
= {"oid":12,"type":"list"}
> list.sort {"oid":12}
? TypeError
> new {"type":"list","init":[[1],1]}
= {"oid":13,"type":"list"}
> list.sort {"oid":13}
? TypeError
> new {"type":"list","init":[2,1,true]}
= {"oid":14,"type":"list"}
> list.sort {"oid":14}
? TypeError
> list.slice {"oid":14}
= [2,1,true]
# One element, or none: always sorts.
> new {"type":"list","init":[{"a":1}]}
= {"oid":15,"type":"list"}
> list.sort {"oid":15}
= null
> list.slice {"oid":15}
= [{"a":1}]
> new {"type":"list","init":[null]}
= {"oid":16,"type":"list"}
> list.sort {"oid":16,"reverse":true}
= null
> new {"type":"list"}
= {"oid":17,"type":"list"}
> list.sort {"oid":17}
= null
> list.sort {"oid":1,"reverse":"yes"}
? InvalidParams
> list.sort {"oid":1,"reverse":1}
? InvalidParams
> list.sort {"oid":1,"key":"x"}
? InvalidParams
