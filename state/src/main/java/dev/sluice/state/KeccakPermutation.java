package dev.sluice.state;

/**
 * Keccak-f[1600], the permutation under Keccak-256 (FIPS 202 §3), over the state as 25 64-bit
 * lanes. Lane {@code x + 5y} holds state bytes {@code 8(x + 5y)} to {@code 8(x + 5y) + 7} in
 * little-endian order, which is how the sponge maps input bytes onto the state.
 *
 * <p>Written out over local variables so the JIT keeps the lanes in registers or adjacent stack
 * slots instead of reloading an array. Two rounds per loop iteration, the first from the lanes
 * {@code a} to {@code e}, the second back, arranged as in the Keccak team's reference code (XKCP,
 * "KeccakP-1600-64"): each row of ρ∘π's output {@code b} is consumed by χ as soon as it is
 * computed, and θ's column parities {@code c} for the next round are summed from the new lanes,
 * so few values are live at once. That is about a tenth faster than one round per iteration with
 * all 25 {@code b} lanes live; unrolling further gains nothing, and a method with all 24 rounds
 * would exceed the size the JIT compiles.
 */
public final class KeccakPermutation {
  /** Lanes in the state. */
  public static final int LANES = 25;

  private static final int ROUNDS = 24;

  private static final long[] ROUND_CONSTANTS = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
    0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
    0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L
  };

  private KeccakPermutation() {}

  /** Applies the 24 rounds to {@code state}, which must hold {@value #LANES} lanes. */
  public static void permute(long[] state) {
    long a0 = state[0];
    long a1 = state[1];
    long a2 = state[2];
    long a3 = state[3];
    long a4 = state[4];
    long a5 = state[5];
    long a6 = state[6];
    long a7 = state[7];
    long a8 = state[8];
    long a9 = state[9];
    long a10 = state[10];
    long a11 = state[11];
    long a12 = state[12];
    long a13 = state[13];
    long a14 = state[14];
    long a15 = state[15];
    long a16 = state[16];
    long a17 = state[17];
    long a18 = state[18];
    long a19 = state[19];
    long a20 = state[20];
    long a21 = state[21];
    long a22 = state[22];
    long a23 = state[23];
    long a24 = state[24];
    long e0, e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12;
    long e13, e14, e15, e16, e17, e18, e19, e20, e21, e22, e23, e24;
    long b0, b1, b2, b3, b4;
    long d0, d1, d2, d3, d4;
    // θ's column parities for the first round; every round leaves them for the next.
    long c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
    long c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
    long c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
    long c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
    long c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
    for (int round = 0; round < ROUNDS; round += 2) {
      // Round `round`, from a into e.
      d0 = c4 ^ Long.rotateLeft(c1, 1);
      d1 = c0 ^ Long.rotateLeft(c2, 1);
      d2 = c1 ^ Long.rotateLeft(c3, 1);
      d3 = c2 ^ Long.rotateLeft(c4, 1);
      d4 = c3 ^ Long.rotateLeft(c0, 1);
      b0 = a0 ^ d0;
      b1 = Long.rotateLeft(a6 ^ d1, 44);
      b2 = Long.rotateLeft(a12 ^ d2, 43);
      b3 = Long.rotateLeft(a18 ^ d3, 21);
      b4 = Long.rotateLeft(a24 ^ d4, 14);
      e0 = b0 ^ (~b1 & b2);
      e1 = b1 ^ (~b2 & b3);
      e2 = b2 ^ (~b3 & b4);
      e3 = b3 ^ (~b4 & b0);
      e4 = b4 ^ (~b0 & b1);
      e0 ^= ROUND_CONSTANTS[round];
      b0 = Long.rotateLeft(a3 ^ d3, 28);
      b1 = Long.rotateLeft(a9 ^ d4, 20);
      b2 = Long.rotateLeft(a10 ^ d0, 3);
      b3 = Long.rotateLeft(a16 ^ d1, 45);
      b4 = Long.rotateLeft(a22 ^ d2, 61);
      e5 = b0 ^ (~b1 & b2);
      e6 = b1 ^ (~b2 & b3);
      e7 = b2 ^ (~b3 & b4);
      e8 = b3 ^ (~b4 & b0);
      e9 = b4 ^ (~b0 & b1);
      b0 = Long.rotateLeft(a1 ^ d1, 1);
      b1 = Long.rotateLeft(a7 ^ d2, 6);
      b2 = Long.rotateLeft(a13 ^ d3, 25);
      b3 = Long.rotateLeft(a19 ^ d4, 8);
      b4 = Long.rotateLeft(a20 ^ d0, 18);
      e10 = b0 ^ (~b1 & b2);
      e11 = b1 ^ (~b2 & b3);
      e12 = b2 ^ (~b3 & b4);
      e13 = b3 ^ (~b4 & b0);
      e14 = b4 ^ (~b0 & b1);
      b0 = Long.rotateLeft(a4 ^ d4, 27);
      b1 = Long.rotateLeft(a5 ^ d0, 36);
      b2 = Long.rotateLeft(a11 ^ d1, 10);
      b3 = Long.rotateLeft(a17 ^ d2, 15);
      b4 = Long.rotateLeft(a23 ^ d3, 56);
      e15 = b0 ^ (~b1 & b2);
      e16 = b1 ^ (~b2 & b3);
      e17 = b2 ^ (~b3 & b4);
      e18 = b3 ^ (~b4 & b0);
      e19 = b4 ^ (~b0 & b1);
      b0 = Long.rotateLeft(a2 ^ d2, 62);
      b1 = Long.rotateLeft(a8 ^ d3, 55);
      b2 = Long.rotateLeft(a14 ^ d4, 39);
      b3 = Long.rotateLeft(a15 ^ d0, 41);
      b4 = Long.rotateLeft(a21 ^ d1, 2);
      e20 = b0 ^ (~b1 & b2);
      e21 = b1 ^ (~b2 & b3);
      e22 = b2 ^ (~b3 & b4);
      e23 = b3 ^ (~b4 & b0);
      e24 = b4 ^ (~b0 & b1);
      c0 = e0 ^ e5 ^ e10 ^ e15 ^ e20;
      c1 = e1 ^ e6 ^ e11 ^ e16 ^ e21;
      c2 = e2 ^ e7 ^ e12 ^ e17 ^ e22;
      c3 = e3 ^ e8 ^ e13 ^ e18 ^ e23;
      c4 = e4 ^ e9 ^ e14 ^ e19 ^ e24;
      // Round `round + 1`, from e back into a.
      d0 = c4 ^ Long.rotateLeft(c1, 1);
      d1 = c0 ^ Long.rotateLeft(c2, 1);
      d2 = c1 ^ Long.rotateLeft(c3, 1);
      d3 = c2 ^ Long.rotateLeft(c4, 1);
      d4 = c3 ^ Long.rotateLeft(c0, 1);
      b0 = e0 ^ d0;
      b1 = Long.rotateLeft(e6 ^ d1, 44);
      b2 = Long.rotateLeft(e12 ^ d2, 43);
      b3 = Long.rotateLeft(e18 ^ d3, 21);
      b4 = Long.rotateLeft(e24 ^ d4, 14);
      a0 = b0 ^ (~b1 & b2);
      a1 = b1 ^ (~b2 & b3);
      a2 = b2 ^ (~b3 & b4);
      a3 = b3 ^ (~b4 & b0);
      a4 = b4 ^ (~b0 & b1);
      a0 ^= ROUND_CONSTANTS[round + 1];
      b0 = Long.rotateLeft(e3 ^ d3, 28);
      b1 = Long.rotateLeft(e9 ^ d4, 20);
      b2 = Long.rotateLeft(e10 ^ d0, 3);
      b3 = Long.rotateLeft(e16 ^ d1, 45);
      b4 = Long.rotateLeft(e22 ^ d2, 61);
      a5 = b0 ^ (~b1 & b2);
      a6 = b1 ^ (~b2 & b3);
      a7 = b2 ^ (~b3 & b4);
      a8 = b3 ^ (~b4 & b0);
      a9 = b4 ^ (~b0 & b1);
      b0 = Long.rotateLeft(e1 ^ d1, 1);
      b1 = Long.rotateLeft(e7 ^ d2, 6);
      b2 = Long.rotateLeft(e13 ^ d3, 25);
      b3 = Long.rotateLeft(e19 ^ d4, 8);
      b4 = Long.rotateLeft(e20 ^ d0, 18);
      a10 = b0 ^ (~b1 & b2);
      a11 = b1 ^ (~b2 & b3);
      a12 = b2 ^ (~b3 & b4);
      a13 = b3 ^ (~b4 & b0);
      a14 = b4 ^ (~b0 & b1);
      b0 = Long.rotateLeft(e4 ^ d4, 27);
      b1 = Long.rotateLeft(e5 ^ d0, 36);
      b2 = Long.rotateLeft(e11 ^ d1, 10);
      b3 = Long.rotateLeft(e17 ^ d2, 15);
      b4 = Long.rotateLeft(e23 ^ d3, 56);
      a15 = b0 ^ (~b1 & b2);
      a16 = b1 ^ (~b2 & b3);
      a17 = b2 ^ (~b3 & b4);
      a18 = b3 ^ (~b4 & b0);
      a19 = b4 ^ (~b0 & b1);
      b0 = Long.rotateLeft(e2 ^ d2, 62);
      b1 = Long.rotateLeft(e8 ^ d3, 55);
      b2 = Long.rotateLeft(e14 ^ d4, 39);
      b3 = Long.rotateLeft(e15 ^ d0, 41);
      b4 = Long.rotateLeft(e21 ^ d1, 2);
      a20 = b0 ^ (~b1 & b2);
      a21 = b1 ^ (~b2 & b3);
      a22 = b2 ^ (~b3 & b4);
      a23 = b3 ^ (~b4 & b0);
      a24 = b4 ^ (~b0 & b1);
      c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
      c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
      c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
      c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
      c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
    }
    state[0] = a0;
    state[1] = a1;
    state[2] = a2;
    state[3] = a3;
    state[4] = a4;
    state[5] = a5;
    state[6] = a6;
    state[7] = a7;
    state[8] = a8;
    state[9] = a9;
    state[10] = a10;
    state[11] = a11;
    state[12] = a12;
    state[13] = a13;
    state[14] = a14;
    state[15] = a15;
    state[16] = a16;
    state[17] = a17;
    state[18] = a18;
    state[19] = a19;
    state[20] = a20;
    state[21] = a21;
    state[22] = a22;
    state[23] = a23;
    state[24] = a24;
  }
}
