# dict.cas: without expect, swap when the key is absent; with expect, swap
# when the stored value equals it (numbers by value, true is not 1).
# current is the value stored afterwards, left out when the key is absent.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.cas {"oid":1,"key":"k","value":1}
= {"swapped":true,"current":1}
> dict.cas {"oid":1,"key":"k","value":2}
= {"swapped":false,"current":1}
> dict.cas {"oid":1,"key":"k","expect":1,"value":2}
= {"swapped":true,"current":2}
> dict.cas {"oid":1,"key":"k","expect":1,"value":3}
= {"swapped":false,"current":2}
> dict.cas {"oid":1,"key":"k","expect":2.0,"value":3}
= {"swapped":true,"current":3}
> dict.getitem {"oid":1,"key":"k"}
= 3
> dict.setitem {"oid":1,"key":"b","value":1}
= null
> dict.cas {"oid":1,"key":"b","expect":true,"value":"no"}
= {"swapped":false,"current":1}
> dict.cas {"oid":1,"key":"b","expect":"1","value":"no"}
= {"swapped":false,"current":1}
> dict.cas {"oid":1,"key":"absent","expect":1,"value":1}
= {"swapped":false}
> dict.contains {"oid":1,"key":"absent"}
= false
# "expect": null expects a stored null, unlike leaving expect out.
> dict.cas {"oid":1,"key":"absent","expect":null,"value":1}
= {"swapped":false}
> dict.contains {"oid":1,"key":"absent"}
= false
> dict.setitem {"oid":1,"key":"n","value":null}
= null
> dict.cas {"oid":1,"key":"n","value":5}
= {"swapped":false,"current":null}
> dict.cas {"oid":1,"key":"n","expect":0,"value":5}
= {"swapped":false,"current":null}
> dict.cas {"oid":1,"key":"n","expect":null,"value":5}
= {"swapped":true,"current":5}
# Deep equality: member order does not matter, 2 equals 2.0.
> dict.cas {"oid":1,"key":"o","value":{"a":[1,2],"b":null}}
= {"swapped":true,"current":{"a":[1,2],"b":null}}
> dict.cas {"oid":1,"key":"o","expect":{"a":[1,2]},"value":"no"}
= {"swapped":false,"current":{"a":[1,2],"b":null}}
> dict.cas {"oid":1,"key":"o","expect":{"b":null,"a":[1.0,2]},"value":"new"}
= {"swapped":true,"current":"new"}
# A null value is a value.
> dict.cas {"oid":1,"key":"t","value":null}
= {"swapped":true,"current":null}
> dict.contains {"oid":1,"key":"t"}
= true
> dict.cas {"oid":1,"key":"t","expect":null,"value":[null]}
= {"swapped":true,"current":[null]}
> dict.cas {"oid":1,"key":"k","expect":3}
? InvalidParams
> dict.cas {"oid":1,"value":3}
? InvalidParams
> dict.cas {"oid":1,"key":{},"value":1}
? TypeError
> dict.items {"oid":1}
= [["k",3],["b",1],["n",5],["o","new"],["t",[null]]]
