package dev.sluice.devnet;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devnet's compact live status: records sequenced and their rate, batches posted and final on
 * L1, roots the watcher verified. On a terminal it rewrites one line every second; into a file or a
 * pipe it appends a line every ten seconds, so logs stay readable.
 */
final class StatusLine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusLine.class);

  /** One reading of the devnet; a count that is not known yet is negative. */
  record Sample(
      long records,
      long batchesPosted,
      long batchesFinal,
      long batchesVerified,
      int faults,
      int challenges,
      long demoRefused) {}

  private final PrintStream out;
  private final Supplier<Sample> sampler;
  private final boolean terminal;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "devnet-status");
            thread.setDaemon(true);
            return thread;
          });
  private long lastRecords = -1;
  private long lastNanos;
  private boolean printed;

  private StatusLine(PrintStream out, Supplier<Sample> sampler, boolean terminal) {
    this.out = out;
    this.sampler = sampler;
    this.terminal = terminal;
  }

  static StatusLine start(PrintStream out, Supplier<Sample> sampler) {
    boolean terminal = isTerminal();
    StatusLine line = new StatusLine(out, sampler, terminal);
    Duration every = terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
    line.ticker.scheduleAtFixedRate(
        line::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return line;
  }

  /**
   * Whether standard output is a terminal. From JDK 22 {@code System.console()} exists even when
   * output is redirected and {@code Console.isTerminal()} tells; JDK 21 has no such method but
   * returns no console then. Compiled for 21, so the method is looked up at run time.
   */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException jdk21) {
      return true;
    }
  }

  private void print() {
    try {
      Sample sample = sampler.get();
      long now = System.nanoTime();
      double rate =
          lastRecords < 0
              ? 0
              : (sample.records() - lastRecords) * 1e9 / Math.max(1, now - lastNanos);
      lastRecords = sample.records();
      lastNanos = now;
      String text = format(sample, rate);
      if (terminal) {
        out.print("\r" + text + "\u001b[K");
        out.flush();
        printed = true;
      } else {
        out.println(text);
      }
    } catch (RuntimeException e) {
      LOG.debug("status line: {}", e.getMessage());
    }
  }

  static String format(Sample sample, double rate) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "records %d (%.1f/s)", sample.records(), rate));
    text.append(" | batches posted ").append(count(sample.batchesPosted()));
    text.append(", final ").append(count(sample.batchesFinal()));
    text.append(" | verified by the watcher ").append(count(sample.batchesVerified()));
    if (sample.faults() > 0 || sample.challenges() > 0) {
      text.append(" | FAULTS ").append(sample.faults());
      text.append(", fraud proofs ").append(sample.challenges());
    }
    if (sample.demoRefused() > 0) {
      text.append(" | demo refused ").append(sample.demoRefused());
    }
    return text.toString();
  }

  private static String count(long value) {
    return value < 0 ? "-" : Long.toString(value);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (printed) {
      out.println();
    }
  }
}
