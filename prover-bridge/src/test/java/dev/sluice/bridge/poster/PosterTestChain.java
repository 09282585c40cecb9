package dev.sluice.bridge.poster;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.state.record.Eip712Domain;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A rollup deployed on an Anvil for poster tests, and helpers to drive the poster. */
final class PosterTestChain {
  static final BigInteger MIN_BOND = BigInteger.TEN.pow(18);
  static final long L2_CHAIN_ID = 7_777;
  static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(20);

  final L1Client client;
  final RollupContract rollup;
  final Eip712Domain domain;

  private PosterTestChain(L1Client client, RollupContract rollup) {
    this.client = client;
    this.rollup = rollup;
    this.domain = new Eip712Domain(L2_CHAIN_ID, rollup.address());
  }

  /** Deploys a rollup with {@code window} as challenge window; the proposer is dev account 0. */
  static PosterTestChain deploy(String rpcUrl, Duration window) {
    L1Client client = L1Client.connect(rpcUrl, AnvilProcess.DEV_KEYS.get(0), RECEIPT_TIMEOUT);
    RollupContract rollup =
        RollupContract.deploy(
            client, RollupArtifact.load(), client.address(), MIN_BOND, window, L2_CHAIN_ID);
    return new PosterTestChain(client, rollup);
  }

  /** Another client of the same account on the same rollup (after an L1 restart, say). */
  static PosterTestChain attach(String rpcUrl, PosterTestChain other) {
    L1Client client = L1Client.connect(rpcUrl, AnvilProcess.DEV_KEYS.get(0), RECEIPT_TIMEOUT);
    return new PosterTestChain(client, RollupContract.at(client, other.rollup.address()));
  }

  /** Runs rounds of {@code poster} until {@code done}, at most {@code rounds} of them. */
  static void tickUntil(BatchPoster poster, int rounds, BooleanSupplier done) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    for (int i = 0; i < rounds && Instant.now().isBefore(deadline); i++) {
      if (done.getAsBoolean()) {
        return;
      }
      poster.tick();
    }
    if (!done.getAsBoolean()) {
      throw new AssertionError(
          "not done after " + rounds + " rounds; poster status: " + poster.l1Status());
    }
  }

  void mine(int blocks) {
    client.request("anvil_mine", List.of("0x" + Integer.toHexString(blocks)));
  }

  void automine(boolean on) {
    client.request("evm_setAutomine", List.of(on));
  }

  /** A config that posts fast: no waiting between rounds in tests that tick by hand. */
  static PosterConfig config(DataAvailability mode) {
    return PosterConfig.defaults().withMode(mode);
  }
}
