package dev.sluice.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.derivation.AppendBatchCall;
import dev.sluice.bridge.derivation.RollupLog;
import dev.sluice.bridge.watcher.ProveHeaderFaultCall;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchHeader;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * The hand-written ABI of derivation and the watcher against the binding and the compiled contract:
 * event signatures, the {@code appendBatch} input read back, the {@code proveHeaderFault} calldata.
 */
class DerivationAbiTest {
  private final Random random = new Random(42);

  @Test
  void eventSignaturesAreTheBindingsAndTheContracts() {
    assertEquals(RollupEvents.BATCH_APPENDED, RollupLog.BATCH_APPENDED);
    assertEquals(RollupEvents.BATCHES_REVERTED, RollupLog.BATCHES_REVERTED);
    assertEquals(RollupEvents.BATCH_FINALIZED, RollupLog.BATCH_FINALIZED);
    assertEquals(RollupAbi.HEADER, RollupLog.HEADER);
  }

  @Test
  void callSignaturesAreTheContracts() {
    assertEquals(RollupAbi.APPEND_BATCH, AppendBatchCall.SIGNATURE);
    Set<String> functions = CompiledAbi.signatures("function");
    assertTrue(functions.contains(ProveHeaderFaultCall.SIGNATURE), functions.toString());
  }

  @Test
  void appendBatchInputReadsBackAsTheBindingWroteIt() {
    for (int length : new int[] {0, 1, 31, 32, 33, 1000}) {
      BatchHeader header = header();
      byte[] data = new byte[length];
      random.nextBytes(data);
      AppendBatchCall call = AppendBatchCall.decode(RollupAbi.appendBatch(header, data));
      assertEquals(header, call.header());
      assertArrayEquals(data, call.data());
    }
  }

  @Test
  void malformedAppendBatchInputIsRefusedByName() {
    byte[] input = RollupAbi.appendBatch(header(), new byte[100]);
    assertThrows(IllegalArgumentException.class, () -> AppendBatchCall.decode(new byte[3]));
    byte[] otherSelector = input.clone();
    otherSelector[0] ^= 1;
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> AppendBatchCall.decode(otherSelector))
            .getMessage()
            .contains("does not call appendBatch"));
    // Cut short, and a length word claiming far more than the input holds.
    assertThrows(
        IllegalArgumentException.class,
        () -> AppendBatchCall.decode(Arrays.copyOf(input, input.length - 40)));
    byte[] huge = input.clone();
    huge[4 + 32 * 10 + 28] = 0x7f;
    assertThrows(IllegalArgumentException.class, () -> AppendBatchCall.decode(huge));
    byte[] farOffset = input.clone();
    farOffset[4 + 32 * 9 + 27] = 0x01;
    assertThrows(IllegalArgumentException.class, () -> AppendBatchCall.decode(farOffset));
  }

  @Test
  @SuppressWarnings("rawtypes")
  void proveHeaderFaultCalldataIsWhatTheAbiEncoderWrites() {
    BatchHeader header = header();
    Bytes32 last = word();
    List<Bytes32> proof = List.of(word(), word(), word());
    List<Type> arguments =
        List.of(
            new Uint64(header.index()),
            new StaticStruct(
                new Uint64(header.index()),
                bytes32(header.prevHeaderHash()),
                new Uint64(header.firstSequence()),
                new Uint32(header.recordCount()),
                bytes32(header.dataHash()),
                bytes32(header.recordsRoot()),
                bytes32(header.rootsRoot()),
                bytes32(header.preStateRoot()),
                bytes32(header.postStateRoot())),
            bytes32(last),
            new DynamicArray<>(
                org.web3j.abi.datatypes.generated.Bytes32.class,
                proof.stream().map(DerivationAbiTest::bytes32).toList()));
    byte[] expected =
        Numeric.hexStringToByteArray(
            FunctionEncoder.encode(
                Numeric.toHexString(RollupAbi.selector(ProveHeaderFaultCall.SIGNATURE)),
                arguments));
    assertArrayEquals(expected, ProveHeaderFaultCall.encode(header, last, proof));
  }

  private BatchHeader header() {
    return new BatchHeader(
        random.nextInt(1000), word(), random.nextInt(1 << 20), 1 + random.nextInt(65_536), word(),
        word(), word(), word(), word());
  }

  private Bytes32 word() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }

  private static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
    return new org.web3j.abi.datatypes.generated.Bytes32(value.toArray());
  }
}
