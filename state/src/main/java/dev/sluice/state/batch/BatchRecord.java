package dev.sluice.state.batch;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import java.util.Objects;

/**
 * A record as a batch carries it: the signed record and the sequencer's timestamp (docs/protocol.md
 * §5.1, §5.3).
 *
 * @param signed the record and its sender's signature
 * @param timestamp sequencer time in milliseconds since the Unix epoch
 */
public record BatchRecord(SignedRecord signed, long timestamp) {

  /** Bytes hashed into a record leaf: digest, signature, timestamp. */
  public static final int LEAF_PREIMAGE_LENGTH = Bytes32.SIZE + Signature.LENGTH + Long.BYTES;

  public BatchRecord {
    Objects.requireNonNull(signed, "signed");
  }

  /** The record's leaf in the batch's {@code recordsRoot} under {@code domain}. */
  public Bytes32 leaf(Eip712Domain domain) {
    return leaf(domain.digest(signed.record()));
  }

  /**
   * {@code recordLeaf = keccak(digest ‖ signature ‖ timestamp u64)}, given the record's EIP-712
   * digest. The digest rather than the record's encoding, so that the contract can hash a leaf from
   * the fields it re-executes.
   */
  public Bytes32 leaf(Bytes32 digest) {
    byte[] preimage = new byte[LEAF_PREIMAGE_LENGTH];
    digest.copyTo(preimage, 0);
    System.arraycopy(signed.signature().toArray(), 0, preimage, Bytes32.SIZE, Signature.LENGTH);
    long value = timestamp;
    for (int i = LEAF_PREIMAGE_LENGTH - 1; i >= Bytes32.SIZE + Signature.LENGTH; i--) {
      preimage[i] = (byte) value;
      value >>>= 8;
    }
    return Keccak.hash32(preimage);
  }
}
