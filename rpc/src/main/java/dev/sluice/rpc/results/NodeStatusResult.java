package dev.sluice.rpc.results;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.sequencer.SequencerStatus;

/**
 * The node's state as {@code sluice_nodeStatus} reports it. The batch and L1 fields are
 * placeholders until the L1 poster exists: null batches and an L1 link that says it is not
 * connected.
 *
 * @param headSequence the last applied record, null before the first
 */
public record NodeStatusResult(
    boolean ready,
    boolean paused,
    String chainId,
    String nextSequence,
    String headSequence,
    String stateRoot,
    String lastPostedBatch,
    String lastFinalizedBatch,
    L1Status l1) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required(
              "ready", JsonSchema.BOOLEAN.describedAs("false until recovery has replayed the log"))
          .required("paused", JsonSchema.BOOLEAN)
          .required("chainId", JsonSchema.QUANTITY)
          .required("nextSequence", JsonSchema.QUANTITY)
          .required("headSequence", JsonSchema.QUANTITY.orNull())
          .required("stateRoot", JsonSchema.HASH)
          .required(
              "lastPostedBatch", JsonSchema.QUANTITY.orNull().describedAs("null: no L1 poster yet"))
          .required(
              "lastFinalizedBatch",
              JsonSchema.QUANTITY.orNull().describedAs("null: no L1 poster yet"))
          .required(
              "l1",
              JsonSchema.object()
                  .required("connected", JsonSchema.BOOLEAN)
                  .required("status", JsonSchema.string())
                  .open()
                  .build())
          .open()
          .build();

  /** The node's link to L1. */
  public record L1Status(boolean connected, String status) {
    public static final L1Status NOT_CONNECTED =
        new L1Status(false, "not connected: this node does not post to or watch L1 yet");
  }

  public static NodeStatusResult of(SequencerStatus status, long chainId) {
    return new NodeStatusResult(
        status.ready(),
        status.paused(),
        Quantity.format(chainId),
        Quantity.format(status.nextSequence()),
        status.appliedSequence() < 0 ? null : Quantity.format(status.appliedSequence()),
        status.stateRoot().toHex(),
        null,
        null,
        L1Status.NOT_CONNECTED);
  }
}
