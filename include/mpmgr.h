/*
 * mpmgr.h: the public C API of libmpmgr, a client for the mpmgrd manager
 * server (Python's multiprocessing.Manager() for C).
 *
 * Error contract
 * --------------
 * Every function that can fail returns 0 on success or a negative MPMGR_E*
 * code.  Codes for errors the server reports equal the protocol's JSON-RPC
 * error codes, and their names follow the protocol's error type
 * (MPMGR_EKEY for KeyError).  mpmgr_strerror() describes a code,
 * mpmgr_err_name() gives its type name.
 */
#ifndef MPMGR_H
#define MPMGR_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The single list of error codes: XX(NAME, code, type name, description).
 * The first block is the protocol's (PROTOCOL.md section 3); the second is
 * the library's own, for failures that never reached the server.
 */
#define MPMGR_ERRNO_MAP(XX)                                                   \
    XX(PARSE, -32700, "ParseError", "message is not valid JSON")             \
    XX(INVALIDREQUEST, -32600, "InvalidRequest",                              \
       "not a JSON-RPC 2.0 request")                                          \
    XX(METHODNOTFOUND, -32601, "MethodNotFound", "unknown method")           \
    XX(INVALIDPARAMS, -32602, "InvalidParams", "invalid parameters")         \
    XX(INTERNAL, -32603, "InternalError", "internal server error")           \
    XX(KEY, -32001, "KeyError", "key not found")                             \
    XX(INDEX, -32002, "IndexError", "index out of range")                    \
    XX(VALUE, -32003, "ValueError", "value not found or out of range")       \
    XX(TYPE, -32004, "TypeError", "wrong type")                              \
    XX(NOSUCHOBJECT, -32005, "NoSuchObject", "no such object")               \
    XX(EXISTS, -32006, "Exists", "name already exists")                      \
    XX(RUNTIME, -32007, "RuntimeError", "lock not held")                     \
    XX(AUTHFAILED, -32008, "AuthFailed", "authentication failed")            \
    XX(LIMITEXCEEDED, -32009, "LimitExceeded", "server limit exceeded")      \
    XX(EMPTY, -32010, "Empty", "queue is empty")                             \
    XX(FULL, -32011, "Full", "queue is full")                                \
    XX(BROKENBARRIER, -32012, "BrokenBarrier", "barrier is broken")          \
    XX(NOMEM, -1, "MemoryError", "out of memory")                            \
    XX(INVAL, -2, "InvalidArgument", "invalid argument")                     \
    XX(CONNECT, -3, "ConnectionError", "cannot connect to the server")       \
    XX(TIMEDOUT, -4, "TimeoutError", "timed out waiting for the server")     \
    XX(CLOSED, -5, "ConnectionClosed", "connection to the server lost")      \
    XX(PROTO, -6, "ProtocolError", "server reply breaks the protocol")       \
    XX(SYS, -7, "OSError", "system call failed")

/* Error codes: MPMGR_EKEY, MPMGR_EINDEX, ... */
enum mpmgr_errno {
#define MPMGR_ERRNO_ENUM(name, code, type, desc) MPMGR_E##name = (code),
    MPMGR_ERRNO_MAP(MPMGR_ERRNO_ENUM)
#undef MPMGR_ERRNO_ENUM
};

#ifdef __cplusplus
}
#endif

#endif /* MPMGR_H */
