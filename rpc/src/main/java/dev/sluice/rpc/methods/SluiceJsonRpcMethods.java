package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.sequencer.Sequencer;
import java.time.Duration;
import java.util.List;

/** The {@code sluice_} methods of the public endpoint, wired to their collaborators. */
public final class SluiceJsonRpcMethods {
  private SluiceJsonRpcMethods() {}

  /**
   * @param receiptWait how long {@code sluice_sendRecordSync} waits by default
   * @param maxReceiptWait the longest wait a request may ask for
   */
  public static List<JsonRpcMethod> create(
      Sequencer sequencer,
      RecordIngress ingress,
      int maxRecordBytes,
      Duration receiptWait,
      Duration maxReceiptWait) {
    RecordParameter recordType = new RecordParameter(maxRecordBytes);
    return List.of(
        new SluiceSendRecord(ingress, recordType),
        new SluiceSendRecordSync(ingress, recordType, sequencer, receiptWait, maxReceiptWait),
        new SluiceGetReceipt(sequencer),
        new SluiceGetRecord(sequencer),
        new SluiceGetEntry(sequencer),
        new SluiceGetStream(sequencer),
        new SluiceGetNonce(sequencer),
        new SluiceGetBatch(),
        new SluiceNodeStatus(sequencer, ingress.domain().chainId()),
        new SluiceChainId(ingress.domain()),
        new SluiceSigningDomain(ingress.domain()),
        new SluiceSubscribe(),
        new SluiceUnsubscribe());
  }
}
