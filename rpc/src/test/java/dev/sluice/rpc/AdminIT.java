package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.auth.JwtSecret;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator port: JWT authentication and the admin_ methods. */
class AdminIT {
  private static final JsonCodec JSON = JsonCodec.forClients();
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final byte[] SECRET = HexFormat.of().parseHex("6a8f".repeat(16));
  private static Vertx vertx;
  private static TestNode node;
  private static ManualClock clock;

  @BeforeAll
  static void start(@TempDir Path directory) throws IOException {
    Path secretFile = directory.resolve("jwt.hex");
    Files.writeString(secretFile, "0x" + HexFormat.of().formatHex(SECRET) + "\n");
    AdminConfig admin = AdminConfig.withSecret(JwtSecret.load(secretFile)).withPort(0);
    clock = new ManualClock(NOW);
    vertx = Vertx.vertx();
    node = TestNode.start(vertx, c -> c.admin(admin), clock);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    node.close();
    vertx.close().await();
  }

  private static String validToken() {
    return TestJwt.hs256(SECRET, "{\"iat\":" + clock.instant().getEpochSecond() + "}");
  }

  private static RawHttp.Response call(String authorization, String method) throws IOException {
    byte[] body =
        ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    String head =
        RawHttp.post("127.0.0.1", body.length)
            + (authorization == null ? "" : "\r\nAuthorization: " + authorization);
    return RawHttp.exchange(node.server.adminPort().orElseThrow(), head, body);
  }

