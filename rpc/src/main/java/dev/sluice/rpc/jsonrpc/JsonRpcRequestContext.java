package dev.sluice.rpc.jsonrpc;

/** What a method sees of one call: the request, its bound parameters and the caller. */
public record JsonRpcRequestContext(
    JsonRpcRequest request, JsonRpcParameters parameters, Caller caller) {}
