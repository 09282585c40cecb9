package dev.sluice.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.rpc.TestSeeds;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.state.Address;
import dev.sluice.state.record.MalformedRecordException;
import dev.sluice.state.record.Op;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded random records and byte strings through the record parameter's two forms. */
class RecordParameterPropertyTest {
  private static final int CASES = 2_000;
  private final RecordParameter parameter = new RecordParameter(64 * 1024);

  @Test
  void shouldReadBothFormsOfEveryRecordAsTheSameRecord() {
    long seed = TestSeeds.seed("shouldReadBothFormsOfEveryRecordAsTheSameRecord");
    Random random = new Random(seed);
    for (int i = 0; i < CASES; i++) {
      SignedRecord record = randomRecord(random);
      String context = "case " + i + " " + TestSeeds.replay(seed);
      assertEquals(
          record,
          parameter.parse(TextNode.valueOf(HexData.format(record.encode())), "record"),
          context);
      assertEquals(record, parameter.parse(fields(record), "record"), context);
    }
  }

  @Test
  void shouldAgreeWithTheCodecOnEveryByteString() {
    long seed = TestSeeds.seed("shouldAgreeWithTheCodecOnEveryByteString");
    Random random = new Random(seed);
    for (int i = 0; i < CASES; i++) {
      byte[] encoded = randomRecord(random).encode();
      byte[] mutated = mutate(encoded, random);
      String context = "case " + i + " " + TestSeeds.replay(seed);
      SignedRecord expected;
      try {
        expected = RecordCodec.decode(mutated);
      } catch (MalformedRecordException refused) {
        expected = null;
      }
      try {
        SignedRecord actual = parameter.parse(TextNode.valueOf(HexData.format(mutated)), "record");
        assertEquals(expected, actual, context);
      } catch (InvalidJsonRpcParametersException refused) {
        assertEquals(null, expected, context + ": refused what the codec accepts");
        assertTrue(
            Set.of(RpcErrorType.INVALID_PARAMS, RpcErrorType.RECORD_TOO_LARGE)
                .contains(refused.error().type()),
            context);
        assertTrue(refused.error().message().startsWith("record"), context);
      }
    }
  }

  private static SignedRecord randomRecord(Random random) {
    Op op = Op.values()[random.nextInt(4)];
    String stream = randomStream(random);
    long nonce = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(100);
    Record record =
        switch (op) {
          case PUT ->
              Record.put(
                  nonce,
                  stream,
                  bytes(random, 1 + random.nextInt(40)),
                  bytes(random, random.nextInt(80)));
          case DELETE -> Record.delete(nonce, stream, bytes(random, 1 + random.nextInt(40)));
          case GRANT -> Record.grant(nonce, stream, Address.wrap(bytes(random, 20)));
          case REVOKE -> Record.revoke(nonce, stream, Address.wrap(bytes(random, 20)));
        };
    byte[] rsv = bytes(random, 65);
    rsv[64] = (byte) (27 + random.nextInt(2));
    return new SignedRecord(record, Signature.of(rsv));
  }

  private static String randomStream(Random random) {
    StringBuilder stream = new StringBuilder();
    int length = 1 + random.nextInt(20);
    for (int i = 0; i < length; i++) {
      stream.append((char) (0x21 + random.nextInt(0x7e - 0x21 + 1)));
    }
    return stream.toString();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] mutate(byte[] encoded, Random random) {
    byte[] copy = encoded.clone();
    switch (random.nextInt(4)) {
      case 0 -> copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> copy = Arrays.copyOf(copy, random.nextInt(copy.length));
      case 2 -> {
        copy = Arrays.copyOf(copy, copy.length + 1 + random.nextInt(3));
      }
      default -> copy[random.nextInt(Math.min(copy.length, 14))] = (byte) random.nextInt(256);
    }
    return copy;
  }

  private static ObjectNode fields(SignedRecord signed) {
    Record record = signed.record();
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    fields.put("nonce", "0x" + Long.toHexString(record.nonce()));
    fields.put("op", record.op().name().toLowerCase(Locale.ROOT));
    fields.put("stream", record.stream());
    fields.put("key", HexData.format(record.key()));
    fields.put("value", HexData.format(record.value()));
    fields.put("signature", signed.signature().toHex());
    return fields;
  }
}
