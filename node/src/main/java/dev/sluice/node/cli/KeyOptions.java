package dev.sluice.node.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The signing key of a command: from a key file, from the environment or a flag (masked when the
 * configuration is printed), or one of the well-known devnet keys. Exactly one may be given.
 */
public final class KeyOptions {
  private static final BigInteger SECP256K1_N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "File holding the secp256k1 private key as 64 hex digits (0x optional), readable by you"
              + " only.")
  Path keyFile;

  @Option(
      names = "--private-key",
      paramLabel = "HEX",
      description =
          "The private key itself; prefer SLUICE_PRIVATE_KEY or --key-file, which keep it out of"
              + " the shell history and the process list.")
  String privateKey;

  @Option(
      names = "--devnet-key",
      paramLabel = "N",
      description =
          "One of Anvil's ten well-known development keys, 0 to 9 (the devnet prints them). For"
              + " local chains only: everyone knows these keys.")
  Integer devnetKey;

  /** Whether any key was given. */
  public boolean isGiven() {
    return keyFile != null || privateKey != null || devnetKey != null;
  }

  /**
   * The key, checked to be a valid secp256k1 scalar.
   *
   * @throws CliException with {@link ExitCodes#USAGE} when none or more than one is given or it is
   *     malformed; the message says which option
   */
  public BigInteger require(String why) {
    int given =
        (keyFile != null ? 1 : 0) + (privateKey != null ? 1 : 0) + (devnetKey != null ? 1 : 0);
    if (given == 0) {
      throw new CliException(
          why
              + " needs a signing key: give --key-file FILE, SLUICE_PRIVATE_KEY, or --devnet-key N"
              + " on a devnet",
          ExitCodes.USAGE);
    }
    if (given > 1) {
      throw new CliException(
          "give only one of --key-file, --private-key (SLUICE_PRIVATE_KEY) and --devnet-key",
          ExitCodes.USAGE);
    }
    if (devnetKey != null) {
      try {
        return DevnetKeys.get(devnetKey);
      } catch (IllegalArgumentException bad) {
        throw new CliException("--devnet-key: " + bad.getMessage(), ExitCodes.USAGE);
      }
    }
    if (keyFile != null) {
      String text;
      try {
        if (Files.size(keyFile) > 1024) {
          throw new CliException(
              "--key-file " + keyFile + " is too large to hold a private key", ExitCodes.USAGE);
        }
        text = Files.readString(keyFile, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new CliException(
            "cannot read --key-file " + keyFile + ": " + e.getMessage(), ExitCodes.USAGE);
      }
      return parse(text, "--key-file " + keyFile);
    }
    return parse(privateKey, "--private-key");
  }

  static BigInteger parse(String text, String where) {
    String hex = text.strip();
    if (hex.startsWith("0x") || hex.startsWith("0X")) {
      hex = hex.substring(2);
    }
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      // Never echo the text: it may be a key with one digit wrong.
      throw new CliException(
          where + " must hold a private key as 64 hex digits (with or without 0x)",
          ExitCodes.USAGE);
    }
    BigInteger key = new BigInteger(hex, 16);
    if (key.signum() == 0 || key.compareTo(SECP256K1_N) >= 0) {
      throw new CliException(where + " is not a valid secp256k1 private key", ExitCodes.USAGE);
    }
    return key;
  }
}
