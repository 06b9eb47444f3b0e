# Integers are exact 64-bit values; reals are doubles; both come back as
# they went in.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.setitem {"oid":1,"key":"max","value":9223372036854775807}
= null
> dict.setitem {"oid":1,"key":"min","value":-9223372036854775808}
= null
> dict.setitem {"oid":1,"key":"big","value":1.7976931348623157e308}
= null
> dict.setitem {"oid":1,"key":"tiny","value":5e-324}
= null
> dict.setitem {"oid":1,"key":"tenth","value":0.1}
= null
> dict.setitem {"oid":1,"key":"two","value":2.0}
= null
> dict.setitem {"oid":1,"key":"e","value":1E3}
= null
> dict.setitem {"oid":1,"key":"negzero","value":-0.0}
= null
> dict.getitem {"oid":1,"key":"max"}
= 9223372036854775807
> dict.getitem {"oid":1,"key":"min"}
= -9223372036854775808
> dict.getitem {"oid":1,"key":"big"}
= 1.7976931348623157e308
> dict.getitem {"oid":1,"key":"tiny"}
= 5e-324
> dict.getitem {"oid":1,"key":"tenth"}
= 0.1
> dict.getitem {"oid":1,"key":"two"}
= 2.0
> dict.getitem {"oid":1,"key":"e"}
= 1000.0
> dict.getitem {"oid":1,"key":"negzero"}
= -0.0
> dict.values {"oid":1}
= [9223372036854775807,-9223372036854775808,1.7976931348623157e308,5e-324,0.1,2.0,1000.0,-0.0]
# Out of range: ParseError with id null, and the line does nothing.
> {"jsonrpc":"2.0","id":1,"method":"dict.setitem","params":{"oid":1,"key":"x","value":9223372036854775808}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":2,"method":"dict.setitem","params":{"oid":1,"key":"x","value":-9223372036854775809}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":3,"method":"dict.setitem","params":{"oid":1,"key":"x","value":1e400}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":4,"method":"dict.setitem","params":{"oid":1,"key":"x","value":-1e400}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":5,"method":"dict.setitem","params":{"oid":1,"key":"x","value":1}}
< {"jsonrpc":"2.0","id":5,"result":null}
> {"jsonrpc":"2.0","id":6,"method":"dict.setitem","params":{"oid":1,"key":99999999999999999999,"value":1}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":7,"method":"dict.len","params":{"oid":18446744073709551617}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":9223372036854775808,"method":"server.ping"}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":8,"method":"dict.getitem","params":{"oid":1,"key":"x"}}
< {"jsonrpc":"2.0","id":8,"result":1}
# Not JSON numbers at all.
> {"jsonrpc":"2.0","id":9,"method":"dict.setitem","params":{"oid":1,"key":"x","value":NaN}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":10,"method":"dict.setitem","params":{"oid":1,"key":"x","value":Infinity}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":11,"method":"dict.setitem","params":{"oid":1,"key":"x","value":0x10}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":12,"method":"dict.setitem","params":{"oid":1,"key":"x","value":01}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":13,"method":"dict.setitem","params":{"oid":1,"key":"x","value":+1}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":14,"method":"dict.setitem","params":{"oid":1,"key":"x","value":.5}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> dict.getitem {"oid":1,"key":"x"}
= 1
> dict.len {"oid":1}
= 9
