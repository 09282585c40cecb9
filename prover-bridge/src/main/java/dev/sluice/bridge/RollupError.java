package dev.sluice.bridge;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The custom errors SluiceRollup reverts with, its libraries' included, so that a revert can be
 * named rather than shown as hex. {@code RollupAbiTest} checks this list against the compiled ABI
 * in both directions.
 */
public enum RollupError {
  BATCH_ALREADY_FINALIZED("BatchAlreadyFinalized(uint256)"),
  BATCH_INDEX_MISMATCH("BatchIndexMismatch(uint64,uint64)"),
  BATCH_NOT_FINALIZED("BatchNotFinalized(uint256)"),
  BATCHES_PENDING("BatchesPending(uint256)"),
  BOND_TRANSFER_FAILED("BondTransferFailed()"),
  CHALLENGE_WINDOW_CLOSED("ChallengeWindowClosed(uint256,uint256)"),
  CHALLENGE_WINDOW_OPEN("ChallengeWindowOpen(uint256,uint256)"),
  DATA_HASH_MISMATCH("DataHashMismatch(bytes32,bytes32)"),
  DELETION_SIBLING_NOT_OPENED("DeletionSiblingNotOpened(bytes32)"),
  FIRST_SEQUENCE_MISMATCH("FirstSequenceMismatch(uint64,uint64)"),
  HEADER_MISMATCH("HeaderMismatch(uint256)"),
  INSUFFICIENT_BOND("InsufficientBond(uint256,uint256)"),
  KEY_LENGTH_OUT_OF_RANGE("KeyLengthOutOfRange(uint8,uint256)"),
  NO_BLOBS("NoBlobs()"),
  NO_FRAUD("NoFraud(bytes32)"),
  NOT_PROPOSER("NotProposer(address)"),
  POST_STATE_ROOT_NOT_INCLUDED("PostStateRootNotIncluded()"),
  POST_STATE_ROOT_ZERO("PostStateRootZero()"),
  PRE_STATE_ROOT_MISMATCH("PreStateRootMismatch(bytes32,bytes32)"),
  PRE_STATE_ROOT_NOT_INCLUDED("PreStateRootNotIncluded()"),
  PREIMAGE_LENGTH_INVALID("PreimageLengthInvalid(uint256)"),
  PREIMAGE_MISMATCH("PreimageMismatch(uint256)"),
  PREIMAGE_UNEXPECTED("PreimageUnexpected(uint256)"),
  PREV_HEADER_HASH_MISMATCH("PrevHeaderHashMismatch(bytes32,bytes32)"),
  RECORD_COUNT_OUT_OF_RANGE("RecordCountOutOfRange(uint32)"),
  RECORD_INDEX_OUT_OF_RANGE("RecordIndexOutOfRange(uint256,uint32)"),
  RECORD_NOT_INCLUDED("RecordNotIncluded()"),
  SIGNATURE_LENGTH_INVALID("SignatureLengthInvalid(uint256)"),
  SIGNATURE_V_INVALID("SignatureVInvalid(uint8)"),
  STATE_PROOF_INVALID("StateProofInvalid(uint256)"),
  STREAM_BYTE_OUT_OF_RANGE("StreamByteOutOfRange(uint256)"),
  STREAM_LENGTH_OUT_OF_RANGE("StreamLengthOutOfRange(uint256)"),
  UNKNOWN_BATCH("UnknownBatch(uint256)"),
  UNKNOWN_OP("UnknownOp(uint8)"),
  VALUE_LENGTH_OUT_OF_RANGE("ValueLengthOutOfRange(uint8,uint256)"),
  WITHDRAWAL_EXCEEDS_BOND("WithdrawalExceedsBond(uint256,uint256)"),
  WITNESS_TOO_LONG("WitnessTooLong(uint256,uint256)"),
  WITNESS_TOO_SHORT("WitnessTooShort(uint256)"),
  ZERO_ARGUMENT("ZeroArgument()");

  private final String signature;
  private final int selector;

  RollupError(String signature) {
    this.signature = signature;
    byte[] hash = Keccak.hash(signature.getBytes(StandardCharsets.US_ASCII));
    this.selector =
        (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff);
  }

  /** The error's canonical signature, e.g. {@code NoFraud(bytes32)}. */
  public String signature() {
    return signature;
  }

  /** The first four bytes of {@code keccak(signature)}, which open its revert payload. */
  public int selector() {
    return selector;
  }

  /** The error a revert payload carries, if it is one of these. */
  public static Optional<RollupError> of(byte[] revertData) {
    if (revertData.length < 4) {
      return Optional.empty();
    }
    int selector =
        (revertData[0] & 0xff) << 24
            | (revertData[1] & 0xff) << 16
            | (revertData[2] & 0xff) << 8
            | (revertData[3] & 0xff);
    return Arrays.stream(values()).filter(error -> error.selector == selector).findFirst();
  }

  /** The error {@code reverted} carries, if it is one of these. */
  public static Optional<RollupError> of(L1RevertedException reverted) {
    return of(Objects.requireNonNull(reverted, "reverted").revertData());
  }

  /**
   * Argument {@code index} of a revert payload as its raw 32-byte ABI word (all of SluiceRollup's
   * error arguments are static).
   *
   * @throws IllegalArgumentException if the payload has no such argument
   */
  public static Bytes32 argument(byte[] revertData, int index) {
    int offset = 4 + 32 * index;
    if (index < 0 || revertData.length < offset + 32) {
      throw new IllegalArgumentException("the revert payload has no argument " + index);
    }
    return Bytes32.wrap(revertData, offset);
  }
}
