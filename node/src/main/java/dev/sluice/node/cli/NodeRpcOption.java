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
    try {
      URI uri = URI.create(rpcUrl);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException bad) {
      throw new CliException(
          "--rpc-url must be an http:// or https:// URL, got " + rpcUrl, ExitCodes.USAGE);
    }
  }

  public SluiceClient connect() {
    return SluiceClient.connect(uri(), Duration.ofSeconds(30));
  }
}
