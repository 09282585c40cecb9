package dev.sluice.rpc.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.sequencer.SequencerStatus;

/**
 * The node's state as {@code sluice_nodeStatus} reports it, with the L1 poster's progress: the last
 * batch included (the poster's confirmations deep) and the last final one, null before the first,
 * and the L1 link.
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
              "lastPostedBatch",
              JsonSchema.QUANTITY.orNull().describedAs("the last batch included on L1, or null"))
          .required(
              "lastFinalizedBatch",
              JsonSchema.QUANTITY.orNull().describedAs("the last final batch, or null"))
          .required(
              "l1",
              JsonSchema.object()
                  .required("connected", JsonSchema.BOOLEAN)
                  .required("status", JsonSchema.string())
                  .optional(
                      "backlog",
                      JsonSchema.QUANTITY.describedAs("records sequenced but not yet on L1"))
                  .optional(
                      "maxBacklog",
                      JsonSchema.QUANTITY.describedAs(
                          "the backlog past which the node refuses new records"))
                  .open()
                  .build())
          .open()
          .build();

  /** The node's link to L1; the backlog fields are null when the node posts nothing. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record L1Status(boolean connected, String status, String backlog, String maxBacklog) {
    public static final L1Status NOT_CONNECTED =
        new L1Status(false, "not connected: this node does not post to or watch L1", null, null);

    public L1Status(boolean connected, String status) {
      this(connected, status, null, null);
    }
  }

  public static NodeStatusResult of(SequencerStatus status, long chainId) {
    return of(status, chainId, RollupProgress.none(L1Status.NOT_CONNECTED.status()));
  }

  public static NodeStatusResult of(SequencerStatus status, long chainId, RollupProgress progress) {
    RollupProgress.L1Status l1 = progress.l1Status();
    L1Status link =
        progress.posts()
            ? new L1Status(
                l1.connected(),
                l1.status(),
                Quantity.format(progress.backlog()),
                Quantity.format(progress.maxBacklog()))
            : new L1Status(l1.connected(), l1.status());
    return new NodeStatusResult(
        status.ready(),
        status.paused(),
        Quantity.format(chainId),
        Quantity.format(status.nextSequence()),
        status.appliedSequence() < 0 ? null : Quantity.format(status.appliedSequence()),
        status.stateRoot().toHex(),
        progress.lastPostedBatch().isPresent()
            ? Quantity.format(progress.lastPostedBatch().getAsLong())
            : null,
        progress.lastFinalizedBatch().isPresent()
            ? Quantity.format(progress.lastFinalizedBatch().getAsLong())
            : null,
        link);
  }
}
