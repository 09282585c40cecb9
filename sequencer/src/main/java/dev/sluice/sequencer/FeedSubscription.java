package dev.sluice.sequencer;

/** A live feed subscription; closing it stops delivery. */
public interface FeedSubscription extends AutoCloseable {
  @Override
  void close();
}
