package dev.sluice.state.stf;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.util.Arrays;

/**
 * A stream's leaf: its owner, how many records were applied to it, and the hash chain over their
 * digests, which lets a consumer prove that none was dropped or inserted (docs/protocol.md §2).
 */
public record StreamLeaf(Address owner, long count, Bytes32 head) {
  public static final int ENCODED_LENGTH = Address.SIZE + 8 + Bytes32.SIZE;

  /** The leaf of a stream just created by {@code owner}, before its first record counts. */
  public static StreamLeaf created(Address owner) {
    return new StreamLeaf(owner, 0, Bytes32.ZERO);
  }

  /** The leaf after one more applied record with EIP-712 digest {@code digest}. */
  public StreamLeaf append(Bytes32 digest) {
    return new StreamLeaf(owner, count + 1, Keccak.hash32(head.toArray(), digest.toArray()));
  }

  public byte[] encode() {
    byte[] out = new byte[ENCODED_LENGTH];
    owner.copyTo(out, 0);
    Uint64.write(out, Address.SIZE, count);
    head.copyTo(out, Address.SIZE + 8);
    return out;
  }

  public static StreamLeaf decode(byte[] preimage) {
    if (preimage.length != ENCODED_LENGTH) {
      throw new IllegalStateException(
          "corrupt stream leaf: " + preimage.length + " bytes, expected " + ENCODED_LENGTH);
    }
    return new StreamLeaf(
        Address.wrap(Arrays.copyOf(preimage, Address.SIZE)),
        Uint64.read(preimage, Address.SIZE),
        Bytes32.wrap(preimage, Address.SIZE + 8));
  }
}
