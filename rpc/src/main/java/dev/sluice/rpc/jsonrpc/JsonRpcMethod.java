package dev.sluice.rpc.jsonrpc;

import java.util.concurrent.CompletableFuture;

/**
 * One JSON-RPC method; implementations are named after the wire name ({@code sluice_getReceipt} is
 * {@code SluiceGetReceipt}).
 *
 * <p>{@link #response} runs on a worker thread, never on an event loop, so it may do a bounded
 * amount of work; what has to wait (a sequencer acknowledgement) it returns as a future rather than
 * holding the thread. It answers an expected failure by throwing or completing with a {@link
 * JsonRpcErrorException}; anything else becomes an internal error.
 */
public interface JsonRpcMethod {

  String getName();

  MethodDescription description();

  /** The result, which Jackson serialises into the response's {@code result} member. */
  CompletableFuture<?> response(JsonRpcRequestContext context);
}
