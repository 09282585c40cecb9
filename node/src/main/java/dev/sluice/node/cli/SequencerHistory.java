package dev.sluice.node.cli;

import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.SequencerConfig;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.store.DataDirectoryInUseException;
import dev.sluice.state.store.LevelDbKeyValueStore;
import dev.sluice.state.store.LevelDbOptions;
import dev.sluice.state.store.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stopped node's own record of its state: its database opened with a sequencer that recovers and
 * is then only read ({@link PipelinedSequencer#historicalState()}), never given a record, so the log
 * and the state stay as the node left them. Lets {@code prove-fraud} start from the state before a
 * batch instead of re-executing every earlier batch from L1.
 */
final class SequencerHistory implements AutoCloseable {
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(5);

  private final LevelDbKeyValueStore store;
  private final PipelinedSequencer sequencer;

  private SequencerHistory(LevelDbKeyValueStore store, PipelinedSequencer sequencer) {
    this.store = store;
    this.sequencer = sequencer;
  }

  /**
   * Opens the database in the node's data directory {@code dataDirectory} ({@code <dir>/db}).
   *
   * @throws CliException if there is no database, a running node holds it, it belongs to another
   *     rollup, or it cannot be recovered
   */
  static SequencerHistory open(Path dataDirectory, Eip712Domain domain) {
    Path database = dataDirectory.resolve("db");
    if (!Files.isDirectory(database)) {
      throw new CliException(
          "no sequencer database at "
              + database
              + ": give the node's data directory (its --data-dir) to --sequencer-data-dir",
          ExitCodes.USAGE);
    }
    LevelDbKeyValueStore store;
    try {
      // Never create: a mistyped directory must fail, not turn into an empty node.
      store = LevelDbKeyValueStore.open(database, LevelDbOptions.defaults().withCreateIfMissing(false));
    } catch (DataDirectoryInUseException inUse) {
      throw new CliException(
          "the node's database "
              + database
              + " is in use: a running node holds its lock (LevelDB admits one process)."
              + " Stop the node first, or prove from L1 alone without --sequencer-data-dir",
          ExitCodes.FAILED,
          inUse);
    } catch (StorageException unreadable) {
      throw new CliException(
          "cannot open the node's database: " + unreadable.getMessage(), ExitCodes.FAILED, unreadable);
    }
    PipelinedSequencer sequencer = null;
    try {
      sequencer = PipelinedSequencer.open(SequencerConfig.builder(domain).build(), store);
      // Recovery replays the log after the last checkpoint, so every logged record has its state.
      sequencer.start().get(RECOVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new SequencerHistory(store, sequencer);
    } catch (IllegalStateException wrongChain) {
      close(sequencer, store);
      throw new CliException(
          "the node's database " + database + " cannot serve this rollup: " + wrongChain.getMessage(),
          ExitCodes.FAILED,
          wrongChain);
    } catch (ExecutionException | TimeoutException failed) {
      close(sequencer, store);
      throw new CliException(
          "recovering the node's database " + database + " failed: " + failed,
          ExitCodes.FAILED,
          failed);
    } catch (InterruptedException interrupted) {
      close(sequencer, store);
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while recovering " + database, ExitCodes.FAILED);
    } catch (RuntimeException other) {
      close(sequencer, store);
      throw other;
    }
  }

  /** The sequence number the node would give its next record: its log holds every one below. */
  long nextSequence() {
    return sequencer.status().nextSequence();
  }

  /**
   * The state before record {@code sequence}: after {@code sequence − 1}, the empty state for 0.
   *
   * @throws CliException if the node never applied the records before {@code sequence}
   */
  SparseMerkleTree stateBefore(long sequence) {
    long applied = sequencer.status().appliedSequence();
    if (sequence - 1 > applied) {
      throw new CliException(
          "the node's log ends at record "
              + applied
              + ", before record "
              + (sequence - 1)
              + ": this is not the node that posted the batch, or its database was restored from"
              + " an older backup");
    }
    return sequencer.historicalState().stateAfter(sequence - 1);
  }

  @Override
  public void close() {
    close(sequencer, store);
  }

  private static void close(PipelinedSequencer sequencer, LevelDbKeyValueStore store) {
    try {
      if (sequencer != null) {
        sequencer.close();
      }
    } finally {
      store.close();
    }
  }
}
