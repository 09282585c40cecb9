package dev.sluice.rpc.client;

import dev.sluice.state.Address;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;

/**
 * A sender's key and its next nonce: builds and signs records one after another. Thread-safe; each
 * record takes the next nonce. Submit records in the order they were made, or the later ones are
 * refused as NONCE_TOO_HIGH until the earlier arrive.
 */
public final class SigningAccount {
  private final RecordSigner signer;
  private long nextNonce;

  public SigningAccount(RecordSigner signer, long nextNonce) {
    this.signer = signer;
    this.nextNonce = nextNonce;
  }

  /** An account whose next nonce is asked of the node. */
  public static SigningAccount synced(RecordSigner signer, SluiceClient client) {
    return new SigningAccount(signer, client.nonce(signer.address()));
  }

  public Address address() {
    return signer.address();
  }

  public synchronized long nextNonce() {
    return nextNonce;
  }

  /** Takes the node's view of the next nonce, e.g. after a record was refused. */
  public synchronized void resync(SluiceClient client) {
    nextNonce = client.nonce(signer.address());
  }

  public SignedRecord put(String stream, byte[] key, byte[] value) {
    synchronized (this) {
      return take(Record.put(nextNonce, stream, key, value));
    }
  }

  public SignedRecord delete(String stream, byte[] key) {
    synchronized (this) {
      return take(Record.delete(nextNonce, stream, key));
    }
  }

  public SignedRecord grant(String stream, Address writer) {
    synchronized (this) {
      return take(Record.grant(nextNonce, stream, writer));
    }
  }

  public SignedRecord revoke(String stream, Address writer) {
    synchronized (this) {
      return take(Record.revoke(nextNonce, stream, writer));
    }
  }

  private SignedRecord take(Record record) {
    SignedRecord signed = signer.sign(record);
    nextNonce++;
    return signed;
  }
}
