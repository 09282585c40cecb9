package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The {@code error} member of a JSON-RPC response.
 *
 * @param message what went wrong and, where the client can act on it, what to do
 * @param data structured details (the offending field, the expected nonce), or null
 * @param type the kind of error; not sent, since the code carries it on the wire
 */
@JsonPropertyOrder({"code", "message", "data"})
public record JsonRpcError(
    int code,
    String message,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> data,
    @JsonIgnore RpcErrorType type) {

  public JsonRpcError {
    data = data == null ? null : Map.copyOf(data);
  }

  public static JsonRpcError of(RpcErrorType type, String message) {
    return new JsonRpcError(type.code(), message, null, type);
  }

  public static JsonRpcError of(RpcErrorType type, String message, Map<String, Object> data) {
    return new JsonRpcError(type.code(), message, data, type);
  }

  /** Jackson reads the type from the record component; keep it out of the wire form. */
  @Override
  @JsonIgnore
  public RpcErrorType type() {
    return type;
  }
}
