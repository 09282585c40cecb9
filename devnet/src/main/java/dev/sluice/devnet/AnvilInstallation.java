package dev.sluice.devnet;

import dev.sluice.bridge.AnvilProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Anvil binary, installing it first when it is missing: Anvil comes from the npm registry
 * through {@code l1-contracts/package-lock.json}, the same way the contracts' build gets Forge, so
 * {@code npm ci} there (through the build's own script) is all it takes.
 */
final class AnvilInstallation {
  private static final Logger LOG = LoggerFactory.getLogger(AnvilInstallation.class);
  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private AnvilInstallation() {}

  /** The Anvil of the repository at {@code repositoryRoot}, installed if need be. */
  static Path findOrInstall(Path repositoryRoot) throws IOException, InterruptedException {
    try {
      return AnvilProcess.findBinary(repositoryRoot);
    } catch (IllegalStateException missing) {
      Path script = repositoryRoot.resolve("l1-contracts/scripts/build.sh");
      if (!Files.isRegularFile(script)) {
        throw new DevnetException(
            "no Anvil found and no l1-contracts/ to install it from under "
                + repositoryRoot
                + ": run the devnet through ./sluice in a Sluice checkout, or put Foundry's anvil"
                + " on the PATH");
      }
      LOG.info("Anvil is missing: installing it with npm ci in l1-contracts/");
      Process install =
          new ProcessBuilder("bash", script.toString(), "install")
              .directory(repositoryRoot.toFile())
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!install.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        install.destroyForcibly();
        throw new DevnetException(
            "installing Anvil (npm ci in l1-contracts/) took more than "
                + INSTALL_TIMEOUT_MINUTES
                + " minutes; check the network and npm's output above");
      }
      if (install.exitValue() != 0) {
        throw new DevnetException(
            "installing Anvil (npm ci in l1-contracts/) failed; see npm's output above");
      }
      return AnvilProcess.findBinary(repositoryRoot);
    }
  }
}
