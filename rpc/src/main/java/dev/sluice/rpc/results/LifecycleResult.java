package dev.sluice.rpc.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code lifecycle} member of a receipt: the furthest stage the record has reached and, once it
 * is in a batch, that batch and the L1 transaction that carries it.
 *
 * @param stage the stage's wire name
 *     <p>The batch fields are left out (not null) while the record is only sequenced, so a client
 *     of the first API version sees the same object as before.
 * @param batchIndex the batch that carries the record; null while {@code sequenced}
 * @param l1TransactionHash the L1 transaction that appended (or is appending) the batch; null while
 *     {@code sequenced}
 * @param l1Block the L1 block the append is in; null until the poster has seen it in one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleResult(
    String stage, String batchIndex, String l1TransactionHash, String l1Block) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required(
              "stage",
              JsonSchema.enumOf(
                      Arrays.stream(RecordStage.values()).map(RecordStage::wireName).toList())
                  .describedAs(
                      "sequenced, then batched (its batch's L1 transaction is sent), included (the"
                          + " append is the configured confirmations deep) and finalized (the"
                          + " challenge window passed)"))
          .optional("batchIndex", JsonSchema.QUANTITY.orNull())
          .optional("l1TransactionHash", JsonSchema.HASH.orNull())
          .optional("l1Block", JsonSchema.QUANTITY.orNull())
          .open()
          .build();

  public LifecycleResult(String stage) {
    this(stage, null, null, null);
  }

  public static LifecycleResult of(RecordStage stage) {
    return new LifecycleResult(stage.wireName());
  }

  /** The lifecycle of a record in {@code batch}, or sequenced when it is in none. */
  public static LifecycleResult of(Optional<BatchProgress> batch) {
    if (batch.isEmpty()) {
      return of(RecordStage.SEQUENCED);
    }
    BatchProgress progress = batch.get();
    RecordStage stage =
        switch (progress.stage()) {
          case BATCHED -> RecordStage.BATCHED;
          case INCLUDED -> RecordStage.INCLUDED;
          case FINALIZED -> RecordStage.FINALIZED;
          case REVERTED -> RecordStage.SEQUENCED;
        };
    if (stage == RecordStage.SEQUENCED) {
      return of(stage);
    }
    return new LifecycleResult(
        stage.wireName(),
        Quantity.format(progress.index()),
        progress.transactionHash().map(dev.sluice.state.Bytes32::toHex).orElse(null),
        progress.l1Block().isPresent() ? Quantity.format(progress.l1Block().getAsLong()) : null);
  }

  public RecordStage toStage() {
    return RecordStage.ofWireName(stage);
  }
}
