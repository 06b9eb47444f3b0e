# Value equality is deep: member order does not matter, numbers compare by
# value, booleans are not numbers, null is only null.
> new {"type":"list","init":[0,false,null,"",[],{}]}
= {"oid":1,"type":"list"}
> list.index {"oid":1,"value":false}
= 1
> list.index {"oid":1,"value":null}
= 2
> list.index {"oid":1,"value":""}
= 3
> list.index {"oid":1,"value":[]}
= 4
> list.index {"oid":1,"value":{}}
= 5
> list.index {"oid":1,"value":0.0}
= 0
> list.index {"oid":1,"value":-0.0}
= 0
> list.count {"oid":1,"value":0}
= 1
> list.count {"oid":1,"value":false}
= 1
> new {"type":"list","init":[{"a":1,"b":{"c":[1,{"d":null}]}}]}
= {"oid":2,"type":"list"}
> list.contains {"oid":2,"value":{"b":{"c":[1.0,{"d":null}]},"a":1.0}}
= true
> list.contains {"oid":2,"value":{"b":{"c":[1,{"d":false}]},"a":1}}
= false
> list.contains {"oid":2,"value":{"b":{"c":[1,{"d":null}]},"a":1,"e":1}}
= false
> list.contains {"oid":2,"value":{"b":{"c":[1,{"d":null},2]},"a":1}}
= false
> list.contains {"oid":2,"value":{"b":{"c":[{"d":null},1]},"a":1}}
= false
# Large integers compare exactly.
> new {"type":"list","init":[9007199254740993]}
= {"oid":3,"type":"list"}
> list.contains {"oid":3,"value":9007199254740993}
= true
> list.contains {"oid":3,"value":9007199254740992}
= false
> new {"type":"list","init":[0.5,1e300,-2.5e-300]}
= {"oid":4,"type":"list"}
> list.index {"oid":4,"value":1e300}
= 1
> list.index {"oid":4,"value":-2.5e-300}
= 2
> list.index {"oid":4,"value":5e-1}
= 0
