package dev.sluice.devnet;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.poster.BatchPoster;
import dev.sluice.bridge.poster.DataAvailability;
import dev.sluice.bridge.poster.PosterConfig;
import dev.sluice.bridge.watcher.Watcher;
import dev.sluice.bridge.watcher.WatcherConfig;
import dev.sluice.bridge.watcher.WatcherStatus;
import dev.sluice.node.L1Posting;
import dev.sluice.node.NodeConfig;
import dev.sluice.node.SluiceNode;
import dev.sluice.node.cli.DevnetKeys;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.batch.BatchConfig;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The devnet's real parts wired in one process for tests that need to reach into them: Anvil mining
 * a block per transaction (so hundreds of batches post in seconds, not one per second), the rollup
 * contract, the node posting to it with a short batch age, and the watcher deriving everything from
 * L1 with its own key and database. Nothing is mocked; only the process boundary of {@code ./sluice
 * devnet} is left out.
 */
final class InProcessRollup implements AutoCloseable {
  static final long L2_CHAIN_ID = 1337_1337L;
  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private AnvilProcess anvil;
  private RollupContract rollup;
  private Eip712Domain domain;
  private SluiceNode node;
  private Watcher watcher;
  private SimpleMeterRegistry watcherMetrics;
  private final Duration challengeWindow;

  private InProcessRollup(Duration challengeWindow) {
    this.challengeWindow = challengeWindow;
  }

  /**
   * Starts Anvil, deploys the contract, starts the node (cutting a batch once its oldest record is
   * {@code batchMaxAge} old) and, if asked, the watcher.
   */
  static InProcessRollup start(
      Path directory,
      Duration challengeWindow,
      Duration batchMaxAge,
      BatchFaultInjection faults,
      boolean withWatcher)
      throws IOException, InterruptedException {
    InProcessRollup rollup = new InProcessRollup(challengeWindow);
    try {
      rollup.startParts(directory, batchMaxAge, faults, withWatcher);
      return rollup;
    } catch (IOException | InterruptedException | RuntimeException | Error failure) {
      rollup.close();
      throw failure;
    }
  }

  private void startParts(
      Path directory, Duration batchMaxAge, BatchFaultInjection faults, boolean withWatcher)
      throws IOException, InterruptedException {
    Path binary = AnvilInstallation.findOrInstall(DevnetProcess.REPOSITORY);
    anvil = AnvilProcess.start(binary, List.of(), AnvilProcess.DEFAULT_START_TIMEOUT);
    started.push(anvil);
    L1Client deployer =
        L1Client.connect(anvil.rpcUrl(), DevnetKeys.get(DevnetKeys.PROPOSER), RECEIPT_TIMEOUT);
    started.push(deployer);
    rollup =
        RollupContract.deploy(
            deployer,
            RollupArtifact.load(),
            deployer.address(),
            ETHER,
            challengeWindow,
            L2_CHAIN_ID);
    rollup.depositBond(ETHER.multiply(BigInteger.TEN));
    domain = new Eip712Domain(L2_CHAIN_ID, rollup.address());

    PosterConfig poster =
        PosterConfig.defaults()
            // Calldata: a blob's KZG proofs take a few hundred ms each, and the point here is
            // hundreds of batches (BlobWatcherIT and the devnet cover blobs).
            .withMode(DataAvailability.CALLDATA)
            .withPolling(Duration.ofMillis(20), Duration.ofSeconds(2))
            .withHonestContents(!faults.isArmed());
    NodeConfig config =
        new NodeConfig(
                directory.resolve("node"),
                domain,
                Durability.ASYNC,
                RpcConfig.builder().port(0).build(),
                Optional.empty())
            .withL1(
                new L1Posting(
                    anvil.rpcUrl(),
                    DevnetKeys.get(DevnetKeys.PROPOSER),
                    BatchConfig.defaults().withMaxAge(batchMaxAge),
                    poster,
                    faults));
    node = SluiceNode.start(config);
    started.push(node);

    if (withWatcher) {
      watcherMetrics = new SimpleMeterRegistry();
      watcher =
          Watcher.start(
              new WatcherConfig(
                  anvil.rpcUrl(),
                  rollup.address(),
                  directory.resolve("watcher"),
                  DevnetKeys.get(DevnetKeys.CHALLENGER),
                  0,
                  Duration.ofMillis(50),
                  0),
              watcherMetrics);
      started.push(watcher);
    }
  }

