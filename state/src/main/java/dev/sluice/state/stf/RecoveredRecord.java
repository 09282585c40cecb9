package dev.sluice.state.stf;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import java.util.Optional;

/**
 * A signed record with its digest and recovered sender: the input of the transition function.
 * Recovery is the dearest step, so the sequencer does it in parallel before ordering and the STF
 * stays cheap.
 *
 * @param sender empty when the signature is not valid
 */
public record RecoveredRecord(SignedRecord signed, Bytes32 digest, Optional<Address> sender) {

  public static RecoveredRecord recover(
      SignedRecord signed, Eip712Domain domain, SenderRecovery recovery) {
    Bytes32 digest = domain.digest(signed.record());
    return new RecoveredRecord(signed, digest, recovery.recover(digest, signed.signature()));
  }
}
