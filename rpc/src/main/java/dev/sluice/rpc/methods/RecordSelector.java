package dev.sluice.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.state.Bytes32;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Names one sequenced record: by its record hash (32 bytes of hex) or by its sequence number (a
 * quantity). The two cannot be confused: a hash is exactly 64 hex digits, a quantity at most 16.
 */
public record RecordSelector(Optional<Bytes32> recordHash, OptionalLong sequence) {

  public static final ParameterType<RecordSelector> TYPE =
      ParameterType.of(
          JsonSchema.oneOf(JsonSchema.HASH, JsonSchema.QUANTITY_INPUT)
              .describedAs("a record hash (32 bytes) or a sequence number"),
          RecordSelector::parse);

  private static RecordSelector parse(JsonNode value, String name) {
    if (value.isTextual() && value.textValue().length() == 66) {
      return new RecordSelector(
          Optional.of(ParameterType.HASH.parse(value, name)), OptionalLong.empty());
    }
    return new RecordSelector(
        Optional.empty(), OptionalLong.of(ParameterType.QUANTITY.parse(value, name)));
  }
}
