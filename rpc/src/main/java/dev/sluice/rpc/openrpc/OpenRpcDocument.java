package dev.sluice.rpc.openrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import java.util.Collection;

/**
 * Builds the OpenRPC document (spec 1.2.6) of an endpoint from its methods' own descriptions, so
 * the document lists exactly what the registry serves.
 */
public final class OpenRpcDocument {
  public static final String OPENRPC_VERSION = "1.2.6";

  private final String title;
  private final String version;
  private final String description;

  public OpenRpcDocument(String title, String version, String description) {
    this.title = title;
    this.version = version;
    this.description = description;
  }

  public JsonNode build(Collection<? extends JsonRpcMethod> methods) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode document = nodes.objectNode();
    document.put("openrpc", OPENRPC_VERSION);
    ObjectNode info = document.putObject("info");
    info.put("title", title);
    info.put("version", version);
    info.put("description", description);
    ArrayNode list = document.putArray("methods");
    methods.stream()
        .sorted((a, b) -> a.getName().compareTo(b.getName()))
        .forEach(method -> list.add(describe(method)));
    return document;
  }

  private static ObjectNode describe(JsonRpcMethod method) {
    MethodDescription description = method.description();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", method.getName());
    node.put("summary", description.summary());
    node.put("description", description.description());
    node.put("paramStructure", "either");
    ArrayNode params = node.putArray("params");
    for (Param<?> param : description.params()) {
      ObjectNode entry = params.addObject();
      entry.put("name", param.name());
      entry.put("description", param.description());
      entry.put("required", param.required());
      entry.set("schema", param.type().schema().toJson());
    }
    ObjectNode result = node.putObject("result");
    result.put("name", description.result().name());
    result.put("description", description.result().description());
    result.set("schema", description.result().schema().toJson());
    if (!description.errors().isEmpty()) {
      ArrayNode errors = node.putArray("errors");
      for (RpcErrorType error : description.errors()) {
        ObjectNode entry = errors.addObject();
        entry.put("code", error.code());
        entry.put("message", error.title());
      }
    }
    return node;
  }
}
