package dev.sluice.node;

import dev.sluice.rpc.methods.admin.OperatorControls;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.state.Bytes32;
import dev.sluice.state.stf.Receipt;
import java.util.concurrent.CompletableFuture;

/** The operator port's view of the pipeline: pause, resume, checkpoint. */
final class SequencerOperatorControls implements OperatorControls {
  private final PipelinedSequencer sequencer;

  SequencerOperatorControls(PipelinedSequencer sequencer) {
    this.sequencer = sequencer;
  }

  @Override
  public CompletableFuture<Void> pause() {
    sequencer.pause();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> resume() {
    sequencer.resume();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Checkpoint> checkpoint() {
    return sequencer
        .checkpoint()
        .thenApply(
            sequence ->
                new Checkpoint(
                    sequence,
                    sequencer.receipt(sequence).map(Receipt::postStateRoot).orElse(Bytes32.ZERO)));
  }
}
