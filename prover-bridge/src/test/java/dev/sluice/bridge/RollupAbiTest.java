package dev.sluice.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hand-written signatures of the binding against the ABI of the contract this build compiled: a
 * changed struct or a renamed function fails here, not as an opaque revert on a live chain.
 */
class RollupAbiTest {
  private static final RollupArtifact ARTIFACT = RollupArtifact.load();

  @Test
  void artifactCarriesDeployableCode() {
    assertTrue(ARTIFACT.bytecode().length > 1_000);
    assertTrue(ARTIFACT.deployedBytecode().length > 1_000);
    assertTrue(ARTIFACT.deployedBytecode().length <= 24_576, "EIP-170 limit");
  }

  @Test
  void functionSignaturesAreTheContracts() {
    Set<String> functions = CompiledAbi.signatures("function");
    for (String signature : RollupAbi.FUNCTIONS) {
      assertTrue(functions.contains(signature), signature + " not in " + functions);
    }
    assertEquals(Set.of(RollupAbi.CONSTRUCTOR), CompiledAbi.signatures("constructor"));
  }

  @Test
  void eventSignaturesAreTheContracts() {
    Set<String> events = CompiledAbi.signatures("event");
    for (String signature : RollupEvents.EVENTS) {
      assertTrue(events.contains(signature), signature + " not in " + events);
    }
  }

  @Test
  void errorsAreExactlyTheContracts() {
    Set<String> known =
        Arrays.stream(RollupError.values()).map(RollupError::signature).collect(Collectors.toSet());
    assertEquals(CompiledAbi.signatures("error"), known);
  }

  @Test
  void errorIsRecognisedFromItsPayload() {
    byte[] payload = new byte[4 + 32];
    byte[] selector = Keccak.hash("NoFraud(bytes32)".getBytes(StandardCharsets.US_ASCII));
    System.arraycopy(selector, 0, payload, 0, 4);
    payload[35] = 7;
    assertEquals(RollupError.NO_FRAUD, RollupError.of(payload).orElseThrow());
    assertEquals(
        BigInteger.valueOf(7), new BigInteger(1, RollupError.argument(payload, 0).toArray()));
    assertTrue(RollupError.of(new byte[] {1, 2, 3}).isEmpty());
  }

  @Test
  void appendBatchEncodesTheHeaderInPlace() {
    // A static tuple sits in the head of the arguments exactly as abi.encode lays it out, which
    // BatchHeader writes itself for its hash: the two encoders must agree word for word.
    BatchHeader header =
        new BatchHeader(
            3,
            Bytes32.fromHex("0x" + "11".repeat(32)),
            40,
            7,
            Bytes32.fromHex("0x" + "22".repeat(32)),
            Bytes32.fromHex("0x" + "33".repeat(32)),
            Bytes32.fromHex("0x" + "44".repeat(32)),
            Bytes32.fromHex("0x" + "55".repeat(32)),
            Bytes32.fromHex("0x" + "66".repeat(32)));
    byte[] data = {9, 8, 7};
    byte[] calldata = RollupAbi.appendBatch(header, data);

    assertArrayEquals(RollupAbi.selector(RollupAbi.APPEND_BATCH), Arrays.copyOf(calldata, 4));
    assertArrayEquals(header.abiEncode(), Arrays.copyOfRange(calldata, 4, 4 + 9 * 32));
    // Then the offset of `data` (ten head words), its length and its padded bytes.
    assertEquals(BigInteger.valueOf(10 * 32), word(calldata, 9));
    assertEquals(BigInteger.valueOf(3), word(calldata, 10));
    assertEquals(4 + 12 * 32, calldata.length);
  }

  @Test
  void constructorArgumentsAreFourWords() {
    Address proposer = Address.fromHex("0x" + "ab".repeat(20));
    byte[] encoded =
        RollupAbi.constructorArguments(proposer, BigInteger.TEN, BigInteger.valueOf(600), 901);
    assertEquals(4 * 32, encoded.length);
    assertArrayEquals(proposer.toArray(), Arrays.copyOfRange(encoded, 12, 32));
    assertEquals(BigInteger.TEN, new BigInteger(1, Arrays.copyOfRange(encoded, 32, 64)));
    assertEquals(BigInteger.valueOf(600), new BigInteger(1, Arrays.copyOfRange(encoded, 64, 96)));
    assertEquals(BigInteger.valueOf(901), new BigInteger(1, Arrays.copyOfRange(encoded, 96, 128)));
  }

  private static BigInteger word(byte[] calldata, int index) {
    return new BigInteger(1, Arrays.copyOfRange(calldata, 4 + 32 * index, 4 + 32 * (index + 1)));
  }
}