  private static JsonNode json(RawHttp.Response response) {
    return JSON.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUnauthorized(RawHttp.Response response, String expectedWords) {
    assertEquals(401, response.status(), response.body());
    assertEquals("Bearer", response.headers().get("www-authenticate"));
    JsonNode error = json(response).path("error");
    assertEquals(RpcErrorType.UNAUTHORIZED.code(), error.path("code").asInt());
    assertTrue(error.path("message").asText().contains(expectedWords), error.toString());
  }

  /** The operator port checks Host like the public one, before it looks at the token. */
  @Test
  void shouldRefuseHostsOffTheAllowlist() throws IOException {
    byte[] body =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"admin_faultStatus\"}"
            .getBytes(StandardCharsets.UTF_8);
    String token = "\r\nAuthorization: Bearer " + validToken();
    int port = node.server.adminPort().orElseThrow();

    RawHttp.Response rebound =
        RawHttp.exchange(port, RawHttp.post("evil.example", body.length) + token, body);
    assertEquals(403, rebound.status(), rebound.body());
    JsonNode error = json(rebound).path("error");
    assertEquals(RpcErrorType.FORBIDDEN.code(), error.path("code").asInt());
    assertTrue(
        error.path("message").asText().startsWith("Host evil.example is not allowed"),
        error.toString());

    RawHttp.Response noHost =
        RawHttp.exchange(
            port,
            "POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + token,
            body);
    assertEquals(403, noHost.status(), noHost.body());
    assertTrue(
        json(noHost).path("error").path("message").asText()
            .startsWith("the request has no Host header"),
        noHost.body());
  }

  @Test
  void shouldRefuseRequestsWithoutAValidToken() throws IOException {
    assertUnauthorized(call(null, "admin_faultStatus"), "missing Authorization header");
    assertUnauthorized(call("Basic abc", "admin_faultStatus"), "Bearer");
    assertUnauthorized(call("Bearer not-a-jwt", "admin_faultStatus"), "three base64url parts");
    byte[] otherSecret = new byte[32];
    assertUnauthorized(
        call(
            "Bearer " + TestJwt.hs256(otherSecret, "{\"iat\":" + NOW.getEpochSecond() + "}"),
            "admin_faultStatus"),
        "not signed with this node's JWT secret");
    assertUnauthorized(
        call(
            "Bearer " + TestJwt.unsigned("{\"iat\":" + NOW.getEpochSecond() + "}"),
            "admin_faultStatus"),
        "alg must be HS256");
    assertUnauthorized(
        call("Bearer " + TestJwt.hs256(SECRET, "{}"), "admin_faultStatus"), "no iat claim");
  }

  @Test
  void shouldRefuseTokensIssuedMoreThanSixtySecondsFromTheClock() throws IOException {
    long now = clock.instant().getEpochSecond();
    assertUnauthorized(
        call(
            "Bearer " + TestJwt.hs256(SECRET, "{\"iat\":" + (now - 61) + "}"), "admin_faultStatus"),
        "61 s from the node's clock");
    assertUnauthorized(
        call(
            "Bearer " + TestJwt.hs256(SECRET, "{\"iat\":" + (now + 120) + "}"),
            "admin_faultStatus"),
        "120 s from the node's clock");
    assertUnauthorized(
        call(
            "Bearer " + TestJwt.hs256(SECRET, "{\"iat\":" + now + ",\"exp\":" + (now - 1) + "}"),
            "admin_faultStatus"),
        "expired");
    assertEquals(
        200,
        call("Bearer " + TestJwt.hs256(SECRET, "{\"iat\":" + (now - 59) + "}"), "admin_faultStatus")
            .status());

    String token = validToken();
    clock.advance(Duration.ofSeconds(90));
    try {
      assertUnauthorized(
          call("Bearer " + token, "admin_faultStatus"), "90 s from the node's clock");
    } finally {
      clock.advance(Duration.ofSeconds(-90));
    }
  }

  @Test
  void shouldPauseResumeCheckpointAndReportFaultStatus() throws IOException {
    try (SluiceClient client = node.client()) {
      SigningAccount alice = SigningAccount.synced(TestKeys.signer(11), client);
      client.sendAndWait(alice.put("ops", new byte[] {1}, new byte[] {1}));

      JsonNode paused = json(call("Bearer " + validToken(), "admin_pause")).path("result");
      assertTrue(paused.path("paused").asBoolean());
      SluiceRpcException refused =
          assertThrows(
              SluiceRpcException.class,
              () -> client.send(alice.put("ops", new byte[] {1}, new byte[] {2})));
      assertEquals(RpcErrorType.PAUSED.code(), refused.code());

      JsonNode resumed = json(call("Bearer " + validToken(), "admin_resume")).path("result");
      assertFalse(resumed.path("paused").asBoolean());
      alice.resync(client);
      client.sendAndWait(alice.put("ops", new byte[] {1}, new byte[] {3}));

      JsonNode checkpoint = json(call("Bearer " + validToken(), "admin_checkpoint")).path("result");
      assertEquals(client.status().stateRoot(), checkpoint.path("stateRoot").asText());
      assertEquals(client.status().headSequence(), checkpoint.path("sequence").asText());

      JsonNode faults = json(call("Bearer " + validToken(), "admin_faultStatus")).path("result");
      assertFalse(faults.path("watching").asBoolean());
      assertTrue(faults.path("faults").isNull(), "null means not checked, never no faults");
    }
  }

  @Test
  void shouldKeepAdminMethodsOffThePublicPortAndListThemOnTheirOwn() throws IOException {
    try (SluiceClient client = node.client()) {
      SluiceRpcException missing =
          assertThrows(SluiceRpcException.class, () -> client.call("admin_pause"));
      assertEquals(RpcErrorType.METHOD_NOT_FOUND.code(), missing.code());
    }
    JsonNode document = json(call("Bearer " + validToken(), "rpc.discover")).path("result");
    List<String> names =
        StreamSupport.stream(document.path("methods").spliterator(), false)
            .map(m -> m.path("name").asText())
            .toList();
    assertEquals(
        List.of(
            "admin_checkpoint", "admin_faultStatus", "admin_pause", "admin_resume", "rpc.discover"),
        names);
  }

  @Test
  void shouldRefuseASecretFileThatIsNotThirtyTwoBytesOfHex(@TempDir Path directory)
      throws IOException {
    Path shortFile = directory.resolve("short.hex");
    Files.writeString(shortFile, "abcd");
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> JwtSecret.load(shortFile));
    assertTrue(refused.getMessage().contains("64 hex digits"), refused.getMessage());
  }
}
