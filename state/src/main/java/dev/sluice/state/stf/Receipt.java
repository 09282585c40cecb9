package dev.sluice.state.stf;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.util.Arrays;

/**
 * What the sequencer answers for each ordered record (docs/protocol.md §4).
 *
 * @param sender the recovered sender; the zero address for {@link Status#BAD_SIGNATURE}
 * @param timestamp sequencer time in milliseconds since the Unix epoch
 */
public record Receipt(
    long sequence,
    Bytes32 recordHash,
    Address sender,
    Status status,
    Bytes32 postStateRoot,
    long timestamp) {
  public static final int ENCODED_LENGTH = 8 + 32 + 20 + 1 + 32 + 8;

  public byte[] encode() {
    byte[] out = new byte[ENCODED_LENGTH];
    Uint64.write(out, 0, sequence);
    recordHash.copyTo(out, 8);
    sender.copyTo(out, 40);
    out[60] = (byte) status.code();
    postStateRoot.copyTo(out, 61);
    Uint64.write(out, 93, timestamp);
    return out;
  }

  public static Receipt decode(byte[] encoded) {
    if (encoded.length != ENCODED_LENGTH) {
      throw new IllegalArgumentException(
          "a receipt is " + ENCODED_LENGTH + " bytes, got " + encoded.length);
    }
    return new Receipt(
        Uint64.read(encoded, 0),
        Bytes32.wrap(encoded, 8),
        Address.wrap(Arrays.copyOfRange(encoded, 40, 60)),
        Status.ofCode(encoded[60] & 0xff),
        Bytes32.wrap(encoded, 61),
        Uint64.read(encoded, 93));
  }
}
