package dev.sluice.devnet.bench;

import dev.sluice.state.Address;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Signature;
import fr.acinq.secp256k1.Secp256k1;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key of one benchmark client (a gateway), used on both sides: it signs the gateway's Sluice
 * records and its L1 transactions, so both systems see the same senders.
 *
 * <p>Signing goes through the native libsecp256k1 (the library the node's sender recovery uses):
 * pre-signing a run's hundreds of thousands of records with web3j's pure-Java signer would take
 * minutes. Both derive the ECDSA nonce by RFC 6979 and normalise to low s, so they produce the same
 * bytes; the record and transaction signers check that against web3j once per key.
 */
final class GatewayKey {
  private static final Secp256k1 SECP256K1 = Secp256k1.get();

  private final BigInteger privateKey;
  private final byte[] privateKeyBytes;
  private final byte[] publicKey;
  private final Address address;

  private GatewayKey(BigInteger privateKey) {
    this.privateKey = privateKey;
    this.privateKeyBytes = toBytes32(privateKey);
    this.publicKey = SECP256K1.pubkeyCreate(privateKeyBytes);
    this.address = Address.ofPublicKey(Arrays.copyOfRange(publicKey, 1, 65));
  }

  /** Client {@code client}'s key, derived from {@code seed} so that runs are repeatable. */
  static GatewayKey derive(long seed, int client) {
    ByteBuffer input = ByteBuffer.allocate(26);
    input.put("sluice-bench".getBytes(StandardCharsets.US_ASCII));
    input.putLong(seed);
    input.putInt(client);
    input.putShort((short) 0);
    BigInteger key = new BigInteger(1, Keccak.hash(input.array())).mod(Signature.CURVE_ORDER);
    return new GatewayKey(key.signum() == 0 ? BigInteger.ONE : key);
  }

  BigInteger privateKey() {
    return privateKey;
  }

  Address address() {
    return address;
  }

  /**
   * Signs a 32-byte digest.
   *
   * @return {@code r ‖ s ‖ recoveryId} (65 bytes, recovery id 0 or 1, s low)
   */
  byte[] sign(byte[] digest) {
    byte[] compact = SECP256K1.sign(digest, privateKeyBytes, null);
    // libsecp256k1's plain ECDSA signature carries no recovery id: recovering with id 0 and
    // comparing with our own key tells which of the two candidate points R was.
    byte[] recovered = SECP256K1.ecdsaRecover(compact, digest, 0);
    byte[] out = Arrays.copyOf(compact, 65);
    out[64] = (byte) (Arrays.equals(recovered, publicKey) ? 0 : 1);
    return out;
  }

  private static byte[] toBytes32(BigInteger value) {
    byte[] raw = value.toByteArray();
    int start = raw.length > 32 ? raw.length - 32 : 0;
    byte[] out = new byte[32];
    System.arraycopy(raw, start, out, 32 - (raw.length - start), raw.length - start);
    return out;
  }
}
