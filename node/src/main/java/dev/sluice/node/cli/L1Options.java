package dev.sluice.node.cli;

import dev.sluice.state.Address;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the L1 is: its JSON-RPC endpoint and the rollup contract on it. */
public final class L1Options {
  @Option(
      names = "--l1-rpc-url",
      paramLabel = "URL",
      description =
          "The L1's JSON-RPC endpoint (an Ethereum node or Anvil), e.g. http://127.0.0.1:8545.")
  String l1RpcUrl;

  @Option(
      names = "--rollup-address",
      paramLabel = "ADDRESS",
      description =
          "The SluiceRollup contract's address on the L1 (printed by 'sluice deploy' and the"
              + " devnet).")
  String rollupAddress;

  public Optional<String> l1RpcUrl() {
    return Optional.ofNullable(l1RpcUrl).filter(s -> !s.isBlank());
  }

  public Optional<Address> rollupAddress() {
    if (rollupAddress == null || rollupAddress.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(parseAddress(rollupAddress, "--rollup-address"));
  }

  public String requireL1RpcUrl(String why) {
    String url =
        l1RpcUrl()
            .orElseThrow(
                () ->
                    new CliException(
                        why + " needs the L1: give --l1-rpc-url URL (or SLUICE_L1_RPC_URL)",
                        ExitCodes.USAGE));
    httpUrl(url, "--l1-rpc-url");
    return url;
  }

  /**
   * {@code text} as an http(s) URL.
   *
   * @throws CliException (usage) naming {@code option} if it is not one
   */
  static URI httpUrl(String text, String option) {
    try {
      URI uri = URI.create(text.strip());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException bad) {
      throw new CliException(
          option + " must be an http:// or https:// URL, got " + text, ExitCodes.USAGE);
    }
  }

  public Address requireRollupAddress(String why) {
    return rollupAddress()
        .orElseThrow(
            () ->
                new CliException(
                    why
                        + " needs the rollup contract: give --rollup-address ADDRESS (or"
                        + " SLUICE_ROLLUP_ADDRESS)",
                    ExitCodes.USAGE));
  }

  static Address parseAddress(String text, String option) {
    try {
      return Address.fromHex(text.strip());
    } catch (IllegalArgumentException bad) {
      throw new CliException(
          option + " must be a 20-byte hex address (0x and 40 hex digits), got " + text,
          ExitCodes.USAGE);
    }
  }
}
