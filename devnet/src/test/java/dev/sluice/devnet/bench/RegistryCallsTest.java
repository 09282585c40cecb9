package dev.sluice.devnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.state.Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

/** The hand-written encoding against web3j's ABI encoder. */
class RegistryCallsTest {
  @Test
  void appendShouldMatchWeb3jForRandomKeysAndValues() {
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      byte[] key = new byte[random.nextInt(70)];
      byte[] value = new byte[random.nextInt(200)];
      random.nextBytes(key);
      random.nextBytes(value);
      String stream = "site-" + random.nextInt(10_000) + "/telemetry";
      Function function =
          new Function(
              "append",
              List.of(
                  new Bytes32(RegistryCalls.streamId(stream)),
                  new DynamicBytes(key),
                  new DynamicBytes(value)),
              List.of());
      assertArrayEquals(
          Numeric.hexStringToByteArray(FunctionEncoder.encode(function)),
          RegistryCalls.append(stream, key, value));
    }
  }

  @Test
  void grantShouldMatchWeb3j() {
    Address writer = Address.fromHex("0x00000000000000000000000000000000000000aa");
    Function function =
        new Function(
            "grant",
            List.of(
                new Bytes32(RegistryCalls.streamId("hot/telemetry")),
                new org.web3j.abi.datatypes.Address(writer.toHex())),
            List.of());
    assertArrayEquals(
        Numeric.hexStringToByteArray(FunctionEncoder.encode(function)),
        RegistryCalls.grant("hot/telemetry", writer));
  }

  @Test
  void streamIdShouldPadTheNameAndRejectWhatDoesNotFit() {
    byte[] id = RegistryCalls.streamId("ab");
    assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(id, 2));
    assertArrayEquals(new byte[30], java.util.Arrays.copyOfRange(id, 2, 32));
    assertThrows(IllegalArgumentException.class, () -> RegistryCalls.streamId(""));
    assertThrows(IllegalArgumentException.class, () -> RegistryCalls.streamId("x".repeat(33)));
  }
}
