package dev.sluice.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON Schema fragment, as the OpenRPC document embeds it for each parameter and
 * result. Each method describes its own parameters and result with these, and {@code rpc.discover}
 * assembles them, so the published document cannot drift from what the code accepts.
 */
public final class JsonSchema {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** An unsigned 64-bit integer as the node writes it: {@code 0x}-prefixed hex. */
  public static final JsonSchema QUANTITY =
      string("^0x(0|[1-9a-f][0-9a-f]{0,15})$")
          .describedAs("unsigned 64-bit integer, 0x-prefixed hex");

  /**
   * An unsigned 64-bit integer as the node reads it: hex like {@link #QUANTITY}, or a JSON number.
   */
  public static final JsonSchema QUANTITY_INPUT =
      oneOf(string("^0[xX][0-9a-fA-F]{1,16}$"), integer(0))
          .describedAs("unsigned 64-bit integer: 0x-prefixed hex, or a non-negative JSON number");

  /** Bytes as {@code 0x}-prefixed hex, two digits a byte. */
  public static final JsonSchema DATA =
      string("^0[xX]([0-9a-fA-F]{2})*$").describedAs("bytes, 0x-prefixed hex");

  /** 32 bytes as {@code 0x}-prefixed hex: a hash or a state root. */
  public static final JsonSchema HASH =
      string("^0[xX][0-9a-fA-F]{64}$").describedAs("32 bytes, 0x-prefixed hex");

  /** A 20-byte Ethereum address. */
  public static final JsonSchema ADDRESS =
      string("^0[xX][0-9a-fA-F]{40}$").describedAs("20-byte address, 0x-prefixed hex");

  public static final JsonSchema STREAM_NAME =
      string("^[\\x21-\\x7e]{1,64}$")
          .describedAs("stream name: 1-64 printable ASCII characters, no space");

  public static final JsonSchema BOOLEAN = ofType("boolean");

  public static final JsonSchema NULL = ofType("null");

  private final ObjectNode node;

  private JsonSchema(ObjectNode node) {
    this.node = node;
  }

  public static JsonSchema ofType(String type) {
    ObjectNode node = NODES.objectNode();
    node.put("type", type);
    return new JsonSchema(node);
  }

  public static JsonSchema string(String pattern) {
    JsonSchema schema = ofType("string");
    schema.node.put("pattern", pattern);
    return schema;
  }

  public static JsonSchema string() {
    return ofType("string");
  }

  public static JsonSchema integer(long minimum) {
    JsonSchema schema = ofType("integer");
    schema.node.put("minimum", minimum);
    return schema;
  }

  public static JsonSchema enumOf(List<String> values) {
    JsonSchema schema = ofType("string");
    ArrayNode array = schema.node.putArray("enum");
    values.forEach(array::add);
    return schema;
  }

  public static JsonSchema arrayOf(JsonSchema items) {
    JsonSchema schema = ofType("array");
    schema.node.set("items", items.node.deepCopy());
    return schema;
  }

  public static JsonSchema oneOf(JsonSchema... alternatives) {
    ObjectNode node = NODES.objectNode();
    ArrayNode array = node.putArray("oneOf");
    for (JsonSchema alternative : alternatives) {
      array.add(alternative.node.deepCopy());
    }
    return new JsonSchema(node);
  }

  /** This schema or JSON {@code null}. */
  public JsonSchema orNull() {
    return oneOf(this, NULL);
  }

  public JsonSchema describedAs(String description) {
    ObjectNode copy = node.deepCopy();
    copy.put("description", description);
    return new JsonSchema(copy);
  }

  public static ObjectBuilder object() {
    return new ObjectBuilder();
  }

  /** The schema as JSON, a fresh copy each time. */
  public JsonNode toJson() {
    return node.deepCopy();
  }

  @Override
  public String toString() {
    return node.toString();
  }

  /** Builds an object schema property by property, in the order the documents list them. */
  public static final class ObjectBuilder {
    private final Map<String, JsonSchema> properties = new LinkedHashMap<>();
    private final Map<String, Boolean> required = new LinkedHashMap<>();
    private boolean closed = true;

    private ObjectBuilder() {}

    public ObjectBuilder required(String name, JsonSchema schema) {
      properties.put(name, schema);
      required.put(name, true);
      return this;
    }

    public ObjectBuilder optional(String name, JsonSchema schema) {
      properties.put(name, schema);
      return this;
    }

    /** Lets the object carry properties not listed, for results that grow over versions. */
    public ObjectBuilder open() {
      closed = false;
      return this;
    }

    public JsonSchema build() {
      JsonSchema schema = ofType("object");
      ObjectNode props = schema.node.putObject("properties");
      properties.forEach((name, property) -> props.set(name, property.node.deepCopy()));
      ArrayNode names = schema.node.putArray("required");
      required.keySet().forEach(names::add);
      schema.node.put("additionalProperties", !closed);
      return schema;
    }
  }
}
