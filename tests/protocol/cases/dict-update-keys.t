# dict.update copies simple keys straight from the request text (integers,
# strings without escapes, arrays of them) and reads any other key as a
# value: every spelling must reach the entry dict.setitem and
# dict.getitem reach.  The request's layout (spaces, member order) must
# not matter, and a broken request must change nothing.
!args --max-depth 6
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> {"jsonrpc":"2.0","id":1,"method":"dict.update","params":{"oid":1,"items":[ [ 0 , "zero" ] ,[-5,"neg"],[123456789012345678,"18 digits"],[1234567890123456789,"19 digits"],[-0,"minus zero"],["A\u0042","escaped"],["été","accents"],[ [ 1 , [ "a" , -2 ] , [ ] ] ,"nested"],[1.50,"real"],[true,"t"],[null,"n"],["tab\t","tab"]]}}
< {"jsonrpc":"2.0","id":1,"result":null}
> dict.len {"oid":1}
= 11
> dict.getitem {"oid":1,"key":0}
= "minus zero"
> dict.getitem {"oid":1,"key":-5}
= "neg"
> dict.getitem {"oid":1,"key":123456789012345678}
= "18 digits"
> dict.getitem {"oid":1,"key":1234567890123456789}
= "19 digits"
> dict.getitem {"oid":1,"key":"AB"}
= "escaped"
> dict.getitem {"oid":1,"key":"\u00e9t\u00e9"}
= "accents"
> dict.getitem {"oid":1,"key":[1,["a",-2],[]]}
= "nested"
> dict.getitem {"oid":1,"key":1.5}
= "real"
> dict.getitem {"oid":1,"key":true}
= "t"
> dict.getitem {"oid":1,"key":null}
= "n"
> dict.getitem {"oid":1,"key":"tab\u0009"}
= "tab"
# The other way round: keys stored by setitem, replaced by dict.update.
> dict.setitem {"oid":1,"key":[7,"x"],"value":1}
= null
> {"jsonrpc":"2.0","id":2,"method":"dict.update","params":{"items":[[[7,"\u0078"],2],[ [ 7 , "x" ] ,3]],"oid":1}}
< {"jsonrpc":"2.0","id":2,"result":null}
> dict.getitem {"oid":1,"key":[7,"x"]}
= 3
> dict.len {"oid":1}
= 12
# Keys nested too deep: LimitExceeded, as for any value.
> {"jsonrpc":"2.0","id":3,"method":"dict.update","params":{"oid":1,"items":[["p",1],[[[1]],2]]}}
< {"jsonrpc":"2.0","id":3,"result":null}
> {"jsonrpc":"2.0","id":4,"method":"dict.update","params":{"oid":1,"items":[["q",1],[[[[1]]],2]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32009,"data":{"type":"LimitExceeded"}}}
# Broken JSON after good pairs, and items given twice: ParseError.
> {"jsonrpc":"2.0","id":5,"method":"dict.update","params":{"oid":1,"items":[["r",1],["s" 2]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":6,"method":"dict.update","params":{"oid":1,"items":[["r",1]],"items":[["s",1]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":7,"method":"dict.update","params":{"oid":1,"items":[["r",01]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
> {"jsonrpc":"2.0","id":8,"method":"dict.update","params":{"oid":1,"items":[[-,1]]}}
< {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"type":"ParseError"}}}
# Params before the method are read the ordinary way, with the same result.
> {"jsonrpc":"2.0","params":{"oid":1,"items":[["u",1]]},"id":9,"method":"dict.update"}
< {"jsonrpc":"2.0","id":9,"result":null}
> dict.keys {"oid":1}
= [0,-5,123456789012345678,1234567890123456789,"AB","\u00e9t\u00e9",[1,["a",-2],[]],1.5,true,null,"tab\t",[7,"x"],"p",[[1]],"u"]
