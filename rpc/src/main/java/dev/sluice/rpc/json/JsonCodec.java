package dev.sluice.rpc.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes JSON-RPC messages with Jackson, within limits an attacker cannot talk past.
 *
 * <p>The parser is Jackson's streaming parser with a nesting-depth limit: it counts depth as it
 * reads and fails at the first bracket too deep, before anything recursive sees the input, so a
 * body of 100,000 {@code [} costs a few microseconds and no stack. Duplicate object keys are
 * refused (two {@code "method"} members would otherwise mean whatever the last one says), and so is
 * anything after the first JSON value.
 */
public final class JsonCodec {
  private final ObjectMapper mapper;
  private final int maxNestingDepth;

  /**
   * @param maxNestingDepth the deepest nesting of arrays and objects accepted; JSON-RPC requests
   *     need about 6
   * @param maxStringLength the longest string value accepted, in characters
   */
  public JsonCodec(int maxNestingDepth, int maxStringLength) {
    if (maxNestingDepth < 2) {
      throw new IllegalArgumentException("JSON-RPC needs a nesting depth of at least 2");
    }
    this.maxNestingDepth = maxNestingDepth;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxNestingDepth)
                    .maxStringLength(maxStringLength)
                    .maxNumberLength(64)
                    .maxNameLength(256)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  /** A codec with limits suited to clients reading a node's answers. */
  public static JsonCodec forClients() {
    return new JsonCodec(64, Integer.MAX_VALUE);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Parses exactly one JSON value.
   *
   * @throws MalformedJsonException saying where and why the input is not acceptable JSON
   */
  public JsonNode parse(byte[] json) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (StreamConstraintsException tooDeep) {
      throw new MalformedJsonException(describe(tooDeep), tooDeep);
    } catch (JsonProcessingException malformed) {
      throw new MalformedJsonException(
          malformed.getOriginalMessage() + location(malformed), malformed);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    if (node == null || node.isMissingNode()) {
      throw new MalformedJsonException("the body is empty; send one JSON-RPC request or a batch");
    }
    return node;
  }

  public byte[] writeBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException unserializable) {
      throw new IllegalStateException(
          "cannot serialise " + value.getClass().getName(), unserializable);
    }
  }

  public String writeString(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException unserializable) {
      throw new IllegalStateException(
          "cannot serialise " + value.getClass().getName(), unserializable);
    }
  }

  private String describe(StreamConstraintsException exception) {
    String message = exception.getOriginalMessage();
    if (message != null && message.contains("nesting depth")) {
      return "JSON nested deeper than " + maxNestingDepth + " levels";
    }
    return message;
  }

  private static String location(JsonProcessingException exception) {
    return exception.getLocation() == null
        ? ""
        : " (line "
            + exception.getLocation().getLineNr()
            + ", column "
            + exception.getLocation().getColumnNr()
            + ")";
  }

  /** The input is not one acceptable JSON value; the message says why, for the client. */
  public static final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
      super(message);
    }

    MalformedJsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
