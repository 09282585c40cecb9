package dev.sluice.rpc.results;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.state.stf.StreamLeaf;
import java.util.List;

/**
 * A stream's leaf on the wire. {@code writers} is always null for now: grants are tree leaves keyed
 * by hash, which cannot be listed, and the sequencer keeps no index of them yet.
 */
public record StreamResult(
    String stream, String owner, String recordCount, String head, List<String> writers) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required("stream", JsonSchema.STREAM_NAME)
          .required("owner", JsonSchema.ADDRESS)
          .required("recordCount", JsonSchema.QUANTITY.describedAs("records applied to the stream"))
          .required(
              "head", JsonSchema.HASH.describedAs("hash chain over the applied records' digests"))
          .required(
              "writers",
              JsonSchema.arrayOf(JsonSchema.ADDRESS)
                  .orNull()
                  .describedAs("granted writers; null: this node cannot list them yet"))
          .open()
          .build();

  public static StreamResult of(String stream, StreamLeaf leaf) {
    return new StreamResult(
        stream, leaf.owner().toHex(), Quantity.format(leaf.count()), leaf.head().toHex(), null);
  }
}
