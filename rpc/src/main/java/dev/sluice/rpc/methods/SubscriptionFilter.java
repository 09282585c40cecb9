package dev.sluice.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.ParameterType;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The optional filter of {@code sluice_subscribe}.
 *
 * @param stream deliver only this stream's records
 * @param fromSequence start here (to resume without a gap); the next record when absent
 */
public record SubscriptionFilter(Optional<String> stream, OptionalLong fromSequence) {
  public static final SubscriptionFilter NONE =
      new SubscriptionFilter(Optional.empty(), OptionalLong.empty());

  private static final Set<String> FIELDS = Set.of("stream", "fromSequence");

  public static final ParameterType<SubscriptionFilter> TYPE =
      ParameterType.of(
          JsonSchema.object()
              .optional("stream", JsonSchema.STREAM_NAME.describedAs("only this stream's records"))
              .optional(
                  "fromSequence",
                  JsonSchema.QUANTITY_INPUT.describedAs(
                      "the first sequence to deliver; default: the next"))
              .build(),
          SubscriptionFilter::parse);

  private static SubscriptionFilter parse(JsonNode value, String name) {
    if (!value.isObject()) {
      throw new InvalidJsonRpcParametersException(
          name, "expected an object, got " + value.getNodeType());
    }
    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw new InvalidJsonRpcParametersException(
            name, field, "unknown filter; known: stream, fromSequence");
      }
    }
    Optional<String> stream = Optional.empty();
    if (value.hasNonNull("stream")) {
      stream = Optional.of(StreamName.TYPE.parse(value.get("stream"), name + ".stream"));
    }
    OptionalLong from = OptionalLong.empty();
    if (value.hasNonNull("fromSequence")) {
      from =
          OptionalLong.of(
              ParameterType.QUANTITY.parse(value.get("fromSequence"), name + ".fromSequence"));
    }
    return new SubscriptionFilter(stream, from);
  }
}
