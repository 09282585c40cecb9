package dev.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.limits.RateLimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RpcEndpointOptionsTest {
  private static RpcEndpointOptions parse(Map<String, String> environment, String... args) {
    CommandLine root = SluiceCommand.commandLine(environment, ConfigFile.NONE);
    String[] all = new String[args.length + 1];
    all[0] = "node";
    System.arraycopy(args, 0, all, 1, args.length);
    root.parseArgs(all);
    NodeCommand node = root.getSubcommands().get("node").getCommand();
    return node.rpc;
  }

  private static RpcConfig config(String... args) {
    return parse(Map.of(), args).config();
  }

  private static CliException refusal(String... args) {
    CliException refused = assertThrows(CliException.class, () -> config(args));
    assertEquals(ExitCodes.USAGE, refused.exitCode());
    return refused;
  }

  @Test
  void shouldKeepTheServersDefaultsWhenNothingIsGiven() {
    RpcConfig defaults = RpcConfig.builder().build();
    RpcConfig config = config();
    assertEquals(defaults.host(), config.host());
    assertEquals(defaults.port(), config.port());
    assertEquals(defaults.hostAllowlist(), config.hostAllowlist());
    assertEquals(defaults.corsOrigins(), config.corsOrigins());
    assertEquals(defaults.addressRateLimit(), config.addressRateLimit());
    assertEquals(defaults.signerRateLimit(), config.signerRateLimit());
    assertEquals(defaults.maxConnections(), config.maxConnections());
    assertEquals(defaults.maxConnectionsPerAddress(), config.maxConnectionsPerAddress());
  }

  @Test
  void shouldOpenTheEndpointToTheNamesAndOriginsGiven() {
    RpcConfig config =
        config(
            "--rpc-host",
            "0.0.0.0",
            "--rpc-host-allowlist",
            " rpc.example.org, 10.0.0.5 ,",
            "--rpc-cors-origins",
            "https://app.example,http://localhost:3000");
    assertEquals("0.0.0.0", config.host());
    assertEquals(List.of("rpc.example.org", "10.0.0.5"), config.hostAllowlist());
    assertEquals(List.of("https://app.example", "http://localhost:3000"), config.corsOrigins());
    assertEquals(List.of("*"), config("--rpc-cors-origins", "*").corsOrigins());
  }

  @Test
  void shouldReadRatesWithAndWithoutABurst() {
    assertEquals(
        new RateLimit(1000, 5000),
        RpcEndpointOptions.rateLimit("1000/5000", "--rpc-address-rate-limit"));
    assertEquals(new RateLimit(50, 100), RpcEndpointOptions.rateLimit("50", "--x"));
    assertEquals(new RateLimit(0.2, 1), RpcEndpointOptions.rateLimit("0.2", "--x"));
    assertEquals(new RateLimit(2.5, 3), RpcEndpointOptions.rateLimit(" 2.5 / 3 ", "--x"));
    assertEquals(RateLimit.UNLIMITED, RpcEndpointOptions.rateLimit("off", "--x"));
    assertEquals(RateLimit.UNLIMITED, RpcEndpointOptions.rateLimit("OFF", "--x"));
    assertEquals(RateLimit.UNLIMITED, RpcEndpointOptions.rateLimit("0", "--x"));
    RpcConfig config =
        config("--rpc-address-rate-limit", "off", "--rpc-signer-rate-limit", "20/40");
    assertFalse(config.addressRateLimit().enabled());
    assertEquals(new RateLimit(20, 40), config.signerRateLimit());
  }

  @Test
  void shouldTakeItsSettingsFromTheEnvironmentToo() {
    RpcConfig config =
        parse(
                Map.of(
                    "SLUICE_RPC_HOST_ALLOWLIST", "rpc.example.org",
                    "SLUICE_RPC_ADDRESS_RATE_LIMIT", "off"))
            .config();
    assertEquals(List.of("rpc.example.org"), config.hostAllowlist());
    assertFalse(config.addressRateLimit().enabled());
  }

  @Test
  void shouldRefuseBadValuesNamingTheOption() {
    for (String bad : List.of("fast", "-5", "10/0", "10/-1", "10/x", "/5", "1e9", "NaN")) {
      String message = refusal("--rpc-address-rate-limit", bad).getMessage();
      assertTrue(message.startsWith("--rpc-address-rate-limit"), message);
      assertTrue(message.contains(bad), message);
    }
    assertTrue(
        refusal("--rpc-signer-rate-limit", "many")
            .getMessage()
            .startsWith("--rpc-signer-rate-limit"));
    assertTrue(
        refusal("--rpc-host-allowlist", " , ").getMessage().contains("refuse every request"));
    assertTrue(refusal("--rpc-port", "70000").getMessage().startsWith("--rpc-port"));
    assertTrue(
        refusal("--rpc-max-connections", "0").getMessage().startsWith("--rpc-max-connections"));
    assertTrue(
        refusal("--rpc-max-connections", "10", "--rpc-max-connections-per-address", "11")
            .getMessage()
            .startsWith("--rpc-max-connections-per-address"));
    for (String notAnOrigin : List.of("https://app.example/", "app.example", "https://a.b/path")) {
      String message = refusal("--rpc-cors-origins", notAnOrigin).getMessage();
      assertTrue(message.contains(notAnOrigin) && message.contains("not an origin"), message);
    }
  }

  @Test
  void shouldWarnOnlyWhenAnOpenEndpointStillAnswersLoopbackNamesAlone() {
    String warning = parse(Map.of(), "--rpc-host", "0.0.0.0").warning().orElseThrow();
    assertTrue(warning.contains("0.0.0.0") && warning.contains("--rpc-host-allowlist"), warning);
    assertTrue(
        parse(Map.of(), "--rpc-host", "10.1.2.3", "--rpc-host-allowlist", "localhost")
            .warning()
            .isPresent());
    assertTrue(parse(Map.of()).warning().isEmpty(), "loopback by default");
    assertTrue(parse(Map.of(), "--rpc-host", "localhost").warning().isEmpty());
    assertTrue(parse(Map.of(), "--rpc-host", "127.0.0.2").warning().isEmpty());
    assertTrue(parse(Map.of(), "--rpc-host", "::1").warning().isEmpty());
    assertTrue(
        parse(Map.of(), "--rpc-host", "0.0.0.0", "--rpc-host-allowlist", "rpc.example.org")
            .warning()
            .isEmpty());
    assertTrue(
        parse(Map.of(), "--rpc-host", "0.0.0.0", "--rpc-host-allowlist", "*").warning().isEmpty());
  }
}
