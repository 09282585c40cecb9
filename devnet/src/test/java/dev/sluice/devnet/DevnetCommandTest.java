package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.node.cli.CliException;
import dev.sluice.node.cli.ConfigFile;
import dev.sluice.node.cli.ExitCodes;
import dev.sluice.node.cli.SluiceCommand;
import dev.sluice.state.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DevnetCommandTest {
  @TempDir Path directory;

  @Test
  void shouldPlugTheDevnetIntoTheCliThroughTheServiceLoader() {
    Object command =
        SluiceCommand.commandLine(Map.of(), ConfigFile.NONE)
            .getSubcommands()
            .get("devnet")
            .getCommand();
    assertInstanceOf(DevnetCommand.class, command);
  }

  @Test
  void shouldExplainItsOptionsAndRefuseBadOnesWithTheUsageCode() {
    assertEquals(ExitCodes.OK, SluiceCommand.run(new String[] {"devnet", "--help"}, Map.of()));
    assertEquals(
        ExitCodes.USAGE,
        SluiceCommand.run(new String[] {"devnet", "--rpc-port", "70000"}, Map.of()));
    assertEquals(
        ExitCodes.USAGE,
        SluiceCommand.run(new String[] {"devnet", "--demo-gateways", "9"}, Map.of()));
    assertEquals(
        ExitCodes.USAGE,
        SluiceCommand.run(new String[] {"devnet", "--challenge-window", "soon"}, Map.of()));
  }

  @Test
  void shouldKeepTheDemoWithinThePerAddressLimitItSharesWithTheUsersClients() {
    assertEquals(ExitCodes.USAGE, settingsExitCode("--demo-rate", "151"));
    assertEquals(
        ExitCodes.USAGE, settingsExitCode("--demo-rate", "80", "--rpc-address-rate-limit", "100"));
    assertEquals(
        ExitCodes.OK, settingsExitCode("--demo-rate", "75", "--rpc-address-rate-limit", "100"));
    assertEquals(
        ExitCodes.OK, settingsExitCode("--demo-rate", "150", "--rpc-address-rate-limit", "off"));
  }

  /** Parses a devnet command line and checks its settings, starting nothing. */
  private int settingsExitCode(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "devnet";
    args[1] = "--data-dir";
    args[2] = directory.resolve("devnet").toString();
    System.arraycopy(options, 0, args, 3, options.length);
    CommandLine root = SluiceCommand.commandLine(Map.of(), ConfigFile.NONE);
    root.parseArgs(args);
    DevnetCommand devnet = root.getSubcommands().get("devnet").getCommand();
    try {
      Devnet.Settings settings = devnet.settings();
      assertEquals(
          devnet.rpc.config().addressRateLimit(), settings.rpc().addressRateLimit(), "passed on");
      return ExitCodes.OK;
    } catch (CliException refused) {
      return refused.exitCode();
    }
  }

  @Test
  void shouldReserveFaultInjectionForTheDevnetOnly() {
    assertEquals(
        ExitCodes.USAGE,
        SluiceCommand.run(
            new String[] {"devnet", "--unsafe-inject-fault", "wrong-root"}, Map.of()));
    assertEquals(
        ExitCodes.USAGE,
        SluiceCommand.run(
            new String[] {"devnet", "--unsafe-inject-fault", "late-root:5"}, Map.of()));
    assertTrue(
        InjectedFaults.parse(java.util.List.of("wrong-root:5", "wrong-records-root:9")).isArmed());
    assertFalse(InjectedFaults.parse(java.util.List.of()).isArmed());
    assertEquals(
        ExitCodes.USAGE,
        SluiceCommand.run(new String[] {"node", "--unsafe-inject-fault", "wrong-root"}, Map.of()));
  }

  @Test
  void shouldAllowOneDevnetPerDirectory() throws Exception {
    DevnetDirectory data = new DevnetDirectory(directory);
    try (AutoCloseable held = data.lock()) {
      DevnetException refused = assertThrows(DevnetException.class, data::lock);
      assertTrue(refused.getMessage().contains("another devnet"), refused.getMessage());
    }
    try (AutoCloseable again = data.lock()) {
      // Released by the first holder: a later devnet takes it.
    }
  }

  @Test
  void shouldRefuseANodeDatabaseWhoseChainIsGoneBeforeStartingAnything() throws Exception {
    DevnetDirectory data = new DevnetDirectory(directory);
    Files.createDirectories(data.node().resolve("db"));
    DevnetException refused =
        assertThrows(
            DevnetException.class,
            () ->
                DevnetL1.start(
                    data, Path.of("/nonexistent/anvil"), 714714, Duration.ofSeconds(30)));
    assertTrue(refused.getMessage().contains("Delete"), refused.getMessage());
  }

  @Test
  void shouldKeepTheDeploymentAcrossRuns() throws Exception {
    Deployment deployment =
        new Deployment(
            Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"), 31337, 714714, 30);
    Path file = directory.resolve("deployment.json");
    deployment.write(file);
    assertEquals(deployment, Deployment.read(file));
    Files.writeString(file, "{\"rollupAddress\":\"0x12\"}");
    assertThrows(Exception.class, () -> Deployment.read(file));
  }

  @Test
  void shouldShowUnknownCountsAsDashes() {
    String line = StatusLine.format(new StatusLine.Sample(120, 3, -1, -1, 0, 0, 0), 19.96);
    assertEquals(
        "records 120 (20.0/s) | batches posted 3, final - | verified by the watcher -", line);
    assertEquals(
        "records 9 (1.0/s) | batches posted 2, final 1 | verified by the watcher 1 | FAULTS 1,"
            + " fraud proofs 1",
        StatusLine.format(new StatusLine.Sample(9, 2, 1, 1, 1, 1, 0), 1.0));
  }
}
