# Nesting depth counts the whole message, envelope included: with
# --max-depth 8 the envelope (1), params (2) and six arrays (8) pass, a
# seventh array is too deep; a batch is one level more.  Too deep:
# LimitExceeded with id null, and the connection stays open.
!args --max-depth 8
> new {"type":"list"}
= {"oid":1,"type":"list"}
> {"jsonrpc":"2.0","id":1,"method":"list.append","params":{"oid":1,"value":[[[[[[1]]]]]]}}
< {"jsonrpc":"2.0","id":1,"result":null}
> {"jsonrpc":"2.0","id":2,"method":"list.append","params":{"oid":1,"value":[[[[[[[1]]]]]]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32009,"data":{"type":"LimitExceeded"}}}
> {"jsonrpc":"2.0","id":3,"method":"list.append","params":{"oid":1,"value":[[[[[{}]]]]]}}
< {"jsonrpc":"2.0","id":3,"result":null}
> {"jsonrpc":"2.0","id":4,"method":"list.append","params":{"oid":1,"value":[[[[[{"a":{}}]]]]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32009,"data":{"type":"LimitExceeded"}}}
> [{"jsonrpc":"2.0","id":5,"method":"list.append","params":{"oid":1,"value":[[[[[1]]]]]}}]
< [{"jsonrpc":"2.0","id":5,"result":null}]
> [{"jsonrpc":"2.0","id":6,"method":"list.append","params":{"oid":1,"value":[[[[[[1]]]]]]}}]
< {"jsonrpc":"2.0","id":null,"error":{"code":-32009,"data":{"type":"LimitExceeded"}}}
> {"jsonrpc":"2.0","method":"list.append","params":{"oid":1,"value":[[[[[[[1]]]]]]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32009,"data":{"type":"LimitExceeded"}}}
# What passed was stored; what was too deep was not.
> list.len {"oid":1}
= 3
> list.slice {"oid":1}
= [[[[[[[1]]]]]],[[[[[{}]]]]],[[[[[1]]]]]]
