package dev.sluice.node.cli;

import dev.sluice.rpc.client.SluiceClient;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The node a client command talks to. */
public final class NodeRpcOption {
  @Option(
      names = "--rpc-url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8645/",
      description = "The node's JSON-RPC endpoint (default: ${DEFAULT-VALUE}).")
  String rpcUrl;

  public URI uri() {
    return L1Options.httpUrl(rpcUrl, "--rpc-url");
  }

  public SluiceClient connect() {
    return SluiceClient.connect(uri(), Duration.ofSeconds(30));
  }
}
