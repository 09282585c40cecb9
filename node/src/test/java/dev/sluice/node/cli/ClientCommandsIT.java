package dev.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bridge.AnvilProcess;
import dev.sluice.node.NodeConfig;
import dev.sluice.node.SluiceNode;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.sequencer.Durability;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands as a person runs them, in process, against a real node on loopback and a real
 * Anvil: exit codes and what they print, success and failure.
 */
class ClientCommandsIT {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(714_714, Address.fromHex("0x00000000000000000000000000000000000051ce"));

  @TempDir Path directory;

  private record Run(int exitCode, String out, String err) {}

  private static synchronized Run sluice(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = SluiceCommand.run(args, Map.of());
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @Test
  void shouldSubmitGetAndVerifyThroughTheCli() throws Exception {
    NodeConfig config =
        new NodeConfig(
            directory.resolve("node"),
            DOMAIN,
            Durability.SYNC,
            RpcConfig.builder().host("127.0.0.1").port(0).build(),
            Optional.empty());
    try (SluiceNode node = SluiceNode.start(config)) {
      String url = node.rpcUrl().toString();

      Run submitted =
          sluice("submit", "--rpc-url", url, "--devnet-key", "2", "plant/7", "sensor-1", "21.5");
      assertEquals(ExitCodes.OK, submitted.exitCode(), submitted.err());
      assertTrue(submitted.out().contains("applied"), submitted.out());
      assertTrue(submitted.out().contains("sequence:    0"), submitted.out());

      Run hex =
          sluice(
              "submit",
              "--rpc-url",
              url,
              "--devnet-key",
              "2",
              "--json",
              "plant/7",
              "0x0102",
              "0xff");
      assertEquals(ExitCodes.OK, hex.exitCode(), hex.err());
      assertEquals("0x1", JsonOutput.mapper().readTree(hex.out()).path("sequence").asText());

      Run got = sluice("get", "--rpc-url", url, "plant/7", "sensor-1");
      assertEquals(ExitCodes.OK, got.exitCode(), got.err());
      assertTrue(got.out().contains("= \"21.5\""), got.out());

      Run proof = sluice("get", "--rpc-url", url, "plant/7", "sensor-1", "--json");
      Path proofFile = directory.resolve("entry.json");
      Files.writeString(proofFile, proof.out());
      String root = JsonOutput.mapper().readTree(proof.out()).path("root").asText();

      Run verified = sluice("verify", "--proof", proofFile.toString(), "--root", root);
      assertEquals(ExitCodes.OK, verified.exitCode(), verified.err());
      assertTrue(verified.out().contains("proof verifies"), verified.out());

      Run wrongRoot =
          sluice("verify", "--proof", proofFile.toString(), "--root", "0x" + "11".repeat(32));
      assertEquals(ExitCodes.NOT_VERIFIED, wrongRoot.exitCode(), wrongRoot.out());

      // A proof whose value was changed no longer proves anything.
      JsonNode tampered = JsonOutput.mapper().readTree(proof.out());
      ((com.fasterxml.jackson.databind.node.ObjectNode) tampered).put("value", "0x32322e30");
      Files.writeString(proofFile, tampered.toString());
      assertEquals(
          ExitCodes.NOT_VERIFIED,
          sluice("verify", "--proof", proofFile.toString(), "--root", root).exitCode());

      Run noTrust = sluice("verify", "--proof", proofFile.toString());
      assertEquals(ExitCodes.USAGE, noTrust.exitCode());
      assertTrue(noTrust.err().contains("proves nothing"), noTrust.err());

      Run badStream =
          sluice("submit", "--rpc-url", url, "--devnet-key", "2", "has space", "k", "v");
      assertEquals(ExitCodes.USAGE, badStream.exitCode(), badStream.err());

      Run noKey = sluice("submit", "--rpc-url", url, "plant/7", "k", "v");
      assertEquals(ExitCodes.USAGE, noKey.exitCode());
      assertTrue(noKey.err().contains("--key-file"), noKey.err());

      Run status = sluice("status", "--rpc-url", url, "--json");
      assertEquals(ExitCodes.OK, status.exitCode(), status.err());
      assertEquals(
          "0x2",
          JsonOutput.mapper().readTree(status.out()).path("node").path("nextSequence").asText());
    }
    Run unreachable = sluice("get", "--rpc-url", "http://127.0.0.1:1/", "plant/7", "k");
    assertEquals(ExitCodes.FAILED, unreachable.exitCode());
    assertTrue(unreachable.err().contains("is the node running"), unreachable.err());
  }

  @Test
  void shouldDeployAndReadTheRollupOnL1() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start()) {
      Run deployed =
          sluice(
              "deploy",
              "--l1-rpc-url",
              anvil.rpcUrl(),
              "--devnet-key",
              "0",
              "--challenge-window",
              "PT30S",
              "--min-bond",
              "0.5",
              "--json");
      assertEquals(ExitCodes.OK, deployed.exitCode(), deployed.err());
      JsonNode result = JsonOutput.mapper().readTree(deployed.out());
      String rollup = result.path("rollupAddress").asText();
      assertEquals("500000000000000000", result.path("bondWei").asText());

      Run status =
          sluice(
              "status",
              "--no-node",
              "--l1-rpc-url",
              anvil.rpcUrl(),
              "--rollup-address",
              rollup,
              "--json");
      assertEquals(ExitCodes.OK, status.exitCode(), status.err());
      JsonNode l1 = JsonOutput.mapper().readTree(status.out()).path("l1");
      assertEquals(714714, l1.path("l2ChainId").asLong());
      assertEquals(30, l1.path("challengeWindowSeconds").asLong());
      assertEquals(0, l1.path("batchCount").asLong());

      Run notPosted =
          sluice(
              "verify",
              "--root",
              "0x" + "22".repeat(32),
              "--l1-rpc-url",
              anvil.rpcUrl(),
              "--rollup-address",
              rollup);
      assertEquals(ExitCodes.NOT_VERIFIED, notPosted.exitCode(), notPosted.err());

      Run wrongContract =
          sluice(
              "status",
              "--no-node",
              "--l1-rpc-url",
              anvil.rpcUrl(),
              "--rollup-address",
              "0x" + "33".repeat(20));
      assertEquals(ExitCodes.FAILED, wrongContract.exitCode());
      assertTrue(wrongContract.err().contains("no SluiceRollup contract"), wrongContract.err());

      Run badWindow =
          sluice(
              "deploy",
              "--l1-rpc-url",
              anvil.rpcUrl(),
              "--devnet-key",
              "0",
              "--challenge-window",
              "0");
      assertEquals(ExitCodes.USAGE, badWindow.exitCode());
    }
  }
}
