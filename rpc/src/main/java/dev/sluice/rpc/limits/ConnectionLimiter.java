package dev.sluice.rpc.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Counts open connections in all and per remote address, and refuses those over the limits. */
public final class ConnectionLimiter {
  private final int maxTotal;
  private final int maxPerAddress;
  private final Map<String, Integer> perAddress = new HashMap<>();
  private int total;

  public ConnectionLimiter(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Admits a connection from {@code address}, or says why not. An admitted connection must be
   * {@link #release released} when it closes.
   */
  public synchronized Optional<String> tryAdmit(String address) {
    if (total >= maxTotal) {
      return Optional.of("the node has " + total + " open connections, its limit; retry later");
    }
    int fromAddress = perAddress.getOrDefault(address, 0);
    if (fromAddress >= maxPerAddress) {
      return Optional.of(
          address
              + " has "
              + fromAddress
              + " open connections, the limit per address;"
              + " reuse one (HTTP keep-alive) or close some");
    }
    perAddress.put(address, fromAddress + 1);
    total++;
    return Optional.empty();
  }

  public synchronized void release(String address) {
    Integer fromAddress = perAddress.get(address);
    if (fromAddress == null) {
      return;
    }
    if (fromAddress <= 1) {
      perAddress.remove(address);
    } else {
      perAddress.put(address, fromAddress - 1);
    }
    total--;
  }

  public synchronized int open() {
    return total;
  }
}
