package dev.sluice.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.results.RecordResult;
import dev.sluice.state.record.MalformedRecordException;
import dev.sluice.state.record.Op;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.RecordLimits;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * A signed record parameter, in either of two forms: the canonical encoding as {@code 0x}-hex
 * (docs/protocol.md §1.2), or an object of the record's fields and its signature. Sizes are checked
 * on the hex text before anything is decoded; structural errors name the field as the protocol
 * spells it.
 */
public final class RecordParameter implements ParameterType<SignedRecord> {
  private static final Set<String> FIELDS =
      Set.of("nonce", "op", "stream", "key", "value", "signature");

  private final int maxRecordBytes;

  /**
   * @param maxRecordBytes the largest encoding accepted, at most the protocol's 61,839 bytes
   */
  public RecordParameter(int maxRecordBytes) {
    this.maxRecordBytes = Math.min(maxRecordBytes, RecordLimits.MAX_ENCODED_LENGTH);
  }

  @Override
  public JsonSchema schema() {
    return JsonSchema.oneOf(
            JsonSchema.DATA.describedAs("the canonical encoding of the signed record"),
            JsonSchema.object()
                .required("nonce", JsonSchema.QUANTITY_INPUT)
                .required("op", RecordResult.opSchema())
                .required("stream", JsonSchema.STREAM_NAME)
                .required(
                    "key",
                    JsonSchema.DATA.describedAs(
                        "entry key (put, delete) or writer address (grant, revoke)"))
                .optional(
                    "value",
                    JsonSchema.DATA.describedAs("put: the value; otherwise empty or absent"))
                .required(
                    "signature", JsonSchema.DATA.describedAs("65 bytes r ‖ s ‖ v, v = 27 or 28"))
                .build())
        .describedAs("a signed record: at most " + maxRecordBytes + " bytes encoded");
  }

  @Override
  public SignedRecord parse(JsonNode value, String name) {
    if (value.isTextual()) {
      return fromHex(value.textValue(), name);
    }
    if (value.isObject()) {
      return fromFields(value, name);
    }
    throw new InvalidJsonRpcParametersException(
        name,
        "expected the encoded record as 0x-hex or an object of its fields, got "
            + value.getNodeType());
  }

  private SignedRecord fromHex(String hex, String name) {
    int length = HexData.decodedLength(hex);
    if (length > maxRecordBytes) {
      throw tooLarge(name, length);
    }
    byte[] encoded;
    try {
      encoded = HexData.parse(hex);
    } catch (IllegalArgumentException malformed) {
      throw new InvalidJsonRpcParametersException(name, malformed.getMessage());
    }
    try {
      return RecordCodec.decode(encoded);
    } catch (MalformedRecordException malformed) {
      throw invalidField(name, malformed);
    }
  }

  private SignedRecord fromFields(JsonNode fields, String name) {
    for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw new InvalidJsonRpcParametersException(
            name, field, "unknown field; a record has nonce, op, stream, key, value and signature");
      }
    }
    long nonce = ParameterType.QUANTITY.parse(required(fields, name, "nonce"), name + ".nonce");
    Op op = op(required(fields, name, "op"), name);
    String stream = ParameterType.parseText(required(fields, name, "stream"), name + ".stream");
    byte[] key = ParameterType.DATA.parse(required(fields, name, "key"), name + ".key");
    JsonNode valueNode = fields.path("value");
    byte[] value =
        valueNode.isMissingNode() || valueNode.isNull()
            ? new byte[0]
            : ParameterType.DATA.parse(valueNode, name + ".value");
    if (value.length > RecordLimits.MAX_VALUE_LENGTH) {
      throw new InvalidJsonRpcParametersException(
          RpcErrorType.RECORD_TOO_LARGE,
          name + ".value",
          "a value is at most " + RecordLimits.MAX_VALUE_LENGTH + " bytes, got " + value.length);
    }
    byte[] signature =
        ParameterType.DATA.parse(required(fields, name, "signature"), name + ".signature");
    SignedRecord record;
    try {
      record = new SignedRecord(new Record(nonce, op, stream, key, value), Signature.of(signature));
    } catch (MalformedRecordException malformed) {
      throw invalidField(name, malformed);
    }
    int encodedLength =
        RecordLimits.FIXED_ENCODING_LENGTH + stream.length() + key.length + value.length;
    if (encodedLength > maxRecordBytes) {
      throw tooLarge(name, encodedLength);
    }
    return record;
  }

  private static Op op(JsonNode node, String name) {
    try {
      if (node.isIntegralNumber()) {
        return Op.ofCode(node.intValue());
      }
      if (node.isTextual()) {
        return Op.valueOf(node.textValue().toUpperCase(Locale.ROOT));
      }
    } catch (IllegalArgumentException unknown) {
      // falls through to the message below
    }
    throw new InvalidJsonRpcParametersException(
        name, "op", "must be put, delete, grant or revoke (or the codes 1-4), got " + node);
  }

  private static JsonNode required(JsonNode fields, String name, String field) {
    JsonNode node = fields.path(field);
    if (node.isMissingNode() || node.isNull()) {
      throw new InvalidJsonRpcParametersException(name, field, "missing");
    }
    return node;
  }

  private InvalidJsonRpcParametersException tooLarge(String name, int length) {
    return new InvalidJsonRpcParametersException(
        RpcErrorType.RECORD_TOO_LARGE,
        name,
        "a record is at most " + maxRecordBytes + " bytes encoded, got " + length);
  }

  private static InvalidJsonRpcParametersException invalidField(
      String name, MalformedRecordException malformed) {
    String prefix = malformed.field() + ": ";
    String problem =
        malformed.getMessage().startsWith(prefix)
            ? malformed.getMessage().substring(prefix.length())
            : malformed.getMessage();
    if ("record".equals(malformed.field())) {
      return new InvalidJsonRpcParametersException(RpcErrorType.RECORD_TOO_LARGE, name, problem);
    }
    return new InvalidJsonRpcParametersException(name, malformed.field(), problem);
  }
}
