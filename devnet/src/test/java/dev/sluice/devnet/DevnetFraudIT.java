package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.derivation.L1Log;
import dev.sluice.bridge.derivation.RollupLog;
import dev.sluice.bridge.derivation.Web3jL1ChainReader;
import dev.sluice.node.cli.DevnetKeys;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet with a fault injected on purpose: the sequencer posts a batch with a wrong state root,
 * the devnet's watcher re-derives it from L1, proves it wrong on chain and takes the bond, the
 * poster posts the records again, and the rollup carries on.
 */
class DevnetFraudIT {
  private static final Bytes32 FRAUD_PROVEN =
      Keccak.hash32(
          "FraudProven(uint64,uint8,uint256,address,uint256)".getBytes(StandardCharsets.US_ASCII));

  /** What Anvil funds each of its development accounts with. */
  private static final BigInteger ANVIL_FUNDING = BigInteger.TEN.pow(22);

  @TempDir Path temporary;

  @Test
  void shouldCatchAndProveAWrongRootAndCarryOn() throws Exception {
    Path data = temporary.resolve("devnet");
    try (DevnetProcess devnet =
        DevnetProcess.start(
            data,
            temporary.resolve("devnet.log"),
            "--demo",
            "--demo-rate",
            "20",
            "--unsafe-inject-fault",
            "wrong-root:30")) {
      JsonNode info = devnet.awaitReady(Duration.ofMinutes(2));
      devnet.awaitOutput(Pattern.compile("FAULTS 1, fraud proofs 1"), Duration.ofSeconds(120));
      devnet.awaitOutput(Pattern.compile("proven wrong in transaction"), Duration.ofSeconds(60));
      devnet.awaitOutput(Pattern.compile("were reverted on L1"), Duration.ofSeconds(60));
      // After the reversion the records come again in honest batches, which the watcher verifies.
      devnet.awaitOutput(
          Pattern.compile("verified by the watcher ([4-9]|\\d{2,}) \\| FAULTS 1, fraud proofs 1"),
          Duration.ofSeconds(90));

      checkOnL1(info);

      List<ProcessHandle> started = devnet.startedProcesses();
      devnet.process().destroy();
      assertTrue(devnet.process().waitFor(30, TimeUnit.SECONDS));
      for (ProcessHandle handle : started) {
        handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
        assertFalse(handle.isAlive(), "process " + handle.pid() + " is left running");
      }
    }
  }

  /**
   * What the status line reported, read from L1 itself: one successful fraud proof, paid to the
   * watcher's account, that reverted the batch carrying sequence 30 and every later one; the
   * batch at that index now is an honest replacement.
   */
  private static void checkOnL1(JsonNode info) {
    String l1Url = info.path("l1").path("rpcUrl").asText();
    Address rollup = Address.fromHex(info.path("rollupAddress").asText());
    Address challenger;
    try (L1Client client =
        L1Client.connect(l1Url, DevnetKeys.get(DevnetKeys.CHALLENGER), Duration.ofSeconds(30))) {
      challenger = client.address();
      RollupContract contract = RollupContract.at(client, rollup);
      BigInteger minBond = contract.minBond();
      // The watcher spent gas on one proof and was paid the bond: it holds more than Anvil gave it.
      assertTrue(
          client.balanceOf(challenger).compareTo(ANVIL_FUNDING) > 0,
          "the challenger was not paid: balance " + client.balanceOf(challenger));

      try (Web3jL1ChainReader reader = Web3jL1ChainReader.connect(l1Url)) {
        long head = reader.headNumber();
        List<L1Log> proofs = reader.logs(rollup, 0, head, List.of(FRAUD_PROVEN));
        assertEquals(1, proofs.size(), "FraudProven events: " + proofs);
        L1Log proof = proofs.getFirst();
        assertEquals(
            Bytes32.ZERO.toHex().substring(0, 26) + challenger.toHex().substring(2),
            proof.topics().get(2).toHex(),
            "the proof's challenger");
        byte[] data = proof.data();
        BigInteger reward = new BigInteger(1, java.util.Arrays.copyOfRange(data, 64, 96));
        assertTrue(reward.compareTo(minBond) >= 0, "reward " + reward + " below the bond");
        long provenBatch = new BigInteger(1, proof.topics().get(1).toArray()).longValueExact();

        List<L1Log> reverts =
            reader.logs(rollup, 0, head, List.of(RollupLog.BATCHES_REVERTED_TOPIC));
        assertEquals(1, reverts.size(), "BatchesReverted events: " + reverts);
        L1Log revert = reverts.getFirst();
        assertEquals(proof.transactionHash(), revert.transactionHash());
        assertEquals(
            provenBatch,
            new BigInteger(1, revert.topics().get(1).toArray()).longValueExact(),
            "the first reverted batch is the proven one");
        // The replacement at that index starts where the reverted batch started, and is honest:
        // the watcher verified past it with no second fault (checked on the status line).
        assertTrue(contract.batchCount() > provenBatch, "no replacement was posted");
      }
    }
  }
}
