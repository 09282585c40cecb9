package dev.sluice.rpc.results;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.sequencer.StreamWriters;
import dev.sluice.state.Address;
import dev.sluice.state.stf.StreamLeaf;
import java.util.List;
import java.util.Optional;

/**
 * A stream's leaf on the wire, with one page of its granted writers: {@code writers} in ascending
 * address order and {@code writersMore} saying whether a next page exists. Both are null when the
 * sequencer cannot list writers (a data directory written before its writer index existed).
 */
public record StreamResult(
    String stream,
    String owner,
    String recordCount,
    String head,
    List<String> writers,
    Boolean writersMore) {

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
                  .describedAs(
                      "granted writers in ascending address order, one page; null: this node"
                          + " cannot list them"))
          .required(
              "writersMore",
              JsonSchema.BOOLEAN
                  .orNull()
                  .describedAs(
                      "true if writers were cut at the page size: ask again with writersAfter ="
                          + " the last one"))
          .open()
          .build();

  public static StreamResult of(String stream, StreamLeaf leaf) {
    return of(stream, leaf, Optional.empty());
  }

  public static StreamResult of(String stream, StreamLeaf leaf, Optional<StreamWriters> writers) {
    return new StreamResult(
        stream,
        leaf.owner().toHex(),
        Quantity.format(leaf.count()),
        leaf.head().toHex(),
        writers.map(page -> page.writers().stream().map(Address::toHex).toList()).orElse(null),
        writers.map(StreamWriters::more).orElse(null));
  }
}
