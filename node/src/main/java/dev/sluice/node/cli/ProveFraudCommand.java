package dev.sluice.node.cli;

import dev.sluice.bridge.FraudProofBuilder;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.derivation.DerivationEvent;
import dev.sluice.bridge.derivation.DerivedBatch;
import dev.sluice.bridge.derivation.L1Derivation;
import dev.sluice.bridge.derivation.Web3jL1ChainReader;
import dev.sluice.bridge.watcher.BatchReplayer;
import dev.sluice.bridge.watcher.ChallengeReport;
import dev.sluice.bridge.watcher.ChallengeSubmitter;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Finds the first wrong batch on L1 (or checks a given one) by re-deriving every batch from L1 data
 * alone and re-executing it in memory, then proves it wrong on L1 from the challenger's key. A
 * one-shot challenger for anyone; the long-running {@code watch} does the same continuously.
 */
@Command(
    name = "prove-fraud",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Re-derive the rollup's batches from L1 alone, re-execute them in memory and prove the first"
          + " wrong state root on L1 (the batch and every later one are reverted, the bond is"
          + " paid to the challenger key).",
      "Needs no node and no data directory; the whole state is rebuilt in memory, so on a long"
          + " chain run 'sluice watch' instead. Exit status 0 when a proof was accepted, 4 when"
          + " every batch checked is right."
    })
public final class ProveFraudCommand implements Callable<Integer> {
  private static final Duration DERIVATION_TIMEOUT = Duration.ofMinutes(10);

  @Mixin L1Options l1;

  @Mixin KeyOptions challenger;

  @Option(
      names = "--batch",
      paramLabel = "INDEX",
      description = "Only this batch (default: the first wrong batch of the chain).")
  Long batchIndex;

  @Option(
      names = "--start-block",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "The L1 block to derive from: the rollup's deployment block or earlier (default:"
              + " ${DEFAULT-VALUE}).")
  long startBlock;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    String url = l1.requireL1RpcUrl("proving fraud");
    Address rollupAddress = l1.requireRollupAddress("proving fraud");
    BigInteger key = challenger.require("proving fraud (the challenger receives the bond)");
    if (startBlock < 0) {
      throw new CliException("--start-block must not be negative", ExitCodes.USAGE);
    }
    ExecutorService recoveries = Executors.newFixedThreadPool(2);
    try (L1Client client = L1Client.connect(url, key, Duration.ofMinutes(2));
        Web3jL1ChainReader reader = Web3jL1ChainReader.connect(url)) {
      RollupContract rollup = RollupContract.at(client, rollupAddress);
      long chainId;
      try {
        chainId = rollup.l2ChainId();
      } catch (RuntimeException notThere) {
        throw new CliException(
            "no SluiceRollup contract answers at " + rollupAddress + " on " + url);
      }
      Eip712Domain domain = new Eip712Domain(chainId, rollupAddress);
      TreeMap<Long, DerivedBatch> batches = derive(reader, rollupAddress, domain);
      out.println("derived " + batches.size() + " batches from L1");

      BatchReplayer replayer =
          new BatchReplayer(domain, SenderRecovery.fastestAvailable(), recoveries);
      ChallengeSubmitter submitter =
          new ChallengeSubmitter(
              client, rollup, new FraudProofBuilder(domain, SenderRecovery.fastestAvailable()));
      SparseMerkleTree state =
          new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore()), Bytes32.ZERO);
      long last = batchIndex == null ? Long.MAX_VALUE : batchIndex;
      if (batchIndex != null && !batches.containsKey(batchIndex)) {
        throw new CliException(
            "batch "
                + batchIndex
                + " is not in the rollup's chain on L1 ("
                + batches.size()
                + " batches)");
      }
      for (DerivedBatch derived : batches.headMap(last, true).values()) {
        long index = derived.index();
        if (!(derived.content() instanceof DerivedBatch.Decoded decoded)) {
          out.println(
              "batch "
                  + index
                  + "'s data is faulty ("
                  + derived.content()
                  + "): every watcher"
                  + " sees it, but it cannot be proven on L1 yet (protocol.md, known limits)");
          return ExitCodes.FAILED;
        }
        Batch batch = decoded.batch();
        BatchReplayer.Verdict verdict = replayer.replay(batch, state);
        switch (verdict) {
          case BatchReplayer.Valid valid -> state = valid.state();
          case BatchReplayer.StateFault fault -> {
            out.println(
                "batch "
                    + index
                    + " is wrong: record "
                    + fault.recordIndex()
                    + " claims root "
                    + fault.claimed()
                    + ", re-execution gives "
                    + fault.computed());
            return report(
                submitter.proveStateFault(batch, fault.recordIndex(), fault.stateBefore()));
          }
          case BatchReplayer.PostStateRootFault fault -> {
            out.println(
                "batch "
                    + index
                    + " is wrong: its header claims post-state root "
                    + fault.claimed()
                    + ", its last record's root is "
                    + fault.lastRoot());
            return report(submitter.provePostStateRootFault(batch));
          }
        }
      }
      out.println(
          batchIndex == null
              ? "every batch on L1 re-executes to its claimed roots: nothing to prove"
              : "batch " + batchIndex + " re-executes to its claimed roots: nothing to prove");
      return ExitCodes.NOT_VERIFIED;
    } finally {
      recoveries.shutdownNow();
    }
  }

  private TreeMap<Long, DerivedBatch> derive(
      Web3jL1ChainReader reader, Address rollup, Eip712Domain domain) {
    L1Derivation derivation =
        new L1Derivation(
            reader, rollup, domain, L1Derivation.Options.from(startBlock), appended -> false);
    TreeMap<Long, DerivedBatch> batches = new TreeMap<>();
    long deadline = System.nanoTime() + DERIVATION_TIMEOUT.toNanos();
    do {
      if (System.nanoTime() > deadline) {
        throw new CliException(
            "reading the rollup's batches from L1 took more than "
                + DERIVATION_TIMEOUT
                + "; give --start-block (the deployment block) or use 'sluice watch'");
      }
      for (DerivationEvent event : derivation.advance()) {
        switch (event) {
          case DerivationEvent.BatchDerived derived ->
              batches.put(derived.batch().index(), derived.batch());
          case DerivationEvent.BatchesDropped dropped ->
              batches.tailMap(dropped.fromIndex(), true).clear();
          default -> {}
        }
      }
    } while (!derivation.caughtUp());
    return batches;
  }

  private int report(ChallengeReport report) {
    out.println(
        "fraud proof: "
            + report.outcome()
            + report.transactionHash().map(hash -> " in transaction " + hash).orElse("")
            + (report.reward().signum() > 0 ? ", reward " + report.reward() + " wei" : "")
            + (report.detail().isEmpty() ? "" : " (" + report.detail() + ")"));
    return report.outcome() == ChallengeReport.Outcome.PROVEN ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
