package dev.sluice.bridge;

import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ABI of the SluiceRollup this build compiled, as canonical signatures, so that tests can hold
 * the hand-written bindings against it.
 */
final class CompiledAbi {
  private static final JsonNode ABI =
      JsonMapper.builder().build().readTree(RollupArtifact.load().abiJson());

  private CompiledAbi() {}

  /** Canonical signatures of the ABI's entries of {@code type}: {@code name(type,(tuple),…)}. */
  static Set<String> signatures(String type) {
    Set<String> result = new HashSet<>();
    for (JsonNode entry : ABI) {
      if (entry.get("type").asString().equals(type)) {
        String name = type.equals("constructor") ? "constructor" : entry.get("name").asString();
        result.add(name + parameters(entry.get("inputs")));
      }
    }
    return result;
  }

  private static String parameters(JsonNode parameters) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < parameters.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      JsonNode parameter = parameters.get(i);
      String type = parameter.get("type").asString();
      if (type.startsWith("tuple")) {
        // "tuple", "tuple[]", "tuple[3]": the components in parentheses, then the array suffix.
        out.append(parameters(parameter.get("components"))).append(type.substring(5));
      } else {
        out.append(type);
      }
    }
    return out.append(')').toString();
  }
}
