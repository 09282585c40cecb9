package dev.sluice.rpc.jsonrpc;

import dev.sluice.rpc.json.JsonSchema;
import java.util.List;

/**
 * What a method takes, returns and may fail with: read by {@link JsonRpcParameters} to bind a call
 * and by {@code rpc.discover} to publish the OpenRPC document.
 *
 * @param summary one line
 * @param description what the method does, when it answers, and what a client should know
 * @param params in positional order
 * @param errors the application errors it may answer with, beyond the standard ones
 */
public record MethodDescription(
    String summary,
    String description,
    List<Param<?>> params,
    Result result,
    List<RpcErrorType> errors) {

  public MethodDescription {
    params = List.copyOf(params);
    errors = List.copyOf(errors);
  }

  /** The result's name, schema and meaning. */
  public record Result(String name, JsonSchema schema, String description) {}
}
