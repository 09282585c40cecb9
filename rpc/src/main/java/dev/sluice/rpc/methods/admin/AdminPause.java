package dev.sluice.rpc.methods.admin;

import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.sequencer.Sequencer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code admin_pause}: stops sequencing; submissions get PAUSED until {@code admin_resume}. */
public final class AdminPause implements JsonRpcMethod {
  private final OperatorControls controls;
  private final Sequencer sequencer;
  private final long chainId;

  public AdminPause(OperatorControls controls, Sequencer sequencer, long chainId) {
    this.controls = controls;
    this.sequencer = sequencer;
    this.chainId = chainId;
  }

  @Override
  public String getName() {
    return "admin_pause";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Pauses sequencing.",
        "Answers once no further record will be ordered, with the node's status. Reads and"
            + " subscriptions continue; submissions answer PAUSED (-32007).",
        List.of(),
        new MethodDescription.Result("status", NodeStatusResult.SCHEMA, "the status after pausing"),
        List.of());
  }

  @Override
  public CompletableFuture<NodeStatusResult> response(JsonRpcRequestContext context) {
    return controls.pause().thenApply(done -> NodeStatusResult.of(sequencer.status(), chainId));
  }
}
