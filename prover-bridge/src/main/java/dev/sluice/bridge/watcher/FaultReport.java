package dev.sluice.bridge.watcher;

import dev.sluice.state.Bytes32;
import java.util.Objects;

/**
 * A batch the watcher found wrong.
 *
 * @param batchIndex the batch
 * @param headerHash its header hash
 * @param l1Block the L1 block that appended it
 * @param kind what is wrong
 * @param recordIndex the first wrong record (state transition), the last record (post-state
 *     root), or −1 (data)
 * @param detail what exactly, for people
 * @param provable whether the contract can be shown: false for data faults
 */
public record FaultReport(
    long batchIndex,
    Bytes32 headerHash,
    long l1Block,
    FaultKind kind,
    long recordIndex,
    String detail,
    boolean provable) {

  public FaultReport {
    Objects.requireNonNull(headerHash, "headerHash");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }
}
