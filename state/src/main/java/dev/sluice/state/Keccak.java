package dev.sluice.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Keccak-256 as Ethereum uses it (the pre-standard padding {@code 0x01 … 0x80}, not SHA3-256's
 * {@code 0x06}).
 *
 * <p>A sponge of our own over {@link KeccakPermutation} rather than BouncyCastle's general digest:
 * every hash here is short, and absorbing whole little-endian lanes straight from the input, with
 * the padding written into the last lane, costs a fraction of the generic byte queue. One sponge
 * per thread, because the state is reused.
 */
public final class Keccak {
  /** Bytes absorbed per permutation: 1600 bits less twice the 256-bit output. */
  static final int RATE = 136;

  private static final int RATE_LANES = RATE / Long.BYTES;
  private static final int OUTPUT = Bytes32.SIZE;

  private static final VarHandle LANE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final ThreadLocal<Sponge> SPONGE = ThreadLocal.withInitial(Sponge::new);

  private Keccak() {}

  /** Hashes the concatenation of {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    Sponge sponge = SPONGE.get().reset();
    for (byte[] part : parts) {
      sponge.absorb(part, 0, part.length);
    }
    byte[] out = new byte[OUTPUT];
    sponge.squeeze(out);
    return out;
  }

  /** Hashes {@code length} bytes of {@code input} from {@code offset}. */
  public static byte[] hash(byte[] input, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, input.length);
    Sponge sponge = SPONGE.get().reset();
    sponge.absorb(input, offset, length);
    byte[] out = new byte[OUTPUT];
    sponge.squeeze(out);
    return out;
  }

  public static Bytes32 hash32(byte[]... parts) {
    return Bytes32.adopt(hash(parts));
  }

  /**
   * The state of one hash in progress. Input is absorbed a whole block at a time when it allows,
   * otherwise gathered in {@link #pending} until a block is complete or the hash is finished.
   */
  private static final class Sponge {
    private final long[] state = new long[KeccakPermutation.LANES];
    private final byte[] pending = new byte[RATE];
    private int pendingLength;

    /**
     * Starts a new hash. Done first rather than after squeezing, so that a hash abandoned by an
     * exception (a null part, say) cannot leak into the next one on this thread.
     */
    Sponge reset() {
      Arrays.fill(state, 0L);
      pendingLength = 0;
      return this;
    }

    void absorb(byte[] input, int offset, int length) {
      if (pendingLength > 0) {
        int taken = Math.min(length, RATE - pendingLength);
        System.arraycopy(input, offset, pending, pendingLength, taken);
        pendingLength += taken;
        offset += taken;
        length -= taken;
        if (pendingLength < RATE) {
          return;
        }
        absorbBlock(pending, 0);
        pendingLength = 0;
      }
      while (length >= RATE) {
        absorbBlock(input, offset);
        offset += RATE;
        length -= RATE;
      }
      System.arraycopy(input, offset, pending, 0, length);
      pendingLength = length;
    }

    /** Pads and writes the 32-byte digest into {@code out}. */
    void squeeze(byte[] out) {
      // The pending bytes' lanes are absorbed whole; the bytes after them up to the end of the
      // block are zero, except the two padding bits.
      Arrays.fill(pending, pendingLength, RATE, (byte) 0);
      pending[pendingLength] ^= 0x01;
      pending[RATE - 1] ^= (byte) 0x80;
      absorbBlock(pending, 0);
      for (int i = 0; i < OUTPUT / Long.BYTES; i++) {
        LANE.set(out, i * Long.BYTES, state[i]);
      }
    }

    private void absorbBlock(byte[] block, int offset) {
      long[] lanes = state;
      for (int i = 0; i < RATE_LANES; i++) {
        lanes[i] ^= (long) LANE.get(block, offset + i * Long.BYTES);
      }
      KeccakPermutation.permute(lanes);
    }
  }
}
