package dev.sluice.sequencer;

import dev.sluice.state.Address;
import java.util.List;

/**
 * One page of a stream's granted writers, in ascending address order.
 *
 * @param writers at most the page size asked for
 * @param more whether writers after the last one listed exist: ask again from it
 */
public record StreamWriters(List<Address> writers, boolean more) {
  public StreamWriters {
    writers = List.copyOf(writers);
  }
}
