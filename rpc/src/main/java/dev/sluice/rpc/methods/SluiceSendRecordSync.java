package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.results.ReceiptResult;
import dev.sluice.rpc.results.RecordStage;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.record.SignedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code sluice_sendRecordSync}: submits a signed record and answers with its receipt, state root
 * included, once it has been applied. Named after EIP-7966's {@code eth_sendRawTransactionSync}.
 */
public final class SluiceSendRecordSync implements JsonRpcMethod {
  private final RecordIngress ingress;
  private final Sequencer sequencer;
  private final Duration defaultWait;
  private final Duration maxWait;
  private final Param<SignedRecord> record;
  private final Param<SubmitOptions> options;

  /**
   * @param defaultWait how long to wait for the receipt when the request does not say
   * @param maxWait the longest wait a request may ask for
   */
  public SluiceSendRecordSync(
      RecordIngress ingress,
      RecordParameter recordType,
      Sequencer sequencer,
      Duration defaultWait,
      Duration maxWait) {
    this.ingress = ingress;
    this.sequencer = sequencer;
    this.defaultWait = defaultWait;
    this.maxWait = maxWait;
    this.record =
        Param.required(
            "record",
            recordType,
            "the signed record: its canonical encoding, or its fields and signature");
    this.options =
        Param.optional(
            "options",
            SubmitOptions.WITH_TIMEOUT,
            "the chain id and rollup contract signed for, and how many milliseconds to wait for the"
                + " receipt (default "
                + defaultWait.toMillis()
                + ", at most "
                + maxWait.toMillis()
                + ")");
  }

  @Override
  public String getName() {
    return "sluice_sendRecordSync";
  }

  @Override
  public MethodDescription description() {
    List<RpcErrorType> errors = new ArrayList<>(SluiceSendRecord.ERRORS);
    errors.add(RpcErrorType.TIMEOUT);
    return new MethodDescription(
        "Submits a signed record and waits for its receipt and state root.",
        "As sluice_sendRecord, then waits until the record has been applied and answers with its"
            + " receipt. If the receipt does not come within the wait, answers TIMEOUT with the"
            + " record's sequence number and hash: the record is durable, and sluice_getReceipt"
            + " finds the receipt later.",
        List.of(record, options),
        new MethodDescription.Result("receipt", ReceiptResult.SCHEMA, "the record's receipt"),
        errors);
  }

  @Override
  public CompletableFuture<ReceiptResult> response(JsonRpcRequestContext context) {
    SignedRecord signed = context.parameters().required(record);
    SubmitOptions submitOptions = context.parameters().optional(options).orElse(SubmitOptions.NONE);
    Duration wait = submitOptions.timeout().orElse(defaultWait);
    if (wait.compareTo(maxWait) > 0) {
      throw new JsonRpcErrorException(
          RpcErrorType.INVALID_PARAMS,
          "options.timeout: at most " + maxWait.toMillis() + " ms, got " + wait.toMillis(),
          Map.of("param", "options", "field", "timeout"));
    }
    return ingress.submit(signed, submitOptions).thenCompose(ack -> receiptOf(ack, wait));
  }

  private CompletableFuture<ReceiptResult> receiptOf(Acknowledgement ack, Duration wait) {
    // copy(): orTimeout completes the future it is called on, and this one is the sequencer's.
    return sequencer
        .receiptOf(ack.sequence())
        .copy()
        .orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (receipt, failure) -> {
              if (failure == null) {
                return ReceiptResult.of(receipt, RecordStage.SEQUENCED);
              }
              Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
              if (cause instanceof TimeoutException) {
                throw new JsonRpcErrorException(
                    RpcErrorType.TIMEOUT,
                    "the record is durable as sequence "
                        + ack.sequence()
                        + " but was not applied within "
                        + wait.toMillis()
                        + " ms; ask sluice_getReceipt for it later",
                    Map.of(
                        "sequence", Quantity.format(ack.sequence()),
                        "recordHash", ack.recordHash().toHex()));
              }
              throw new IllegalStateException("waiting for receipt " + ack.sequence(), cause);
            });
  }
}
