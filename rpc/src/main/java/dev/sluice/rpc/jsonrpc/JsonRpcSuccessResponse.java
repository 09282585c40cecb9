package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** A successful response; {@code result} may be null ("not found" for the getters). */
@JsonPropertyOrder({"jsonrpc", "id", "result"})
public record JsonRpcSuccessResponse(
    JsonNode id, @JsonInclude(JsonInclude.Include.ALWAYS) Object result)
    implements JsonRpcResponse {

  @JsonProperty("jsonrpc")
  public String jsonrpc() {
    return "2.0";
  }
}
