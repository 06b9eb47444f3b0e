# Parameters of the dict methods: missing, wrong type, unknown.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.getitem {"oid":1}
? InvalidParams
> dict.getitem {"key":"a"}
? InvalidParams
> dict.getitem {"oid":"1","key":"a"}
? InvalidParams
> dict.getitem {"oid":[1],"key":"a"}
? InvalidParams
> dict.getitem {"oid":99,"key":"a"}
? NoSuchObject
> dict.setitem {"oid":1,"key":"a"}
? InvalidParams
> dict.setitem {"oid":1,"value":1}
? InvalidParams
> dict.setitem {"oid":1,"key":"a","value":1,"extra":1}
? InvalidParams
> dict.setitem {"oid":1,"key":"a","value":1,"Value":1}
? InvalidParams
> dict.len {"oid":1,"key":"a"}
? InvalidParams
> dict.get {"oid":1,"key":"a","path":5}
? InvalidParams
> dict.keys {}
? InvalidParams
> dict.values
? InvalidParams
> dict.items {"oid":null}
? InvalidParams
> dict.clear {"oid":1,"x":null}
? InvalidParams
> dict.contains {"oid":1,"key":"a","path":""}
? InvalidParams
> dict.len [1]
? InvalidParams
> dict.setitem [1,"a",1]
? InvalidParams
> dict.len {"oid":1}
= 0
> dict.nosuch {"oid":1}
? MethodNotFound
> Dict.len {"oid":1}
? MethodNotFound
> dict.len {"oid":99}
? NoSuchObject
> dict.delitem {"oid":99,"key":"a"}
? NoSuchObject
# Only getitem, get, setitem, delitem and incr take a path.
> dict.cas {"oid":1,"key":"a","value":1,"path":""}
? InvalidParams
> dict.pop {"oid":1,"key":"a","default":0,"path":""}
? InvalidParams
> dict.setdefault {"oid":1,"key":"a","path":""}
? InvalidParams
> dict.getmany {"oid":1,"keys":["a"],"path":""}
? InvalidParams
> dict.contains {"oid":1,"key":"a"}
= false
