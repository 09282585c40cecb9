package dev.sluice.rpc.methods.admin;

import dev.sluice.state.Bytes32;
import java.util.concurrent.CompletableFuture;

/**
 * What the operator port may ask of the sequencer beyond {@link dev.sluice.sequencer.Sequencer}.
 * Owned here, by its only user; the node adapts its sequencer to it.
 */
public interface OperatorControls {

  /**
   * Stops ordering: new submissions are refused with PAUSED until {@link #resume}. Completes once
   * no further record will be ordered.
   */
  CompletableFuture<Void> pause();

  CompletableFuture<Void> resume();

  /** Flushes the state to disk at the current head; completes with where it flushed. */
  CompletableFuture<Checkpoint> checkpoint();

  /** A flushed state: recovery replays the log from here. */
  record Checkpoint(long sequence, Bytes32 stateRoot) {}
}
