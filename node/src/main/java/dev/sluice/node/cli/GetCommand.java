package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.EntryWithProof;
import dev.sluice.rpc.client.InvalidProofException;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.Quantity;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Fetches an entry with its sparse Merkle proof and checks the proof against the root it names. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fetch an entry's value with its sparse Merkle proof, and check that the proof leads to the"
          + " state root the node names.",
      "That root is the node's word; 'sluice verify' checks a proof against a root you trust and"
          + " a root against L1. Save the proof with --json > entry.json."
    })
public final class GetCommand implements Callable<Integer> {
  @Mixin NodeRpcOption node;

  @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
  String stream;

  @Parameters(
      index = "1",
      paramLabel = "KEY",
      description = "The entry key (0x… for hex, else UTF-8 text).")
  String entryKey;

  @Option(
      names = "--at-sequence",
      paramLabel = "N",
      description = "Prove against the state after record N instead of the latest state.")
  Long atSequence;

  @Option(
      names = "--at-batch",
      paramLabel = "INDEX",
      description = {
        "Prove against the post-state root of batch INDEX, or of the latest batch posted to L1 with"
            + " 'latest': a root 'sluice verify' can then find on L1."
      })
  String atBatch;

  @Option(names = "--json", description = "Print the node's answer (entry, root, proof) as JSON.")
  boolean json;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    byte[] keyBytes = RecordBytes.parse(entryKey, "KEY");
    if (atSequence != null && atBatch != null) {
      throw new CliException("give --at-sequence or --at-batch, not both", ExitCodes.USAGE);
    }
    try (SluiceClient client = node.connect()) {
      if (atBatch != null) {
        atSequence = lastSequenceOfBatch(client);
      }
      JsonNode answer =
          atSequence == null
              ? client.call("sluice_getEntry", stream, HexData.format(keyBytes))
              : client.call(
                  "sluice_getEntry", stream, HexData.format(keyBytes), Quantity.format(atSequence));
      EntryWithProof entry = EntryProofs.fromJson(answer, "the node's answer");
      Optional<byte[]> value;
      try {
        value = entry.verify(entry.root());
      } catch (InvalidProofException bad) {
        throw new CliException(
            "the node's proof does not verify against its own root: " + bad.getMessage(),
            ExitCodes.NOT_VERIFIED);
      }
      if (json) {
        JsonOutput.print(out, answer);
        return ExitCodes.OK;
      }
      out.println(
          stream
              + " / "
              + RecordBytes.show(keyBytes)
              + " = "
              + value.map(RecordBytes::show).orElse("(absent)"));
      out.println("  state root:  " + entry.root() + " (after record " + entry.sequence() + ")");
      out.println(
          "  proof:       "
              + entry.proof().siblings().size()
              + " siblings, "
              + (value.isPresent() ? "membership" : "absence")
              + ", verifies against that root");
      return ExitCodes.OK;
    }
  }

  /** The last record of the batch {@code --at-batch} names: its post-state root is on L1. */
  private long lastSequenceOfBatch(SluiceClient client) {
    String index = atBatch.strip();
    if (index.equals("latest")) {
      JsonNode posted = client.call("sluice_nodeStatus").path("lastPostedBatch");
      if (posted.isNull() || posted.isMissingNode()) {
        throw new CliException(
            "the node has no batch on L1 yet (it posts a batch within seconds of a record on a"
                + " devnet; a node without --l1-rpc-url posts none)");
      }
      index = posted.asText();
    }
    long batchIndex;
    try {
      batchIndex = index.startsWith("0x") ? Quantity.parse(index) : Long.parseLong(index);
    } catch (RuntimeException bad) {
      throw new CliException(
          "--at-batch takes a batch index or 'latest', got " + atBatch, ExitCodes.USAGE);
    }
    JsonNode batch = client.call("sluice_getBatch", Quantity.format(batchIndex));
    if (batch.isNull()) {
      throw new CliException("the node has not posted batch " + batchIndex);
    }
    return Quantity.parse(batch.path("firstSequence").asText())
        + Quantity.parse(batch.path("recordCount").asText())
        - 1;
  }
}