  String l1RpcUrl() {
    return anvil.rpcUrl();
  }

  RollupContract rollup() {
    return rollup;
  }

  Eip712Domain domain() {
    return domain;
  }

  SluiceNode node() {
    return node;
  }

  BatchPoster poster() {
    return node.poster().orElseThrow();
  }

  Path nodeDataDirectory() {
    return node.config().dataDirectory();
  }

  /** Stops the node alone (releasing its database), leaving L1 and the watcher running. */
  void stopNode() {
    started.remove(node);
    node.close();
  }

  Watcher watcher() {
    return watcher;
  }

  WatcherStatus watcherStatus() {
    return watcher.status();
  }

  SimpleMeterRegistry watcherMetrics() {
    return watcherMetrics;
  }

  Duration challengeWindow() {
    return challengeWindow;
  }

  /** Moves L1 time forward by {@code duration} and mines a block at the new time. */
  void advanceL1Time(Duration duration) {
    l1Call("evm_increaseTime", "[" + duration.toSeconds() + "]");
    l1Call("evm_mine", "[]");
  }

  /**
   * Moves L1 past the challenge window, then waits until every batch to {@code lastBatch} is final
   * on L1 and the watcher reports it.
   */
  void passWindowAndAwaitFinality(long lastBatch) throws InterruptedException {
    advanceL1Time(challengeWindow().plusSeconds(1));
    await(
        "every batch final on L1",
        Duration.ofSeconds(30),
        () -> rollup.finalizedCount() == lastBatch + 1,
        () -> rollup.finalizedCount() + " of " + (lastBatch + 1));
    await(
        "the watcher reporting batch " + lastBatch + " final",
        Duration.ofSeconds(30),
        () -> watcherStatus().finalizedBatch() == lastBatch,
        this::watcherStatus);
  }

  /** How many transactions {@code key}'s account has sent on L1. */
  long transactionCount(BigInteger key) {
    String address = RecordSigner.ofPrivateKey(domain, key).address().toString();
    String response = l1Call("eth_getTransactionCount", "[\"" + address + "\",\"latest\"]");
    int start = response.indexOf("\"result\":\"") + "\"result\":\"".length();
    return Long.decode(response.substring(start, response.indexOf('"', start)));
  }

  private String l1Call(String method, String params) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(anvil.rpcUrl()))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
        throw new IllegalStateException(method + " failed: " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(method + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
    }
  }

  /**
   * Puts {@code count} entries into stream {@code accept/1} from the first devnet user, one at a
   * time and 10 ms apart (below the node's per-signer rate limit, and small batches under a short
   * age limit), then waits until the poster has every one of them on L1.
   */
  void putRecordsAndAwaitPosted(int count) throws InterruptedException {
    try (SluiceClient client = SluiceClient.connect(node.rpcUrl())) {
      SigningAccount account =
          new SigningAccount(
              RecordSigner.ofPrivateKey(domain, DevnetKeys.get(DevnetKeys.FIRST_USER)), 0);
      for (int i = 0; i < count; i++) {
        client.send(
            account.put(
                "accept/1",
                ("k" + i).getBytes(StandardCharsets.UTF_8),
                ("v" + i).getBytes(StandardCharsets.UTF_8)));
        Thread.sleep(10);
      }
    }
    await(
        "every record on L1",
        Duration.ofSeconds(30),
        () -> poster().postedNextSequence() == count,
        () -> poster().l1Status());
  }

  /**
   * Waits until {@code done} holds, checking every 50 ms; fails with {@code state} if it does not.
   */
  static void await(String what, Duration timeout, BooleanSupplier done, Supplier<Object> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + timeout + ": " + state.get());
      }
      Thread.sleep(50);
    }
  }

  /** Stops everything started, newest first. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        // Keep stopping the rest; the test has its own verdict already.
      }
    }
  }
}
