package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.results.SubmissionResult;
import dev.sluice.state.record.SignedRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code sluice_sendRecord}: submits a signed record and answers once it is durable. */
public final class SluiceSendRecord implements JsonRpcMethod {
  static final List<RpcErrorType> ERRORS =
      List.of(
          RpcErrorType.INVALID_SIGNATURE,
          RpcErrorType.WRONG_CHAIN,
          RpcErrorType.NONCE_TOO_LOW,
          RpcErrorType.NONCE_TOO_HIGH,
          RpcErrorType.RECORD_TOO_LARGE,
          RpcErrorType.BUSY,
          RpcErrorType.RATE_LIMITED,
          RpcErrorType.PAUSED);

  private final RecordIngress ingress;
  private final Param<SignedRecord> record;
  private final Param<SubmitOptions> options =
      Param.optional(
          "options",
          SubmitOptions.TYPE,
          "the chain id and rollup contract the record was signed for; a mismatch is refused"
              + " with WRONG_CHAIN instead of being ordered under an unrelated sender");

  public SluiceSendRecord(RecordIngress ingress, RecordParameter recordType) {
    this.ingress = ingress;
    this.record =
        Param.required(
            "record",
            recordType,
            "the signed record: its canonical encoding, or its fields and signature");
  }

  @Override
  public String getName() {
    return "sluice_sendRecord";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Submits a signed record; answers with its sequence number once it is durable.",
        "Checks the signature (65 bytes, low s, v 27 or 28) and the nonce, then hands the record to"
            + " the sequencer and answers when the sequencer reports it durable: ordered and"
            + " written to its log. The record's outcome (applied, permission_denied, ...) is in"
            + " its receipt (sluice_getReceipt, or sluice_sendRecordSync to wait for it).",
        List.of(record, options),
        new MethodDescription.Result(
            "submission", SubmissionResult.SCHEMA, "the record's sequence number and hash"),
        ERRORS);
  }

  @Override
  public CompletableFuture<SubmissionResult> response(JsonRpcRequestContext context) {
    SignedRecord signed = context.parameters().required(record);
    SubmitOptions submitOptions = context.parameters().optional(options).orElse(SubmitOptions.NONE);
    return ingress.submit(signed, submitOptions).thenApply(SubmissionResult::of);
  }
}
