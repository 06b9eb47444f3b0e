# A key's identity is the compact JSON text of the parsed key: 1, 1.0, "1"
# and true are four keys; 1.0 and 1.00 are one; "\u0041" and "A" are one.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.setitem {"oid":1,"key":1,"value":"int"}
= null
> dict.setitem {"oid":1,"key":1.0,"value":"real"}
= null
> dict.setitem {"oid":1,"key":"1","value":"string"}
= null
> dict.setitem {"oid":1,"key":true,"value":"bool"}
= null
> dict.len {"oid":1}
= 4
> dict.getitem {"oid":1,"key":1}
= "int"
> dict.getitem {"oid":1,"key":1.00}
= "real"
> dict.getitem {"oid":1,"key":10e-1}
= "real"
> dict.getitem {"oid":1,"key":"1"}
= "string"
> dict.getitem {"oid":1,"key":true}
= "bool"
> dict.setitem {"oid":1,"key":1.00,"value":"real again"}
= null
> dict.len {"oid":1}
= 4
> dict.getitem {"oid":1,"key":1.0}
= "real again"
> dict.setitem {"oid":1,"key":"\u0041","value":"escaped"}
= null
> dict.getitem {"oid":1,"key":"A"}
= "escaped"
> dict.setitem {"oid":1,"key":"\/","value":"slash"}
= null
> dict.getitem {"oid":1,"key":"/"}
= "slash"
> dict.setitem {"oid":1,"key":[1,"a"],"value":"tuple"}
= null
> dict.getitem {"oid":1,"key":[1.0,"a"]}
? KeyError
> dict.getitem {"oid":1,"key":[ 1 , "\u0061" ]}
= "tuple"
> dict.setitem {"oid":1,"key":1e2,"value":"hundred"}
= null
> dict.getitem {"oid":1,"key":100.0}
= "hundred"
> dict.getitem {"oid":1,"key":100}
? KeyError
> dict.contains {"oid":1,"key":-0}
= false
> dict.setitem {"oid":1,"key":0,"value":"zero"}
= null
> dict.getitem {"oid":1,"key":-0}
= "zero"
> dict.keys {"oid":1}
= [1,1.0,"1",true,"A","/",[1,"a"],100.0,0]
> dict.len {"oid":1}
= 9

# A key too long for an error message is cut, and marked so.
> {"jsonrpc":"2.0","id":"long","method":"dict.getitem","params":{"oid":1,"key":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}}
< {"jsonrpc":"2.0","id":"long","error":{"code":-32001,"message":"KeyError: [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...","data":{"type":"KeyError"}}}
