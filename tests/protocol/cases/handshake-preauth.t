# With an authkey, anything before a successful hello gets one AuthFailed
# and the connection is closed; other connections are not disturbed.
!auth
1> server.ping
1= "pong"
!raw 2
2> {"jsonrpc":"2.0","id":1,"method":"server.ping"}
2< {"jsonrpc":"2.0","id":1,"error":{"code":-32008,"data":{"type":"AuthFailed"}}}
!eof 2
!raw 3
3> {"jsonrpc":"2.0","id":"h","method":"hello","params":{"protocol":1}}
3< {"jsonrpc":"2.0","id":"h","error":{"code":-32008,"data":{"type":"AuthFailed"}}}
!eof 3
!raw 4
4> {"jsonrpc":"2.0","id":1,"method":"hello","params":{"protocol":1,"hmac":"0000000000000000000000000000000000000000000000000000000000000000"}}
4< {"jsonrpc":"2.0","id":1,"error":{"code":-32008,"data":{"type":"AuthFailed"}}}
!eof 4
!raw 5
5> {"jsonrpc":"2.0","method":"server.shutdown"}
5< {"jsonrpc":"2.0","id":null,"error":{"code":-32008,"data":{"type":"AuthFailed"}}}
!eof 5
!raw 6
6> [{"jsonrpc":"2.0","id":1,"method":"server.shutdown"}]
6< {"jsonrpc":"2.0","id":null,"error":{"code":-32008,"data":{"type":"AuthFailed"}}}
!eof 6
!raw 7
7> {"jsonrpc":"2.0","id":[1],"method":"server.shutdown"}
7< {"jsonrpc":"2.0","id":null,"error":{"code":-32008,"data":{"type":"AuthFailed"}}}
!eof 7
1> server.ping
1= "pong"
8> new {"type":"dict"}
8= {"oid":1,"type":"dict"}
