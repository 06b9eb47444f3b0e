# list.slice follows Python's slice rules.
> new {"type":"list","init":[0,1,2,3,4,5,6,7,8,9]}
= {"oid":1,"type":"list"}
> list.slice {"oid":1}
= [0,1,2,3,4,5,6,7,8,9]
> list.slice {"oid":1,"start":2}
= [2,3,4,5,6,7,8,9]
> list.slice {"oid":1,"stop":3}
= [0,1,2]
> list.slice {"oid":1,"start":2,"stop":5}
= [2,3,4]
> list.slice {"oid":1,"start":-3}
= [7,8,9]
> list.slice {"oid":1,"stop":-7}
= [0,1,2]
> list.slice {"oid":1,"start":1,"stop":8,"step":3}
= [1,4,7]
> list.slice {"oid":1,"step":2}
= [0,2,4,6,8]
> list.slice {"oid":1,"step":-1}
= [9,8,7,6,5,4,3,2,1,0]
> list.slice {"oid":1,"start":8,"stop":2,"step":-2}
= [8,6,4]
> list.slice {"oid":1,"start":-1,"stop":-4,"step":-1}
= [9,8,7]
> list.slice {"oid":1,"start":20}
= []
> list.slice {"oid":1,"start":5,"stop":2}
= []
> list.slice {"oid":1,"start":-20,"stop":2}
= [0,1]
> list.slice {"oid":1,"start":20,"step":-3}
= [9,6,3,0]
> list.slice {"oid":1,"stop":-20,"step":-1}
= [9,8,7,6,5,4,3,2,1,0]
> list.slice {"oid":1,"start":null,"stop":null,"step":null}
= [0,1,2,3,4,5,6,7,8,9]
> list.slice {"oid":1,"stop":9223372036854775807}
= [0,1,2,3,4,5,6,7,8,9]
> list.slice {"oid":1,"start":-9223372036854775808,"stop":1}
= [0]
> list.slice {"oid":1,"step":9223372036854775807}
= [0]
> list.slice {"oid":1,"step":-9223372036854775808}
= [9]
> list.slice {"oid":1,"start":-9223372036854775808,"step":-1}
= []
> list.slice {"oid":1,"step":0}
? ValueError
> list.slice {"oid":1,"start":"1"}
? InvalidParams
> list.slice {"oid":1,"stop":[1]}
? InvalidParams
> list.slice {"oid":1,"step":true}
? InvalidParams
> list.slice {"oid":1,"begin":1}
? InvalidParams
# A slice is a copy: the list is unchanged.
> list.len {"oid":1}
= 10
> new {"type":"list"}
= {"oid":2,"type":"list"}
> list.slice {"oid":2}
= []
> list.slice {"oid":2,"start":-1,"step":-1}
= []
