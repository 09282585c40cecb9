package dev.sluice.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.node.cli.DevnetKeys;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person or a script needs to use a running devnet: endpoints, chain ids, the contract, the
 * funded keys. Printed once the devnet is ready and written as JSON to {@code DIR/devnet.json}.
 */
record DevnetInfo(
    Path dataDirectory,
    URI rpcUrl,
    URI webSocketUrl,
    URI metricsUrl,
    Optional<URI> adminUrl,
    Optional<Path> jwtSecretFile,
    String l1RpcUrl,
    long l1ChainId,
    Eip712Domain domain,
    long challengeWindowSeconds,
    boolean resumed,
    boolean demo,
    int demoGateways,
    String poster,
    String watcher) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  String role(int index) {
    if (index == DevnetKeys.PROPOSER) {
      return "proposer (deploys the contract, posts batches)";
    }
    if (index == DevnetKeys.CHALLENGER) {
      return "challenger (the watcher's account)";
    }
    for (int g = 0; demo && g < demoGateways; g++) {
      if (DemoProducer.keyIndex(g) == index) {
        return "user (signs the demo's readings)";
      }
    }
    return "user";
  }

  static Address address(int index) {
    return RecordSigner.ofPrivateKey(new Eip712Domain(1, Address.ZERO), DevnetKeys.get(index))
        .address();
  }

  ObjectNode toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("ready", true);
    json.put("pid", ProcessHandle.current().pid());
    json.put("dataDir", dataDirectory.toString());
    json.put("rpcUrl", rpcUrl.toString());
    json.put("webSocketUrl", webSocketUrl.toString());
    json.put("metricsUrl", metricsUrl.toString());
    adminUrl.ifPresent(url -> json.put("adminUrl", url.toString()));
    jwtSecretFile.ifPresent(file -> json.put("jwtSecretFile", file.toString()));
    json.put("l2ChainId", domain.chainId());
    json.put("rollupAddress", domain.verifyingContract().toHex());
    json.put("challengeWindowSeconds", challengeWindowSeconds);
    ObjectNode l1 = json.putObject("l1");
    l1.put("rpcUrl", l1RpcUrl);
    l1.put("chainId", l1ChainId);
    ObjectNode signing = json.putObject("signingDomain");
    signing.put("name", "Sluice");
    signing.put("version", "1");
    signing.put("chainId", domain.chainId());
    signing.put("verifyingContract", domain.verifyingContract().toHex());
    ArrayNode keys = json.putArray("keys");
    for (int i = 0; i < DevnetKeys.ALL.size(); i++) {
      ObjectNode key = keys.addObject();
      key.put("index", i);
      key.put("role", role(i));
      key.put("address", address(i).toHex());
      key.put("privateKey", hexKey(DevnetKeys.get(i)));
    }
    json.put("poster", poster);
    json.put("watcher", watcher);
    json.put("resumed", resumed);
    json.put("demo", demo);
    return json;
  }

  /** Writes the JSON atomically, so a script polling for the file never reads half of it. */
  void write(Path file) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  void print(PrintStream out, Path infoFile) {
    out.println();
    out.println("sluice devnet ready" + (resumed ? " (resumed)" : ""));
    out.println("  JSON-RPC (HTTP):      " + rpcUrl);
    out.println("  JSON-RPC (WebSocket): " + webSocketUrl);
    out.println("  metrics:              " + metricsUrl);
    adminUrl.ifPresent(
        url ->
            out.println(
                "  operator port:        "
                    + url
                    + " (JWT secret in "
                    + jwtSecretFile.map(Path::toString).orElse("?")
                    + ")"));
    out.println("  L2 chain id:          " + domain.chainId());
    out.println("  rollup contract:      " + domain.verifyingContract());
    out.println("  L1 (Anvil):           " + l1RpcUrl + ", chain id " + l1ChainId);
    out.println("  challenge window:     " + challengeWindowSeconds + " s");
    out.println("  batch poster:         " + poster);
    out.println("  watcher:              " + watcher);
    out.println("  data directory:       " + dataDirectory);
    out.println("  funded devnet keys (well known, for this devnet only):");
    for (int i = 0; i < DevnetKeys.ALL.size(); i++) {
      out.printf(
          Locale.ROOT, "    (%d) %s  %s  %s%n", i, address(i), hexKey(DevnetKeys.get(i)), role(i));
    }
    out.println("  the same as JSON:     " + infoFile);
    out.println();
    out.println(
        "try:  ./sluice submit --rpc-url " + rpcUrl + " --devnet-key 2 demo/hello greeting hi");
    out.println("      ./sluice get --rpc-url " + rpcUrl + " demo/hello greeting");
    out.println("stop with Ctrl-C; run the same command again to resume");
  }

  static String hexKey(BigInteger key) {
    return "0x" + String.format(Locale.ROOT, "%064x", key);
  }
}
