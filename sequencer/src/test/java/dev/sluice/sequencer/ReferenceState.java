package dev.sluice.sequencer;

import dev.sluice.state.Bytes32;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.InMemoryKeyValueStore;

/**
 * The transition function run directly over a fresh in-memory tree, with senders recovered anew:
 * what a watcher computes for the same records, independent of the sequencer's pipeline.
 */
final class ReferenceState {
  private static final SenderRecovery RECOVERY = SenderRecovery.fastestAvailable();
  private final SparseMerkleTree tree =
      new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore(), 0), SmtHashing.EMPTY);
  private final TreeStateAccess access = new TreeStateAccess(tree);

  /** Applies the next record in sequence order; returns its outcome and the root after it. */
  Outcome apply(SignedRecord record) {
    Status status =
        StateTransition.apply(
            access, RecoveredRecord.recover(record, RecordFixtures.DOMAIN, RECOVERY));
    return new Outcome(status, tree.root());
  }

  record Outcome(Status status, Bytes32 root) {}
}
