package dev.sluice.state.record;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.nio.charset.StandardCharsets;

/**
 * The EIP-712 domain of one Sluice deployment and the record digest under it (docs/protocol.md
 * §1.1): {@code name "Sluice"}, {@code version "1"}, the L2 chain id and the rollup contract.
 */
public final class Eip712Domain {
  public static final Bytes32 DOMAIN_TYPEHASH =
      typeHash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  public static final Bytes32 RECORD_TYPEHASH =
      typeHash("Record(uint64 nonce,uint8 op,string stream,bytes key,bytes value)");
  private static final byte[] NAME_HASH = Keccak.hash("Sluice".getBytes(StandardCharsets.UTF_8));
  private static final byte[] VERSION_HASH = Keccak.hash("1".getBytes(StandardCharsets.UTF_8));

  private final long chainId;
  private final Address verifyingContract;
  private final Bytes32 separator;

  public Eip712Domain(long chainId, Address verifyingContract) {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive, got " + chainId);
    }
    this.chainId = chainId;
    this.verifyingContract = verifyingContract;
    byte[] encoded = new byte[5 * 32];
    DOMAIN_TYPEHASH.copyTo(encoded, 0);
    System.arraycopy(NAME_HASH, 0, encoded, 32, 32);
    System.arraycopy(VERSION_HASH, 0, encoded, 64, 32);
    putUint64(encoded, 96, chainId);
    verifyingContract.copyTo(encoded, 4 * 32 + 12);
    this.separator = Keccak.hash32(encoded);
  }

  public long chainId() {
    return chainId;
  }

  public Address verifyingContract() {
    return verifyingContract;
  }

  public Bytes32 separator() {
    return separator;
  }

  /** {@code hashStruct(record)}: independent of the domain. */
  public static Bytes32 structHash(Record record) {
    byte[] encoded = new byte[6 * 32];
    RECORD_TYPEHASH.copyTo(encoded, 0);
    putUint64(encoded, 32, record.nonce());
    encoded[3 * 32 - 1] = (byte) record.op().code();
    System.arraycopy(Keccak.hash(record.streamBytes()), 0, encoded, 96, 32);
    System.arraycopy(Keccak.hash(record.keyUnsafe()), 0, encoded, 128, 32);
    System.arraycopy(Keccak.hash(record.valueUnsafe()), 0, encoded, 160, 32);
    return Keccak.hash32(encoded);
  }

  /** The 32-byte digest the sender signs: {@code keccak(0x1901 ‖ separator ‖ structHash)}. */
  public Bytes32 digest(Record record) {
    byte[] encoded = new byte[2 + 32 + 32];
    encoded[0] = 0x19;
    encoded[1] = 0x01;
    separator.copyTo(encoded, 2);
    structHash(record).copyTo(encoded, 34);
    return Keccak.hash32(encoded);
  }

  private static Bytes32 typeHash(String type) {
    return Keccak.hash32(type.getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes an unsigned 64-bit value right-aligned in the 32-byte word ending at offset + 32. */
  private static void putUint64(byte[] target, int wordOffset, long value) {
    for (int i = 31; i >= 24; i--) {
      target[wordOffset + i] = (byte) value;
      value >>>= 8;
    }
  }

  @Override
  public String toString() {
    return "Eip712Domain[chainId=" + chainId + ", verifyingContract=" + verifyingContract + "]";
  }
}
