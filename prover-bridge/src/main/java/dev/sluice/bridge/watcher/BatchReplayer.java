package dev.sluice.bridge.watcher;

import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.TreeStateAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Re-executes a batch from its pre-state with the state transition function and compares every
 * root the batch claims with the one it gives.
 *
 * <p>Sender recovery is the dearest step by far, and needs no state, so it runs ahead on a small
 * executor in chunks while the records are applied in order on the calling thread as their chunk
 * is ready.
 */
public final class BatchReplayer {
  /** Records per recovery task: large enough to amortise a task, small enough to start early. */
  static final int CHUNK = 64;

  private final Eip712Domain domain;
  private final SenderRecovery recovery;
  private final ExecutorService recoveryExecutor;

  /**
   * @param recoveryExecutor runs the sender recoveries; its threads decide how many run at once
   */
  public BatchReplayer(
      Eip712Domain domain, SenderRecovery recovery, ExecutorService recoveryExecutor) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.recovery = Objects.requireNonNull(recovery, "recovery");
    this.recoveryExecutor = Objects.requireNonNull(recoveryExecutor, "recoveryExecutor");
  }

  /** What re-executing a batch showed. */
  public sealed interface Verdict {}

  /** Every claimed root is right; {@code state} is at the batch's post-state root. */
  public record Valid(SparseMerkleTree state) implements Verdict {}

  /**
   * The root claimed after record {@code recordIndex} is wrong, all before it right; {@code
   * stateBefore} is the state before that record (at the root the batch claims there).
   */
  public record StateFault(int recordIndex, Bytes32 claimed, Bytes32 computed, SparseMerkleTree stateBefore)
      implements Verdict {}

  /** Every per-record root is right but the header's {@code postStateRoot} is not the last one. */
  public record PostStateRootFault(Bytes32 lastRoot, Bytes32 claimed) implements Verdict {}

  /**
   * Re-executes {@code batch} from {@code preState}, which is left where it was: the replay writes
   * through a view of it.
   *
   * @throws IllegalArgumentException if {@code preState} is not at the batch's pre-state root
   */
  public Verdict replay(Batch batch, SparseMerkleTree preState) {
    return replay(recoverAhead(batch), preState);
  }

  /**
   * Starts recovering {@code batch}'s senders now, so that a later {@link #replay(Recovery,
   * SparseMerkleTree)} finds them ready: the watcher starts the next batches' while it applies
   * the current one.
   */
  public Recovery recoverAhead(Batch batch) {
    List<BatchRecord> records = batch.records();
    List<CompletableFuture<List<RecoveredRecord>>> chunks = new ArrayList<>();
    for (int from = 0; from < records.size(); from += CHUNK) {
      List<BatchRecord> chunk = records.subList(from, Math.min(records.size(), from + CHUNK));
      chunks.add(CompletableFuture.supplyAsync(() -> recoverAll(chunk), recoveryExecutor));
    }
    return new Recovery(batch, chunks);
  }

  /** A batch whose senders are being recovered, chunk by chunk in order. */
  public record Recovery(Batch batch, List<CompletableFuture<List<RecoveredRecord>>> chunks) {
    public Recovery {
      Objects.requireNonNull(batch, "batch");
      chunks = List.copyOf(chunks);
    }

    /** Stops recovering what has not started, when the batch will not be replayed. */
    public void cancel() {
      chunks.forEach(chunk -> chunk.cancel(false));
    }
  }

  /** {@link #replay(Batch, SparseMerkleTree)} with the senders recovered by {@code recovery}. */
  public Verdict replay(Recovery recovery, SparseMerkleTree preState) {
    Batch batch = recovery.batch();
    if (!preState.root().equals(batch.header().preStateRoot())) {
      throw new IllegalArgumentException(
          "the state is at "
              + preState.root()
              + ", batch "
              + batch.header().index()
              + " starts from "
              + batch.header().preStateRoot());
    }
    List<CompletableFuture<List<RecoveredRecord>>> chunks = recovery.chunks();
    SparseMerkleTree state = preState.at(preState.root());
    List<Bytes32> claimed = batch.postStateRoots();
    int index = 0;
    try {
      for (CompletableFuture<List<RecoveredRecord>> chunk : chunks) {
        for (RecoveredRecord record : join(chunk)) {
          Bytes32 before = state.root();
          StateTransition.apply(new TreeStateAccess(state), record);
          Bytes32 after = state.root();
          if (!after.equals(claimed.get(index))) {
            return new StateFault(index, claimed.get(index), after, state.at(before));
          }
          index++;
        }
      }
    } finally {
      recovery.cancel();
    }
    Bytes32 last = state.root();
    if (!last.equals(batch.header().postStateRoot())) {
      return new PostStateRootFault(last, batch.header().postStateRoot());
    }
    return new Valid(state);
  }

  private List<RecoveredRecord> recoverAll(List<BatchRecord> chunk) {
    List<RecoveredRecord> recovered = new ArrayList<>(chunk.size());
    for (BatchRecord record : chunk) {
      recovered.add(RecoveredRecord.recover(record.signed(), domain, recovery));
    }
    return recovered;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }
}
