# server.* methods reject unknown and positional params; unknown server
# methods are MethodNotFound.
> server.info {"verbose":true}
? InvalidParams
> server.sessions {"all":true}
? InvalidParams
> server.sessions []
? InvalidParams
> server.shutdown {"now":true}
? InvalidParams
> server.nosuch
? MethodNotFound
> server
? MethodNotFound
> server.
? MethodNotFound
> ping
? MethodNotFound
> greeting
? MethodNotFound
> server.ping
= "pong"
