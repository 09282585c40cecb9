package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Signs one record with a key file or a devnet key, submits it and prints its receipt. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sign a record (EIP-712, under the node's signing domain) and submit it; prints the receipt"
          + " with the state root after it.",
      "Keys and values starting with 0x are hex, anything else is UTF-8 text. Examples:",
      "  sluice submit --devnet-key 2 plant/7 sensor-1 21.5",
      "  sluice submit --devnet-key 2 --op grant plant/7 0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    })
public final class SubmitCommand implements Callable<Integer> {
  enum Op {
    put,
    delete,
    grant,
    revoke
  }

  @Mixin NodeRpcOption node;

  @Mixin KeyOptions key;

  @Option(
      names = "--op",
      paramLabel = "OP",
      defaultValue = "put",
      description = "put, delete, grant or revoke (default: ${DEFAULT-VALUE}).")
  Op op;

  @Parameters(
      index = "0",
      paramLabel = "STREAM",
      description = "The stream, e.g. plant/7 (1-64 printable ASCII characters).")
  String stream;

  @Parameters(
      index = "1",
      paramLabel = "KEY",
      description = "put/delete: the entry key. grant/revoke: the writer's address.")
  String entryKey;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "VALUE",
      description = "put: the value (default: empty).")
  String value;

  @Option(
      names = "--nonce",
      paramLabel = "N",
      description = "Sign with this nonce instead of asking the node for the account's next one.")
  Long nonce;

  @Option(
      names = "--no-wait",
      description =
          "Return once the record is durable (its sequence number) instead of waiting for its"
              + " receipt.")
  boolean noWait;

  @Option(names = "--json", description = "Print the node's answer as JSON.")
  boolean json;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    BigInteger privateKey = key.require("submitting a record");
    if (value != null && (op != Op.put)) {
      throw new CliException("only --op put takes a VALUE", ExitCodes.USAGE);
    }
    try (SluiceClient client = node.connect()) {
      Eip712Domain domain = client.signingDomain();
      RecordSigner signer = RecordSigner.ofPrivateKey(domain, privateKey);
      SigningAccount account =
          nonce == null ? SigningAccount.synced(signer, client) : new SigningAccount(signer, nonce);
      SignedRecord record = sign(account);
      String encoded = HexData.format(record.encode());
      JsonNode answer =
          noWait
              ? client.call("sluice_sendRecord", encoded)
              : client.call("sluice_sendRecordSync", encoded);
      if (json) {
        JsonOutput.print(out, answer);
      } else if (noWait) {
        out.println(
            "record "
                + answer.path("recordHash").asText()
                + " is durable at sequence "
                + decimal(answer.path("sequence"))
                + " (signed by "
                + signer.address()
                + ")");
      } else {
        out.printf(
            Locale.ROOT,
            "record %s%n  sequence:    %s%n  sender:      %s%n  status:      %s%n  state root: "
                + " %s%n  stage:       %s%n",
            answer.path("recordHash").asText(),
            decimal(answer.path("sequence")),
            answer.path("sender").asText(),
            answer.path("status").asText(),
            answer.path("postStateRoot").asText(),
            answer.path("lifecycle").path("stage").asText());
      }
      return ExitCodes.OK;
    }
  }

  /** Quantities travel as 0x hex (JSON-RPC convention); people read decimal. */
  static String decimal(JsonNode quantity) {
    try {
      return Long.toString(Quantity.parse(quantity.asText()));
    } catch (RuntimeException notAQuantity) {
      return quantity.asText();
    }
  }

  private SignedRecord sign(SigningAccount account) {
    try {
      return switch (op) {
        case put ->
            account.put(
                stream,
                RecordBytes.parse(entryKey, "KEY"),
                value == null ? new byte[0] : RecordBytes.parse(value, "VALUE"));
        case delete -> account.delete(stream, RecordBytes.parse(entryKey, "KEY"));
        case grant -> account.grant(stream, L1Options.parseAddress(entryKey, "the writer (KEY)"));
        case revoke -> account.revoke(stream, L1Options.parseAddress(entryKey, "the writer (KEY)"));
      };
    } catch (IllegalArgumentException bad) {
      // The record's own checks: stream characters and lengths, key and value sizes.
      throw new CliException("not a valid record: " + bad.getMessage(), ExitCodes.USAGE);
    }
  }
}
