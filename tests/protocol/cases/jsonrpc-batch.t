# Batches: an array of requests gets an array of responses in request
# order, notifications left out; [] gets one InvalidRequest.
> [{"jsonrpc":"2.0","id":1,"method":"server.ping"},{"jsonrpc":"2.0","id":2,"method":"new","params":{"type":"dict"}}]
< [{"jsonrpc":"2.0","id":1,"result":"pong"},{"jsonrpc":"2.0","id":2,"result":{"oid":1,"type":"dict"}}]
# Each element sees the ones before it.
> [{"jsonrpc":"2.0","id":3,"method":"dict.setitem","params":{"oid":1,"key":"a","value":1}},{"jsonrpc":"2.0","id":4,"method":"dict.getitem","params":{"oid":1,"key":"a"}},{"jsonrpc":"2.0","id":5,"method":"dict.setitem","params":{"oid":1,"key":"a","value":2}},{"jsonrpc":"2.0","id":6,"method":"dict.getitem","params":{"oid":1,"key":"a"}},{"jsonrpc":"2.0","id":7,"method":"dict.delitem","params":{"oid":1,"key":"a"}},{"jsonrpc":"2.0","id":8,"method":"dict.getitem","params":{"oid":1,"key":"a"}}]
< [{"jsonrpc":"2.0","id":3,"result":null},{"jsonrpc":"2.0","id":4,"result":1},{"jsonrpc":"2.0","id":5,"result":null},{"jsonrpc":"2.0","id":6,"result":2},{"jsonrpc":"2.0","id":7,"result":null},{"jsonrpc":"2.0","id":8,"error":{"code":-32001,"data":{"type":"KeyError"}}}]
# Notifications are left out.
> [{"jsonrpc":"2.0","method":"dict.setitem","params":{"oid":1,"key":"b","value":1}},{"jsonrpc":"2.0","id":9,"method":"dict.getitem","params":{"oid":1,"key":"b"}},{"jsonrpc":"2.0","method":"server.ping"}]
< [{"jsonrpc":"2.0","id":9,"result":1}]
# Only notifications: nothing is sent.
> [{"jsonrpc":"2.0","method":"server.ping"},{"jsonrpc":"2.0","method":"dict.setitem","params":{"oid":1,"key":"c","value":1}}]
> [{"jsonrpc":"2.0","method":"nosuch"},{"jsonrpc":"2.0","method":"dict.getitem","params":{"oid":1,"key":"zz"}}]
> {"jsonrpc":"2.0","id":10,"method":"dict.len","params":{"oid":1}}
< {"jsonrpc":"2.0","id":10,"result":2}
# The empty batch.
> []
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> [ ]
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
# Text after an empty batch is a parse error, like text after any
# request, and the session goes on.
> [] x
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> []]
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> [ ] {"jsonrpc":"2.0","id":1,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":1,"method":"server.ping"}
< {"jsonrpc":"2.0","id":1,"result":"pong"}
# Invalid elements get their own errors.
> [1,{"jsonrpc":"2.0","id":11,"method":"server.ping"},"x",{"jsonrpc":"2.0","id":12},{"foo":1},{"jsonrpc":"2.0","id":1.5,"method":"server.ping"},[],null,{"jsonrpc":"2.0","id":"p","method":"server.ping","params":3}]
< [{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}},{"jsonrpc":"2.0","id":11,"result":"pong"},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}},{"jsonrpc":"2.0","id":12,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}},{"jsonrpc":"2.0","id":"p","error":{"code":-32600,"data":{"type":"InvalidRequest"}}}]
# Nested batches are not requests.
> [[{"jsonrpc":"2.0","id":13,"method":"server.ping"}]]
< [{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}]
# Method errors inside a batch.
> [{"jsonrpc":"2.0","id":14,"method":"nosuch"},{"jsonrpc":"2.0","id":15,"method":"dict.len","params":[1]},{"jsonrpc":"2.0","id":16,"method":"dict.getitem","params":{"oid":1,"key":"zz"}},{"jsonrpc":"2.0","id":"s","method":"dict.len","params":{"oid":1}}]
< [{"jsonrpc":"2.0","id":14,"error":{"code":-32601,"data":{"type":"MethodNotFound"}}},{"jsonrpc":"2.0","id":15,"error":{"code":-32602,"data":{"type":"InvalidParams"}}},{"jsonrpc":"2.0","id":16,"error":{"code":-32001,"data":{"type":"KeyError"}}},{"jsonrpc":"2.0","id":"s","result":2}]
# An invalid notification in a batch is reported; a failing one is not.
> [{"jsonrpc":"2.0","method":"server.ping","params":5}]
< [{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}]
> [{"jsonrpc":"2.0","method":"nosuch"},{"jsonrpc":"2.0","id":17,"method":"server.ping"}]
< [{"jsonrpc":"2.0","id":17,"result":"pong"}]
# Duplicate ids are echoed as they are.
> [{"jsonrpc":"2.0","id":7,"method":"server.ping"},{"jsonrpc":"2.0","id":7,"method":"server.ping"}]
< [{"jsonrpc":"2.0","id":7,"result":"pong"},{"jsonrpc":"2.0","id":7,"result":"pong"}]
# A batch of one.
> [{"jsonrpc":"2.0","id":18,"method":"server.ping"}]
< [{"jsonrpc":"2.0","id":18,"result":"pong"}]
# A blocking element holds back the rest of the batch.
> {"jsonrpc":"2.0","id":20,"method":"new","params":{"type":"lock"}}
< {"jsonrpc":"2.0","id":20,"result":{"oid":2,"type":"lock"}}
2> lock.acquire {"oid":2}
2= {"acquired":true,"token":1}
>> [{"jsonrpc":"2.0","id":21,"method":"lock.acquire","params":{"oid":2}},{"jsonrpc":"2.0","id":22,"method":"lock.locked","params":{"oid":2}},{"jsonrpc":"2.0","id":23,"method":"lock.release","params":{"oid":2}}]
2> lock.release {"oid":2}
2= null
< [{"jsonrpc":"2.0","id":21,"result":{"acquired":true,"token":2}},{"jsonrpc":"2.0","id":22,"result":true},{"jsonrpc":"2.0","id":23,"result":null}]
2> lock.locked {"oid":2}
2= false
