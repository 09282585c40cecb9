package dev.sluice.node;

import dev.sluice.bridge.poster.PosterConfig;
import dev.sluice.sequencer.batch.BatchConfig;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import java.math.BigInteger;
import java.util.Objects;

/**
 * How a node posts its batches to L1: where L1 is, the proposer's key, how batches are cut and how
 * they are posted.
 *
 * @param l1RpcUrl the L1's JSON-RPC endpoint
 * @param proposerKey the key of the contract's proposer, which signs the batch transactions
 * @param batches when a batch is cut (records, data size, age) and its codec
 * @param poster data availability mode, fees, confirmations, backlog bound
 * @param faults {@link BatchFaultInjection#none()} except on a devnet that tests its watcher
 */
public record L1Posting(
    String l1RpcUrl,
    BigInteger proposerKey,
    BatchConfig batches,
    PosterConfig poster,
    BatchFaultInjection faults) {

  public L1Posting {
    Objects.requireNonNull(l1RpcUrl, "l1RpcUrl");
    Objects.requireNonNull(proposerKey, "proposerKey");
    Objects.requireNonNull(batches, "batches");
    Objects.requireNonNull(poster, "poster");
    Objects.requireNonNull(faults, "faults");
  }

  @Override
  public String toString() {
    // Never print the key.
    return "L1Posting[l1RpcUrl="
        + l1RpcUrl
        + ", batches="
        + batches
        + ", poster="
        + poster
        + ", faults="
        + faults
        + "]";
  }
}
