# list: append, extend, len, getitem/setitem/delitem with Python indices,
# insert (clamped), pop, reverse, clear.
> new {"type":"list"}
= {"oid":1,"type":"list"}
> list.append {"oid":1,"value":"a"}
= null
> list.append {"oid":1,"value":null}
= null
> list.extend {"oid":1,"values":[1,[2],{"c":3}]}
= null
> list.len {"oid":1}
= 5
> list.slice {"oid":1}
= ["a",null,1,[2],{"c":3}]
> list.getitem {"oid":1,"index":0}
= "a"
> list.getitem {"oid":1,"index":1}
= null
> list.getitem {"oid":1,"index":4}
= {"c":3}
> list.getitem {"oid":1,"index":-1}
= {"c":3}
> list.getitem {"oid":1,"index":-5}
= "a"
> list.getitem {"oid":1,"index":5}
? IndexError
> list.getitem {"oid":1,"index":-6}
? IndexError
> list.getitem {"oid":1,"index":9223372036854775807}
? IndexError
> list.getitem {"oid":1,"index":-9223372036854775808}
? IndexError
> list.setitem {"oid":1,"index":1,"value":"b"}
= null
> list.setitem {"oid":1,"index":-1,"value":"e"}
= null
> list.setitem {"oid":1,"index":5,"value":"x"}
? IndexError
> list.setitem {"oid":1,"index":-6,"value":"x"}
? IndexError
> list.slice {"oid":1}
= ["a","b",1,[2],"e"]
> list.delitem {"oid":1,"index":2}
= null
> list.delitem {"oid":1,"index":-1}
= null
> list.delitem {"oid":1,"index":3}
? IndexError
> list.delitem {"oid":1,"index":-4}
? IndexError
> list.slice {"oid":1}
= ["a","b",[2]]
> list.extend {"oid":1,"values":[]}
= null
> list.extend {"oid":1,"values":[null]}
= null
> list.pop {"oid":1}
= null
> list.insert {"oid":1,"index":0,"value":"first"}
= null
> list.insert {"oid":1,"index":100,"value":"last"}
= null
> list.insert {"oid":1,"index":-100,"value":"front"}
= null
> list.insert {"oid":1,"index":-1,"value":"beforelast"}
= null
> list.slice {"oid":1}
= ["front","first","a","b",[2],"beforelast","last"]
> list.pop {"oid":1}
= "last"
> list.pop {"oid":1,"index":0}
= "front"
> list.pop {"oid":1,"index":-2}
= [2]
> list.pop {"oid":1,"index":null}
= "beforelast"
> list.pop {"oid":1,"index":10}
? IndexError
> list.pop {"oid":1,"index":-4}
? IndexError
> list.slice {"oid":1}
= ["first","a","b"]
> list.reverse {"oid":1}
= null
> list.slice {"oid":1}
= ["b","a","first"]
> describe {"oid":1}
= {"oid":1,"type":"list","name":null,"len":3,"refs":1}
> list.clear {"oid":1}
= null
> list.len {"oid":1}
= 0
> list.pop {"oid":1}
? IndexError
> list.pop {"oid":1,"index":0}
? IndexError
> list.getitem {"oid":1,"index":0}
? IndexError
> list.getitem {"oid":1,"index":-1}
? IndexError
> list.delitem {"oid":1,"index":0}
? IndexError
> list.reverse {"oid":1}
= null
> list.insert {"oid":1,"index":-5,"value":1}
= null
> list.insert {"oid":1,"index":5,"value":2}
= null
> list.slice {"oid":1}
= [1,2]
# Parameters.
> list.extend {"oid":1,"values":null}
? InvalidParams
> list.extend {"oid":1,"values":"ab"}
? InvalidParams
> list.extend {"oid":1,"values":{"a":1}}
? InvalidParams
> list.append {"oid":1}
? InvalidParams
> list.getitem {"oid":1}
? InvalidParams
> list.getitem {"oid":1,"index":"0"}
? InvalidParams
> list.getitem {"oid":1,"index":null}
? InvalidParams
> list.setitem {"oid":1,"index":0}
? InvalidParams
> list.insert {"oid":1,"value":1}
? InvalidParams
> list.pop {"oid":1,"index":"0"}
? InvalidParams
> list.delitem {"oid":1}
? InvalidParams
> list.append {"oid":1,"value":1,"index":0}
? InvalidParams
> list.delitem {"oid":1,"index":0,"path":""}
? InvalidParams
> list.insert {"oid":1,"index":0,"value":1,"path":""}
? InvalidParams
> list.pop {"oid":1,"path":""}
? InvalidParams
> list.len {"oid":99}
? NoSuchObject
> list.nosuch {"oid":1}
? MethodNotFound
> list.slice {"oid":1}
= [1,2]
