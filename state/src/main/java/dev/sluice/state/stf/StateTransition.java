package dev.sluice.state.stf;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Op;
import dev.sluice.state.record.Record;
import java.util.Optional;

/**
 * The state transition function of docs/protocol.md §2.1: applies one record to the state and
 * says what happened. Pure and deterministic: no clock, no I/O, no threads; the sequencer, the
 * watcher and the fraud-proof builder run this same code, and the rollup contract's verifier is
 * its second implementation, so the order of state accesses below is part of the protocol.
 */
public final class StateTransition {
  private static final byte[] GRANTED = {0x01};
  private static final long LAST_NONCE = -1L; // 2^64 - 1 as an unsigned value

  private StateTransition() {}

  /** Applies {@code input} to {@code state}; the caller reads the new root from its state. */
  public static Status apply(StateAccess state, RecoveredRecord input) {
    if (input.sender().isEmpty()) {
      return Status.BAD_SIGNATURE;
    }
    Address sender = input.sender().get();
    Record record = input.signed().record();
    Bytes32 accountKey = StateKeys.account(sender);
    long nonce = state.get(accountKey).map(preimage -> Uint64.read(preimage, 0)).orElse(0L);
    if (record.nonce() != nonce || nonce == LAST_NONCE) {
      return Status.NONCE_MISMATCH;
    }
    byte[] stream = record.streamBytes();
    Bytes32 streamKey = StateKeys.stream(stream);
    Optional<StreamLeaf> streamLeaf = state.get(streamKey).map(StreamLeaf::decode);
    Status status = authorize(state, record, stream, sender, streamLeaf);

    state.put(accountKey, Uint64.encode(nonce + 1));
    if (status != Status.APPLIED) {
      return status;
    }
    StreamLeaf updated = streamLeaf.orElseGet(() -> StreamLeaf.created(sender)).append(input.digest());
    state.put(streamKey, updated.encode());
    switch (record.op()) {
      case PUT -> state.put(StateKeys.entry(stream, record.key()), record.value());
      case DELETE -> state.delete(StateKeys.entry(stream, record.key()));
      case GRANT -> state.put(StateKeys.acl(stream, record.writer()), GRANTED);
      case REVOKE -> state.delete(StateKeys.acl(stream, record.writer()));
    }
    return Status.APPLIED;
  }

  /** Decides the outcome before any write; reads only what the decision needs, in spec order. */
  private static Status authorize(
      StateAccess state, Record record, byte[] stream, Address sender, Optional<StreamLeaf> leaf) {
    Op op = record.op();
    if (leaf.isEmpty()) {
      // PUT and GRANT create the stream, owned by their sender.
      return op == Op.PUT || op == Op.GRANT ? Status.APPLIED : Status.STREAM_NOT_FOUND;
    }
    boolean owner = leaf.get().owner().equals(sender);
    switch (op) {
      case PUT -> {
        return owner || isGranted(state, stream, sender) ? Status.APPLIED : Status.PERMISSION_DENIED;
      }
      case DELETE -> {
        if (!owner && !isGranted(state, stream, sender)) {
          return Status.PERMISSION_DENIED;
        }
        return state.contains(StateKeys.entry(stream, record.key()))
            ? Status.APPLIED
            : Status.ENTRY_NOT_FOUND;
      }
      case GRANT, REVOKE -> {
        return owner ? Status.APPLIED : Status.PERMISSION_DENIED;
      }
    }
    throw new IllegalStateException("unhandled op " + op);
  }

  private static boolean isGranted(StateAccess state, byte[] stream, Address writer) {
    return state.contains(StateKeys.acl(stream, writer));
  }
}
