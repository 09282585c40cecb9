package dev.sluice.bridge.derivation;

import dev.sluice.bridge.derivation.AbiWords.MalformedAbiException;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SluiceRollup events that shape the chain of batches, decoded from {@code eth_getLogs}
 * results. Only logs of the rollup's own address are asked for, and each is checked again here:
 * any contract can emit a log with the same topics.
 */
public sealed interface RollupLog {
  String HEADER = "(uint64,bytes32,uint64,uint32,bytes32,bytes32,bytes32,bytes32,bytes32)";
  String BATCH_APPENDED = "BatchAppended(uint64,bytes32," + HEADER + ",uint8,bytes32[])";
  String BATCHES_REVERTED = "BatchesReverted(uint64,uint64)";
  String BATCH_FINALIZED = "BatchFinalized(uint64,bytes32)";

  Bytes32 BATCH_APPENDED_TOPIC = topic(BATCH_APPENDED);
  Bytes32 BATCHES_REVERTED_TOPIC = topic(BATCHES_REVERTED);
  Bytes32 BATCH_FINALIZED_TOPIC = topic(BATCH_FINALIZED);

  /** The first topics derivation asks {@code eth_getLogs} for. */
  List<Bytes32> TOPICS = List.of(BATCH_APPENDED_TOPIC, BATCHES_REVERTED_TOPIC, BATCH_FINALIZED_TOPIC);

  /** Most blobs one transaction can carry under any fork so far, with room to spare. */
  int MAX_BLOBS = 64;

  /** The log this was decoded from. */
  L1Log log();

  /** A batch was appended. */
  record Appended(L1Log log, AppendedBatch batch) implements RollupLog {}

  /** Batches {@code firstIndex … lastIndex} were dropped by a fraud proof. */
  record Reverted(L1Log log, long firstIndex, long lastIndex) implements RollupLog {}

  /** Batch {@code index} became final. */
  record Finalized(L1Log log, long index, Bytes32 headerHash) implements RollupLog {}

  /** A log of the rollup that does not decode as the event its topic names. */
  final class MalformedLogException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedLogException(L1Log log, String problem) {
      super(
          "log "
              + log.logIndex()
              + " of block "
              + log.blockNumber()
              + " (transaction "
              + log.transactionHash()
              + ") is malformed: "
              + problem);
    }
  }

  /**
   * Decodes {@code log}, emitted by {@code rollup}.
   *
   * @throws MalformedLogException if it is another contract's, or its topics or data do not fit
   *     the event; a rollup built from this repository's contract never emits one
   */
  static RollupLog decode(L1Log log, Address rollup) throws MalformedLogException {
    if (!log.address().equals(rollup)) {
      throw new MalformedLogException(log, "emitted by " + log.address() + ", not " + rollup);
    }
    List<Bytes32> topics = log.topics();
    if (topics.isEmpty()) {
      throw new MalformedLogException(log, "it has no topics");
    }
    Bytes32 topic0 = topics.get(0);
    AbiWords data = new AbiWords(log.data(), 0);
    try {
      if (topic0.equals(BATCH_APPENDED_TOPIC)) {
        requireTopics(log, 3);
        var header = data.header(0);
        long index = uint64(log, topics.get(1));
        if (header.index() != index) {
          throw new MalformedLogException(log, "the header's index is not the indexed one");
        }
        if (!header.hash().equals(topics.get(2))) {
          throw new MalformedLogException(log, "the header does not hash to the headerHash topic");
        }
        long mode = data.uint(9, 8);
        if (mode >= DataMode.values().length) {
          throw new MalformedLogException(log, "unknown data mode " + mode);
        }
        List<Bytes32> blobHashes = data.dynamicWords(10, MAX_BLOBS);
        return new Appended(
            log,
            new AppendedBatch(
                header,
                DataMode.values()[(int) mode],
                blobHashes,
                log.transactionHash(),
                log.blockNumber(),
                log.blockHash(),
                log.logIndex()));
      }
      if (topic0.equals(BATCHES_REVERTED_TOPIC)) {
        requireTopics(log, 2);
        long first = uint64(log, topics.get(1));
        long last = data.uint(0, 63);
        if (last < first) {
          throw new MalformedLogException(log, "it reverts " + first + " … " + last);
        }
        return new Reverted(log, first, last);
      }
      if (topic0.equals(BATCH_FINALIZED_TOPIC)) {
        requireTopics(log, 3);
        return new Finalized(log, uint64(log, topics.get(1)), topics.get(2));
      }
    } catch (MalformedAbiException e) {
      throw new MalformedLogException(log, e.getMessage());
    }
    throw new MalformedLogException(log, "unknown event topic " + topic0);
  }

  private static void requireTopics(L1Log log, int count) throws MalformedLogException {
    if (log.topics().size() != count) {
      throw new MalformedLogException(
          log, "expected " + count + " topics, got " + log.topics().size());
    }
  }

  private static long uint64(L1Log log, Bytes32 topic) throws MalformedLogException {
    try {
      return new AbiWords(topic.toArray(), 0).uint(0, 63);
    } catch (MalformedAbiException e) {
      throw new MalformedLogException(log, "an indexed integer is out of range");
    }
  }

  private static Bytes32 topic(String signature) {
    return Keccak.hash32(signature.getBytes(StandardCharsets.US_ASCII));
  }
}
