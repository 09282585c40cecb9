package dev.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class L1BeaconOptionTest {

  private static L1BeaconOption parse(
      String command, Map<String, String> environment, String... args) {
    CommandLine root = SluiceCommand.commandLine(environment, ConfigFile.NONE);
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    root.parseArgs(all);
    Object parsed = root.getSubcommands().get(command).getCommand();
    return parsed instanceof WatchCommand watch
        ? watch.beacon
        : ((ProveFraudCommand) parsed).beacon;
  }

  @Test
  void isEmptyWhenNotGivenSoTheL1RpcEndpointServesTheBlobs() {
    assertEquals(Optional.empty(), parse("watch", Map.of()).url());
  }

  @Test
  void comesFromTheFlagOrTheEnvironmentForWatchAndProveFraud() {
    assertEquals(
        Optional.of(URI.create("http://127.0.0.1:5052")),
        parse("watch", Map.of(), "--l1-beacon-url", "http://127.0.0.1:5052").url());
    assertEquals(
        Optional.of(URI.create("https://beacon.example:443/")),
        parse("prove-fraud", Map.of("SLUICE_L1_BEACON_URL", "https://beacon.example:443/")).url());
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    CliException refused =
        assertThrows(
            CliException.class,
            () -> parse("watch", Map.of(), "--l1-beacon-url", "ws://127.0.0.1:5052").url());
    assertEquals(ExitCodes.USAGE, refused.exitCode());
    assertEquals(
        "--l1-beacon-url must be an http:// or https:// URL, got ws://127.0.0.1:5052",
        refused.getMessage());
  }
}
