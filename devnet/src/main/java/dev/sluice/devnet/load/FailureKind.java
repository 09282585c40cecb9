package dev.sluice.devnet.load;

import dev.sluice.rpc.client.SluiceRpcException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a submission failed, named for the report, and whether a well-behaved client would send the
 * same record again: the node asks for a retry after BUSY and rate limits (docs/rpc.md §4), and a
 * gateway that gave up on a record would leave a nonce gap that refuses all its later ones.
 *
 * @param name the kind as reported: the JSON-RPC error's name, or what went wrong on the way
 * @param retryable whether the record is sent again after {@code retryAfterMillis}
 */
record FailureKind(String name, boolean retryable, long retryAfterMillis) {

  static FailureKind of(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (!(cause instanceof SluiceRpcException rpc)) {
      return fatal("client:" + cause.getClass().getSimpleName());
    }
    return switch (rpc.code()) {
      case -32005 -> limit(rpc);
      case -32001 -> fatal("invalid_signature");
      case -32002 -> fatal("wrong_chain");
      case -32003 -> fatal("nonce_too_low");
      case -32004 -> fatal("nonce_too_high");
      case -32006 -> fatal("record_too_large");
      case -32007 -> new FailureKind("paused", true, 100);
      case -32603 -> fatal("internal_error");
      case 0 ->
          rpc.httpStatus() > 0
              ? fatal("http_" + rpc.httpStatus())
              : fatal(rpc.getCause() == null ? "no_answer" : "transport:" + rootName(rpc));
      default -> fatal("rpc_" + rpc.code());
    };
  }

  /** -32005 covers several refusals; the data and message tell them apart. */
  private static FailureKind limit(SluiceRpcException rpc) {
    if (rpc.dataField("reason").filter("busy"::equals).isPresent()) {
      return new FailureKind("busy_sequencer", true, 1);
    }
    if (rpc.dataField("retryAfterMs").isPresent()) {
      long wait = Long.parseLong(rpc.dataField("retryAfterMs").get());
      return new FailureKind("rate_limited", true, Math.max(1, wait));
    }
    String message = rpc.getMessage() == null ? "" : rpc.getMessage();
    if (message.contains("too many requests queued")) {
      return new FailureKind("busy_rpc_workers", true, 1);
    }
    return fatal("limit_exceeded");
  }

  private static FailureKind fatal(String name) {
    return new FailureKind(name, false, 0);
  }

  private static String rootName(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName();
  }
}
