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
 * <p>Anvil serves that endpoint on its own JSON-RPC port and takes the execution block's hash (or
 * number) as the block id, which is what {@link #connect} assumes; a real chain's beacon node is
 * another URL and names blocks by slot or beacon block root, which a later change can map from the
 * block's timestamp.
 */
public final class Web3jL1ChainReader implements L1ChainReader {
  /** Bounds a beacon answer: a block holds a few dozen blobs of 128 KiB in hex at most. */
  private static final int MAX_BLOB_RESPONSE_BYTES = 64 << 20;

  private static final int BLOB_HEX_LENGTH = 2 + 2 * 131_072;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Web3j web3j;
  private final String rpcUrl;
  private final URI beaconUrl;
  private final HttpClient http;
  private final Duration requestTimeout;

  private Web3jL1ChainReader(String rpcUrl, URI beaconUrl, Duration requestTimeout) {
    this.rpcUrl = rpcUrl;
    this.web3j = Web3j.build(new HttpService(rpcUrl));
    this.beaconUrl = beaconUrl;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
  }

  /** A reader of {@code rpcUrl} that asks the same host and port for blobs, as Anvil serves them. */
  public static Web3jL1ChainReader connect(String rpcUrl) {
    return connect(rpcUrl, URI.create(rpcUrl), Duration.ofSeconds(30));
  }

  /**
   * A reader of {@code rpcUrl} that fetches blobs from {@code beaconUrl}.
   *
   * @param requestTimeout bound on each beacon request
   */
  public static Web3jL1ChainReader connect(
      String rpcUrl, URI beaconUrl, Duration requestTimeout) {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(beaconUrl, "beaconUrl");
    return new Web3jL1ChainReader(rpcUrl, beaconUrl, requestTimeout);
  }

  @Override
  public long headNumber() {
    try {
      return checked(web3j.ethBlockNumber().send(), "eth_blockNumber")
          .getBlockNumber()
          .longValueExact();
    } catch (IOException e) {
      throw new L1Exception("eth_blockNumber on " + rpcUrl + " failed", e);
    }
  }

  @Override
  public Optional<L1Block> block(long number) {
    try {
      EthBlock.Block block =
          checked(
                  web3j
                      .ethGetBlockByNumber(
                          DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                      .send(),
                  "eth_getBlockByNumber")
              .getBlock();
      if (block == null) {
        return Optional.empty();
      }
      return Optional.of(
          new L1Block(
              block.getNumber().longValueExact(),
              Bytes32.fromHex(block.getHash()),
              Bytes32.fromHex(block.getParentHash()),
              block.getTimestamp().longValueExact()));
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
    String query =
        versionedHashes.isEmpty()
            ? ""
            : "?versioned_hashes="
                + versionedHashes.stream().map(Bytes32::toHex).collect(Collectors.joining(","));
    // By hash rather than number: after a reorg a number may name another block than the one
    // whose transaction the caller read.
    URI uri = beaconUrl.resolve("/eth/v1/beacon/blobs/" + block.hash().toHex() + query);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new L1Exception(
            "GET " + uri + " answered " + response.statusCode() + ": " + excerpt(response.body()));
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
