# dict: setitem, getitem, get, contains, len, keys, values, items, delitem,
# clear; insertion order kept, overwriting keeps the position.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.setitem {"oid":1,"key":"a","value":1}
= null
> dict.getitem {"oid":1,"key":"a"}
= 1
> dict.getitem {"oid":1,"key":"b"}
? KeyError
> dict.get {"oid":1,"key":"b"}
= null
> dict.get {"oid":1,"key":"b","default":7}
= 7
> dict.get {"oid":1,"key":"b","default":{"d":[1]}}
= {"d":[1]}
> dict.get {"oid":1,"key":"a","default":7}
= 1
> dict.get {"oid":1,"key":"b","default":null}
= null
> dict.contains {"oid":1,"key":"a"}
= true
> dict.contains {"oid":1,"key":"b"}
= false
> dict.len {"oid":1}
= 1
> dict.setitem {"oid":1,"key":"b","value":{"x":[1,2]}}
= null
> dict.setitem {"oid":1,"key":"c","value":null}
= null
> dict.getitem {"oid":1,"key":"c"}
= null
> dict.contains {"oid":1,"key":"c"}
= true
> dict.get {"oid":1,"key":"c","default":5}
= null
> dict.keys {"oid":1}
= ["a","b","c"]
> dict.values {"oid":1}
= [1,{"x":[1,2]},null]
> dict.items {"oid":1}
= [["a",1],["b",{"x":[1,2]}],["c",null]]
# Overwriting keeps the position.
> dict.setitem {"oid":1,"key":"a","value":"one"}
= null
> dict.keys {"oid":1}
= ["a","b","c"]
> dict.values {"oid":1}
= ["one",{"x":[1,2]},null]
# Deleting and setting again moves the key to the end.
> dict.delitem {"oid":1,"key":"a"}
= null
> dict.delitem {"oid":1,"key":"a"}
? KeyError
> dict.getitem {"oid":1,"key":"a"}
? KeyError
> dict.setitem {"oid":1,"key":"a","value":2}
= null
> dict.keys {"oid":1}
= ["b","c","a"]
> dict.len {"oid":1}
= 3
> describe {"oid":1}
= {"oid":1,"type":"dict","name":null,"len":3,"refs":1}
# Values come back as they were stored.
> dict.setitem {"oid":1,"key":"deep","value":{"a":[1,2.5,"s",true,false,null,{"b":{}}],"c":[]}}
= null
> dict.getitem {"oid":1,"key":"deep"}
= {"a":[1,2.5,"s",true,false,null,{"b":{}}],"c":[]}
> dict.clear {"oid":1}
= null
> dict.len {"oid":1}
= 0
> dict.items {"oid":1}
= []
> dict.keys {"oid":1}
= []
> dict.values {"oid":1}
= []
> dict.clear {"oid":1}
= null

# Keys: any JSON value but an object; arrays are tuples.
> dict.setitem {"oid":1,"key":1,"value":"int"}
= null
> dict.setitem {"oid":1,"key":null,"value":"null"}
= null
> dict.setitem {"oid":1,"key":false,"value":"false"}
= null
> dict.setitem {"oid":1,"key":[1,"a",[null]],"value":"tuple"}
= null
> dict.setitem {"oid":1,"key":[],"value":"empty tuple"}
= null
> dict.setitem {"oid":1,"key":2.5,"value":"real"}
= null
> dict.getitem {"oid":1,"key":1}
= "int"
> dict.getitem {"oid":1,"key":null}
= "null"
> dict.getitem {"oid":1,"key":false}
= "false"
> dict.getitem {"oid":1,"key":[1,"a",[null]]}
= "tuple"
> dict.getitem {"oid":1,"key":[]}
= "empty tuple"
> dict.getitem {"oid":1,"key":2.5}
= "real"
> dict.getitem {"oid":1,"key":[1,"a"]}
? KeyError
> dict.keys {"oid":1}
= [1,null,false,[1,"a",[null]],[],2.5]
> dict.setitem {"oid":1,"key":{"a":1},"value":1}
? TypeError
> dict.setitem {"oid":1,"key":{},"value":1}
? TypeError
> dict.setitem {"oid":1,"key":[1,{"a":1}],"value":1}
? TypeError
> dict.setitem {"oid":1,"key":[[[{}]]],"value":1}
? TypeError
> dict.getitem {"oid":1,"key":{}}
? TypeError
> dict.get {"oid":1,"key":{}}
? TypeError
> dict.get {"oid":1,"key":[{}],"default":1}
? TypeError
> dict.contains {"oid":1,"key":{}}
? TypeError
> dict.delitem {"oid":1,"key":[{}]}
? TypeError
> dict.pop {"oid":1,"key":{},"default":1}
? TypeError
> dict.len {"oid":1}
= 6
