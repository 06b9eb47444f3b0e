# Strings are stored exactly, \u0000 and all of Unicode included.
> new {"type":"dict"}
= {"oid":1,"type":"dict"}
> dict.setitem {"oid":1,"key":"nul","value":"a\u0000b"}
= null
> dict.getitem {"oid":1,"key":"nul"}
= "a\u0000b"
> dict.setitem {"oid":1,"key":"k\u0000","value":"key with nul"}
= null
> dict.setitem {"oid":1,"key":"k","value":"plain key"}
= null
> dict.getitem {"oid":1,"key":"k\u0000"}
= "key with nul"
> dict.getitem {"oid":1,"key":"k"}
= "plain key"
> dict.setitem {"oid":1,"key":"esc","value":"quote \" backslash \\ slash / controls \b\f\n\r\t \u0001\u001f"}
= null
> dict.getitem {"oid":1,"key":"esc"}
= "quote \" backslash \\ slash / controls \b\f\n\r\t \u0001\u001f"
> dict.setitem {"oid":1,"key":"utf8","value":"été ☃ 😀 \u00e9\ud83d\ude00"}
= null
> dict.getitem {"oid":1,"key":"utf8"}
= "\u00e9t\u00e9 \u2603 \ud83d\ude00 é😀"
> dict.setitem {"oid":1,"key":"\u00e9","value":1}
= null
> dict.getitem {"oid":1,"key":"é"}
= 1
> dict.setitem {"oid":1,"key":"","value":"empty key"}
= null
> dict.getitem {"oid":1,"key":""}
= "empty key"
> new {"type":"list","init":["a\u0000b","a"]}
= {"oid":2,"type":"list"}
> list.index {"oid":2,"value":"a"}
= 1
> list.count {"oid":2,"value":"a\u0000b"}
= 1
> list.count {"oid":2,"value":"a\u0000"}
= 0
> list.sort {"oid":2}
= null
> list.slice {"oid":2}
= ["a","a\u0000b"]
