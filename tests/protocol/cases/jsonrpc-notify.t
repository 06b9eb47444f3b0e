# Notifications (no id) are executed and get no reply, errors included;
# only structurally invalid messages get InvalidRequest with id null.
> {"jsonrpc":"2.0","method":"server.ping"}
> {"jsonrpc":"2.0","method":"new","params":{"type":"dict"}}
> {"jsonrpc":"2.0","method":"dict.setitem","params":{"oid":1,"key":"n","value":1}}
> {"jsonrpc":"2.0","method":"dict.incr","params":{"oid":1,"key":"n","by":2}}
> {"jsonrpc":"2.0","method":"dict.getitem","params":{"oid":1,"key":"missing"}}
> {"jsonrpc":"2.0","method":"nosuch"}
> {"jsonrpc":"2.0","method":"dict.len","params":[1]}
> {"jsonrpc":"2.0","method":"dict.len","params":{"oid":1,"bad":1}}
> {"jsonrpc":"2.0","method":"dict.len","params":{"oid":99}}
> {"jsonrpc":"2.0","method":"lock.release","params":{"oid":1}}
> {"jsonrpc":"2.0","id":1,"method":"dict.items","params":{"oid":1}}
< {"jsonrpc":"2.0","id":1,"result":[["n",3]]}
> {"jsonrpc":"2.0","id":2,"method":"describe","params":{"oid":1}}
< {"jsonrpc":"2.0","id":2,"result":{"oid":1,"type":"dict","name":null,"len":1,"refs":1}}
# Structurally invalid: InvalidRequest, id null.
> {"jsonrpc":"1.0","method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","method":5}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","method":"server.ping","params":5}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","method":"server.ping","params":null}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","method":"server.ping","x":1}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","method":"dict.setitem","params":{"oid":1,"key":"n","value":0},"x":1}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":3,"method":"dict.getitem","params":{"oid":1,"key":"n"}}
< {"jsonrpc":"2.0","id":3,"result":3}
