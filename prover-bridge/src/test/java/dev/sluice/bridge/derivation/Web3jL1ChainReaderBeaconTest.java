package dev.sluice.bridge.derivation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.bridge.L1Exception;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blobs from a beacon node, which no test here can run: an execution JSON-RPC endpoint and a beacon
 * blob endpoint on 127.0.0.1 that answer from a scripted chain, so that what the reader asks for
 * (which block id, which blobs) and how it fails can be checked. Anvil's own endpoint, named by
 * execution block hash, is covered by {@link Web3jL1ChainReaderIT} and the blob derivation tests
 * against Anvil.
 */
class Web3jL1ChainReaderBeaconTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final int BLOB_BYTES = 131_072;

  /** The scripted chain: block number to its JSON as eth_getBlockByNumber returns it. */
  private final Map<Long, Map<String, String>> blocks = new ConcurrentHashMap<>();

  /** The beacon endpoint's blobs, by beacon block root. */
  private final Map<String, List<byte[]>> blobsByRoot = new ConcurrentHashMap<>();

  private final List<String> beaconRequests = new CopyOnWriteArrayList<>();
  private final Random random = new Random(4788);
  private HttpServer server;
  private String rpcUrl;
  private URI beaconUrl;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/rpc", this::answerJsonRpc);
    server.createContext("/eth/v1/beacon/blobs/", this::answerBeacon);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    rpcUrl = base + "/rpc";
    beaconUrl = URI.create(base + "/");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void findsTheBlobsOfABlockByTheNextBlocksParentBeaconBlockRoot() {
    Bytes32 beaconRoot = randomHash();
    addChain(6, Map.of(6L, beaconRoot));
    byte[] blob = new byte[BLOB_BYTES];
    random.nextBytes(blob);
    blobsByRoot.put(beaconRoot.toHex(), List.of(blob));
    Bytes32 first = randomHash();
    Bytes32 second = randomHash();

    try (Web3jL1ChainReader reader =
        Web3jL1ChainReader.connect(rpcUrl, beaconUrl, Duration.ofSeconds(5))) {
      L1Block block = reader.block(5).orElseThrow();
      List<byte[]> blobs = reader.blobs(block, List.of(first, second));

      assertEquals(1, blobs.size());
      assertArrayEquals(blob, blobs.getFirst());
      // The beacon API's query arrays repeat the parameter.
      assertEquals(
          List.of(
              "/eth/v1/beacon/blobs/" + beaconRoot.toHex() + "?versioned_hashes=" + first.toHex()
                  + "&versioned_hashes=" + second.toHex()),
          beaconRequests);
    }
  }

  /** The newest block's blobs cannot be named yet, so derivation is told the block before it. */
  @Test
  void theHeadIsTheBlockBeforeTheLatestWithABeaconNodeAndTheLatestWithout() {
    addChain(6, Map.of());

    try (Web3jL1ChainReader beacon =
            Web3jL1ChainReader.connect(rpcUrl, beaconUrl, Duration.ofSeconds(5));
        Web3jL1ChainReader anvil = Web3jL1ChainReader.connect(rpcUrl)) {
      assertEquals(5, beacon.headNumber());
      assertEquals(6, anvil.headNumber());
    }
  }

  @Test
  void theBlobsOfTheLatestBlockWaitForTheNextBlock() {
    addChain(5, Map.of());

    L1Exception notYet = assertThrows(L1Exception.class, () -> blobsOfBlock(5));
    assertTrue(notYet.getMessage().contains("block 6 is not there yet"), notYet.getMessage());
    assertEquals(List.of(), beaconRequests);
  }

  @Test
  void refusesABlockThatTheNextBlockDoesNotBuildOn() {
    addChain(6, Map.of(6L, randomHash()));
    L1Block stale =
        new L1Block(5, randomHash(), Bytes32.fromHex(blocks.get(4L).get("hash")), 1_000);

    try (Web3jL1ChainReader reader =
        Web3jL1ChainReader.connect(rpcUrl, beaconUrl, Duration.ofSeconds(5))) {
      L1Exception reorged =
          assertThrows(L1Exception.class, () -> reader.blobs(stale, List.of()));
      assertTrue(reorged.getMessage().contains("is no longer canonical"), reorged.getMessage());
    }
    assertEquals(List.of(), beaconRequests);
  }

  /** Anvil's blocks carry a zero parentBeaconBlockRoot: the message says to leave the URL out. */
  @Test
  void aChainWithoutBeaconBlockRootsIsNamedAsTheCause() {
    addChain(6, Map.of(6L, Bytes32.ZERO));

    L1Exception noRoot = assertThrows(L1Exception.class, () -> blobsOfBlock(5));
    assertTrue(noRoot.getMessage().contains("leave the beacon URL out"), noRoot.getMessage());
  }

  /** A beacon node prunes blobs after about 18 days: a 404 says so. */
  @Test
  void aMissingBlobAnswerMentionsTheRetentionWindow() {
    addChain(6, Map.of(6L, randomHash()));

    L1Exception pruned = assertThrows(L1Exception.class, () -> blobsOfBlock(5));
    assertTrue(pruned.getMessage().contains("answered 404"), pruned.getMessage());
    assertTrue(pruned.getMessage().contains("about 18 days"), pruned.getMessage());
  }

  /** An endpoint that is not there fails as an L1Exception, which derivation retries. */
  @Test
  void anUnreachableBeaconNodeFailsAsAnL1Exception() {
    addChain(6, Map.of(6L, randomHash()));

    try (Web3jL1ChainReader reader =
        Web3jL1ChainReader.connect(
            rpcUrl, URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(2))) {
      L1Block block = reader.block(5).orElseThrow();
      L1Exception unreachable =
          assertThrows(L1Exception.class, () -> reader.blobs(block, List.of()));
      assertTrue(unreachable.getMessage().contains("127.0.0.1:9"), unreachable.getMessage());
    }
  }

  @Test
  void refusesABlobOfTheWrongSize() {
    Bytes32 beaconRoot = randomHash();
    addChain(6, Map.of(6L, beaconRoot));
    blobsByRoot.put(beaconRoot.toHex(), List.of(new byte[BLOB_BYTES - 1]));

    L1Exception wrongSize = assertThrows(L1Exception.class, () -> blobsOfBlock(5));
    assertTrue(wrongSize.getMessage().contains("not 131072 bytes"), wrongSize.getMessage());
  }

  private List<byte[]> blobsOfBlock(long number) {
    try (Web3jL1ChainReader reader =
        Web3jL1ChainReader.connect(rpcUrl, beaconUrl, Duration.ofSeconds(5))) {
      return reader.blobs(reader.block(number).orElseThrow(), List.of());
    }
  }

  /**
   * Blocks 0 to {@code latest}, each building on the one before, with the given
   * parentBeaconBlockRoots (zero where none is given, as on Anvil).
   */
  private void addChain(long latest, Map<Long, Bytes32> beaconRoots) {
    Bytes32 parent = Bytes32.ZERO;
    for (long number = 0; number <= latest; number++) {
      Bytes32 hash = Keccak.hash32(("block " + number).getBytes(StandardCharsets.US_ASCII));
      blocks.put(
          number,
          Map.of(
              "number", "0x" + Long.toHexString(number),
              "hash", hash.toHex(),
              "parentHash", parent.toHex(),
              "timestamp", "0x" + Long.toHexString(1_000 + 12 * number),
              "parentBeaconBlockRoot", beaconRoots.getOrDefault(number, Bytes32.ZERO).toHex()));
      parent = hash;
    }
  }

  private Bytes32 randomHash() {
    byte[] bytes = new byte[Bytes32.SIZE];
    random.nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }

  private void answerJsonRpc(HttpExchange exchange) throws IOException {
    JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
    Object result =
        switch (request.path("method").asString()) {
          case "eth_blockNumber" ->
              "0x" + Long.toHexString(blocks.keySet().stream().mapToLong(n -> n).max().orElse(0));
          case "eth_getBlockByNumber" -> {
            Map<String, String> block =
                blocks.get(Long.decode(request.path("params").get(0).asString()));
            if (block == null) {
              yield null;
            }
            Map<String, Object> withTransactions = new HashMap<>(block);
            withTransactions.put("transactions", List.of());
            yield withTransactions;
          }
          default -> throw new IllegalStateException("unexpected " + request);
        };
    Map<String, Object> response = new HashMap<>();
    response.put("jsonrpc", "2.0");
    response.put("id", request.path("id").asLong());
    response.put("result", result);
    send(exchange, 200, JSON.writeValueAsBytes(response));
  }

  private void answerBeacon(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    beaconRequests.add(uri.toString());
    String root = uri.getPath().substring("/eth/v1/beacon/blobs/".length());
    List<byte[]> blobs = blobsByRoot.get(root);
    if (blobs == null) {
      send(exchange, 404, "{\"code\":404,\"message\":\"NOT_FOUND: block\"}".getBytes());
      return;
    }
    List<String> hex = blobs.stream().map(b -> "0x" + HexFormat.of().formatHex(b)).toList();
    send(exchange, 200, JSON.writeValueAsBytes(Map.of("data", hex)));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
