package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer to one request: a result or an error, with the request's id. */
public sealed interface JsonRpcResponse permits JsonRpcSuccessResponse, JsonRpcErrorResponse {

  JsonNode id();
}
