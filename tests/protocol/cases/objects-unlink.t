# unlink checks its name as new and open do: missing, not a string, empty,
# over 255 bytes or with a control character is InvalidParams.
> new {"type":"dict","name":"a"}
= {"oid":1,"type":"dict"}
> unlink {}
? InvalidParams
> unlink {"name":null}
? InvalidParams
> unlink {"name":7}
? InvalidParams
> unlink {"name":""}
? InvalidParams
> unlink {"name":"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"}
? InvalidParams
> unlink {"name":"a\u0002"}
? InvalidParams
> unlink {"name":"a\u0000"}
? InvalidParams
> describe {"oid":1}
= {"oid":1,"type":"dict","name":"a","len":0,"refs":1}
