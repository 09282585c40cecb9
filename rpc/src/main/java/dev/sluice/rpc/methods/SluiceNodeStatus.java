package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.sequencer.Sequencer;
import java.util.List;

/** {@code sluice_nodeStatus}: head sequence, state root, readiness, and the L1 placeholders. */
public final class SluiceNodeStatus implements SynchronousJsonRpcMethod {
  private final Sequencer sequencer;
  private final long chainId;

  public SluiceNodeStatus(Sequencer sequencer, long chainId) {
    this.sequencer = sequencer;
    this.chainId = chainId;
  }

  @Override
  public String getName() {
    return "sluice_nodeStatus";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns the node's head sequence, state root and readiness.",
        "lastPostedBatch and lastFinalizedBatch are null and l1.connected is false until the node"
            + " posts batches to L1.",
        List.of(),
        new MethodDescription.Result("status", NodeStatusResult.SCHEMA, "the node's status"),
        List.of());
  }

  @Override
  public NodeStatusResult result(JsonRpcRequestContext context) {
    return NodeStatusResult.of(sequencer.status(), chainId);
  }
}
