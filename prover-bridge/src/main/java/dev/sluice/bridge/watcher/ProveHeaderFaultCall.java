package dev.sluice.bridge.watcher;

import dev.sluice.bridge.derivation.RollupLog;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Calldata of {@code SluiceRollup.proveHeaderFault(batchIndex, header, lastStateRoot, proof)}: the
 * proof that a batch's {@code postStateRoot} is not the per-record root of its last record. Laid
 * out by hand (all but the proof are static words), so that it needs nothing of the binding the
 * poster maintains.
 */
public final class ProveHeaderFaultCall {
  public static final String SIGNATURE =
      "proveHeaderFault(uint64," + RollupLog.HEADER + ",bytes32,bytes32[])";

  private static final byte[] SELECTOR =
      Arrays.copyOf(Keccak.hash(SIGNATURE.getBytes(StandardCharsets.US_ASCII)), 4);

  /** Words before the proof's tail: index, nine header words, lastStateRoot, proof offset. */
  private static final int HEAD_WORDS = 1 + 9 + 1 + 1;

  private ProveHeaderFaultCall() {}

  public static byte[] encode(BatchHeader header, Bytes32 lastStateRoot, List<Bytes32> proof) {
    byte[] out = new byte[4 + 32 * (HEAD_WORDS + 1 + proof.size())];
    System.arraycopy(SELECTOR, 0, out, 0, 4);
    putUint(out, 0, header.index());
    System.arraycopy(header.abiEncode(), 0, out, 4 + 32, BatchHeader.ENCODED_SIZE);
    lastStateRoot.copyTo(out, 4 + 32 * 10);
    putUint(out, 11, 32L * HEAD_WORDS);
    putUint(out, HEAD_WORDS, proof.size());
    for (int i = 0; i < proof.size(); i++) {
      proof.get(i).copyTo(out, 4 + 32 * (HEAD_WORDS + 1 + i));
    }
    return out;
  }

  private static void putUint(byte[] out, int word, long value) {
    byte[] bytes = BigInteger.valueOf(value).toByteArray();
    int length = Math.min(bytes.length, 8);
    System.arraycopy(bytes, bytes.length - length, out, 4 + 32 * word + 32 - length, length);
  }
}
