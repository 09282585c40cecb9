package dev.sluice.rpc.jsonrpc;

/**
 * One parameter of a method: its name (for by-name calls, errors and the OpenRPC document), its
 * type, whether it must be given, and what it means.
 */
public record Param<T>(String name, ParameterType<T> type, boolean required, String description) {

  public static <T> Param<T> required(String name, ParameterType<T> type, String description) {
    return new Param<>(name, type, true, description);
  }

  public static <T> Param<T> optional(String name, ParameterType<T> type, String description) {
    return new Param<>(name, type, false, description);
  }
}
