package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A message the node sends unasked over a WebSocket: a request object without an id. */
@JsonPropertyOrder({"jsonrpc", "method", "params"})
public record JsonRpcNotification(String method, Object params) {

  @JsonProperty("jsonrpc")
  public String jsonrpc() {
    return "2.0";
  }
}
