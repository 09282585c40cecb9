package dev.sluice.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The temporary directories of the benchmarks and the load generator: node databases and filled
 * state trees, up to several gigabytes each. Each is deleted when its work is done and, should the
 * run be stopped first (Ctrl-C, SIGTERM), by a shutdown hook, so that a stopped run leaves nothing
 * in the temporary directory. Only a SIGKILL leaves them behind.
 */
public final class ScratchDirectories {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ScratchDirectories::deleteRemaining, "scratch-cleanup"));
  }

  private ScratchDirectories() {}

  /** A new, empty directory under the system's temporary directory, its name starting {@code prefix}. */
  public static Path create(String prefix) throws IOException {
    Path directory = Files.createTempDirectory(prefix);
    LIVE.add(directory);
    return directory;
  }

  /** Deletes {@code directory} and everything in it; nothing when it does not exist. */
  public static void delete(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    LIVE.remove(directory);
  }

  /** Deletes every directory {@link #create} made that is not deleted yet. */
  static void deleteRemaining() {
    for (Path directory : Set.copyOf(LIVE)) {
      try {
        delete(directory);
      } catch (IOException | UncheckedIOException e) {
        // A shutdown hook has no caller to tell: say which directory is left.
        System.err.println("could not delete " + directory + ": " + e.getMessage());
      }
    }
  }
}
