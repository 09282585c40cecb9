package dev.sluice.rpc.methods.admin;

import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.sequencer.Sequencer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code admin_resume}: resumes sequencing after {@code admin_pause}. */
public final class AdminResume implements JsonRpcMethod {
  private final OperatorControls controls;
  private final Sequencer sequencer;
  private final long chainId;

  public AdminResume(OperatorControls controls, Sequencer sequencer, long chainId) {
    this.controls = controls;
    this.sequencer = sequencer;
    this.chainId = chainId;
  }

  @Override
  public String getName() {
    return "admin_resume";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Resumes sequencing.",
        "Answers with the node's status once submissions are accepted again.",
        List.of(),
        new MethodDescription.Result(
            "status", NodeStatusResult.SCHEMA, "the status after resuming"),
        List.of());
  }

  @Override
  public CompletableFuture<NodeStatusResult> response(JsonRpcRequestContext context) {
    return controls.resume().thenApply(done -> NodeStatusResult.of(sequencer.status(), chainId));
  }
}
