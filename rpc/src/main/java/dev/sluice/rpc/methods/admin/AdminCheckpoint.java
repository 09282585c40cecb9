package dev.sluice.rpc.methods.admin;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code admin_checkpoint}: flushes the state to disk now rather than at the next batch. */
public final class AdminCheckpoint implements JsonRpcMethod {
  private final OperatorControls controls;

  public AdminCheckpoint(OperatorControls controls) {
    this.controls = controls;
  }

  /** Where the checkpoint was taken. */
  public record CheckpointResult(String sequence, String stateRoot) {}

  @Override
  public String getName() {
    return "admin_checkpoint";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Flushes the state at the current head to disk.",
        "Shortens the log replay of the next start; answers once the flush is durable.",
        List.of(),
        new MethodDescription.Result(
            "checkpoint",
            JsonSchema.object()
                .required("sequence", JsonSchema.QUANTITY)
                .required("stateRoot", JsonSchema.HASH)
                .open()
                .build(),
            "the sequence and state root flushed"),
        List.of());
  }

  @Override
  public CompletableFuture<CheckpointResult> response(JsonRpcRequestContext context) {
    return controls
        .checkpoint()
        .thenApply(
            checkpoint ->
                new CheckpointResult(
                    Quantity.format(checkpoint.sequence()), checkpoint.stateRoot().toHex()));
  }
}
