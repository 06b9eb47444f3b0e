# list.contains, count, index, remove: deep JSON equality, numbers by value,
# booleans are not numbers.
> new {"type":"list","init":[1,"1",1.0,true,null,[1,2],{"a":1,"b":[2]},1]}
= {"oid":1,"type":"list"}
> list.contains {"oid":1,"value":1}
= true
> list.contains {"oid":1,"value":1.0}
= true
> list.contains {"oid":1,"value":"1"}
= true
> list.contains {"oid":1,"value":false}
= false
> list.contains {"oid":1,"value":2}
= false
> list.contains {"oid":1,"value":{"b":[2.0],"a":1}}
= true
> list.contains {"oid":1,"value":{"a":1}}
= false
> list.contains {"oid":1,"value":[1,2.0]}
= true
> list.contains {"oid":1,"value":[2,1]}
= false
> list.contains {"oid":1,"value":null}
= true
> list.count {"oid":1,"value":1}
= 3
> list.count {"oid":1,"value":1.0}
= 3
> list.count {"oid":1,"value":true}
= 1
> list.count {"oid":1,"value":"1"}
= 1
> list.count {"oid":1,"value":7}
= 0
> list.count {"oid":1,"value":null}
= 1
> list.index {"oid":1,"value":1}
= 0
> list.index {"oid":1,"value":"1"}
= 1
> list.index {"oid":1,"value":true}
= 3
> list.index {"oid":1,"value":null}
= 4
> list.index {"oid":1,"value":1,"start":1}
= 2
> list.index {"oid":1,"value":1,"start":3}
= 7
> list.index {"oid":1,"value":1,"start":3,"stop":7}
? ValueError
> list.index {"oid":1,"value":1,"start":-1}
= 7
> list.index {"oid":1,"value":1,"start":-8,"stop":-6}
= 0
> list.index {"oid":1,"value":1,"start":null,"stop":null}
= 0
> list.index {"oid":1,"value":99}
? ValueError
> list.index {"oid":1,"value":1,"start":100}
? ValueError
> list.index {"oid":1,"value":{"a":1}}
? ValueError
> list.index {"oid":1,"value":{"b":[2],"a":1}}
= 6
> list.index {"oid":1,"value":1,"start":"1"}
? InvalidParams
> list.index {"oid":1}
? InvalidParams
# remove: the first equal element.
> list.remove {"oid":1,"value":1.0}
= null
> list.slice {"oid":1}
= ["1",1.0,true,null,[1,2],{"a":1,"b":[2]},1]
> list.remove {"oid":1,"value":true}
= null
> list.remove {"oid":1,"value":true}
? ValueError
> list.remove {"oid":1,"value":{"b":[2],"a":1.0}}
= null
> list.slice {"oid":1}
= ["1",1.0,null,[1,2],1]
> list.remove {"oid":1,"value":null}
= null
> list.remove {"oid":1,"value":"2"}
? ValueError
> list.remove {"oid":1}
? InvalidParams
> list.count {"oid":1}
? InvalidParams
> list.contains {"oid":1}
? InvalidParams
> list.slice {"oid":1}
= ["1",1.0,[1,2],1]
