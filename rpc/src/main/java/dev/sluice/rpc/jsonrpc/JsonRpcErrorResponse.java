package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** A response carrying an error; {@code id} is null when the request's id could not be read. */
@JsonPropertyOrder({"jsonrpc", "id", "error"})
public record JsonRpcErrorResponse(JsonNode id, JsonRpcError error) implements JsonRpcResponse {

  /** An answer to no request in particular: the body could not be parsed, or was refused. */
  public static JsonRpcErrorResponse unattributed(JsonRpcError error) {
    return new JsonRpcErrorResponse(NullNode.instance, error);
  }

  @JsonProperty("jsonrpc")
  public String jsonrpc() {
    return "2.0";
  }
}
