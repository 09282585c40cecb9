package dev.sluice.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code ./sluice devnet} run as a separate process the way a person runs it, for the end-to-end
 * tests: its output goes to a file (a pipe nobody reads could block it), and {@link #close()}
 * leaves nothing running, forcibly if it must.
 */
final class DevnetProcess implements AutoCloseable {
  static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
  static final Path LAUNCHER = REPOSITORY.resolve("sluice");

  private final Process process;
  private final Path output;
  private final Path dataDirectory;
  private final List<ProcessHandle> started = new ArrayList<>();

  private DevnetProcess(Process process, Path output, Path dataDirectory) {
    this.process = process;
    this.output = output;
    this.dataDirectory = dataDirectory;
  }

  static DevnetProcess start(Path dataDirectory, Path output, String... extraArguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.add("devnet");
    command.addAll(
        List.of("--data-dir", dataDirectory.toString(), "--rpc-port", "0", "--admin-port", "-1"));
    command.addAll(List.of(extraArguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    environment(builder.environment());
    return new DevnetProcess(builder.start(), output, dataDirectory);
  }

  /** The build has just run: the launcher need not check it again. */
  static void environment(Map<String, String> environment) {
    environment.put("SLUICE_SKIP_BUILD", "1");
    environment
        .keySet()
        .removeIf(name -> name.startsWith("SLUICE_") && !name.equals("SLUICE_SKIP_BUILD"));
  }

  /** Waits for {@code devnet.json}, which the devnet writes once everything is ready. */
  JsonNode awaitReady(Duration timeout) throws Exception {
    Path info = dataDirectory.resolve("devnet.json");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the devnet exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      if (Files.exists(info)) {
        JsonNode json = new ObjectMapper().readTree(info.toFile());
        // Every process it started, for the check that none is left behind.
        process.toHandle().descendants().forEach(started::add);
        started.add(process.toHandle());
        return json;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the devnet was not ready within " + timeout + ":\n" + output());
  }

  /** Waits until the devnet's output matches {@code pattern} (its status line, a log line). */
  void awaitOutput(Pattern pattern, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pattern.matcher(output()).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the devnet exited before printing " + pattern + ":\n" + output());
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the devnet did not print " + pattern + " within " + timeout + ":\n" + output());
  }

  Process process() {
    return process;
  }

  /** The devnet's process and those it started (Anvil), as seen when it became ready. */
  List<ProcessHandle> startedProcesses() {
    return List.copyOf(started);
  }

  String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /**
   * Runs the launcher with {@code arguments} (a client command) and returns its exit and output.
   */
  static Result run(Duration timeout, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(arguments));
    return runCommand(timeout, Map.of(), command);
  }

  static Result runCommand(
      Duration timeout, Map<String, String> extraEnvironment, List<String> command)
      throws Exception {
    Path out = Files.createTempFile("sluice-command", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .directory(REPOSITORY.toFile());
      environment(builder.environment());
      builder.environment().putAll(extraEnvironment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  record Result(int exitCode, String output) {}

  /** Stops the devnet forcibly along with everything it started, if anything still runs. */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>(started);
    process.toHandle().descendants().forEach(all::add);
    all.add(process.toHandle());
    for (ProcessHandle handle : all) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : all) {
      handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(timeout -> null).join();
    }
  }
}
