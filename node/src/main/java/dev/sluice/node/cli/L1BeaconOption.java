package dev.sluice.node.cli;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the blobs of the L1's blocks come from, for the commands that derive from L1. */
public final class L1BeaconOption {
  @Option(
      names = "--l1-beacon-url",
      paramLabel = "URL",
      description =
          "A beacon node (or blob archive with the same API) of the L1, for batches posted in"
              + " blobs, e.g. http://127.0.0.1:5052. Leave it out for Anvil, which serves blobs"
              + " on its JSON-RPC port.")
  String l1BeaconUrl;

  /** The beacon node's URL, or empty when the L1 RPC endpoint serves the blobs itself. */
  public Optional<URI> url() {
    if (l1BeaconUrl == null || l1BeaconUrl.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(L1Options.httpUrl(l1BeaconUrl, "--l1-beacon-url"));
  }
}
