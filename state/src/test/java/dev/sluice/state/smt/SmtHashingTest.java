package dev.sluice.state.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import org.junit.jupiter.api.Test;

class SmtHashingTest {
  private static final Bytes32 A =
      Bytes32.fromHex("0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  private static final Bytes32 B =
      Bytes32.fromHex("0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");

  @Test
  void emptySubtreeIsThirtyTwoZeroBytes() {
    assertEquals(Bytes32.ZERO, SmtHashing.EMPTY);
  }

  @Test
  void leafIsKeccakOfZeroByteKeyAndValueHash() {
    assertEquals(
        Keccak.hash32(new byte[] {0x00}, A.toArray(), B.toArray()), SmtHashing.leaf(A, B));
  }

  @Test
  void internalIsKeccakOfOneByteLeftAndRight() {
    assertEquals(
        Keccak.hash32(new byte[] {0x01}, A.toArray(), B.toArray()), SmtHashing.internal(A, B));
    assertNotEquals(SmtHashing.internal(A, B), SmtHashing.internal(B, A));
  }

  @Test
  void theKindByteSeparatesLeavesFromInternalNodes() {
    assertNotEquals(SmtHashing.leaf(A, B), SmtHashing.internal(A, B));
  }

  @Test
  void aNodeHashIsTheKeccakOfItsEncoding() {
    byte[] leaf = SmtHashing.leafNode(A, B);
    byte[] internal = SmtHashing.internalNode(A, B);
    assertEquals(SmtHashing.NODE_SIZE, leaf.length);
    assertEquals(SmtHashing.leaf(A, B), SmtHashing.hashNode(leaf));
    assertEquals(SmtHashing.internal(A, B), SmtHashing.hashNode(internal));
    assertEquals(Keccak.hash32(leaf), SmtHashing.hashNode(leaf));
  }
}
