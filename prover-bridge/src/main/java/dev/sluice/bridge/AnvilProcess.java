package dev.sluice.bridge;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Anvil (Foundry's development L1 node) started as a child process, for integration tests
 * and the devnet. It listens on a free loopback port chosen by the operating system and is stopped
 * by {@link #close()}, or by a shutdown hook if the JVM exits first.
 *
 * <p>The process's output is drained by a daemon thread for as long as it runs, so that Anvil never
 * blocks on a full pipe; its last lines are kept for error messages.
 */
public final class AnvilProcess implements AutoCloseable {
  /** Where {@code npm ci} in {@code l1-contracts/} puts Anvil, relative to the repository root. */
  public static final Path BINARY_IN_REPOSITORY =
      Path.of("l1-contracts", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

  /**
   * Private keys of Anvil's first three funded accounts (mnemonic {@code test test … junk}): well
   * known to everyone, so never for anything but a local chain.
   */
  public static final List<BigInteger> DEV_KEYS =
      List.of(
          new BigInteger("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16),
          new BigInteger("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", 16),
          new BigInteger("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", 16));

  /** How long {@link #start()} waits for Anvil to listen. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int KEPT_OUTPUT_LINES = 50;

  private final Process process;
  private final Thread shutdownHook;
  private final Deque<String> recentOutput = new ArrayDeque<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private AnvilProcess(Process process) {
    this.process = process;
    this.shutdownHook = new Thread(this::stop, "anvil-" + process.pid() + "-shutdown");
  }

  /**
   * Starts the Anvil found by {@link #findBinary} from the working directory, with Anvil's defaults
   * (chain id 31337, automining, ten funded accounts).
   */
  public static AnvilProcess start() throws IOException {
    return start(findBinary(Path.of("").toAbsolutePath()), List.of(), DEFAULT_START_TIMEOUT);
  }

  /**
   * Starts {@code binary} on 127.0.0.1 with an operating-system-chosen port and waits until it
   * listens.
   *
   * @param extraArguments further Anvil options, e.g. {@code --chain-id}; not the host or port
   * @throws IOException if the process cannot be started, exits, or does not listen within {@code
   *     startTimeout}; the process is stopped before this is thrown
   */
  public static AnvilProcess start(Path binary, List<String> extraArguments, Duration startTimeout)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
    command.addAll(extraArguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    AnvilProcess anvil = new AnvilProcess(process);
    Runtime.getRuntime().addShutdownHook(anvil.shutdownHook);
    try {
      // Anvil reads nothing: close its input so that it never waits on it.
      process.getOutputStream().close();
      Thread drain = new Thread(anvil::drainOutput, "anvil-" + process.pid() + "-output");
      drain.setDaemon(true);
      drain.start();
      anvil.port.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return anvil;
    } catch (InterruptedException e) {
      anvil.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while Anvil was starting", e);
    } catch (ExecutionException | TimeoutException | IOException e) {
      anvil.close();
      throw new IOException(
          "Anvil ("
              + binary
              + ") did not start listening within "
              + startTimeout.toSeconds()
              + " s; its last output:\n"
              + anvil.recentOutput(),
          e);
    }
  }

  /**
   * The Anvil binary: {@link #BINARY_IN_REPOSITORY} under {@code from} or the nearest of its
   * parents that has one (the repository root, from any module directory), else {@code anvil} on
   * the {@code PATH}.
   *
   * @throws IllegalStateException if there is neither, naming both places looked in
   */
  public static Path findBinary(Path from) {
    for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(BINARY_IN_REPOSITORY);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return onPath("anvil")
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Anvil found: neither "
                        + BINARY_IN_REPOSITORY
                        + " under "
                        + from.toAbsolutePath()
                        + " or a parent (run 'npm ci' in l1-contracts/, which './mvnw -pl"
                        + " l1-contracts verify' does) nor 'anvil' on the PATH (install Foundry)"));
  }

  /** The port Anvil listens on, on 127.0.0.1. */
  public int port() {
    return port.join();
  }

  /** The JSON-RPC endpoint: {@code http://127.0.0.1:<port>}. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines Anvil printed, for diagnostics. */
  public String recentOutput() {
    synchronized (recentOutput) {
      return String.join("\n", recentOutput);
    }
  }

  /**
   * Leaves stopping Anvil at JVM exit to the caller's own shutdown path. By default Anvil is
   * stopped by a shutdown hook of its own, which runs in parallel with every other hook: a
   * program whose parts still talk to Anvil while they stop (a batch poster, a watcher) would see
   * it vanish first. After this call the caller must {@link #close} it on every path.
   */
  public void stopOnlyWhenClosed() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Too late to hand over: the hook is already running.
    }
  }

  /**
   * Stops Anvil: asks it to terminate, and kills it if it has not exited within five seconds. Waits
   * at most ten seconds in all. Idempotent.
   */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; it stops the same process.
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Reads Anvil's output until it exits, noting the port and keeping the last lines. */
  private void drainOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        synchronized (recentOutput) {
          if (recentOutput.size() == KEPT_OUTPUT_LINES) {
            recentOutput.removeFirst();
          }
          recentOutput.addLast(line);
        }
        Matcher listening = LISTENING.matcher(line);
        if (!port.isDone() && listening.find()) {
          port.complete(Integer.parseInt(listening.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(new UncheckedIOException(e));
      return;
    }
    port.completeExceptionally(new IOException("Anvil exited before listening"));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
