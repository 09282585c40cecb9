package dev.sluice.rpc.results;

import dev.sluice.rpc.json.JsonSchema;
import java.util.Arrays;

/**
 * The {@code lifecycle} member of a receipt. An object rather than a bare string so the later
 * stages can add their facts beside the stage (batch index, L1 block and transaction) without
 * breaking clients that read only {@code stage}.
 */
public record LifecycleResult(String stage) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required(
              "stage",
              JsonSchema.enumOf(
                      Arrays.stream(RecordStage.values()).map(RecordStage::wireName).toList())
                  .describedAs(
                      "sequenced now; batched, included and finalized come with the L1 poster"))
          .open()
          .build();

  public static LifecycleResult of(RecordStage stage) {
    return new LifecycleResult(stage.wireName());
  }

  public RecordStage toStage() {
    return RecordStage.ofWireName(stage);
  }
}
