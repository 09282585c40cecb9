package dev.sluice.state.record;

import dev.sluice.state.Address;
import java.math.BigInteger;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signs records for one key under one domain, with web3j's deterministic (RFC 6979) low-s ECDSA.
 * What any EIP-712 wallet produces for the same key and record.
 */
public final class RecordSigner {
  private final Eip712Domain domain;
  private final ECKeyPair keyPair;
  private final Address address;

  public RecordSigner(Eip712Domain domain, ECKeyPair keyPair) {
    this.domain = domain;
    this.keyPair = keyPair;
    this.address = Address.ofPublicKey(Numeric.toBytesPadded(keyPair.getPublicKey(), 64));
  }

  /** A signer for the private key {@code privateKey} (32 bytes, big-endian). */
  public static RecordSigner ofPrivateKey(Eip712Domain domain, BigInteger privateKey) {
    return new RecordSigner(domain, ECKeyPair.create(privateKey));
  }

  public Address address() {
    return address;
  }

  public Eip712Domain domain() {
    return domain;
  }

  public SignedRecord sign(Record record) {
    byte[] digest = domain.digest(record).toArray();
    Sign.SignatureData signature = Sign.signMessage(digest, keyPair, false);
    return new SignedRecord(
        record,
        Signature.of(
            new BigInteger(1, signature.getR()),
            new BigInteger(1, signature.getS()),
            signature.getV()[0] & 0xff));
  }
}
