package dev.sluice.bridge.poster;

/** Where a batch's data travels on L1. */
public enum DataAvailability {
  /** In the transaction's calldata; the contract hashes it. */
  CALLDATA,
  /** In EIP-4844 blobs; the contract binds their versioned hashes. */
  BLOBS,
  /** Per batch, whichever of the two costs less at the L1's current fees. */
  AUTO;

  /** The name used in configuration, the RPC and the store: lower case. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static DataAvailability ofWireName(String name) {
    for (DataAvailability mode : values()) {
      if (mode.wireName().equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown data-availability mode '" + name + "': calldata, blobs or auto");
  }
}
