package dev.sluice.rpc.subscriptions;

/** Where a connection's notifications go: the WebSocket, in tests a list. */
public interface MessageSink {

  /**
   * Queues one text message. Calls to this method from one thread, or ordered by a lock, are sent
   * in that order.
   *
   * @param written runs once the message has left or failed to, to count what is still queued
   */
  void send(String message, Runnable written);
}
