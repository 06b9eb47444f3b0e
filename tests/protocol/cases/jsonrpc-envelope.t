# The request envelope: ids are echoed; bad ids, jsonrpc, method and
# params members, extra members and non-objects are InvalidRequest.
# InvalidRequest echoes the id when the id itself is valid, else null.
> {"jsonrpc":"2.0","id":1,"method":"server.ping"}
< {"jsonrpc":"2.0","id":1,"result":"pong"}
> {"jsonrpc":"2.0","id":"abc","method":"server.ping"}
< {"jsonrpc":"2.0","id":"abc","result":"pong"}
> {"jsonrpc":"2.0","id":"","method":"server.ping"}
< {"jsonrpc":"2.0","id":"","result":"pong"}
> {"jsonrpc":"2.0","id":0,"method":"server.ping"}
< {"jsonrpc":"2.0","id":0,"result":"pong"}
> {"jsonrpc":"2.0","id":-5,"method":"server.ping"}
< {"jsonrpc":"2.0","id":-5,"result":"pong"}
> {"jsonrpc":"2.0","id":9223372036854775807,"method":"server.ping"}
< {"jsonrpc":"2.0","id":9223372036854775807,"result":"pong"}
> {"jsonrpc":"2.0","id":-9223372036854775808,"method":"server.ping"}
< {"jsonrpc":"2.0","id":-9223372036854775808,"result":"pong"}
> {"jsonrpc":"2.0","id":"\u0000x","method":"server.ping"}
< {"jsonrpc":"2.0","id":"\u0000x","result":"pong"}
> {"jsonrpc":"2.0","id":"1","method":"server.ping"}
< {"jsonrpc":"2.0","id":"1","result":"pong"}
> {"jsonrpc":"2.0","id":"\u00e9\ud83d\ude00","method":"server.ping"}
< {"jsonrpc":"2.0","id":"\u00e9\ud83d\ude00","result":"pong"}
> {"jsonrpc":"2.0","id":"a\"b","method":"server.ping"}
< {"jsonrpc":"2.0","id":"a\"b","result":"pong"}
# params may be omitted or empty; member order and spacing are free.
> {"jsonrpc":"2.0","id":2,"method":"server.ping","params":{}}
< {"jsonrpc":"2.0","id":2,"result":"pong"}
> {"method":"server.ping","id":3,"jsonrpc":"2.0"}
< {"jsonrpc":"2.0","id":3,"result":"pong"}
> { "jsonrpc" : "2.0" , "id" : 4 , "method" : "server.ping" , "params" : { } }
< {"jsonrpc":"2.0","id":4,"result":"pong"}
> {"jsonrpc":"2.0","id":"\u0041","method":"server.\u0070ing"}
< {"jsonrpc":"2.0","id":"A","result":"pong"}
# Bad ids: InvalidRequest with id null.
> {"jsonrpc":"2.0","id":null,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":1.5,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":1.0,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":1e3,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":{},"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":{"a":1},"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":[],"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":[1],"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":true,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":false,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
# The jsonrpc member.
> {"id":5,"method":"server.ping"}
< {"jsonrpc":"2.0","id":5,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"1.0","id":6,"method":"server.ping"}
< {"jsonrpc":"2.0","id":6,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":2.0,"id":7,"method":"server.ping"}
< {"jsonrpc":"2.0","id":7,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0 ","id":8,"method":"server.ping"}
< {"jsonrpc":"2.0","id":8,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":null,"id":"j","method":"server.ping"}
< {"jsonrpc":"2.0","id":"j","error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
# The method member.
> {"jsonrpc":"2.0","id":9}
< {"jsonrpc":"2.0","id":9,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":10,"method":5}
< {"jsonrpc":"2.0","id":10,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":11,"method":null}
< {"jsonrpc":"2.0","id":11,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":12,"method":["server.ping"]}
< {"jsonrpc":"2.0","id":12,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":13,"method":"nosuch"}
< {"jsonrpc":"2.0","id":13,"error":{"code":-32601,"data":{"type":"MethodNotFound"}}}
> {"jsonrpc":"2.0","id":14,"method":""}
< {"jsonrpc":"2.0","id":14,"error":{"code":-32601,"data":{"type":"MethodNotFound"}}}
> {"jsonrpc":"2.0","id":"m","method":"server.ping\u0000"}
< {"jsonrpc":"2.0","id":"m","error":{"code":-32601,"data":{"type":"MethodNotFound"}}}
# The params member: a scalar is InvalidRequest, an array InvalidParams.
> {"jsonrpc":"2.0","id":15,"method":"server.ping","params":5}
< {"jsonrpc":"2.0","id":15,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":16,"method":"server.ping","params":"x"}
< {"jsonrpc":"2.0","id":16,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":17,"method":"server.ping","params":true}
< {"jsonrpc":"2.0","id":17,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":18,"method":"server.ping","params":null}
< {"jsonrpc":"2.0","id":18,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":19,"method":"server.ping","params":1.5}
< {"jsonrpc":"2.0","id":19,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":20,"method":"server.ping","params":[]}
< {"jsonrpc":"2.0","id":20,"error":{"code":-32602,"data":{"type":"InvalidParams"}}}
> {"jsonrpc":"2.0","id":21,"method":"server.ping","params":[1]}
< {"jsonrpc":"2.0","id":21,"error":{"code":-32602,"data":{"type":"InvalidParams"}}}
> {"jsonrpc":"2.0","id":22,"method":"new","params":["dict"]}
< {"jsonrpc":"2.0","id":22,"error":{"code":-32602,"data":{"type":"InvalidParams"}}}
> {"jsonrpc":"2.0","id":23,"method":"new","params":[{"type":"dict"}]}
< {"jsonrpc":"2.0","id":23,"error":{"code":-32602,"data":{"type":"InvalidParams"}}}
# Any other envelope member: InvalidRequest.
> {"jsonrpc":"2.0","id":24,"method":"server.ping","extra":1}
< {"jsonrpc":"2.0","id":24,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":25,"method":"server.ping","result":1}
< {"jsonrpc":"2.0","id":25,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":26,"method":"server.ping","error":{}}
< {"jsonrpc":"2.0","id":26,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":27,"method":"server.ping","ID":1}
< {"jsonrpc":"2.0","id":27,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {"jsonrpc":"2.0","id":1.5,"method":"server.ping","extra":1}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
# Not a request object at all.
> 5
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> "server.ping"
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> true
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> null
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> {}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> 1.5
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
> ""
< {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
# A response sent to the server is not a request either.
> {"jsonrpc":"2.0","id":28,"result":"pong"}
< {"jsonrpc":"2.0","id":28,"error":{"code":-32600,"data":{"type":"InvalidRequest"}}}
# No object was created by any of this.
> {"jsonrpc":"2.0","id":29,"method":"server.objects"}
< {"jsonrpc":"2.0","id":29,"result":[]}
