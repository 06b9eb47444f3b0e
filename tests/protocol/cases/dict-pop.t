# dict.setdefault, dict.pop, dict.popitem.
> new {"type":"dict","init":[["a",1],["b",2],["c",3]]}
= {"oid":1,"type":"dict"}
> dict.setdefault {"oid":1,"key":"a","default":100}
= 1
> dict.setdefault {"oid":1,"key":"d","default":4}
= 4
> dict.setdefault {"oid":1,"key":"e"}
= null
> dict.items {"oid":1}
= [["a",1],["b",2],["c",3],["d",4],["e",null]]
> dict.setdefault {"oid":1,"key":"e","default":5}
= null
> dict.setdefault {"oid":1,"key":"f","default":null}
= null
> dict.contains {"oid":1,"key":"f"}
= true
> dict.setdefault {"oid":1,"key":"g","default":{"n":[1]}}
= {"n":[1]}
> dict.setdefault {"oid":1,"key":{},"default":1}
? TypeError
> dict.setdefault {"oid":1}
? InvalidParams
> dict.pop {"oid":1,"key":"g"}
= {"n":[1]}
> dict.pop {"oid":1,"key":"a"}
= 1
> dict.pop {"oid":1,"key":"a"}
? KeyError
> dict.pop {"oid":1,"key":"a","default":0}
= 0
# A null default is a default.
> dict.pop {"oid":1,"key":"a","default":null}
= null
> dict.contains {"oid":1,"key":"a"}
= false
> dict.pop {"oid":1,"key":"e"}
= null
> dict.contains {"oid":1,"key":"e"}
= false
> dict.keys {"oid":1}
= ["b","c","d","f"]
# popitem: the last inserted; an overwrite does not move a key.
> dict.popitem {"oid":1}
= ["f",null]
> dict.setitem {"oid":1,"key":"b","value":22}
= null
> dict.popitem {"oid":1}
= ["d",4]
> dict.popitem {"oid":1}
= ["c",3]
> dict.popitem {"oid":1}
= ["b",22]
> dict.popitem {"oid":1}
? KeyError
> dict.pop {"oid":1,"key":"zz"}
? KeyError
> dict.len {"oid":1}
= 0
> dict.setitem {"oid":1,"key":[1,2],"value":"t"}
= null
> dict.popitem {"oid":1}
= [[1,2],"t"]
> dict.popitem {"oid":1,"key":"x"}
? InvalidParams
