package dev.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigPrecedenceTest {
  @TempDir Path directory;

  private NodeCommand parseNode(Map<String, String> environment, ConfigFile file, String... args) {
    CommandLine root = SluiceCommand.commandLine(environment, file);
    String[] all = new String[args.length + 1];
    all[0] = "node";
    System.arraycopy(args, 0, all, 1, args.length);
    root.parseArgs(all);
    return root.getSubcommands().get("node").getCommand();
  }

  private static ConfigFile file(String text) {
    return ConfigFile.parse(Path.of("test.conf"), text);
  }

  @Test
  void shouldTakeTheBuiltInDefaultWhenNothingElseIsGiven() {
    assertEquals(8645, parseNode(Map.of(), ConfigFile.NONE).rpc.port);
  }

  @Test
  void shouldLetTheFileOverrideTheDefault() {
    assertEquals(1000, parseNode(Map.of(), file("# comment\n\nrpc-port = 1000\n")).rpc.port);
  }

  @Test
  void shouldLetTheEnvironmentOverrideTheFile() {
    NodeCommand node = parseNode(Map.of("SLUICE_RPC_PORT", "2000"), file("rpc-port = 1000"));
    assertEquals(2000, node.rpc.port);
  }

  @Test
  void shouldLetAFlagOverrideEverything() {
    NodeCommand node =
        parseNode(Map.of("SLUICE_RPC_PORT", "2000"), file("rpc-port = 1000"), "--rpc-port", "3000");
    assertEquals(3000, node.rpc.port);
  }

  @Test
  void shouldAcceptOptionNamesWithDashesInTheFile() {
    assertEquals(1001, parseNode(Map.of(), file("--rpc-port=1001")).rpc.port);
  }

  @Test
  void shouldRefuseASettingNoCommandKnows() {
    ConfigFile.InvalidConfigException refused =
        assertThrows(
            ConfigFile.InvalidConfigException.class,
            () -> SluiceCommand.commandLine(Map.of(), file("rpc-prot = 1")));
    assertTrue(refused.getMessage().contains("--rpc-prot"), refused.getMessage());
  }

  @Test
  void shouldNameTheLineOfAMalformedSetting() {
    ConfigFile.InvalidConfigException refused =
        assertThrows(ConfigFile.InvalidConfigException.class, () -> file("rpc-port = 1\nrpc-host"));
    assertTrue(refused.getMessage().contains("line 2"), refused.getMessage());
  }

  @Test
  void shouldRefuseASettingGivenTwice() {
    assertThrows(ConfigFile.InvalidConfigException.class, () -> file("rpc-port = 1\nrpc-port = 2"));
  }

  @Test
  void shouldExitWithTheUsageCodeWhenTheConfigFileIsMissing() {
    int exit =
        SluiceCommand.run(
            new String[] {"status", "--config", directory.resolve("absent.conf").toString()},
            Map.of());
    assertEquals(ExitCodes.USAGE, exit);
  }

  @Test
  void shouldReadTheConfigFileNamedOnTheCommandLine() throws Exception {
    Path conf = directory.resolve("sluice.conf");
    Files.writeString(conf, "rpc-port = 4000\n");
    ConfigFile file =
        ConfigOption.find(new String[] {"node", "--config", conf.toString()}, Map.of())
            .map(ConfigFile::read)
            .orElseThrow();
    assertEquals(4000, parseNode(Map.of(), file, "--config", conf.toString()).rpc.port);
    assertEquals(
        conf,
        ConfigOption.find(new String[] {"node"}, Map.of("SLUICE_CONFIG", conf.toString()))
            .orElseThrow());
  }

  @Test
  void shouldReportSourcesAndMaskSecrets() {
    String secret = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    CommandLine root =
        SluiceCommand.commandLine(
            Map.of("SLUICE_PRIVATE_KEY", secret, "SLUICE_RPC_URL", "http://127.0.0.1:1/"),
            file("json = true"));
    root.parseArgs("submit", "--op", "delete", "s", "k");
    CommandLine submit = root.getSubcommands().get("submit");
    List<ConfigReport.Line> lines = ConfigReport.lines(submit.getCommandSpec());
    Map<String, ConfigReport.Line> byName =
        lines.stream().collect(java.util.stream.Collectors.toMap(ConfigReport.Line::name, l -> l));
    assertEquals("****", byName.get("--private-key").value());
    assertEquals("SLUICE_PRIVATE_KEY", byName.get("--private-key").source());
    assertEquals("flag", byName.get("--op").source());
    assertEquals("config file", byName.get("--json").source());
    assertEquals("default", byName.get("--nonce").source());
    assertFalse(lines.toString().contains(secret), "the key never appears");

    root.parseArgs("node");
    Map<String, ConfigReport.Line> node =
        ConfigReport.lines(root.getSubcommands().get("node").getCommandSpec()).stream()
            .collect(java.util.stream.Collectors.toMap(ConfigReport.Line::name, l -> l));
    assertEquals("(empty)", node.get("--rpc-cors-origins").value());
    assertEquals("(not set)", node.get("--l1-rpc-url").value());
  }

  @Test
  void shouldSayPlainlyThatAMissingPartIsNotInThisBuild() {
    assertEquals(ExitCodes.NOT_AVAILABLE, SluiceCommand.run(new String[] {"bench"}, Map.of()));
  }
}
