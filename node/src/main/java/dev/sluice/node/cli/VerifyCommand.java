package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.EntryWithProof;
import dev.sluice.rpc.client.InvalidProofException;
import dev.sluice.state.Bytes32;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Checks, without trusting the node: an entry proof against a state root, and a state root against
 * the rollup contract on L1. Together they take a value all the way to L1.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check an entry proof against a state root, and/or a state root against the rollup contract"
          + " on L1, trusting neither the node nor the file.",
      "  sluice get plant/7 sensor-1 --json > entry.json",
      "  sluice verify --proof entry.json --root 0x…               (proof against a root you"
          + " trust)",
      "  sluice verify --root 0x… --l1-rpc-url URL --rollup-address A (was this root posted?"
          + " final?)",
      "  sluice verify --proof entry.json --l1-rpc-url URL --rollup-address A (both: value to L1)",
      "Exit status 0 when everything asked verifies, 4 when something does not."
    })
public final class VerifyCommand implements Callable<Integer> {
  private static final long MAX_PROOF_FILE_BYTES = 1 << 20;

  @Option(
      names = "--proof",
      paramLabel = "FILE",
      description = "An entry proof as 'sluice get --json' prints it; - reads standard input.")
  String proofFile;

  @Option(
      names = "--root",
      paramLabel = "ROOT",
      description =
          "The state root to check against (default with --proof: the root the proof names, which"
              + " then must be checked on L1).")
  String root;

  @Mixin L1Options l1;

  @Option(
      names = "--search-batches",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "How many of the newest batches to search for the root on L1 (default:"
              + " ${DEFAULT-VALUE}).")
  long searchBatches;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    if (proofFile == null && root == null) {
      throw new CliException(
          "give --proof FILE, --root ROOT, or both (see --help)", ExitCodes.USAGE);
    }
    boolean onL1 = l1.l1RpcUrl().isPresent() || l1.rollupAddress().isPresent();
    if (proofFile != null && root == null && !onL1) {
      throw new CliException(
          "a proof checked only against the root it names proves nothing: give --root ROOT you"
              + " trust, or --l1-rpc-url and --rollup-address to check that root on L1",
          ExitCodes.USAGE);
    }
    if (proofFile == null && !onL1) {
      throw new CliException(
          "--root alone needs --l1-rpc-url and --rollup-address to check it against",
          ExitCodes.USAGE);
    }
    Optional<Bytes32> givenRoot = Optional.ofNullable(root).map(VerifyCommand::parseRoot);
    Bytes32 checkedRoot = givenRoot.orElse(null);
    if (proofFile != null) {
      EntryWithProof entry = EntryProofs.fromJson(readProof(), "--proof " + proofFile);
      checkedRoot = givenRoot.orElse(entry.root());
      try {
        Optional<byte[]> value = entry.verify(checkedRoot);
        out.println(
            "proof verifies: "
                + entry.stream()
                + " / "
                + RecordBytes.show(entry.key())
                + " = "
                + value.map(RecordBytes::show).orElse("(absent)")
                + " under state root "
                + checkedRoot);
      } catch (InvalidProofException bad) {
        out.println("proof does NOT verify against " + checkedRoot + ": " + bad.getMessage());
        return ExitCodes.NOT_VERIFIED;
      }
    }
    if (onL1) {
      try (RollupReader reader =
          RollupReader.open(
              l1.requireL1RpcUrl("checking a root"), l1.requireRollupAddress("checking a root"))) {
        Optional<RollupReader.PostedRoot> posted =
            reader.findPostStateRoot(checkedRoot, searchBatches);
        if (posted.isEmpty()) {
          out.println(
              "root "
                  + checkedRoot
                  + " is NOT the post-state root of any of the last "
                  + searchBatches
                  + " batches on L1 ("
                  + reader.rollup().batchCount()
                  + " posted). A root from the middle of a batch is not posted on its own: fetch"
                  + " the entry with 'sluice get --at-sequence' at a batch's last record, or wait"
                  + " until the batch is posted.");
          return ExitCodes.NOT_VERIFIED;
        }
        RollupReader.PostedRoot at = posted.get();
        out.println(
            "root "
                + checkedRoot
                + " is the post-state root of batch "
                + at.batchIndex()
                + " on L1 (rollup "
                + reader.rollup().address()
                + ", L1 chain "
                + reader.l1ChainId()
                + "): "
                + (at.finalized()
                    ? "final"
                    : "not final yet; its challenge window ends at "
                        + java.time.Instant.ofEpochSecond(
                            reader.rollup().challengeDeadline(at.batchIndex()))
                        + " (L1 time)"));
      }
    }
    return ExitCodes.OK;
  }

  private JsonNode readProof() {
    try {
      byte[] bytes;
      if (proofFile.equals("-")) {
        InputStream in = System.in;
        bytes = in.readNBytes((int) MAX_PROOF_FILE_BYTES + 1);
      } else {
        Path path = Path.of(proofFile);
        if (Files.size(path) > MAX_PROOF_FILE_BYTES) {
          throw new CliException(
              "--proof " + proofFile + " is larger than an entry proof can be", ExitCodes.USAGE);
        }
        bytes = Files.readAllBytes(path);
      }
      if (bytes.length > MAX_PROOF_FILE_BYTES) {
        throw new CliException(
            "the proof on standard input is larger than an entry proof can be", ExitCodes.USAGE);
      }
      return JsonOutput.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new CliException(
          "cannot read --proof " + proofFile + ": " + e.getMessage(), ExitCodes.USAGE);
    }
  }

  private static Bytes32 parseRoot(String text) {
    try {
      return Bytes32.fromHex(text.strip());
    } catch (IllegalArgumentException bad) {
      throw new CliException(
          "--root must be 32 bytes of hex (0x and 64 digits), got " + text, ExitCodes.USAGE);
    }
  }
}
