package dev.sluice.state.record;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import fr.acinq.secp256k1.Secp256k1;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * Sender recovery through the native libsecp256k1 (Bitcoin Core's library, via ACINQ's JNI
 * binding). The scalar checks run in Java first, so the answer matches {@link
 * BouncyCastleSenderRecovery} on every input, including the ones libsecp256k1 would accept.
 */
public final class NativeSenderRecovery implements SenderRecovery {
  private static final System.Logger LOG = System.getLogger(NativeSenderRecovery.class.getName());

  private final Secp256k1 secp256k1;

  private NativeSenderRecovery(Secp256k1 secp256k1) {
    this.secp256k1 = secp256k1;
  }

  /**
   * Loads the native library and checks it on a known signature; empty (with a log line saying
   * why) when it does not load on this machine or gives a wrong answer.
   */
  public static Optional<NativeSenderRecovery> load() {
    try {
      NativeSenderRecovery recovery = new NativeSenderRecovery(Secp256k1.get());
      recovery.selfTest();
      return Optional.of(recovery);
    } catch (Throwable failure) { // UnsatisfiedLinkError, missing classes, a wrong answer
      LOG.log(
          System.Logger.Level.WARNING,
          "native libsecp256k1 is unavailable ({0}); recovering senders with BouncyCastle, about"
              + " three times slower",
          failure.toString());
      return Optional.empty();
    }
  }

  private void selfTest() {
    Eip712Domain domain = new Eip712Domain(1, Address.ZERO);
    RecordSigner signer = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0x5eed));
    SignedRecord signed = signer.sign(Record.put(0, "self-test", new byte[] {1}, new byte[0]));
    Bytes32 digest = domain.digest(signed.record());
    Optional<Address> recovered = recover(digest, signed.signature());
    if (recovered.isEmpty() || !recovered.get().equals(signer.address())) {
      throw new IllegalStateException("native recovery disagrees with the signer on a known key");
    }
  }

  @Override
  public Optional<Address> recover(Bytes32 digest, Signature signature) {
    if (!signature.hasValidScalars()) {
      return Optional.empty();
    }
    byte[] publicKey;
    try {
      publicKey =
          secp256k1.ecdsaRecover(signature.compact(), digest.toArray(), signature.recoveryId());
    } catch (RuntimeException noSuchPoint) {
      // libsecp256k1 reports "no point with this r" as an exception: an invalid signature.
      return Optional.empty();
    }
    if (publicKey == null || publicKey.length != 65) {
      return Optional.empty();
    }
    return Optional.of(Address.ofPublicKey(Arrays.copyOfRange(publicKey, 1, 65)));
  }

  @Override
  public String name() {
    return "libsecp256k1";
  }
}
