package dev.sluice.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * The node answered with a JSON-RPC error, or not with JSON-RPC at all. {@link #code()} is the
 * JSON-RPC error code (docs/rpc.md lists them), 0 when there was none; the message is the node's.
 */
public final class SluiceRpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final transient JsonNode data;
  private final int httpStatus;

  public SluiceRpcException(int code, String message, JsonNode data, int httpStatus) {
    super(message);
    this.code = code;
    this.data = data == null ? MissingNode.getInstance() : data;
    this.httpStatus = httpStatus;
  }

  public SluiceRpcException(String message, Throwable cause) {
    super(message, cause);
    this.code = 0;
    this.data = MissingNode.getInstance();
    this.httpStatus = 0;
  }

  public int code() {
    return code;
  }

  /** The error's {@code data} member; a missing node when there was none. */
  public JsonNode data() {
    return data;
  }

  /** A text field of {@code data}, e.g. {@code expectedNonce}. */
  public Optional<String> dataField(String name) {
    JsonNode field = data.path(name);
    return field.isValueNode() ? Optional.of(field.asText()) : Optional.empty();
  }

  /** The HTTP status of the answer; 0 over WebSocket. */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String toString() {
    return "SluiceRpcException["
        + code
        + (httpStatus > 0 ? ", HTTP " + httpStatus : "")
        + "]: "
        + getMessage();
  }
}
