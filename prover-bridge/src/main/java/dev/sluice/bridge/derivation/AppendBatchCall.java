package dev.sluice.bridge.derivation;

import dev.sluice.bridge.derivation.AbiWords.MalformedAbiException;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The arguments of a {@code SluiceRollup.appendBatch(header, data)} call read back from a
 * transaction's input: the calldata of a batch posted in calldata mode.
 *
 * @param header the header argument
 * @param data the batch data (docs/protocol.md §5.3)
 */
public record AppendBatchCall(BatchHeader header, byte[] data) {
  public static final String SIGNATURE = "appendBatch(" + RollupLog.HEADER + ",bytes)";

  /**
   * The most batch data decoding looks at: a 16 MiB payload, its six-byte prefix and 65,536 roots
   * (§6). Calldata cannot be nearly that long on any L1 today; the bound is for hostile input.
   */
  public static final int MAX_DATA_LENGTH = (16 << 20) + 6 + 65_536 * 32;

  private static final byte[] SELECTOR =
      Arrays.copyOf(Keccak.hash(SIGNATURE.getBytes(StandardCharsets.US_ASCII)), 4);

  public AppendBatchCall {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The four-byte selector of {@code appendBatch}. */
  public static byte[] selector() {
    return SELECTOR.clone();
  }

  /**
   * Decodes a transaction input as an {@code appendBatch} call.
   *
   * @throws IllegalArgumentException naming the problem if it is another function's call or does
   *     not decode
   */
  public static AppendBatchCall decode(byte[] input) {
    if (input.length < 4 || !Arrays.equals(input, 0, 4, SELECTOR, 0, 4)) {
      throw new IllegalArgumentException("the transaction does not call appendBatch");
    }
    AbiWords words = new AbiWords(input, 4);
    try {
      return new AppendBatchCall(words.header(0), words.dynamicBytes(9, MAX_DATA_LENGTH));
    } catch (MalformedAbiException e) {
      throw new IllegalArgumentException("the appendBatch input is malformed: " + e.getMessage());
    }
  }
}
