package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bridge.RollupContract;
import dev.sluice.rpc.client.SluiceClient;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A node's status and, given the L1, the rollup contract's. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show a node's status (sequence, state root, posted and final batches) and, with"
          + " --l1-rpc-url and --rollup-address, the rollup contract's (batches, bond, window)."
    })
public final class StatusCommand implements Callable<Integer> {
  @Mixin NodeRpcOption node;

  @Mixin L1Options l1;

  @Option(names = "--no-node", description = "Only the L1 side; do not ask a node.")
  boolean noNode;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    ObjectNode result = JsonOutput.mapper().createObjectNode();
    if (!noNode) {
      try (SluiceClient client = node.connect()) {
        JsonNode status = client.call("sluice_nodeStatus");
        result.set("node", status);
        if (!json) {
          out.println("node " + node.uri());
          status.properties().forEach(f -> out.println("  " + f.getKey() + ": " + f.getValue()));
        }
      }
    }
    boolean withL1 = l1.l1RpcUrl().isPresent() || l1.rollupAddress().isPresent() || noNode;
    if (withL1) {
      try (RollupReader reader =
          RollupReader.open(
              l1.requireL1RpcUrl("the L1 status"), l1.requireRollupAddress("the L1 status"))) {
        RollupContract rollup = reader.rollup();
        ObjectNode l1Status = result.putObject("l1");
        l1Status.put("l1ChainId", reader.l1ChainId());
        l1Status.put("rollupAddress", rollup.address().toHex());
        l1Status.put("l2ChainId", rollup.l2ChainId());
        l1Status.put("proposer", rollup.proposer().toHex());
        l1Status.put("bondWei", rollup.bond().toString());
        l1Status.put("minBondWei", rollup.minBond().toString());
        l1Status.put("challengeWindowSeconds", rollup.challengeWindow().toSeconds());
        l1Status.put("batchCount", rollup.batchCount());
        l1Status.put("finalizedCount", rollup.finalizedCount());
        l1Status.put("nextSequence", rollup.nextSequence());
        l1Status.put("headHeaderHash", rollup.headHeaderHash().toHex());
        if (!json) {
          out.println("rollup " + rollup.address() + " on L1 chain " + reader.l1ChainId());
          l1Status.properties().forEach(f -> out.println("  " + f.getKey() + ": " + f.getValue()));
        }
      }
    }
    if (json) {
      JsonOutput.print(out, result);
    }
    return ExitCodes.OK;
  }
}
