package dev.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.L1Exception;
import dev.sluice.state.Address;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The start block of {@code watch} and {@code prove-fraud} without an L1: a block given is used as
 * it is and a negative one refused, neither asking L1; without one the contract is asked, so an
 * L1 that does not answer is an error. Reading the contract's deployment block is covered by the
 * ITs that deploy it (RollupFraudProofIT, ChallengeCommandsIT).
 */
class L1StartBlockOptionTest {
  /** Nothing listens on port 9 of the loopback address. */
  private static final String NO_L1 = "http://127.0.0.1:9";

  private static final Address ROLLUP = Address.fromHex("0x" + "ab".repeat(20));

  private static L1StartBlockOption parse(String command, String... args) {
    CommandLine root = SluiceCommand.commandLine(Map.of(), ConfigFile.NONE);
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    root.parseArgs(all);
    Object parsed = root.getSubcommands().get(command).getCommand();
    return parsed instanceof WatchCommand watch ? watch.start : ((ProveFraudCommand) parsed).start;
  }

  @Test
  void takesTheBlockGivenWithoutAskingL1() {
    assertEquals(1234, parse("watch", "--start-block", "1234").resolve(NO_L1, ROLLUP));
    assertEquals(0, parse("prove-fraud", "--start-block", "0").resolve(NO_L1, ROLLUP));
  }

  @Test
  void refusesANegativeBlockWithoutAskingL1() {
    CliException refused =
        assertThrows(
            CliException.class,
            () -> parse("watch", "--start-block", "-3").resolve(NO_L1, ROLLUP));
    assertEquals(ExitCodes.USAGE, refused.exitCode());
    assertEquals("--start-block must not be negative, got -3", refused.getMessage());
  }

  /** An L1 that does not answer is reported as such, which the CLI maps to NOT_AVAILABLE. */
  @Test
  void asksTheContractWhenNoBlockIsGiven() {
    L1Exception unreachable =
        assertThrows(L1Exception.class, () -> parse("prove-fraud").resolve(NO_L1, ROLLUP));
    assertTrue(unreachable.getMessage().startsWith("cannot reach"), unreachable.getMessage());
  }
}
