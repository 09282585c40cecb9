package dev.sluice.bridge;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The SluiceRollup events the node acts on, decoded from a transaction's receipt. Only logs emitted
 * by the given rollup address count: any contract can emit a log with the same topics.
 */
public final class RollupEvents {
  static final String BATCH_APPENDED =
      "BatchAppended(uint64,bytes32," + RollupAbi.HEADER + ",uint8,bytes32[])";
  static final String BATCHES_REVERTED = "BatchesReverted(uint64,uint64)";
  static final String FRAUD_PROVEN = "FraudProven(uint64,uint8,uint256,address,uint256)";
  static final String BATCH_FINALIZED = "BatchFinalized(uint64,bytes32)";

  /** Every event signature above, for the check against the compiled ABI. */
  static final List<String> EVENTS =
      List.of(BATCH_APPENDED, BATCHES_REVERTED, FRAUD_PROVEN, BATCH_FINALIZED);

  private static final Bytes32 BATCH_APPENDED_TOPIC = topic(BATCH_APPENDED);
  private static final Bytes32 BATCHES_REVERTED_TOPIC = topic(BATCHES_REVERTED);
  private static final Bytes32 FRAUD_PROVEN_TOPIC = topic(FRAUD_PROVEN);
  private static final Bytes32 BATCH_FINALIZED_TOPIC = topic(BATCH_FINALIZED);

  private RollupEvents() {}

  /** What a successful fraud proof showed; the ordinals are the contract's {@code Fault} values. */
  public enum Fault {
    STATE_TRANSITION,
    POST_STATE_ROOT
  }

  /** Batch {@code index} with header hash {@code headerHash} was appended. */
  public record BatchAppended(long index, Bytes32 headerHash) {}

  /**
   * Batches {@code firstIndex … lastIndex} were dropped; the head is batch {@code firstIndex − 1}.
   */
  public record BatchesReverted(long firstIndex, long lastIndex) {}

  /**
   * A fraud proof against batch {@code batchIndex} paid {@code reward} wei to {@code challenger}.
   */
  public record FraudProven(
      long batchIndex, Fault fault, long recordIndex, Address challenger, BigInteger reward) {}

  /** Batch {@code index} became final. */
  public record BatchFinalized(long index, Bytes32 headerHash) {}

  public static List<BatchAppended> batchesAppended(L1Receipt receipt, Address rollup) {
    return decode(
        receipt,
        rollup,
        BATCH_APPENDED_TOPIC,
        log -> new BatchAppended(uint63(log.topics().get(1)), log.topics().get(2)));
  }

  public static List<BatchesReverted> batchesReverted(L1Receipt receipt, Address rollup) {
    return decode(
        receipt,
        rollup,
        BATCHES_REVERTED_TOPIC,
        log -> new BatchesReverted(uint63(log.topics().get(1)), RollupAbi.uint63(log.data(), 0)));
  }

  public static List<FraudProven> fraudProven(L1Receipt receipt, Address rollup) {
    return decode(
        receipt,
        rollup,
        FRAUD_PROVEN_TOPIC,
        log -> {
          byte[] data = log.data();
          return new FraudProven(
              uint63(log.topics().get(1)),
              Fault.values()[(int) RollupAbi.uint63(data, 0)],
              RollupAbi.uint63(data, 1),
              Address.wrap(Arrays.copyOfRange(log.topics().get(2).toArray(), 12, 32)),
              RollupAbi.uint(data, 2));
        });
  }

  public static List<BatchFinalized> batchesFinalized(L1Receipt receipt, Address rollup) {
    return decode(
        receipt,
        rollup,
        BATCH_FINALIZED_TOPIC,
        log -> new BatchFinalized(uint63(log.topics().get(1)), log.topics().get(2)));
  }

  private static <T> List<T> decode(
      L1Receipt receipt, Address rollup, Bytes32 topic0, Function<L1Receipt.Log, T> decoder) {
    return receipt.logs().stream().filter(log -> log.is(rollup, topic0)).map(decoder).toList();
  }

  private static long uint63(Bytes32 word) {
    return new BigInteger(1, word.toArray()).longValueExact();
  }

  private static Bytes32 topic(String signature) {
    return Keccak.hash32(signature.getBytes(StandardCharsets.US_ASCII));
  }
}
