package dev.sluice.rpc.methods;

import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.sequencer.Sequencer;
import java.util.List;

/** {@code sluice_nodeStatus}: head sequence, state root, readiness, and L1 posting progress. */
public final class SluiceNodeStatus implements SynchronousJsonRpcMethod {
  private final Sequencer sequencer;
  private final long chainId;
  private final RollupProgress progress;

  public SluiceNodeStatus(Sequencer sequencer, long chainId, RollupProgress progress) {
    this.sequencer = sequencer;
    this.chainId = chainId;
    this.progress = progress;
  }

  @Override
  public String getName() {
    return "sluice_nodeStatus";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns the node's head sequence, state root and readiness.",
        "lastPostedBatch is the last batch included on L1 (the poster's confirmations deep),"
            + " lastFinalizedBatch the last final one; null before the first. l1 says whether the"
            + " poster reaches L1, what it is doing, and its backlog of sequenced records not yet"
            + " on L1 with the bound past which the node refuses new records.",
        List.of(),
        new MethodDescription.Result("status", NodeStatusResult.SCHEMA, "the node's status"),
        List.of());
  }

  @Override
  public NodeStatusResult result(JsonRpcRequestContext context) {
    return NodeStatusResult.of(sequencer.status(), chainId, progress);
  }
}
