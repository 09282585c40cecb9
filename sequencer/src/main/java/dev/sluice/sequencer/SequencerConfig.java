package dev.sluice.sequencer;

import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link PipelinedSequencer} runs: its chain, its durability, and the bound of every queue
 * and buffer in the pipeline. Build one with {@link #builder}, which starts from the defaults
 * listed on each setter.
 *
 * @param domain the EIP-712 domain records are signed under (chain id and rollup contract)
 * @param durability when a group of log writes counts as written
 * @param recoveryThreads threads recovering senders from signatures, in parallel before ordering
 * @param ingressQueueCapacity records waiting for a recovery thread
 * @param orderingQueueCapacity recovered records waiting for the ordering loop
 * @param logQueueCapacity ordered records waiting for the log writer; must exceed {@code
 *     nonceHoldAhead}, since the loop keeps room to release a sender's whole hold at once
 * @param applyQueueCapacity logged records waiting to be applied to the state
 * @param groupCommitInterval the least time between two log commits; records that arrive in between
 *     share the next commit
 * @param groupCommitRecords the most records in one log commit; a full group commits at once
 * @param asyncSyncInterval under {@link Durability#ASYNC}, the longest time an unsynced log write
 *     stays unsynced
 * @param nonceHoldAhead how far beyond a sender's next nonce a record is held rather than refused
 * @param nonceHoldTime how long a held record waits for the nonces before it
 * @param maxHeldRecords held records across all senders
 * @param checkpointRecords applied records between two checkpoints
 * @param checkpointInterval the longest time between two checkpoints while records are applied
 * @param feedBufferRecords records buffered for one feed subscriber before it is dropped
 * @param maxSubscribers live feed subscriptions
 * @param stateCacheNodes tree nodes cached by the state thread's tree (97 bytes each)
 * @param readerCacheNodes tree nodes cached by each pooled reader of the tree
 * @param senderRecovery the secp256k1 implementation; every one gives the same answers
 * @param clock sequencer time: record timestamps, nonce hold deadlines and checkpoint intervals
 * @param admissionGate consulted for every submission before it enters the pipeline; a refusal
 *     fails it with {@code BUSY} and the gate's reason
 */
public record SequencerConfig(
    Eip712Domain domain,
    Durability durability,
    int recoveryThreads,
    int ingressQueueCapacity,
    int orderingQueueCapacity,
    int logQueueCapacity,
    int applyQueueCapacity,
    Duration groupCommitInterval,
    int groupCommitRecords,
    Duration asyncSyncInterval,
    int nonceHoldAhead,
    Duration nonceHoldTime,
    int maxHeldRecords,
    int checkpointRecords,
    Duration checkpointInterval,
    int feedBufferRecords,
    int maxSubscribers,
    int stateCacheNodes,
    int readerCacheNodes,
    SenderRecovery senderRecovery,
    InstantSource clock,
    AdmissionGate admissionGate) {

  public SequencerConfig {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(senderRecovery, "senderRecovery");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(admissionGate, "admissionGate");
    requirePositive("recoveryThreads", recoveryThreads);
    requirePositive("ingressQueueCapacity", ingressQueueCapacity);
    requirePositive("orderingQueueCapacity", orderingQueueCapacity);
    requirePositive("applyQueueCapacity", applyQueueCapacity);
    requirePositive("groupCommitRecords", groupCommitRecords);
    requirePositive("nonceHoldAhead", nonceHoldAhead);
    requirePositive("maxHeldRecords", maxHeldRecords);
    requirePositive("checkpointRecords", checkpointRecords);
    requirePositive("feedBufferRecords", feedBufferRecords);
    requirePositive("maxSubscribers", maxSubscribers);
    requireNotNegative("groupCommitInterval", groupCommitInterval);
    requirePositive("asyncSyncInterval", asyncSyncInterval);
    requirePositive("nonceHoldTime", nonceHoldTime);
    requirePositive("checkpointInterval", checkpointInterval);
    if (stateCacheNodes < 0 || readerCacheNodes < 0) {
      throw new IllegalArgumentException("tree node caches cannot be negative");
    }
    if (logQueueCapacity <= nonceHoldAhead) {
      throw new IllegalArgumentException(
          "logQueueCapacity ("
              + logQueueCapacity
              + ") must exceed nonceHoldAhead ("
              + nonceHoldAhead
              + "): releasing a sender's held records needs that much room");
    }
  }

  /** The defaults for {@code domain}; see each setter of {@link Builder}. */
  public static Builder builder(Eip712Domain domain) {
    return new Builder(domain);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requireNotNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " cannot be negative, got " + value);
    }
  }

  /** Collects settings; {@link #build} checks them together. */
  public static final class Builder {
    private Eip712Domain domain;
    private Durability durability = Durability.SYNC;
    private int recoveryThreads = Math.min(8, Runtime.getRuntime().availableProcessors());
    private int ingressQueueCapacity = 8192;
    private int orderingQueueCapacity = 8192;
    private int logQueueCapacity = 16384;
    private int applyQueueCapacity = 16384;
    private Duration groupCommitInterval;
    private int groupCommitRecords = 2048;
    private Duration asyncSyncInterval = Duration.ofSeconds(1);
    private int nonceHoldAhead = 64;
    private Duration nonceHoldTime = Duration.ofSeconds(2);
    private int maxHeldRecords = 4096;
    private int checkpointRecords = 4096;
    private Duration checkpointInterval = Duration.ofSeconds(1);
    private int feedBufferRecords = 8192;
    private int maxSubscribers = 256;
    private int stateCacheNodes = 1 << 18;
    private int readerCacheNodes = 1 << 14;
    private SenderRecovery senderRecovery;
    private InstantSource clock = InstantSource.system();
    private AdmissionGate admissionGate = AdmissionGate.open();

    private Builder(Eip712Domain domain) {
      this.domain = Objects.requireNonNull(domain, "domain");
    }

    private Builder(SequencerConfig config) {
      domain = config.domain;
      durability = config.durability;
      recoveryThreads = config.recoveryThreads;
      ingressQueueCapacity = config.ingressQueueCapacity;
      orderingQueueCapacity = config.orderingQueueCapacity;
      logQueueCapacity = config.logQueueCapacity;
      applyQueueCapacity = config.applyQueueCapacity;
      groupCommitInterval = config.groupCommitInterval;
      groupCommitRecords = config.groupCommitRecords;
      asyncSyncInterval = config.asyncSyncInterval;
      nonceHoldAhead = config.nonceHoldAhead;
      nonceHoldTime = config.nonceHoldTime;
      maxHeldRecords = config.maxHeldRecords;
      checkpointRecords = config.checkpointRecords;
      checkpointInterval = config.checkpointInterval;
      feedBufferRecords = config.feedBufferRecords;
      maxSubscribers = config.maxSubscribers;
      stateCacheNodes = config.stateCacheNodes;
      readerCacheNodes = config.readerCacheNodes;
      senderRecovery = config.senderRecovery;
      clock = config.clock;
      admissionGate = config.admissionGate;
    }

    /** Default {@link Durability#SYNC}. */
    public Builder durability(Durability durability) {
      this.durability = durability;
      return this;
    }

    /** Default: the number of processors, at most 8. */
    public Builder recoveryThreads(int recoveryThreads) {
      this.recoveryThreads = recoveryThreads;
      return this;
    }

    /** Default 8192 records. */
    public Builder ingressQueueCapacity(int ingressQueueCapacity) {
      this.ingressQueueCapacity = ingressQueueCapacity;
      return this;
    }

    /** Default 8192 records. */
    public Builder orderingQueueCapacity(int orderingQueueCapacity) {
      this.orderingQueueCapacity = orderingQueueCapacity;
      return this;
    }

    /** Default 16384 records. */
    public Builder logQueueCapacity(int logQueueCapacity) {
      this.logQueueCapacity = logQueueCapacity;
      return this;
    }

    /** Default 16384 records. */
    public Builder applyQueueCapacity(int applyQueueCapacity) {
      this.applyQueueCapacity = applyQueueCapacity;
      return this;
    }

    /**
     * Default 1 ms under {@link Durability#SYNC}: at most about a thousand fsyncs a second, each
     * for every record that arrived meanwhile. 0 under {@link Durability#ASYNC}, where a commit
     * costs tens of microseconds: each takes whatever arrived while the previous one ran, which
     * halves acknowledgement latency at light load.
     */
    public Builder groupCommitInterval(Duration groupCommitInterval) {
      this.groupCommitInterval = groupCommitInterval;
      return this;
    }

    /** Default 2048 records. */
    public Builder groupCommitRecords(int groupCommitRecords) {
      this.groupCommitRecords = groupCommitRecords;
      return this;
    }

    /** Default 1 s. */
    public Builder asyncSyncInterval(Duration asyncSyncInterval) {
      this.asyncSyncInterval = asyncSyncInterval;
      return this;
    }

    /** Default 64 nonces. */
    public Builder nonceHoldAhead(int nonceHoldAhead) {
      this.nonceHoldAhead = nonceHoldAhead;
      return this;
    }

    /** Default 2 s. */
    public Builder nonceHoldTime(Duration nonceHoldTime) {
      this.nonceHoldTime = nonceHoldTime;
      return this;
    }

    /** Default 4096 records. */
    public Builder maxHeldRecords(int maxHeldRecords) {
      this.maxHeldRecords = maxHeldRecords;
      return this;
    }

    /** Default 4096 records. */
    public Builder checkpointRecords(int checkpointRecords) {
      this.checkpointRecords = checkpointRecords;
      return this;
    }

    /** Default 1 s. */
    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = checkpointInterval;
      return this;
    }

    /** Default 8192 records. */
    public Builder feedBufferRecords(int feedBufferRecords) {
      this.feedBufferRecords = feedBufferRecords;
      return this;
    }

    /** Default 256 subscriptions. */
    public Builder maxSubscribers(int maxSubscribers) {
      this.maxSubscribers = maxSubscribers;
      return this;
    }

    /** Default 2^18 nodes (25 MiB). */
    public Builder stateCacheNodes(int stateCacheNodes) {
      this.stateCacheNodes = stateCacheNodes;
      return this;
    }

    /** Default 2^14 nodes (1.6 MiB) for each of the pooled readers. */
    public Builder readerCacheNodes(int readerCacheNodes) {
      this.readerCacheNodes = readerCacheNodes;
      return this;
    }

    /** Default {@link SenderRecovery#fastestAvailable()}, looked up when the config is built. */
    public Builder senderRecovery(SenderRecovery senderRecovery) {
      this.senderRecovery = senderRecovery;
      return this;
    }

    /** Default {@link InstantSource#system()}. */
    public Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    /** Default {@link AdmissionGate#open()}: every submission is admitted. */
    public Builder admissionGate(AdmissionGate admissionGate) {
      this.admissionGate = admissionGate;
      return this;
    }

    public SequencerConfig build() {
      return new SequencerConfig(
          domain,
          durability,
          recoveryThreads,
          ingressQueueCapacity,
          orderingQueueCapacity,
          logQueueCapacity,
          applyQueueCapacity,
          groupCommitInterval != null
              ? groupCommitInterval
              : durability == Durability.ASYNC ? Duration.ZERO : Duration.ofMillis(1),
          groupCommitRecords,
          asyncSyncInterval,
          nonceHoldAhead,
          nonceHoldTime,
          maxHeldRecords,
          checkpointRecords,
          checkpointInterval,
          feedBufferRecords,
          maxSubscribers,
          stateCacheNodes,
          readerCacheNodes,
          senderRecovery != null ? senderRecovery : SenderRecovery.fastestAvailable(),
          clock,
          admissionGate);
    }
  }
}
