package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.EntryProofResult;
import dev.sluice.sequencer.EntryProof;
import dev.sluice.sequencer.Sequencer;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code sluice_getEntry}: an entry's value with its Merkle proof and the root it proves against.
 * Runs on a worker thread: building a proof reads up to 256 tree nodes.
 */
public final class SluiceGetEntry implements SynchronousJsonRpcMethod {
  private static final Param<String> STREAM =
      Param.required("stream", StreamName.TYPE, "the stream name");
  private static final Param<byte[]> KEY =
      Param.required("key", StreamName.ENTRY_KEY, "the entry key");
  private static final Param<Long> AT_SEQUENCE =
      Param.optional(
          "atSequence",
          ParameterType.QUANTITY,
          "prove against the state root after this record; the latest applied when absent");

  private final Sequencer sequencer;

  public SluiceGetEntry(Sequencer sequencer) {
    this.sequencer = sequencer;
  }

  @Override
  public String getName() {
    return "sluice_getEntry";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns an entry's value (or its absence) with a sparse Merkle proof.",
        "The proof is against root, the state root after the record of sequence. To verify it,"
            + " recompute treeKey = keccak(0x04 ‖ keccak(stream) ‖ key), check the proof against"
            + " a root you trust (a receipt's postStateRoot), and check that the proven value hash"
            + " is keccak(value), or that the proof shows absence when value is null. Past roots"
            + " are available as long as the sequencer retains them; others answer NOT_AVAILABLE.",
        List.of(STREAM, KEY, AT_SEQUENCE),
        new MethodDescription.Result("entry", EntryProofResult.SCHEMA, "the entry and its proof"),
        List.of(RpcErrorType.NOT_AVAILABLE));
  }

  @Override
  public EntryProofResult result(JsonRpcRequestContext context) {
    String stream = context.parameters().required(STREAM);
    byte[] key = context.parameters().required(KEY);
    OptionalLong at =
        context
            .parameters()
            .optional(AT_SEQUENCE)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty());
    EntryProof entry;
    try {
      entry = sequencer.entry(stream, key, at);
    } catch (IllegalArgumentException unavailable) {
      throw new JsonRpcErrorException(RpcErrorType.NOT_AVAILABLE, unavailable.getMessage());
    }
    return EntryProofResult.of(stream, key, entry);
  }
}
