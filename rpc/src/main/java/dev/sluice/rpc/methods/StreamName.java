package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.state.record.MalformedRecordException;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordLimits;

/** A stream name parameter, checked as docs/protocol.md §1 defines stream names. */
public final class StreamName {
  public static final ParameterType<String> TYPE =
      ParameterType.of(
          JsonSchema.STREAM_NAME,
          (value, name) -> {
            String stream = ParameterType.parseText(value, name);
            try {
              Record.validateStream(stream);
            } catch (MalformedRecordException invalid) {
              throw new InvalidJsonRpcParametersException(name, invalid.problem());
            }
            return stream;
          });

  /** An entry key: 1 to 256 bytes of hex. */
  public static final ParameterType<byte[]> ENTRY_KEY =
      ParameterType.of(
          JsonSchema.string("^0[xX]([0-9a-fA-F]{2}){1,256}$")
              .describedAs("entry key, 1-256 bytes of hex"),
          (value, name) ->
              ParameterType.parseData(value, name, 1, RecordLimits.MAX_ENTRY_KEY_LENGTH));

  private StreamName() {}
}
