package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;

/** A fixed key that signs records with consecutive nonces, starting wherever the test says. */
final class TestSigner {
  private final RecordSigner signer;
  private long nextNonce;

  TestSigner(long seed) {
    this.signer = RecordFixtures.signer(seed);
  }

  Address address() {
    return signer.address();
  }

  long nextNonce() {
    return nextNonce;
  }

  TestSigner startingAt(long nonce) {
    nextNonce = nonce;
    return this;
  }

  SignedRecord put(String stream, String key, String value) {
    return signer.sign(Record.put(nextNonce++, stream, key.getBytes(), value.getBytes()));
  }

  SignedRecord delete(String stream, String key) {
    return signer.sign(Record.delete(nextNonce++, stream, key.getBytes()));
  }

  SignedRecord grant(String stream, Address writer) {
    return signer.sign(Record.grant(nextNonce++, stream, writer));
  }

  SignedRecord revoke(String stream, Address writer) {
    return signer.sign(Record.revoke(nextNonce++, stream, writer));
  }

  /** A record with an explicit nonce; does not move the signer's own count. */
  SignedRecord putWithNonce(long nonce, String stream, String key, String value) {
    return signer.sign(Record.put(nonce, stream, key.getBytes(), value.getBytes()));
  }
}
