package dev.sluice.rpc.jsonrpc;

import java.util.Map;

/**
 * A parameter is missing, of the wrong JSON type or out of range. The message names the parameter
 * (and the field inside it, where there is one) so the client can fix its request.
 */
public final class InvalidJsonRpcParametersException extends JsonRpcErrorException {
  private static final long serialVersionUID = 1L;

  public InvalidJsonRpcParametersException(String param, String problem) {
    super(RpcErrorType.INVALID_PARAMS, param + ": " + problem, Map.of("param", param));
  }

  /** For an error of another kind found while reading a parameter, e.g. a record too large. */
  public InvalidJsonRpcParametersException(RpcErrorType type, String param, String problem) {
    super(type, param + ": " + problem, Map.of("param", param));
  }

  public InvalidJsonRpcParametersException(String param, String field, String problem) {
    super(
        RpcErrorType.INVALID_PARAMS,
        param + "." + field + ": " + problem,
        Map.of("param", param, "field", field));
  }
}
