package dev.sluice.state.record;

import dev.sluice.state.Address;
import java.math.BigInteger;
import java.util.Random;

/** Records and signers for tests: fixed keys so failures reproduce. */
public final class RecordFixtures {
  public static final Eip712Domain DOMAIN =
      new Eip712Domain(31337, Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

  private RecordFixtures() {}

  /** A signer whose private key is {@code seed} (any positive number below the curve order). */
  public static RecordSigner signer(long seed) {
    return RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(seed));
  }

  /** A structurally valid record of a random op with random field sizes within the limits. */
  public static Record randomRecord(Random random) {
    Op op = Op.values()[random.nextInt(Op.values().length)];
    long nonce = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1000);
    String stream = randomStream(random);
    return switch (op) {
      case PUT -> Record.put(nonce, stream, randomBytes(random, 1, 40), randomValue(random));
      case DELETE -> Record.delete(nonce, stream, randomBytes(random, 1, 40));
      case GRANT -> Record.grant(nonce, stream, Address.wrap(randomBytes(random, 20, 20)));
      case REVOKE -> Record.revoke(nonce, stream, Address.wrap(randomBytes(random, 20, 20)));
    };
  }

  public static String randomStream(Random random) {
    int length = 1 + random.nextInt(random.nextInt(8) == 0 ? RecordLimits.MAX_STREAM_LENGTH : 12);
    StringBuilder stream = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      stream.append((char) (0x21 + random.nextInt(0x7e - 0x21 + 1)));
    }
    return stream.toString();
  }

  private static byte[] randomValue(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> new byte[0];
      case 1 -> randomBytes(random, 0, RecordLimits.MAX_VALUE_LENGTH);
      default -> randomBytes(random, 0, 64);
    };
  }

  public static byte[] randomBytes(Random random, int min, int max) {
    byte[] bytes = new byte[min + random.nextInt(max - min + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A canonically encoded signature with random scalars; usually not a valid one. */
  public static Signature randomSignature(Random random) {
    byte[] rsv = new byte[65];
    random.nextBytes(rsv);
    rsv[64] = (byte) (27 + random.nextInt(2));
    return Signature.of(rsv);
  }
}
