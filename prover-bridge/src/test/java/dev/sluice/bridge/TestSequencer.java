package dev.sluice.bridge;

import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateKeys;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * What a sequencer does, reduced to what the rollup tests need: signs records with each signer's
 * next nonce, applies them to its state with the state transition function, and seals them into
 * batches that follow its own head. {@link #tamper} makes its state diverge from the honest one, so
 * that the batches it seals afterwards are consistently built on a wrong state.
 */
public final class TestSequencer {
  private final Eip712Domain domain;
  private final SenderRecovery recovery = SenderRecovery.fastestAvailable();
  private SparseMerkleTree state;
  private long clock = 1_700_000_000_000L;
  private BatchCodec codec = BatchCodec.NONE;

  // The head the next batch follows.
  private long nextIndex;
  private long nextSequence;
  private Bytes32 headHash = Bytes32.ZERO;
  private Bytes32 headPostStateRoot = SmtHashing.EMPTY;

  // Records applied since the last seal, with the root after each.
  private final List<BatchRecord> pending = new ArrayList<>();
  private final List<Bytes32> pendingRoots = new ArrayList<>();
  private final List<Status> pendingStatuses = new ArrayList<>();

  public TestSequencer(Eip712Domain domain) {
    this(
        domain,
        new SparseMerkleTree(
            new TreeNodeStore(new InMemoryKeyValueStore(), 1 << 12), SmtHashing.EMPTY));
  }

  /**
   * A sequencer whose state starts at {@code initialState}'s root, in its node store, while its
   * first batch still follows the empty state: batch 0 claims to lead from the empty root to that
   * state with batch 0's own records applied. The contract checks only how batches link, not a
   * root nobody challenges, so this stands up a large state without appending it record by record;
   * re-execution would prove batch 0 wrong, so a test built on it must not check batch 0.
   */
  public TestSequencer(Eip712Domain domain, SparseMerkleTree initialState) {
    this.domain = domain;
    this.state = initialState.at(initialState.root());
  }

  /** A batch ready to append, with its calldata and each record's outcome. */
  public record Sealed(Batch posted, byte[] data, List<Status> statuses) {
    public BatchHeader header() {
      return posted.header();
    }
  }

  /** Seals the next batches' data with {@code codec} (docs/protocol.md §5.3); NONE at first. */
  public TestSequencer withCodec(BatchCodec codec) {
    this.codec = codec;
    return this;
  }

  public Eip712Domain domain() {
    return domain;
  }

  /** The sequencer's current state. */
  public SparseMerkleTree state() {
    return state;
  }

  /** Signs {@code record} (given the signer's next nonce) and applies it. */
  public Status submit(RecordSigner signer, LongFunction<Record> record) {
    BatchRecord timestamped = new BatchRecord(signer.sign(record.apply(nonceOf(signer))), clock++);
    Status status =
        StateTransition.apply(
            new TreeStateAccess(state),
            RecoveredRecord.recover(timestamped.signed(), domain, recovery));
    pending.add(timestamped);
    pendingRoots.add(state.root());
    pendingStatuses.add(status);
    return status;
  }

  /**
   * Changes the state behind the transition function's back, right after the last submitted record,
   * and claims the changed root for that record: from here on the sequencer's roots are wrong, and
   * consistently so.
   */
  public void tamper(Consumer<SparseMerkleTree> change) {
    change.accept(state);
    pendingRoots.set(pendingRoots.size() - 1, state.root());
  }

  /** Seals the records submitted since the last seal into the batch after the head. */
  public Sealed seal() {
    return seal(UnaryOperator.identity(), UnaryOperator.identity());
  }

  /**
   * Seals like {@link #seal()}, but posts {@code data} applied to the honest data (the header's
   * {@code dataHash} is that of the changed data) and {@code header} applied to the header: a
   * batch whose data does not support its header. The sequencer's head follows the changed header.
   */
  public Sealed seal(UnaryOperator<byte[]> data, UnaryOperator<BatchHeader> header) {
    Sealed honest = sealHonest(data);
    BatchHeader changed = header.apply(honest.header());
    headHash = changed.hash();
    headPostStateRoot = changed.postStateRoot();
    return new Sealed(
        new Batch(changed, honest.posted().records(), honest.posted().postStateRoots()),
        honest.data(),
        honest.statuses());
  }

  private Sealed sealHonest(UnaryOperator<byte[]> changeData) {
    int count = pending.size();
    List<Bytes32> leaves = pending.stream().map(record -> record.leaf(domain)).toList();
    byte[] data = changeData.apply(BatchData.encode(codec, pending, pendingRoots));
    BatchHeader header =
        new BatchHeader(
            nextIndex,
            headHash,
            nextSequence,
            count,
            Keccak.hash32(data),
            BatchMerkleTree.rootOf(leaves),
            BatchMerkleTree.rootOf(pendingRoots),
            headPostStateRoot,
            pendingRoots.get(count - 1));
    Sealed sealed =
        new Sealed(
            new Batch(header, pending, pendingRoots), data, List.copyOf(pendingStatuses));
    nextIndex++;
    nextSequence += count;
    headHash = header.hash();
    headPostStateRoot = header.postStateRoot();
    pending.clear();
    pendingRoots.clear();
    pendingStatuses.clear();
    return sealed;
  }

  /**
   * Goes back to the state and head after {@code head}, as after the batches past it were reverted.
   */
  public void rewindTo(BatchHeader head) {
    state = state.at(head.postStateRoot());
    nextIndex = head.index() + 1;
    nextSequence = head.lastSequence() + 1;
    headHash = head.hash();
    headPostStateRoot = head.postStateRoot();
    pending.clear();
    pendingRoots.clear();
    pendingStatuses.clear();
  }

  private long nonceOf(RecordSigner signer) {
    // The records of this batch are already applied, so the state has the signer's next nonce.
    return state
        .get(StateKeys.account(signer.address()))
        .map(preimage -> ByteBuffer.wrap(preimage).getLong())
        .orElse(0L);
  }
}
