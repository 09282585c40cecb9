package dev.sluice.state.record;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.util.Optional;

/**
 * Recovers a record's sender from its digest and signature (docs/protocol.md §1.1). Every
 * implementation gives the same answer for every input; they differ only in speed.
 */
public interface SenderRecovery {

  /** The sender, or empty when the signature is not valid (bad r or s, high s, no such point). */
  Optional<Address> recover(Bytes32 digest, Signature signature);

  /** A short name for logs and benchmark output. */
  String name();

  /**
   * The native libsecp256k1 binding when it loads and passes a self-test on this machine (about
   * three times faster, see docs/benchmarks.md), otherwise BouncyCastle.
   */
  static SenderRecovery fastestAvailable() {
    Optional<NativeSenderRecovery> nativeRecovery = NativeSenderRecovery.load();
    return nativeRecovery.isPresent() ? nativeRecovery.get() : new BouncyCastleSenderRecovery();
  }
}
