package dev.sluice.bridge.derivation;

import dev.sluice.bridge.L1Exception;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link L1ChainReader} over an execution node's JSON-RPC (through web3j) and a beacon-style blob
 * endpoint, {@code GET /eth/v1/beacon/blobs/{blockId}}, over {@link HttpClient}.
 *
 * <p>Two kinds of blob endpoint name the block differently. Anvil serves the endpoint on its own
 * JSON-RPC port and takes the execution block's hash ({@link #connect(String)}). A beacon node of a
 * real chain is another URL and takes the beacon block root ({@link #connect(String, URI,
 * Duration)}): the root of the beacon block that carries execution block N is the {@code
 * parentBeaconBlockRoot} of execution block N + 1 (EIP-4788), so the blobs of block N are found
 * once block N + 1 exists. A slot computed from the timestamp would work at the head too, but a
 * missed or reorged slot would name another block; the root names exactly the block read.
 */
public final class Web3jL1ChainReader implements L1ChainReader {
  /** Bounds a beacon answer: a block holds a few dozen blobs of 128 KiB in hex at most. */
  private static final int MAX_BLOB_RESPONSE_BYTES = 64 << 20;

  private static final int BLOB_HEX_LENGTH = 2 + 2 * 131_072;

  /**
   * A beacon node keeps blobs for MIN_EPOCHS_FOR_BLOB_SIDECARS_REQUESTS = 4096 epochs, about 18
   * days; older ones need an archive.
   */
  private static final String RETENTION_HINT =
      " (a beacon node keeps blobs for about 18 days: deriving older batches needs a blob archive"
          + " behind --l1-beacon-url)";
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Web3j web3j;
  private final String rpcUrl;
  private final URI beaconUrl;
  private final boolean beaconNode;
  private final HttpClient http;
  private final Duration requestTimeout;

  private Web3jL1ChainReader(
      String rpcUrl, URI beaconUrl, boolean beaconNode, Duration requestTimeout) {
    this.rpcUrl = rpcUrl;
    this.web3j = Web3j.build(new HttpService(rpcUrl));
    this.beaconUrl = beaconUrl;
    this.beaconNode = beaconNode;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
  }

  /**
   * A reader of {@code rpcUrl} that asks the same host and port for blobs by execution block hash,
   * as Anvil serves them.
   */
  public static Web3jL1ChainReader connect(String rpcUrl) {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    return new Web3jL1ChainReader(rpcUrl, URI.create(rpcUrl), false, DEFAULT_TIMEOUT);
  }

  /**
   * A reader of {@code rpcUrl} that fetches blobs from the beacon node (or blob archive serving the
   * same API) at {@code beaconNodeUrl}, by beacon block root.
   *
   * @param requestTimeout bound on each beacon request
   */
  public static Web3jL1ChainReader connect(
      String rpcUrl, URI beaconNodeUrl, Duration requestTimeout) {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(beaconNodeUrl, "beaconNodeUrl");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    return new Web3jL1ChainReader(rpcUrl, beaconNodeUrl, true, requestTimeout);
  }

  /**
   * {@link #connect(String, URI, Duration)} with a 30-second timeout when {@code beaconNodeUrl} is
   * given, else {@link #connect(String)}.
   */
  public static Web3jL1ChainReader connect(String rpcUrl, Optional<URI> beaconNodeUrl) {
    return beaconNodeUrl
        .map(url -> connect(rpcUrl, url, DEFAULT_TIMEOUT))
        .orElseGet(() -> connect(rpcUrl));
  }

  /**
   * The latest block's number; with a beacon node, the one before it, whose blobs the latest
   * block's {@code parentBeaconBlockRoot} names, so that derivation waits one block for blobs
   * rather than failing on each poll until the next block comes.
   */
  @Override
  public long headNumber() {
    try {
      long latest =
          checked(web3j.ethBlockNumber().send(), "eth_blockNumber")
              .getBlockNumber()
              .longValueExact();
      return beaconNode ? Math.max(0, latest - 1) : latest;
    } catch (IOException e) {
      throw new L1Exception("eth_blockNumber on " + rpcUrl + " failed", e);
    }
  }

  @Override
  public Optional<L1Block> block(long number) {
    return rawBlock(number)
        .map(
            block ->
                new L1Block(
                    block.getNumber().longValueExact(),
                    Bytes32.fromHex(block.getHash()),
                    Bytes32.fromHex(block.getParentHash()),
                    block.getTimestamp().longValueExact()));
  }

