package dev.sluice.devnet;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.node.cli.DevnetKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The devnet's L1: an Anvil on loopback whose chain persists in the data directory, and the rollup
 * contract on it — deployed on a fresh chain, found again on a resumed one.
 */
final class DevnetL1 implements AutoCloseable {
  /** Anvil dumps its state this often as well as at exit, so a crash loses seconds at most. */
  private static final int STATE_DUMP_INTERVAL_SECONDS = 2;

  /**
   * A block every second, as a real L1 makes them whether or not there are transactions: with
   * Anvil's default (a block per transaction) L1 time would stand still while the rollup is idle,
   * and the last batches would never leave their challenge window.
   */
  private static final int BLOCK_TIME_SECONDS = 1;

  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);

  private final AnvilProcess anvil;
  private final Deployment deployment;
  private final boolean resumed;

  private DevnetL1(AnvilProcess anvil, Deployment deployment, boolean resumed) {
    this.anvil = anvil;
    this.deployment = deployment;
    this.resumed = resumed;
  }

  /**
   * Starts Anvil on the directory's chain state and deploys the contract if the chain is new.
   *
   * @throws DevnetException when the directory's parts do not belong together (a node database
   *     without its chain, a chain without the contract), naming what to delete
   */
  static DevnetL1 start(
      DevnetDirectory directory, Path anvilBinary, long l2ChainId, Duration challengeWindow)
      throws IOException {
    boolean chainExists = Files.exists(directory.anvilState());
    boolean deploymentExists = Files.exists(directory.deployment());
    if (directory.hasNodeData() && !(chainExists && deploymentExists)) {
      throw new DevnetException(
          directory.root()
              + " holds a node database but not the L1 chain it posted to ("
              + directory.anvilState()
              + "): the records are signed for a contract that no"
              + " longer exists. Delete "
              + directory.root()
              + " to start afresh.");
    }
    if (deploymentExists && !chainExists) {
      throw new DevnetException(
          directory.deployment()
              + " names a contract but the chain state "
              + directory.anvilState()
              + " is gone. Delete "
              + directory.root()
              + " to start afresh.");
    }
    AnvilProcess anvil =
        AnvilProcess.start(
            anvilBinary,
            List.of(
                "--state", directory.anvilState().toString(),
                "--state-interval", Integer.toString(STATE_DUMP_INTERVAL_SECONDS),
                "--block-time", Integer.toString(BLOCK_TIME_SECONDS)),
            AnvilProcess.DEFAULT_START_TIMEOUT);
    try {
      if (deploymentExists) {
        Deployment deployment = Deployment.read(directory.deployment());
        requireContract(anvil, deployment);
        return new DevnetL1(anvil, deployment, true);
      }
      Deployment deployment = deploy(anvil, l2ChainId, challengeWindow);
      deployment.write(directory.deployment());
      return new DevnetL1(anvil, deployment, false);
    } catch (RuntimeException | IOException failure) {
      anvil.close();
      throw failure;
    }
  }

  private static Deployment deploy(AnvilProcess anvil, long l2ChainId, Duration challengeWindow) {
    try (L1Client proposer =
        L1Client.connect(anvil.rpcUrl(), DevnetKeys.get(DevnetKeys.PROPOSER), RECEIPT_TIMEOUT)) {
      RollupContract rollup =
          RollupContract.deploy(
              proposer,
              RollupArtifact.load(),
              proposer.address(),
              ETHER,
              challengeWindow,
              l2ChainId);
      // Ten times the minimum: a fraud proof takes one bond, and the proposer re-bonds from here.
      rollup.depositBond(ETHER.multiply(BigInteger.TEN));
      return new Deployment(
          rollup.address(), proposer.chainId(), l2ChainId, challengeWindow.toSeconds());
    }
  }

  private static void requireContract(AnvilProcess anvil, Deployment deployment) {
    try (L1Client reader =
        L1Client.connect(anvil.rpcUrl(), DevnetKeys.get(DevnetKeys.PROPOSER), RECEIPT_TIMEOUT)) {
      long chainId;
      try {
        chainId = RollupContract.at(reader, deployment.rollupAddress()).l2ChainId();
      } catch (RuntimeException missing) {
        throw new DevnetException(
            "the resumed L1 chain has no rollup contract at "
                + deployment.rollupAddress()
                + " (the chain state was replaced?). Delete the data directory to start afresh.",
            missing);
      }
      if (chainId != deployment.l2ChainId()) {
        throw new DevnetException(
            "the contract at "
                + deployment.rollupAddress()
                + " is for L2 chain "
                + chainId
                + ", not "
                + deployment.l2ChainId()
                + " as recorded. Delete the data directory to"
                + " start afresh.");
      }
    }
  }

  AnvilProcess anvil() {
    return anvil;
  }

  String rpcUrl() {
    return anvil.rpcUrl();
  }

  Deployment deployment() {
    return deployment;
  }

  boolean resumed() {
    return resumed;
  }

  @Override
  public void close() {
    anvil.close();
  }
}
