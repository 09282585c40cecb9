package dev.sluice.bridge.poster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.poster.BatchSelfCheck.BatchSelfCheckException;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.record.Eip712Domain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSelfCheckTest {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(7, Address.fromHex("0x00000000000000000000000000000000000000aa"));

  private final GeneratedBatchSource source =
      new GeneratedBatchSource(DOMAIN, 5, 1, 30, BatchCodec.ZSTD).sequence(30);

  private BatchContents honest() {
    return source.next(0, Bytes32.ZERO).orElseThrow();
  }

  private static BatchContents with(
      BatchContents c, Bytes32 recordsRoot, Bytes32 rootsRoot, BatchCodec codec, byte[] data) {
    return new BatchContents(
        c.firstSequence(),
        c.preStateRoot(),
        c.records(),
        c.postStateRoots(),
        recordsRoot,
        rootsRoot,
        codec,
        data);
  }

  @Test
  void honestContentsPassInBothModes() {
    BatchSelfCheck check = new BatchSelfCheck(DOMAIN, true);
    assertDoesNotThrow(() -> check.check(honest(), DataAvailability.CALLDATA));
    assertDoesNotThrow(() -> check.check(honest(), DataAvailability.BLOBS));
  }

  @Test
  void dataThatDoesNotDecodeOrDecodesToOtherRecordsIsRefused() {
    BatchSelfCheck check = new BatchSelfCheck(DOMAIN, false);
    BatchContents c = honest();
    byte[] truncated = java.util.Arrays.copyOf(c.data(), c.dataLength() - 1);
    BatchSelfCheckException garbage =
        assertThrows(
            BatchSelfCheckException.class,
            () ->
                check.check(
                    with(c, c.recordsRoot(), c.rootsRoot(), c.codec(), truncated),
                    DataAvailability.CALLDATA));
    assertTrue(garbage.getMessage().contains("does not decode"), garbage.getMessage());

    BatchSelfCheckException codec =
        assertThrows(
            BatchSelfCheckException.class,
            () ->
                check.check(
                    with(c, c.recordsRoot(), c.rootsRoot(), BatchCodec.DEFLATE, c.data()),
                    DataAvailability.BLOBS));
    assertTrue(codec.getMessage().contains("codec"), codec.getMessage());

    List<Bytes32> otherRoots = new ArrayList<>(c.postStateRoots());
    otherRoots.set(3, Bytes32.ZERO);
    BatchContents otherData =
        BatchContents.build(DOMAIN, BatchCodec.ZSTD, 0, Bytes32.ZERO, c.records(), otherRoots);
    BatchSelfCheckException roots =
        assertThrows(
            BatchSelfCheckException.class,
            () ->
                check.check(
                    with(c, c.recordsRoot(), c.rootsRoot(), c.codec(), otherData.data()),
                    DataAvailability.CALLDATA));
    assertTrue(roots.getMessage().contains("post-state roots"), roots.getMessage());
  }

  @Test
  void declaredRootsAreCheckedOnlyForHonestContents() {
    BatchContents c = honest();
    BatchContents wrongRootsRoot =
        with(c, c.recordsRoot(), Bytes32.fromHex("0x" + "01".repeat(32)), c.codec(), c.data());
    BatchSelfCheckException refused =
        assertThrows(
            BatchSelfCheckException.class,
            () -> new BatchSelfCheck(DOMAIN, true).check(wrongRootsRoot, DataAvailability.BLOBS));
    assertTrue(refused.getMessage().contains("rootsRoot"), refused.getMessage());
    assertDoesNotThrow(
        () -> new BatchSelfCheck(DOMAIN, false).check(wrongRootsRoot, DataAvailability.BLOBS));
  }
}
