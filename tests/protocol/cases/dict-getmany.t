# dict.getmany: one value per key, default (null) for the missing ones.
> new {"type":"dict","init":[["a",1],[2,"two"],[[1],"tuple"],["n",null]]}
= {"oid":1,"type":"dict"}
> dict.getmany {"oid":1,"keys":["a",2,[1],"zz",1,"n"]}
= [1,"two","tuple",null,null,null]
> dict.getmany {"oid":1,"keys":["a","zz","n"],"default":0}
= [1,0,null]
> dict.getmany {"oid":1,"keys":["a","zz"],"default":null}
= [1,null]
> dict.getmany {"oid":1,"keys":["a","a"]}
= [1,1]
> dict.getmany {"oid":1,"keys":[]}
= []
> dict.getmany {"oid":1,"keys":"a"}
? InvalidParams
> dict.getmany {"oid":1,"keys":null}
? InvalidParams
> dict.getmany {"oid":1}
? InvalidParams
> dict.getmany {"oid":1,"keys":["a",{}]}
? TypeError
