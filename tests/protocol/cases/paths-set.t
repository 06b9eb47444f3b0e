# Paths in setitem, delitem and incr: one atomic change inside a value.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.setitem {"oid":1,"key":"j","value":{"a":[10,{"b":1}],"s":"str","job":{"tries":0}}}
= null
> dict.setitem {"oid":1,"key":"j","path":"/a/0","value":11}
= null
> dict.setitem {"oid":1,"key":"j","path":"/a/1/c","value":"new"}
= null
> dict.setitem {"oid":1,"key":"j","path":"/a/-","value":[null]}
= null
> dict.setitem {"oid":1,"key":"j","path":"/a/2/-","value":"in"}
= null
> dict.getitem {"oid":1,"key":"j"}
= {"a":[11,{"b":1,"c":"new"},[null,"in"]],"s":"str","job":{"tries":0}}
# Only the last token may be new, and "-" only appends, as the last token.
> dict.setitem {"oid":1,"key":"j","path":"/new/x","value":1}
? KeyError
> dict.setitem {"oid":1,"key":"j","path":"/a/5","value":1}
? IndexError
> dict.setitem {"oid":1,"key":"j","path":"/a/3","value":1}
? IndexError
> dict.setitem {"oid":1,"key":"j","path":"/a/-/x","value":1}
? IndexError
> dict.setitem {"oid":1,"key":"j","path":"/a/01","value":1}
? IndexError
> dict.setitem {"oid":1,"key":"j","path":"/s/x","value":1}
? TypeError
> dict.setitem {"oid":1,"key":"j","path":"/s/-","value":1}
? TypeError
> dict.setitem {"oid":1,"key":"j","path":"x","value":1}
? InvalidParams
# No member name holds a NUL byte, so no path may: it is refused, and
# nothing is made.
> dict.setitem {"oid":1,"key":"j","path":"/a\u0000b","value":1}
? InvalidParams
> dict.getitem {"oid":1,"key":"j","path":"/a\u0000b"}
? InvalidParams
# A missing key with a path is KeyError; with path "" a plain set.
> dict.setitem {"oid":1,"key":"nope","path":"/a","value":1}
? KeyError
> dict.contains {"oid":1,"key":"nope"}
= false
> dict.setitem {"oid":1,"key":"nope","path":"","value":1}
= null
> dict.getitem {"oid":1,"key":"nope"}
= 1
> dict.setitem {"oid":1,"key":"nope","path":"","value":{"r":[]}}
= null
> dict.getitem {"oid":1,"key":"nope"}
= {"r":[]}
> dict.getitem {"oid":1,"key":"j"}
= {"a":[11,{"b":1,"c":"new"},[null,"in"]],"s":"str","job":{"tries":0}}

# incr with a path: a missing last member starts at 0.
> dict.incr {"oid":1,"key":"j","path":"/job/tries"}
= 1
> dict.incr {"oid":1,"key":"j","path":"/job/tries","by":2}
= 3
> dict.incr {"oid":1,"key":"j","path":"/job/fails"}
= 1
> dict.incr {"oid":1,"key":"j","path":"/a/0","by":0.5}
= 11.5
> dict.incr {"oid":1,"key":"j","path":"/s"}
? TypeError
> dict.incr {"oid":1,"key":"j","path":"/a/1"}
? TypeError
> dict.incr {"oid":1,"key":"j","path":"/q/r"}
? KeyError
> dict.incr {"oid":1,"key":"j","path":"/a/-"}
? IndexError
> dict.incr {"oid":1,"key":"j","path":"/a/7"}
? IndexError
> dict.incr {"oid":1,"key":"missing","path":"/x"}
? KeyError
> dict.contains {"oid":1,"key":"missing"}
= false
> dict.incr {"oid":1,"key":"missing","path":""}
= 1
> dict.getitem {"oid":1,"key":"j","path":"/job"}
= {"tries":3,"fails":1}

# delitem with a path; path "" deletes the key.
> dict.delitem {"oid":1,"key":"j","path":"/a/0"}
= null
> dict.getitem {"oid":1,"key":"j","path":"/a"}
= [{"b":1,"c":"new"},[null,"in"]]
> dict.delitem {"oid":1,"key":"j","path":"/a/0/b"}
= null
> dict.delitem {"oid":1,"key":"j","path":"/a/0/b"}
? KeyError
> dict.delitem {"oid":1,"key":"j","path":"/a/9"}
? IndexError
> dict.delitem {"oid":1,"key":"j","path":"/a/-"}
? IndexError
> dict.delitem {"oid":1,"key":"j","path":"/s/0"}
? TypeError
> dict.delitem {"oid":1,"key":"nope","path":"/r/0"}
? IndexError
> dict.delitem {"oid":1,"key":"zz","path":"/r"}
? KeyError
> dict.getitem {"oid":1,"key":"j"}
= {"a":[{"c":"new"},[null,"in"]],"s":"str","job":{"tries":3,"fails":1}}
> dict.delitem {"oid":1,"key":"j","path":""}
= null
> dict.contains {"oid":1,"key":"j"}
= false

# list.setitem with a path.
> new {"type":"list","init":[{"a":[1]},2]}
= {"oid":2,"type":"list"}
> list.setitem {"oid":2,"index":0,"path":"/a/-","value":2}
= null
> list.setitem {"oid":2,"index":-2,"path":"/b","value":true}
= null
> list.setitem {"oid":2,"index":1,"path":"/x","value":1}
? TypeError
> list.setitem {"oid":2,"index":2,"path":"/x","value":1}
? IndexError
> list.setitem {"oid":2,"index":0,"path":"/c/d","value":1}
? KeyError
> list.setitem {"oid":2,"index":1,"path":"","value":"two"}
= null
> list.slice {"oid":2}
= [{"a":[1,2],"b":true},"two"]
