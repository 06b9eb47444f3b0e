# dict.update: an object or [key, value] pairs, in order; all or nothing.
> new {"type":"dict","init":{"a":1,"b":2}}
= {"oid":1,"type":"dict"}
> dict.update {"oid":1,"items":{"c":3,"a":10}}
= null
> dict.items {"oid":1}
= [["a",10],["b",2],["c",3]]
> dict.update {"oid":1,"items":[["d",4],[5,"five"],["b",20],[[1,2],null]]}
= null
> dict.items {"oid":1}
= [["a",10],["b",20],["c",3],["d",4],[5,"five"],[[1,2],null]]
> dict.update {"oid":1,"items":[]}
= null
> dict.update {"oid":1,"items":{}}
= null
# Pairs in order: a later pair for the same key wins.
> dict.update {"oid":1,"items":[["e",1],["e",2]]}
= null
> dict.getitem {"oid":1,"key":"e"}
= 2
# One bad pair and nothing changes.
> dict.update {"oid":1,"items":[["x",1],[{"k":1},2]]}
? TypeError
> dict.update {"oid":1,"items":[["a",0],[[{"k":1}],2]]}
? TypeError
> dict.update {"oid":1,"items":[["y",1],["z"]]}
? InvalidParams
> dict.update {"oid":1,"items":[["a",0],["z",1,2]]}
? InvalidParams
> dict.update {"oid":1,"items":[["y",1],5]}
? InvalidParams
> dict.update {"oid":1,"items":5}
? InvalidParams
> dict.update {"oid":1,"items":"ab"}
? InvalidParams
> dict.update {"oid":1,"items":null}
? InvalidParams
> dict.update {"oid":1}
? InvalidParams
> dict.items {"oid":1}
= [["a",10],["b",20],["c",3],["d",4],[5,"five"],[[1,2],null],["e",2]]
