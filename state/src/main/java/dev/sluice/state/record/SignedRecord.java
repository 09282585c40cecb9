package dev.sluice.state.record;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;

/** A record with its sender's signature: the unit clients submit and batches carry. */
public record SignedRecord(Record record, Signature signature) {

  public SignedRecord {
    if (record == null || signature == null) {
      throw new IllegalArgumentException("a signed record needs a record and a signature");
    }
  }

  /** The canonical encoding (docs/protocol.md §1.2). */
  public byte[] encode() {
    return RecordCodec.encode(this);
  }

  /** {@code keccak(canonical encoding)}: the identifier of this signed record. */
  public Bytes32 recordHash() {
    return Keccak.hash32(encode());
  }
}
