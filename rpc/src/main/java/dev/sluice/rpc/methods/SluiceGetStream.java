package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.StreamResult;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.Address;
import dev.sluice.state.stf.StreamLeaf;
import java.util.List;
import java.util.Optional;

/**
 * {@code sluice_getStream}: a stream's owner, record count and hash-chain head, and one page of its
 * granted writers.
 */
public final class SluiceGetStream implements SynchronousJsonRpcMethod {
  /** Writers listed when the caller names no page size. */
  public static final int DEFAULT_WRITERS = 100;

  /** The most writers one answer lists; a stream may have any number. */
  public static final int MAX_WRITERS = 1000;

  private static final Param<String> STREAM =
      Param.required("stream", StreamName.TYPE, "the stream name");
  private static final Param<Address> WRITERS_AFTER =
      Param.optional(
          "writersAfter",
          ParameterType.ADDRESS,
          "list writers after this address (the last of the previous page); from the first when"
              + " absent");
  private static final Param<Long> WRITERS_LIMIT =
      Param.optional(
          "writersLimit",
          ParameterType.QUANTITY,
          "page size for writers, 1 to " + MAX_WRITERS + "; " + DEFAULT_WRITERS + " when absent");

  private final Sequencer sequencer;

  public SluiceGetStream(Sequencer sequencer) {
    this.sequencer = sequencer;
  }

  @Override
  public String getName() {
    return "sluice_getStream";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns a stream's owner, record count and hash-chain head, and a page of its granted"
            + " writers, or null if the stream does not exist.",
        "recordCount and head let a consumer check that it has every record of the stream: head"
            + " is keccak over the chain of applied records' digests. writers lists granted"
            + " writers in ascending address order, at most writersLimit of them; writersMore says"
            + " whether to ask again with writersAfter set to the last one. Both are null if the"
            + " node cannot list writers (a data directory older than its writer index).",
        List.of(STREAM, WRITERS_AFTER, WRITERS_LIMIT),
        new MethodDescription.Result("stream", StreamResult.SCHEMA.orNull(), "the stream, or null"),
        List.of());
  }

  @Override
  public StreamResult result(JsonRpcRequestContext context) {
    String stream = context.parameters().required(STREAM);
    Optional<Address> after = context.parameters().optional(WRITERS_AFTER);
    long limit = context.parameters().optional(WRITERS_LIMIT).orElse((long) DEFAULT_WRITERS);
    if (limit < 1 || limit > MAX_WRITERS) {
      throw new InvalidJsonRpcParametersException(
          WRITERS_LIMIT.name(), "must be 1 to " + MAX_WRITERS + ", got " + limit);
    }
    Optional<StreamLeaf> leaf = sequencer.stream(stream);
    if (leaf.isEmpty()) {
      return null;
    }
    return StreamResult.of(stream, leaf.get(), sequencer.writers(stream, after, (int) limit));
  }
}
