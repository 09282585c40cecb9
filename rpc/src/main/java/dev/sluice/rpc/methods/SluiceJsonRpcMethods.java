package dev.sluice.rpc.methods;

import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.sequencer.Sequencer;
import java.time.Duration;
import java.util.List;

/** The {@code sluice_} methods of the public endpoint, wired to their collaborators. */
public final class SluiceJsonRpcMethods {
  private SluiceJsonRpcMethods() {}

  /** The methods of a node that posts nothing to L1. */
  public static List<JsonRpcMethod> create(
      Sequencer sequencer,
      RecordIngress ingress,
      int maxRecordBytes,
      Duration receiptWait,
      Duration maxReceiptWait) {
    return create(
        sequencer,
        ingress,
        maxRecordBytes,
        receiptWait,
        maxReceiptWait,
        RollupProgress.none(NodeStatusResult.L1Status.NOT_CONNECTED.status()));
  }

  /**
   * @param receiptWait how long {@code sluice_sendRecordSync} waits by default
   * @param maxReceiptWait the longest wait a request may ask for
   * @param progress how far batches have come on L1
   */
  public static List<JsonRpcMethod> create(
      Sequencer sequencer,
      RecordIngress ingress,
      int maxRecordBytes,
      Duration receiptWait,
      Duration maxReceiptWait,
      RollupProgress progress) {
    RecordParameter recordType = new RecordParameter(maxRecordBytes);
    return List.of(
        new SluiceSendRecord(ingress, recordType),
        new SluiceSendRecordSync(ingress, recordType, sequencer, receiptWait, maxReceiptWait),
        new SluiceGetReceipt(sequencer, progress),
        new SluiceGetRecord(sequencer),
        new SluiceGetEntry(sequencer),
        new SluiceGetStream(sequencer),
        new SluiceGetNonce(sequencer),
        new SluiceGetBatch(progress),
        new SluiceNodeStatus(sequencer, ingress.domain().chainId(), progress),
        new SluiceChainId(ingress.domain()),
        new SluiceSigningDomain(ingress.domain()),
        new SluiceSubscribe(),
        new SluiceUnsubscribe());
  }
}
