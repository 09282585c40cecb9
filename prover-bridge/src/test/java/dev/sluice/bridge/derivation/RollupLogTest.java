package dev.sluice.bridge.derivation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RollupLog#decode}: the rollup's events, and logs it cannot have emitted. */
class RollupLogTest {
  private static final Address ROLLUP = Address.fromHex("0x" + "5e".repeat(20));
  private final ScriptedL1Chain chain = new ScriptedL1Chain(ROLLUP);
  private final L1Block block = new L1Block(7, hash("b7"), hash("b6"), 0);
  private final BatchHeader header =
      new BatchHeader(3, hash("prev"), 40, 5, hash("data"), hash("rec"), hash("roots"),
          hash("pre"), hash("post"));

  @Test
  void batchAppendedDecodesWithItsBlobHashesAndPlace() throws Exception {
    List<Bytes32> blobs = List.of(hash("v1"), hash("v2"));
    L1Log log = chain.appendedLog(block, hash("tx"), 4, header, DataMode.BLOBS, blobs);
    RollupLog.Appended appended =
        assertInstanceOf(RollupLog.Appended.class, RollupLog.decode(log, ROLLUP));
    assertEquals(header, appended.batch().header());
    assertEquals(DataMode.BLOBS, appended.batch().mode());
    assertEquals(blobs, appended.batch().blobHashes());
    assertEquals(hash("tx"), appended.batch().transactionHash());
    assertEquals(7, appended.batch().l1Block());
    assertEquals(4, appended.batch().logIndex());
  }

  @Test
  void logsTheContractCannotHaveEmittedAreRefusedByName() {
    L1Log good = chain.appendedLog(block, hash("tx"), 0, header, DataMode.CALLDATA, List.of());
    Address other = Address.fromHex("0x" + "01".repeat(20));
    assertRefused(relog(good, other, good.topics(), good.data()), "not " + ROLLUP);

    List<Bytes32> wrongHash = new ArrayList<>(good.topics());
    wrongHash.set(2, hash("x"));
    assertRefused(relog(good, ROLLUP, wrongHash, good.data()), "headerHash");

    List<Bytes32> wrongIndex = new ArrayList<>(good.topics());
    wrongIndex.set(1, ScriptedL1Chain.uintWord(4));
    assertRefused(relog(good, ROLLUP, wrongIndex, good.data()), "index");

    assertRefused(relog(good, ROLLUP, good.topics().subList(0, 2), good.data()), "topics");
    assertRefused(relog(good, ROLLUP, good.topics(), new byte[100]), "ends before");

    byte[] unknownMode = good.data();
    unknownMode[32 * 9 + 31] = 2;
    assertRefused(relog(good, ROLLUP, good.topics(), unknownMode), "data mode");

    byte[] hugeArray = good.data();
    hugeArray[32 * 11 + 28] = 0x7f; // the blob hash count
    assertRefused(relog(good, ROLLUP, good.topics(), hugeArray), "limit");

    assertRefused(
        relog(good, ROLLUP, List.of(hash("Unknown(uint256)")), new byte[0]), "unknown event");
  }

  @Test
  void revertsAndFinalisationsDecode() throws Exception {
    L1Log revert =
        new L1Log(ROLLUP, List.of(RollupLog.BATCHES_REVERTED_TOPIC, ScriptedL1Chain.uintWord(2)),
            ScriptedL1Chain.uintWord(5).toArray(), 7, block.hash(), hash("tx"), 0);
    RollupLog.Reverted reverted =
        assertInstanceOf(RollupLog.Reverted.class, RollupLog.decode(revert, ROLLUP));
    assertEquals(2, reverted.firstIndex());
    assertEquals(5, reverted.lastIndex());
    L1Log backwards =
        new L1Log(ROLLUP, List.of(RollupLog.BATCHES_REVERTED_TOPIC, ScriptedL1Chain.uintWord(6)),
            ScriptedL1Chain.uintWord(5).toArray(), 7, block.hash(), hash("tx"), 0);
    assertThrows(RollupLog.MalformedLogException.class, () -> RollupLog.decode(backwards, ROLLUP));

    L1Log finalized =
        new L1Log(ROLLUP,
            List.of(RollupLog.BATCH_FINALIZED_TOPIC, ScriptedL1Chain.uintWord(9), hash("h")),
            new byte[0], 7, block.hash(), hash("tx"), 1);
    assertEquals(
        9, assertInstanceOf(RollupLog.Finalized.class, RollupLog.decode(finalized, ROLLUP)).index());
  }

  private static void assertRefused(L1Log log, String fragment) {
    RollupLog.MalformedLogException refused =
        assertThrows(RollupLog.MalformedLogException.class, () -> RollupLog.decode(log, ROLLUP));
    assertTrue(refused.getMessage().contains(fragment), refused.getMessage());
  }

  private static L1Log relog(L1Log log, Address address, List<Bytes32> topics, byte[] data) {
    return new L1Log(address, topics, data, log.blockNumber(), log.blockHash(),
        log.transactionHash(), log.logIndex());
  }

  private static Bytes32 hash(String text) {
    return Keccak.hash32(text.getBytes(StandardCharsets.US_ASCII));
  }
}
