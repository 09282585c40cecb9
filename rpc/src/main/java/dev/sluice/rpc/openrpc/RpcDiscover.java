package dev.sluice.rpc.openrpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code rpc.discover}: the OpenRPC document of this endpoint, listing every method it serves
 * (itself included). Built once: the methods do not change while the server runs.
 */
public final class RpcDiscover implements SynchronousJsonRpcMethod {
  private final List<JsonRpcMethod> methods;
  private final OpenRpcDocument document;
  private volatile JsonNode built;

  /**
   * @param methods the endpoint's other methods
   */
  public RpcDiscover(Collection<? extends JsonRpcMethod> methods, OpenRpcDocument document) {
    this.methods = List.copyOf(methods);
    this.document = document;
  }

  @Override
  public String getName() {
    return "rpc.discover";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns the OpenRPC document of this endpoint.",
        "Generated from the methods this endpoint serves; see https://spec.open-rpc.org.",
        List.of(),
        new MethodDescription.Result(
            "openrpcDocument", JsonSchema.object().open().build(), "the OpenRPC document"),
        List.of());
  }

  @Override
  public JsonNode result(JsonRpcRequestContext context) {
    JsonNode current = built;
    if (current == null) {
      List<JsonRpcMethod> all = new ArrayList<>(methods);
      all.add(this);
      current = document.build(all);
      built = current;
    }
    return current;
  }
}
