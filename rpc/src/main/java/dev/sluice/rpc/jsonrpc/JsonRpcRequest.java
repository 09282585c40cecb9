package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Locale;

/**
 * One well-formed JSON-RPC 2.0 request object.
 *
 * @param id the request's id: a string, a number or JSON null; {@link MissingNode} for a
 *     notification, which gets no response
 * @param params an array or object, or {@link MissingNode} when the request has none
 */
public record JsonRpcRequest(JsonNode id, String method, JsonNode params) {

  /** Whether the request had no {@code id} member: the client wants no response. */
  public boolean isNotification() {
    return id.isMissingNode();
  }

  /** The id to answer with; JSON null for a notification (whose answer is never sent). */
  public JsonNode responseId() {
    return id.isMissingNode() ? NullNode.instance : id;
  }

  /**
   * Checks the shape of a request object (JSON-RPC 2.0 §4).
   *
   * @throws InvalidRequestException naming the member that is wrong, with the id to answer with
   *     when the request had a usable one
   */
  public static JsonRpcRequest fromJson(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidRequestException(
          NullNode.instance,
          "a request is a JSON object with \"jsonrpc\", \"method\" and usually \"id\" and"
              + " \"params\"; got "
              + describe(node));
    }
    JsonNode id = node.path("id");
    boolean idUsable = id.isMissingNode() || id.isNull() || id.isTextual() || id.isIntegralNumber();
    JsonNode answerId = idUsable && !id.isMissingNode() ? id : NullNode.instance;
    if (!idUsable) {
      throw new InvalidRequestException(
          NullNode.instance, "\"id\" must be a string, an integer or null; got " + describe(id));
    }
    JsonNode version = node.path("jsonrpc");
    if (!version.isTextual() || !"2.0".equals(version.textValue())) {
      throw new InvalidRequestException(
          answerId,
          version.isMissingNode()
              ? "missing \"jsonrpc\": \"2.0\""
              : "\"jsonrpc\" must be the string \"2.0\"; got " + version);
    }
    JsonNode method = node.path("method");
    if (!method.isTextual()) {
      throw new InvalidRequestException(
          answerId,
          method.isMissingNode()
              ? "missing \"method\""
              : "\"method\" must be a string; got " + describe(method));
    }
    JsonNode params = node.path("params");
    if (!params.isMissingNode() && !params.isArray() && !params.isObject()) {
      throw new InvalidRequestException(
          answerId,
          "\"params\" must be an array (by position) or an object (by name); got "
              + describe(params));
    }
    return new JsonRpcRequest(id, method.textValue(), params);
  }

  private static String describe(JsonNode node) {
    if (node.isMissingNode()) {
      return "nothing";
    }
    String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
    return node.isContainerNode() ? "an " + type : "a " + type + " (" + clip(node.toString()) + ")";
  }

  private static String clip(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  /** A request object of the wrong shape (-32600), and the id to answer it with. */
  public static final class InvalidRequestException extends JsonRpcErrorException {
    private static final long serialVersionUID = 1L;

    private final transient JsonNode id;

    public InvalidRequestException(JsonNode id, String message) {
      super(RpcErrorType.INVALID_REQUEST, message);
      this.id = id;
    }

    public JsonNode id() {
      return id;
    }
  }
}
