package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.state.record.RecordLimits;

/** A stream name parameter, checked as docs/protocol.md §1 defines stream names. */
public final class StreamName {
  public static final ParameterType<String> TYPE =
      ParameterType.of(
          JsonSchema.STREAM_NAME,
          (value, name) -> {
            String stream = ParameterType.parseText(value, name);
            if (stream.isEmpty() || stream.length() > RecordLimits.MAX_STREAM_LENGTH) {
              throw new InvalidJsonRpcParametersException(
                  name,
                  "a stream name is 1 to "
                      + RecordLimits.MAX_STREAM_LENGTH
                      + " characters, got "
                      + stream.length());
            }
            for (int i = 0; i < stream.length(); i++) {
              char c = stream.charAt(i);
              if (c < 0x21 || c > 0x7e) {
                throw new InvalidJsonRpcParametersException(
                    name,
                    "only printable ASCII without spaces (0x21-0x7e) is allowed; character "
                        + i
                        + " is U+"
                        + String.format("%04X", (int) c));
              }
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
