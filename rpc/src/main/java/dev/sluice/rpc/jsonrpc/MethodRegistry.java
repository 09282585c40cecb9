package dev.sluice.rpc.jsonrpc;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The methods one endpoint serves, by wire name. Immutable once built. */
public final class MethodRegistry {
  private final Map<String, JsonRpcMethod> methods;

  private MethodRegistry(Map<String, JsonRpcMethod> methods) {
    this.methods = Collections.unmodifiableMap(methods);
  }

  /**
   * @throws IllegalArgumentException if two methods share a name
   */
  public static MethodRegistry of(Collection<? extends JsonRpcMethod> methods) {
    Map<String, JsonRpcMethod> byName = new TreeMap<>();
    for (JsonRpcMethod method : methods) {
      if (byName.putIfAbsent(method.getName(), method) != null) {
        throw new IllegalArgumentException("two methods are named " + method.getName());
      }
    }
    return new MethodRegistry(byName);
  }

  public Optional<JsonRpcMethod> lookup(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  /** Every method, sorted by name. */
  public Collection<JsonRpcMethod> methods() {
    return methods.values();
  }

  /** A registry with {@code extra} added, e.g. {@code rpc.discover}, which lists the others. */
  public MethodRegistry with(JsonRpcMethod extra) {
    Map<String, JsonRpcMethod> byName = new TreeMap<>(methods);
    if (byName.putIfAbsent(extra.getName(), extra) != null) {
      throw new IllegalArgumentException("two methods are named " + extra.getName());
    }
    return new MethodRegistry(byName);
  }
}
