package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.RecoveredRecord;
import java.util.Arrays;
import java.util.Optional;

/**
 * One record of the write-ahead log: what replay needs to apply it again without recovering its
 * sender (the dearest step), plus the hashes derived from it, which are cheap to recompute.
 *
 * <p>Stored value: {@code version u8 (1) ‖ timestamp u64 ‖ sender (20) ‖ canonical encoding}.
 *
 * @param encoded the canonical encoding of {@code signed}; shared, never modified
 * @param recordHash {@code keccak(encoded)}
 * @param digest the EIP-712 digest the sender signed
 */
record LogEntry(
    long sequence,
    long timestamp,
    Address sender,
    SignedRecord signed,
    byte[] encoded,
    Bytes32 recordHash,
    Bytes32 digest) {
  private static final int VERSION = 1;
  private static final int HEADER_LENGTH = 1 + 8 + Address.SIZE;

  byte[] encodeValue() {
    byte[] value = new byte[HEADER_LENGTH + encoded.length];
    value[0] = VERSION;
    writeLong(value, 1, timestamp);
    sender.copyTo(value, 9);
    System.arraycopy(encoded, 0, value, HEADER_LENGTH, encoded.length);
    return value;
  }

  /**
   * Reads the entry stored for {@code sequence}.
   *
   * @throws IllegalStateException if the stored bytes are not a log entry this version writes
   */
  static LogEntry decode(long sequence, byte[] value, Eip712Domain domain) {
    if (value.length <= HEADER_LENGTH || value[0] != VERSION) {
      throw new IllegalStateException(
          "log entry "
              + sequence
              + " is corrupt or of an unknown version ("
              + value.length
              + " bytes)");
    }
    long timestamp = readLong(value, 1);
    Address sender = Address.wrap(Arrays.copyOfRange(value, 9, HEADER_LENGTH));
    byte[] encoded = Arrays.copyOfRange(value, HEADER_LENGTH, value.length);
    SignedRecord signed = RecordCodec.decode(encoded);
    return new LogEntry(
        sequence,
        timestamp,
        sender,
        signed,
        encoded,
        Keccak.hash32(encoded),
        domain.digest(signed.record()));
  }

  /** The transition function's input: the sender comes from the log, not from recovery. */
  RecoveredRecord recovered() {
    return new RecoveredRecord(signed, digest, Optional.of(sender));
  }

  SequencedRecord toSequencedRecord() {
    return new SequencedRecord(sequence, timestamp, signed, sender);
  }

  static void writeLong(byte[] target, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      target[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long readLong(byte[] source, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (source[offset + i] & 0xff);
    }
    return value;
  }
}