  private Optional<EthBlock.Block> rawBlock(long number) {
    try {
      return Optional.ofNullable(
          checked(
                  web3j
                      .ethGetBlockByNumber(
                          DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                      .send(),
                  "eth_getBlockByNumber")
              .getBlock());
    } catch (IOException e) {
      throw new L1Exception("eth_getBlockByNumber(" + number + ") on " + rpcUrl + " failed", e);
    }
  }

  @Override
  public List<L1Log> logs(Address address, long fromBlock, long toBlock, List<Bytes32> topic0s) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)),
            address.toHex());
    // One topic position holding a list: any of these event signatures.
    filter.addOptionalTopics(topic0s.stream().map(Bytes32::toHex).toArray(String[]::new));
    try {
      EthLog response = checked(web3j.ethGetLogs(filter).send(), "eth_getLogs");
      List<L1Log> logs = new ArrayList<>();
      for (EthLog.LogResult<?> result : response.getLogs()) {
        if (!(result.get() instanceof Log log)) {
          throw new L1Exception("eth_getLogs returned hashes where logs were asked for");
        }
        if (log.isRemoved() || log.getBlockHash() == null) {
          continue; // a pending log, or one of a block that is no longer canonical
        }
        logs.add(
            new L1Log(
                Address.fromHex(log.getAddress()),
                log.getTopics().stream().map(Bytes32::fromHex).toList(),
                Numeric.hexStringToByteArray(log.getData()),
                log.getBlockNumber().longValueExact(),
                Bytes32.fromHex(log.getBlockHash()),
                Bytes32.fromHex(log.getTransactionHash()),
                log.getLogIndex().longValueExact()));
      }
      return logs;
    } catch (IOException e) {
      throw new L1Exception(
          "eth_getLogs(" + fromBlock + "…" + toBlock + ") on " + rpcUrl + " failed", e);
    }
  }

  @Override
  public Optional<L1Transaction> transaction(Bytes32 hash) {
    try {
      Optional<Transaction> found =
          checked(web3j.ethGetTransactionByHash(hash.toHex()).send(), "eth_getTransactionByHash")
              .getTransaction();
      if (found.isEmpty() || found.get().getBlockHash() == null) {
        return Optional.empty(); // unknown, or pending again after a reorg
      }
      Transaction tx = found.get();
      List<String> blobHashes = tx.getBlobVersionedHashes();
      return Optional.of(
          new L1Transaction(
              Bytes32.fromHex(tx.getHash()),
              tx.getTo() == null ? Optional.empty() : Optional.of(Address.fromHex(tx.getTo())),
              Numeric.hexStringToByteArray(tx.getInput()),
              blobHashes == null ? List.of() : blobHashes.stream().map(Bytes32::fromHex).toList(),
              tx.getBlockNumber().longValueExact(),
              Bytes32.fromHex(tx.getBlockHash())));
    } catch (IOException e) {
      throw new L1Exception("eth_getTransactionByHash(" + hash + ") on " + rpcUrl + " failed", e);
    }
  }

  @Override
  public List<byte[]> blobs(L1Block block, List<Bytes32> versionedHashes) {
    // The beacon API's arrays repeat the parameter (OpenAPI form style, exploded); Anvil reads
    // one parameter with the hashes joined by commas.
    List<String> hashes = versionedHashes.stream().map(Bytes32::toHex).toList();
    String query =
        hashes.isEmpty()
            ? ""
            : beaconNode
                ? hashes.stream()
                    .map(hash -> "versioned_hashes=" + hash)
                    .collect(Collectors.joining("&", "?", ""))
                : "?versioned_hashes=" + String.join(",", hashes);
    // By hash or root rather than number or slot: after a reorg a number may name another block
    // than the one whose transaction the caller read.
    String blockId = beaconNode ? beaconBlockRoot(block).toHex() : block.hash().toHex();
    URI uri = beaconUrl.resolve("/eth/v1/beacon/blobs/" + blockId + query);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new L1Exception(
            "GET " + uri + " answered " + response.statusCode() + ": " + excerpt(response.body())
                + (beaconNode && response.statusCode() == 404 ? RETENTION_HINT : ""));
      }
      if (response.body().length > MAX_BLOB_RESPONSE_BYTES) {
        throw new L1Exception("GET " + uri + " answered with more than 64 MiB");
      }
      JsonNode data = JSON.readTree(response.body()).path("data");
      if (!data.isArray()) {
        throw new L1Exception("GET " + uri + " answered without a data array");
      }
      List<byte[]> blobs = new ArrayList<>();
      for (JsonNode entry : data) {
        // The blobs endpoint lists hex strings; the older sidecar shape has objects with a blob.
        String hex = entry.isString() ? entry.asString() : entry.path("blob").asString("");
        if (hex.length() != BLOB_HEX_LENGTH || !hex.startsWith("0x")) {
          throw new L1Exception("GET " + uri + " returned a blob that is not 131072 bytes of hex");
        }
        blobs.add(Numeric.hexStringToByteArray(hex));
      }
      return blobs;
    } catch (IOException e) {
      throw new L1Exception("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new L1Exception("interrupted during GET " + uri, e);
    } catch (RuntimeException e) {
      throw e instanceof L1Exception l1 ? l1 : new L1Exception("GET " + uri + " failed", e);
    }
  }

  /**
   * The root of the beacon block that carries {@code block}: the {@code parentBeaconBlockRoot} of
   * the block after it, which must exist and build on {@code block}.
   */
  private Bytes32 beaconBlockRoot(L1Block block) {
    long next = block.number() + 1;
    EthBlock.Block child =
        rawBlock(next)
            .orElseThrow(
                () ->
                    new L1Exception(
                        "the blobs of L1 block " + block.number() + " are named by block " + next
                            + "'s parentBeaconBlockRoot, and block " + next + " is not there yet"));
    if (!Bytes32.fromHex(child.getParentHash()).equals(block.hash())) {
      throw new L1Exception(
          "L1 block " + block.number() + " " + block.hash() + " is no longer canonical: block "
              + next + " builds on " + child.getParentHash());
    }
    String root = child.getParentBeaconBlockRoot();
    if (root == null || Bytes32.fromHex(root).isZero()) {
      throw new L1Exception(
          "L1 block " + next + " on " + rpcUrl + " has no parentBeaconBlockRoot, so its blobs"
              + " cannot be found on a beacon node; for Anvil, leave the beacon URL out (Anvil"
              + " serves blobs on its JSON-RPC port)");
    }
    return Bytes32.fromHex(root);
  }

  @Override
  public void close() {
    web3j.shutdown();
    http.close();
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
    return text.isBlank() ? "(empty)" : text;
  }

  private static <R extends Response<?>> R checked(R response, String method) {
    if (response.hasError()) {
      Response.Error error = response.getError();
      throw new L1Exception(method + " failed: " + error.getCode() + " " + error.getMessage());
    }
    return response;
  }
}
