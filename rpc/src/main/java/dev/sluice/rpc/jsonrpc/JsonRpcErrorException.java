package dev.sluice.rpc.jsonrpc;

import java.util.Map;

/**
 * Thrown by a method (or completes its future) to answer with a specific JSON-RPC error. Expected
 * outcomes such as a stale nonce travel this way; anything else a method throws becomes an internal
 * error.
 */
public class JsonRpcErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient JsonRpcError error;

  public JsonRpcErrorException(JsonRpcError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public JsonRpcErrorException(RpcErrorType type, String message) {
    this(JsonRpcError.of(type, message));
  }

  public JsonRpcErrorException(RpcErrorType type, String message, Map<String, Object> data) {
    this(JsonRpcError.of(type, message, data));
  }

  public JsonRpcError error() {
    return error;
  }
}
