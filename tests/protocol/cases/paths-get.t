# JSON Pointer paths (RFC 6901) into the value at a key: reading.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.setitem {"oid":1,"key":"j","value":{"a":[10,{"b":1}],"s":"str","n":null,"t":true,"x":5,"a/b":"slash","m~n":"tilde","":"empty","~1":"literal"}}
= null
> dict.getitem {"oid":1,"key":"j","path":""}
= {"a":[10,{"b":1}],"s":"str","n":null,"t":true,"x":5,"a/b":"slash","m~n":"tilde","":"empty","~1":"literal"}
> dict.getitem {"oid":1,"key":"j","path":null}
= {"a":[10,{"b":1}],"s":"str","n":null,"t":true,"x":5,"a/b":"slash","m~n":"tilde","":"empty","~1":"literal"}
> dict.getitem {"oid":1,"key":"j","path":"/a"}
= [10,{"b":1}]
> dict.getitem {"oid":1,"key":"j","path":"/a/0"}
= 10
> dict.getitem {"oid":1,"key":"j","path":"/a/1/b"}
= 1
> dict.getitem {"oid":1,"key":"j","path":"/n"}
= null
> dict.getitem {"oid":1,"key":"j","path":"/a~1b"}
= "slash"
> dict.getitem {"oid":1,"key":"j","path":"/m~0n"}
= "tilde"
> dict.getitem {"oid":1,"key":"j","path":"/~01"}
= "literal"
> dict.getitem {"oid":1,"key":"j","path":"/"}
= "empty"
# Missing member: KeyError; bad array index: IndexError.
> dict.getitem {"oid":1,"key":"j","path":"/zz"}
? KeyError
> dict.getitem {"oid":1,"key":"j","path":"/a/1/c"}
? KeyError
> dict.getitem {"oid":1,"key":"j","path":"/a/1/c/d"}
? KeyError
> dict.getitem {"oid":1,"key":"j","path":"/a/2"}
? IndexError
> dict.getitem {"oid":1,"key":"j","path":"/a/-"}
? IndexError
> dict.getitem {"oid":1,"key":"j","path":"/a/01"}
? IndexError
> dict.getitem {"oid":1,"key":"j","path":"/a/-1"}
? IndexError
> dict.getitem {"oid":1,"key":"j","path":"/a/x"}
? IndexError
> dict.getitem {"oid":1,"key":"j","path":"/a/"}
? IndexError
> dict.getitem {"oid":1,"key":"j","path":"/a/+1"}
? IndexError
> dict.getitem {"oid":1,"key":"j","path":"/a/18446744073709551617"}
? IndexError
# Stepping into a scalar: TypeError.
> dict.getitem {"oid":1,"key":"j","path":"/s/0"}
? TypeError
> dict.getitem {"oid":1,"key":"j","path":"/n/x"}
? TypeError
> dict.getitem {"oid":1,"key":"j","path":"/t/0"}
? TypeError
> dict.getitem {"oid":1,"key":"j","path":"/x/y"}
? TypeError
> dict.getitem {"oid":1,"key":"j","path":"/a/0/0"}
? TypeError
# Not a pointer.
> dict.getitem {"oid":1,"key":"j","path":"a"}
? InvalidParams
> dict.getitem {"oid":1,"key":"j","path":"#/a"}
? InvalidParams
> dict.getitem {"oid":1,"key":"j","path":5}
? InvalidParams
> dict.getitem {"oid":1,"key":"j","path":["a"]}
? InvalidParams
# A missing key is KeyError whatever the path.
> dict.getitem {"oid":1,"key":"nope","path":"/a"}
? KeyError
> dict.getitem {"oid":1,"key":"nope","path":""}
? KeyError

# dict.get: default when the key or anything on the path is missing;
# TypeError stays an error.
> dict.get {"oid":1,"key":"j","path":"/a/1/b"}
= 1
> dict.get {"oid":1,"key":"j","path":"/zz","default":"d"}
= "d"
> dict.get {"oid":1,"key":"j","path":"/a/9","default":"d"}
= "d"
> dict.get {"oid":1,"key":"j","path":"/a/1/c/d","default":"d"}
= "d"
> dict.get {"oid":1,"key":"nope","path":"/a","default":"d"}
= "d"
> dict.get {"oid":1,"key":"j","path":"/zz"}
= null
> dict.get {"oid":1,"key":"j","path":"/n","default":"d"}
= null
> dict.get {"oid":1,"key":"j","path":"/s/0","default":"d"}
? TypeError
> dict.get {"oid":1,"key":"j","path":"/x/y"}
? TypeError
> dict.get {"oid":1,"key":"j","path":"a","default":"d"}
? InvalidParams

# list.getitem with a path.
> new {"type":"list","init":[{"a":[1,2]},"s"]}
= {"oid":2,"type":"list"}
> list.getitem {"oid":2,"index":0,"path":"/a/1"}
= 2
> list.getitem {"oid":2,"index":-2,"path":"/a"}
= [1,2]
> list.getitem {"oid":2,"index":0,"path":"/b"}
? KeyError
> list.getitem {"oid":2,"index":0,"path":"/a/2"}
? IndexError
> list.getitem {"oid":2,"index":1,"path":"/0"}
? TypeError
> list.getitem {"oid":2,"index":2,"path":"/a"}
? IndexError
> list.getitem {"oid":2,"index":0,"path":"a"}
? InvalidParams
> list.getitem {"oid":2,"index":0,"path":""}
= {"a":[1,2]}
# Nothing changed.
> dict.getitem {"oid":1,"key":"j"}
= {"a":[10,{"b":1}],"s":"str","n":null,"t":true,"x":5,"a/b":"slash","m~n":"tilde","":"empty","~1":"literal"}
