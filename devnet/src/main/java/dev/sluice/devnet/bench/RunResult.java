package dev.sluice.devnet.bench;

import java.util.Optional;

/**
 * What one run measured. Latencies are in milliseconds, from each record's due time (open loop and
 * bursts) or from its send (closed loop), to its acknowledgement, over the records due in the
 * measurement window.
 *
 * @param offered records due in the window per second (closed loop: sent)
 * @param achieved acknowledgements that arrived in the window per second (burst: records over the
 *     time to clear the burst)
 * @param acked acknowledgements of records due in the window
 * @param due records due in the window
 * @param errors records refused or failed
 * @param exhausted records a client was due to send after it had sent all it was given (the run was
 *     sized too small; its throughput is then a lower bound)
 * @param seconds length of the window (burst: time to clear it)
 * @param firstError the first failure's message, if any
 */
record RunResult(
    double offered,
    double achieved,
    double p50,
    double p99,
    double p999,
    double max,
    long acked,
    long due,
    long errors,
    long exhausted,
    double seconds,
    Optional<String> firstError) {

  /** Whether every record due in the window was acknowledged and none was missing. */
  boolean complete() {
    return acked == due && errors == 0 && exhausted == 0;
  }
}
