package dev.sluice.devnet.load;

import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import fr.acinq.secp256k1.Secp256k1;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Signs records for one key through the native libsecp256k1, for pre-signing hundreds of thousands
 * of records before a load run.
 *
 * <p>{@link RecordSigner} (web3j, pure Java) takes about a millisecond per record, most of it
 * finding the recovery id by trial recovery; this takes about a tenth of that. Both derive the
 * ECDSA nonce by RFC 6979 and normalise to low s, so they produce the same bytes for the same key
 * and record, which {@link #checkedAgainst} verifies before a workload is trusted.
 */
final class NativeRecordSigner {
  private static final Secp256k1 SECP256K1 = Secp256k1.get();

  private final Eip712Domain domain;
  private final byte[] privateKey;
  private final byte[] publicKey;
  private final Address address;

  private NativeRecordSigner(Eip712Domain domain, byte[] privateKey) {
    this.domain = domain;
    this.privateKey = privateKey;
    this.publicKey = SECP256K1.pubkeyCreate(privateKey);
    this.address = Address.ofPublicKey(Arrays.copyOfRange(publicKey, 1, 65));
  }

  static NativeRecordSigner ofPrivateKey(Eip712Domain domain, BigInteger privateKey) {
    byte[] raw = privateKey.toByteArray();
    int start = raw.length > 32 ? raw.length - 32 : 0;
    byte[] key = new byte[32];
    System.arraycopy(raw, start, key, 32 - (raw.length - start), raw.length - start);
    return new NativeRecordSigner(domain, key);
  }

  Address address() {
    return address;
  }

  SignedRecord sign(Record record) {
    byte[] digest = domain.digest(record).toArray();
    byte[] compact = SECP256K1.sign(digest, privateKey, null);
    // libsecp256k1's plain ECDSA signature carries no recovery id: recovering with id 0 and
    // comparing with our own key tells which of the two candidate points R was.
    byte[] recovered = SECP256K1.ecdsaRecover(compact, digest, 0);
    int v = Arrays.equals(recovered, publicKey) ? 27 : 28;
    byte[] rsv = Arrays.copyOf(compact, Signature.LENGTH);
    rsv[64] = (byte) v;
    return new SignedRecord(record, Signature.of(rsv));
  }

  /**
   * Signs {@code sample} with both this signer and {@code reference}; fails unless the two agree
   * byte for byte, so a workload never carries signatures the protocol's own signer would not make.
   */
  NativeRecordSigner checkedAgainst(RecordSigner reference, Record sample) {
    if (!reference.address().equals(address)) {
      throw new IllegalStateException(
          "libsecp256k1 derives " + address + " but web3j " + reference.address());
    }
    SignedRecord ours = sign(sample);
    SignedRecord theirs = reference.sign(sample);
    if (!ours.signature().equals(theirs.signature())) {
      throw new IllegalStateException(
          "libsecp256k1 and RecordSigner disagree on a signature: "
              + ours.signature()
              + " vs "
              + theirs.signature());
    }
    return this;
  }
}
