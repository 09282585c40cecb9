package dev.sluice.node.cli;

import java.math.BigInteger;
import java.util.List;

/**
 * The ten accounts Anvil funds at start (mnemonic {@code test test test test test test test test
 * test test test junk}). Everyone knows these keys: they are for local chains only, and the CLI
 * refuses nothing on their account, so never fund them on a real network.
 *
 * <p>The devnet gives them roles: key 0 deploys the contract and posts batches (the proposer), key
 * 1 is the watcher's challenger account, and keys 2 to 9 are for people and scripts to sign records
 * with.
 */
public final class DevnetKeys {
  private DevnetKeys() {}

  public static final int PROPOSER = 0;
  public static final int CHALLENGER = 1;
  public static final int FIRST_USER = 2;

  public static final List<BigInteger> ALL =
      List.of(
          key("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
          key("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
          key("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
          key("7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
          key("47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"),
          key("8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"),
          key("92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"),
          key("4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"),
          key("dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97"),
          key("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"));

  public static BigInteger get(int index) {
    if (index < 0 || index >= ALL.size()) {
      throw new IllegalArgumentException(
          "devnet keys are numbered 0 to " + (ALL.size() - 1) + ", got " + index);
    }
    return ALL.get(index);
  }

  private static BigInteger key(String hex) {
    return new BigInteger(hex, 16);
  }
}
