package dev.sluice.node.cli;

import dev.sluice.bridge.FraudProof;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
          + " chain run 'sluice watch' instead, or give the stopped sequencer's data directory"
          + " (--sequencer-data-dir with --batch) to start from its state before the batch."
          + " Exit status 0 when a proof was accepted (or printed by --dry-run), 4 when every"
          + " batch checked is right."
    })
public final class ProveFraudCommand implements Callable<Integer> {
  private static final Duration DERIVATION_TIMEOUT = Duration.ofMinutes(10);

  @Mixin L1Options l1;

  @Mixin L1BeaconOption beacon;

  @Mixin KeyOptions challenger;

  @Option(
      names = "--batch",
      paramLabel = "INDEX",
      description = "Only this batch (default: the first wrong batch of the chain).")
  Long batchIndex;

  @Mixin L1StartBlockOption start;

  @Option(
      names = "--sequencer-data-dir",
      paramLabel = "DIR",
      description =
          "The sequencer node's data directory (its --data-dir): take the state before the batch"
              + " from the node's own log and checkpoints instead of re-executing every earlier"
              + " batch from L1. Needs --batch. The node must be stopped: its database admits one"
              + " process, and nothing is written to it.")
  Path sequencerDataDir;

  @Option(
      names = "--dry-run",
      description = "Build the proof and print it as JSON; send nothing to L1.")
  boolean dryRun;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    String url = l1.requireL1RpcUrl("proving fraud");
    Address rollupAddress = l1.requireRollupAddress("proving fraud");
    BigInteger key = challenger.require("proving fraud (the challenger receives the bond)");
    if (sequencerDataDir != null && batchIndex == null) {
      throw new CliException(
          "--sequencer-data-dir needs --batch INDEX: the batch to prove from the node's state",
          ExitCodes.USAGE);
    }
    ExecutorService recoveries = Executors.newFixedThreadPool(2);
    try (L1Client client = L1Client.connect(url, key, Duration.ofMinutes(2));
        Web3jL1ChainReader reader = Web3jL1ChainReader.connect(url, beacon.url())) {
      RollupContract rollup = RollupContract.at(client, rollupAddress);
      long chainId;
      try {
        chainId = rollup.l2ChainId();
      } catch (RuntimeException notThere) {
        throw new CliException(
            "no SluiceRollup contract answers at " + rollupAddress + " on " + url);
      }
      Eip712Domain domain = new Eip712Domain(chainId, rollupAddress);
      long startBlock = start.resolve(url, rollupAddress);
      TreeMap<Long, DerivedBatch> batches = derive(reader, rollupAddress, domain, startBlock);
      out.println("derived " + batches.size() + " batches from L1");

      BatchReplayer replayer =
          new BatchReplayer(domain, SenderRecovery.fastestAvailable(), recoveries);
      FraudProofBuilder builder = new FraudProofBuilder(domain, SenderRecovery.fastestAvailable());
      ChallengeSubmitter submitter = new ChallengeSubmitter(client, rollup, builder);
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
      if (sequencerDataDir != null) {
        return proveFromSequencerData(batches.get(batchIndex), domain, replayer, builder, submitter);
      }
      for (DerivedBatch derived : batches.headMap(last, true).values()) {
        long index = derived.index();
        if (!(derived.content() instanceof DerivedBatch.Decoded decoded)) {
          return refuseFaultyData(derived);
        }
        Batch batch = decoded.batch();
        BatchReplayer.Verdict verdict = replayer.replay(batch, state);
        if (verdict instanceof BatchReplayer.Valid valid) {
          state = valid.state();
        } else {
          return prove(batch, verdict, builder, submitter);
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

  /**
   * Proves batch {@code derived} wrong from the state the stopped node itself had before it, so no
   * earlier batch is re-executed: the batch's records still come from L1, as the contract checks
   * them against what was posted.
   */
  private int proveFromSequencerData(
      DerivedBatch derived,
      Eip712Domain domain,
      BatchReplayer replayer,
      FraudProofBuilder builder,
      ChallengeSubmitter submitter) {
    long index = derived.index();
    if (!(derived.content() instanceof DerivedBatch.Decoded decoded)) {
      return refuseFaultyData(derived);
    }
    Batch batch = decoded.batch();
    long firstSequence = batch.header().firstSequence();
    SparseMerkleTree state;
    try (SequencerHistory history = SequencerHistory.open(sequencerDataDir, domain)) {
      state = history.stateBefore(firstSequence);
    }
    out.println(
        "the node's state before record " + firstSequence + " has root " + state.root());
    if (!state.root().equals(batch.header().preStateRoot())) {
      throw new CliException(
          "batch "
              + index
              + " builds on root "
              + batch.header().preStateRoot()
              + " but the node's state before its first record "
              + firstSequence
              + " is "
              + state.root()
              + ": an earlier batch is already wrong (prove that one first) or the directory"
              + " holds another node's data");
    }
    BatchReplayer.Verdict verdict = replayer.replay(batch, state);
    if (verdict instanceof BatchReplayer.Valid) {
      out.println("batch " + index + " re-executes to its claimed roots: nothing to prove");
      return ExitCodes.NOT_VERIFIED;
    }
    return prove(batch, verdict, builder, submitter);
  }

  /** Reports a wrong batch and proves it (or, with {@code --dry-run}, prints the proof). */
  private int prove(
      Batch batch,
      BatchReplayer.Verdict verdict,
      FraudProofBuilder builder,
      ChallengeSubmitter submitter) {
    long index = batch.header().index();
    switch (verdict) {
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
        if (dryRun) {
          FraudProof proof = builder.prove(batch, fault.recordIndex(), fault.stateBefore());
          JsonOutput.print(out, stateFaultJson(batch, proof));
          return ExitCodes.OK;
        }
        return report(submitter.proveStateFault(batch, fault.recordIndex(), fault.stateBefore()));
      }
      case BatchReplayer.PostStateRootFault fault -> {
        out.println(
            "batch "
                + index
                + " is wrong: its header claims post-state root "
                + fault.claimed()
                + ", its last record's root is "
                + fault.lastRoot());
        if (dryRun) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("batch", index);
          json.put("kind", "POST_STATE_ROOT");
          json.put("claimedPostStateRoot", fault.claimed().toString());
          json.put("lastRecordRoot", fault.lastRoot().toString());
          JsonOutput.print(out, json);
          return ExitCodes.OK;
        }
        return report(submitter.provePostStateRootFault(batch));
      }
      case BatchReplayer.Valid valid ->
          throw new IllegalStateException("batch " + index + " is right: nothing to prove");
    }
  }

  /** The {@code proveFraud} arguments as a person reads them; the witness only counted. */
  private static Map<String, Object> stateFaultJson(Batch batch, FraudProof proof) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("batch", batch.header().index());
    json.put("kind", "STATE_TRANSITION");
    json.put("recordIndex", proof.recordIndex());
    json.put("sequence", batch.header().firstSequence() + proof.recordIndex());
    json.put("showsFraud", proof.showsFraud());
    json.put("preStateRoot", proof.preStateRoot().toString());
    json.put("claimedPostStateRoot", proof.postStateRoot().toString());
    json.put("computedPostStateRoot", proof.computedPostStateRoot().toString());
    json.put("status", proof.status().toString());
    json.put("recordProof", proof.recordProof().stream().map(Bytes32::toString).toList());
    json.put("preStateRootProof", proof.preStateRootProof().stream().map(Bytes32::toString).toList());
    json.put(
        "postStateRootProof", proof.postStateRootProof().stream().map(Bytes32::toString).toList());
    json.put("witnessEntries", proof.witness().size());
    return json;
  }

  /** Says that {@code derived}'s data is faulty, which no proof on L1 can show yet. */
  private int refuseFaultyData(DerivedBatch derived) {
    out.println(
        "batch "
            + derived.index()
            + "'s data is faulty ("
            + derived.content()
            + "): every watcher sees it, but it cannot be proven on L1 yet (protocol.md, known"
            + " limits)");
    return ExitCodes.FAILED;
  }

  private TreeMap<Long, DerivedBatch> derive(
      Web3jL1ChainReader reader, Address rollup, Eip712Domain domain, long startBlock) {
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
