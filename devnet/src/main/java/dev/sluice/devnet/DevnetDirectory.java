package dev.sluice.devnet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a devnet keeps everything, so that a second run on the same directory resumes:
 *
 * <pre>
 * DIR/devnet.lock            held while a devnet runs here: one devnet per directory
 * DIR/devnet.json            endpoints, addresses and keys of the running devnet (removed at stop)
 * DIR/l1/anvil-state.json    the L1 chain, dumped by Anvil every few seconds and at exit
 * DIR/l1/deployment.json     the rollup contract deployed on that chain
 * DIR/node/db/               the node's LevelDB database (log, receipts, state tree)
 * DIR/node/poster/           the batch poster's LevelDB (batches, the transaction in flight)
 * DIR/node/jwt.hex           the operator port's secret
 * DIR/watcher/               the watcher's own data, apart from the node's
 * </pre>
 */
public record DevnetDirectory(Path root) {
  public DevnetDirectory {
    root = root.toAbsolutePath().normalize();
  }

  public Path info() {
    return root.resolve("devnet.json");
  }

  public Path lockFile() {
    return root.resolve("devnet.lock");
  }

  public Path l1() {
    return root.resolve("l1");
  }

  public Path anvilState() {
    return l1().resolve("anvil-state.json");
  }

  public Path deployment() {
    return l1().resolve("deployment.json");
  }

  public Path node() {
    return root.resolve("node");
  }

  public Path watcher() {
    return root.resolve("watcher");
  }

  /** Whether a node has already run here: its database exists. */
  public boolean hasNodeData() {
    return Files.isDirectory(node().resolve("db"));
  }

  /**
   * Creates the directories and takes the directory's lock, held until the returned lock is closed
   * (or the process exits).
   *
   * @throws DevnetException if another devnet holds it
   */
  public AutoCloseable lock() throws IOException {
    Files.createDirectories(l1());
    Files.createDirectories(node());
    FileChannel channel =
        FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException inThisProcess) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new DevnetException(
          "another devnet is running on "
              + root
              + ": stop it first, or choose another"
              + " directory with --data-dir");
    }
    FileLock held = lock;
    return () -> {
      held.release();
      channel.close();
    };
  }
}
