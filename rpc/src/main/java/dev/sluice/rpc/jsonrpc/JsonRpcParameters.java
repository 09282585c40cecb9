package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A request's parameters, read through the method's declared {@link Param}s. Accepts both JSON-RPC
 * forms: an array (by position, in declaration order) and an object (by name). Shape errors (too
 * many, unknown names) are found when the parameters are bound, before the method runs; value
 * errors when the method reads a parameter.
 */
public final class JsonRpcParameters {
  private final List<Param<?>> declared;
  private final List<JsonNode> values;

  private JsonRpcParameters(List<Param<?>> declared, List<JsonNode> values) {
    this.declared = declared;
    this.values = values;
  }

  /**
   * Binds {@code params} (an array, an object, or missing) to the declared parameters.
   *
   * @throws InvalidJsonRpcParametersException for too many positional values or an unknown name
   */
  public static JsonRpcParameters bind(String method, JsonNode params, List<Param<?>> declared) {
    List<JsonNode> values = new ArrayList<>(declared.size());
    for (int i = 0; i < declared.size(); i++) {
      values.add(MissingNode.getInstance());
    }
    if (params.isArray()) {
      if (params.size() > declared.size()) {
        throw new InvalidJsonRpcParametersException(
            "params",
            method
                + " takes "
                + describe(declared)
                + "; got "
                + params.size()
                + (params.size() == 1 ? " value" : " values"));
      }
      for (int i = 0; i < params.size(); i++) {
        values.set(i, params.get(i));
      }
    } else if (params.isObject()) {
      Iterator<String> names = params.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        int index = indexOf(declared, name);
        if (index < 0) {
          throw new InvalidJsonRpcParametersException(
              "params",
              method + " has no parameter \"" + name + "\"; it takes " + describe(declared));
        }
        values.set(index, params.get(name));
      }
    }
    return new JsonRpcParameters(declared, values);
  }

  /** The value of {@code param}, which must be present and not null. */
  public <T> T required(Param<T> param) {
    JsonNode value = values.get(position(param));
    if (value.isMissingNode() || value.isNull()) {
      throw new InvalidJsonRpcParametersException(
          param.name(), "missing (parameter " + (position(param) + 1) + ")");
    }
    return param.type().parse(value, param.name());
  }

  /** The value of {@code param}, or empty when it is absent or null. */
  public <T> Optional<T> optional(Param<T> param) {
    JsonNode value = values.get(position(param));
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(param.type().parse(value, param.name()));
  }

  private int position(Param<?> param) {
    for (int i = 0; i < declared.size(); i++) {
      if (declared.get(i) == param) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        param.name() + " is not a declared parameter of this method");
  }

  private static int indexOf(List<Param<?>> declared, String name) {
    for (int i = 0; i < declared.size(); i++) {
      if (declared.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(List<Param<?>> declared) {
    if (declared.isEmpty()) {
      return "no parameters";
    }
    return declared.stream()
        .map(param -> param.required() ? param.name() : param.name() + "?")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
