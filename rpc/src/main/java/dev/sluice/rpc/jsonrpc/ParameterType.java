package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.util.Locale;

/**
 * How one kind of parameter is read from JSON, and its schema for the OpenRPC document. Reading
 * turns every bad value into an {@link InvalidJsonRpcParametersException} that names the parameter
 * and says what was expected.
 */
public interface ParameterType<T> {

  /**
   * Reads {@code value}, which is neither missing nor null.
   *
   * @param name the parameter's name (or {@code parameter.field}) for error messages
   */
  T parse(JsonNode value, String name);

  JsonSchema schema();

  /** Unsigned 64-bit integer: {@code 0x}-prefixed hex, or a non-negative JSON integer. */
  ParameterType<Long> QUANTITY = of(JsonSchema.QUANTITY_INPUT, ParameterType::parseQuantity);

  /** 32 bytes, {@code 0x}-prefixed hex. */
  ParameterType<Bytes32> HASH =
      of(JsonSchema.HASH, (value, name) -> Bytes32.wrap(parseData(value, name, 32, 32)));

  ParameterType<Address> ADDRESS =
      of(JsonSchema.ADDRESS, (value, name) -> Address.wrap(parseData(value, name, 20, 20)));

  /** Any bytes, {@code 0x}-prefixed hex. */
  ParameterType<byte[]> DATA =
      of(JsonSchema.DATA, (value, name) -> parseData(value, name, 0, Integer.MAX_VALUE));

  ParameterType<String> STRING = of(JsonSchema.string(), ParameterType::parseText);

  ParameterType<Boolean> BOOLEAN =
      of(
          JsonSchema.BOOLEAN,
          (value, name) -> {
            if (!value.isBoolean()) {
              throw new InvalidJsonRpcParametersException(
                  name, "expected true or false, got " + value.getNodeType());
            }
            return value.booleanValue();
          });

  static <T> ParameterType<T> of(JsonSchema schema, Parser<T> parser) {
    return new ParameterType<>() {
      @Override
      public T parse(JsonNode value, String name) {
        return parser.parse(value, name);
      }

      @Override
      public JsonSchema schema() {
        return schema;
      }
    };
  }

  /** The reading half of a parameter type. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(JsonNode value, String name);
  }

  static String parseText(JsonNode value, String name) {
    if (!value.isTextual()) {
      throw new InvalidJsonRpcParametersException(
          name, "expected a string, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return value.textValue();
  }

  static long parseQuantity(JsonNode value, String name) {
    if (value.isIntegralNumber()) {
      BigInteger number = value.bigIntegerValue();
      if (number.signum() < 0 || number.bitLength() > 64) {
        throw new InvalidJsonRpcParametersException(
            name, "must be an unsigned 64-bit integer, got " + number);
      }
      return number.longValue();
    }
    if (value.isNumber()) {
      throw new InvalidJsonRpcParametersException(name, "must be an integer, got " + value);
    }
    try {
      return Quantity.parse(parseText(value, name));
    } catch (IllegalArgumentException malformed) {
      throw new InvalidJsonRpcParametersException(name, malformed.getMessage());
    }
  }

  /**
   * Reads {@code 0x}-hex of {@code min} to {@code max} bytes, checking the length before decoding.
   */
  static byte[] parseData(JsonNode value, String name, int min, int max) {
    String text = parseText(value, name);
    int length = HexData.decodedLength(text);
    if (length >= 0 && (length < min || length > max)) {
      throw new InvalidJsonRpcParametersException(
          name,
          (min == max ? "expected " + min + " bytes" : "expected " + min + " to " + max + " bytes")
              + " ("
              + 2 * min
              + (min == max ? "" : "+")
              + " hex digits after 0x), got "
              + length);
    }
    try {
      return HexData.parse(text);
    } catch (IllegalArgumentException malformed) {
      throw new InvalidJsonRpcParametersException(name, malformed.getMessage());
    }
  }
}
