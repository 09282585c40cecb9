package dev.sluice.state.record;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Sender recovery in pure Java (BouncyCastle through web3j): slower, but loads everywhere. */
public final class BouncyCastleSenderRecovery implements SenderRecovery {

  @Override
  public Optional<Address> recover(Bytes32 digest, Signature signature) {
    if (!signature.hasValidScalars()) {
      return Optional.empty();
    }
    BigInteger publicKey;
    try {
      publicKey =
          Sign.recoverFromSignature(
              signature.recoveryId(),
              new ECDSASignature(signature.r(), signature.s()),
              digest.toArray());
    } catch (IllegalArgumentException notOnCurve) {
      // r is not the x coordinate of a curve point: the EVM's ecrecover returns zero here.
      return Optional.empty();
    }
    if (publicKey == null) {
      return Optional.empty();
    }
    return Optional.of(Address.ofPublicKey(Numeric.toBytesPadded(publicKey, 64)));
  }

  @Override
  public String name() {
    return "bouncycastle";
  }
}
