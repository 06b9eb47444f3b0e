# A method of one type on an object of another type is TypeError.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> new {"type":"list"}
= {"oid":2,"type":"list"}
> new {"type":"lock"}
= {"oid":3,"type":"lock"}
> new {"type":"rlock"}
= {"oid":4,"type":"rlock"}
> dict.len {"oid":2}
? TypeError
> dict.getitem {"oid":2,"key":0}
? TypeError
> dict.get {"oid":3,"key":"a"}
? TypeError
> dict.setitem {"oid":4,"key":"a","value":1}
? TypeError
> dict.keys {"oid":2}
? TypeError
> list.len {"oid":1}
? TypeError
> list.append {"oid":1,"value":1}
? TypeError
> list.append {"oid":4,"value":1}
? TypeError
> list.getitem {"oid":1,"index":0}
? TypeError
> lock.acquire {"oid":4}
? TypeError
> lock.acquire {"oid":1}
? TypeError
> lock.locked {"oid":2}
? TypeError
> lock.release {"oid":4}
? TypeError
> rlock.acquire {"oid":3}
? TypeError
> rlock.release {"oid":3}
? TypeError
> rlock.locked {"oid":1}
? TypeError
# Nothing changed.
> dict.len {"oid":1}
= 0
> list.len {"oid":2}
= 0
> lock.locked {"oid":3}
= false
> rlock.locked {"oid":4}
= false
