package dev.sluice.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.state.Address;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The optional second parameter of the send methods.
 *
 * @param chainId the chain id the client signed for; checked against the node's (WRONG_CHAIN)
 * @param verifyingContract the rollup contract the client signed for; checked likewise
 * @param timeout how long {@code sluice_sendRecordSync} waits for the receipt
 */
public record SubmitOptions(
    OptionalLong chainId, Optional<Address> verifyingContract, Optional<Duration> timeout) {

  public static final SubmitOptions NONE =
      new SubmitOptions(OptionalLong.empty(), Optional.empty(), Optional.empty());

  /** The options of {@code sluice_sendRecord}: the signing domain only. */
  public static final ParameterType<SubmitOptions> TYPE = type(false);

  /** The options of {@code sluice_sendRecordSync}: the signing domain and the receipt wait. */
  public static final ParameterType<SubmitOptions> WITH_TIMEOUT = type(true);

  private static ParameterType<SubmitOptions> type(boolean withTimeout) {
    JsonSchema.ObjectBuilder schema =
        JsonSchema.object()
            .optional("chainId", JsonSchema.QUANTITY_INPUT.describedAs("the chain id signed for"))
            .optional(
                "verifyingContract",
                JsonSchema.ADDRESS.describedAs("the rollup contract signed for"));
    if (withTimeout) {
      schema.optional(
          "timeout", JsonSchema.QUANTITY_INPUT.describedAs("milliseconds to wait for the receipt"));
    }
    List<String> fields =
        withTimeout
            ? List.of("chainId", "verifyingContract", "timeout")
            : List.of("chainId", "verifyingContract");
    return ParameterType.of(schema.build(), (value, name) -> parse(value, name, fields));
  }

  private static SubmitOptions parse(JsonNode value, String name, List<String> fields) {
    if (!value.isObject()) {
      throw new InvalidJsonRpcParametersException(
          name, "expected an object, got " + value.getNodeType());
    }
    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw new InvalidJsonRpcParametersException(
            name, field, "unknown option; known: " + fields);
      }
    }
    OptionalLong chainId = OptionalLong.empty();
    if (present(value, "chainId")) {
      chainId =
          OptionalLong.of(ParameterType.QUANTITY.parse(value.get("chainId"), name + ".chainId"));
    }
    Optional<Address> contract = Optional.empty();
    if (present(value, "verifyingContract")) {
      contract =
          Optional.of(
              ParameterType.ADDRESS.parse(
                  value.get("verifyingContract"), name + ".verifyingContract"));
    }
    Optional<Duration> timeout = Optional.empty();
    if (present(value, "timeout")) {
      long millis = ParameterType.QUANTITY.parse(value.get("timeout"), name + ".timeout");
      if (millis < 0) {
        throw new InvalidJsonRpcParametersException(name, "timeout", "too large");
      }
      timeout = Optional.of(Duration.ofMillis(millis));
    }
    return new SubmitOptions(chainId, contract, timeout);
  }

  private static boolean present(JsonNode value, String field) {
    return value.has(field) && !value.get(field).isNull();
  }
}
