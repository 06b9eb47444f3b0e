# dict.incr: a missing key starts at 0; integers stay integers unless the
# step or the stored value is real; 64-bit overflow is ValueError.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.incr {"oid":1,"key":"n"}
= 1
> dict.incr {"oid":1,"key":"n"}
= 2
> dict.incr {"oid":1,"key":"n","by":10}
= 12
> dict.incr {"oid":1,"key":"n","by":-20}
= -8
> dict.incr {"oid":1,"key":"n","by":null}
= -7
> dict.getitem {"oid":1,"key":"n"}
= -7
> dict.incr {"oid":1,"key":"n","by":0.5}
= -6.5
> dict.getitem {"oid":1,"key":"n"}
= -6.5
> dict.incr {"oid":1,"key":"n","by":1}
= -5.5
> dict.incr {"oid":1,"key":"n","by":0.5}
= -5.0
> dict.getitem {"oid":1,"key":"n"}
= -5.0
> dict.incr {"oid":1,"key":"r","by":2.5}
= 2.5
> dict.setitem {"oid":1,"key":"f","value":1.5}
= null
> dict.incr {"oid":1,"key":"f","by":1}
= 2.5
> dict.incr {"oid":1,"key":"f","by":0.5}
= 3.0
> dict.setitem {"oid":1,"key":"i","value":10}
= null
> dict.incr {"oid":1,"key":"i","by":0}
= 10
> dict.incr {"oid":1,"key":"i","by":0.0}
= 10.0
> dict.incr {"oid":1,"key":1}
= 1
> dict.incr {"oid":1,"key":[1]}
= 1
> dict.getitem {"oid":1,"key":[1]}
= 1
# Not a number: TypeError (booleans are not numbers), value unchanged.
> dict.setitem {"oid":1,"key":"s","value":"x"}
= null
> dict.incr {"oid":1,"key":"s"}
? TypeError
> dict.setitem {"oid":1,"key":"t","value":true}
= null
> dict.incr {"oid":1,"key":"t"}
? TypeError
> dict.setitem {"oid":1,"key":"z","value":null}
= null
> dict.incr {"oid":1,"key":"z"}
? TypeError
> dict.setitem {"oid":1,"key":"l","value":[1]}
= null
> dict.incr {"oid":1,"key":"l"}
? TypeError
> dict.getitem {"oid":1,"key":"s"}
= "x"
> dict.getitem {"oid":1,"key":"t"}
= true
> dict.incr {"oid":1,"key":{}}
? TypeError
# A step that is not a number is a parameter of the wrong type.
> dict.incr {"oid":1,"key":"i","by":"1"}
? InvalidParams
> dict.incr {"oid":1,"key":"i","by":true}
? InvalidParams
> dict.incr {"oid":1,"key":"i","by":[1]}
? InvalidParams
> dict.incr {"oid":1}
? InvalidParams
> dict.getitem {"oid":1,"key":"i"}
= 10.0
# Overflow leaves the value unchanged.
> dict.setitem {"oid":1,"key":"big","value":9223372036854775807}
= null
> dict.incr {"oid":1,"key":"big"}
? ValueError
> dict.getitem {"oid":1,"key":"big"}
= 9223372036854775807
> dict.incr {"oid":1,"key":"big","by":-1}
= 9223372036854775806
> dict.incr {"oid":1,"key":"big","by":9223372036854775807}
? ValueError
> dict.getitem {"oid":1,"key":"big"}
= 9223372036854775806
> dict.setitem {"oid":1,"key":"small","value":-9223372036854775808}
= null
> dict.incr {"oid":1,"key":"small","by":-1}
? ValueError
> dict.getitem {"oid":1,"key":"small"}
= -9223372036854775808
> dict.incr {"oid":1,"key":"small","by":9223372036854775807}
= -1
> dict.incr {"oid":1,"key":"m","by":-9223372036854775808}
= -9223372036854775808
> dict.incr {"oid":1,"key":"m","by":-1}
? ValueError
> dict.incr {"oid":1,"key":"m","by":-9223372036854775808}
? ValueError
> dict.getitem {"oid":1,"key":"m"}
= -9223372036854775808
# A real result that is not finite is ValueError too.
> dict.setitem {"oid":1,"key":"huge","value":1.5e308}
= null
> dict.incr {"oid":1,"key":"huge","by":1.5e308}
? ValueError
> dict.incr {"oid":1,"key":"huge","by":-1e308}
= 5e307
> dict.getitem {"oid":1,"key":"huge"}
= 5e307
