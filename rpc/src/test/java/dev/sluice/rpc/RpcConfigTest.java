package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcConfigTest {

  @Test
  void shouldDefaultToLoopbackAndTheDocumentedLimits() {
    RpcConfig config = RpcConfig.defaults();
    assertEquals("127.0.0.1", config.host());
    assertEquals(List.of("localhost", "127.0.0.1"), config.hostAllowlist());
    assertTrue(config.corsOrigins().isEmpty());
    assertEquals(256 * 1024, config.maxRequestBodyBytes());
    assertEquals(64 * 1024, config.maxRecordBytes());
    assertEquals(100, config.maxBatchSize());
    assertEquals(16, config.maxSubscriptionsPerConnection());
    assertEquals(256, config.maxConnections());
    assertEquals(32, config.maxConnectionsPerAddress());
    assertTrue(config.addressRateLimit().enabled() && config.signerRateLimit().enabled());
    assertTrue(config.admin().isEmpty(), "no operator port unless configured");
  }

  @Test
  void shouldNameTheSettingThatIsOutOfRange() {
    IllegalArgumentException perAddress =
        assertThrows(
            IllegalArgumentException.class,
            () -> RpcConfig.builder().maxConnections(10).maxConnectionsPerAddress(11).build());
    assertTrue(
        perAddress.getMessage().startsWith("maxConnectionsPerAddress"), perAddress.getMessage());
    IllegalArgumentException hosts =
        assertThrows(
            IllegalArgumentException.class,
            () -> RpcConfig.builder().hostAllowlist(List.of()).build());
    assertTrue(hosts.getMessage().contains("\"*\""), hosts.getMessage());
    IllegalArgumentException wait =
        assertThrows(
            IllegalArgumentException.class,
            () -> RpcConfig.builder().maxReceiptWait(Duration.ofSeconds(90)).build());
    assertTrue(wait.getMessage().contains("idleTimeout"), wait.getMessage());
  }

  @Test
  void shouldCopyEverySettingThroughToBuilder() {
    RpcConfig config =
        RpcConfig.builder().port(0).maxBatchSize(7).corsOrigins(List.of("*")).build();
    RpcConfig copy = config.toBuilder().build();
    assertEquals(7, copy.maxBatchSize());
    assertEquals(List.of("*"), copy.corsOrigins());
    assertEquals(0, copy.port());
  }
}
