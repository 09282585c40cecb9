package dev.sluice.devnet.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where the CPU went in a flight recording, by thread role and by what the sampled code was doing
 * (signature recovery, hashing, LevelDB, JSON, networking, ...), with the hottest frames.
 *
 * <p>It prefers {@code jdk.CPUTimeSample} (JDK 25, Linux): samples taken per slice of a thread's
 * CPU time, in Java and in native code alike, so a JNI call into libsecp256k1 or LevelDB counts as
 * much as the CPU it burns and a thread blocked in epoll or fsync counts nothing. Without it,
 * {@code jdk.ExecutionSample} sees Java code only, and native work is invisible.
 */
@Command(
    name = "jfr-summary",
    mixinStandardHelpOptions = true,
    description = "Summarise the CPU samples of a JFR recording by thread role and activity.")
final class JfrSummary implements Callable<Integer> {
  private static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";
  private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

  /**
   * What a sample was doing, decided by the first frame from the top of its stack that matches: the
   * innermost library the thread was in.
   */
  private static final List<Activity> ACTIVITIES =
      List.of(
          new Activity("secp256k1 (JNI)", c -> c.startsWith("fr.acinq.secp256k1")),
          new Activity("secp256k1 (BouncyCastle)", c -> c.startsWith("org.bouncycastle.math.ec")),
          new Activity(
              "keccak",
              c ->
                  c.startsWith("org.bouncycastle.crypto.digests")
                      || c.equals("dev.sluice.state.Keccak")),
          new Activity(
              "LevelDB (JNI)",
              c -> c.startsWith("org.fusesource.leveldbjni") || c.startsWith("org.iq80")),
          new Activity(
              "file I/O",
              c -> c.startsWith("sun.nio.ch.FileDispatcher") || c.startsWith("java.io.File")),
          new Activity("JSON (Jackson)", c -> c.startsWith("com.fasterxml.jackson")),
          new Activity(
              "hex",
              c -> c.equals("java.util.HexFormat") || c.equals("dev.sluice.rpc.json.HexData")),
          new Activity(
              "metrics (Micrometer, HdrHistogram)",
              c -> c.startsWith("io.micrometer") || c.startsWith("org.HdrHistogram")),
          new Activity("HTTP client (java.net.http)", c -> c.startsWith("jdk.internal.net.http")),
          new Activity(
              "socket I/O, epoll",
              c ->
                  c.startsWith("sun.nio.ch.SocketDispatcher")
                      || c.startsWith("sun.nio.ch.EPoll")
                      || c.startsWith("sun.nio.ch.IOUtil")
                      || c.startsWith("sun.nio.ch.SocketChannelImpl")
                      || c.startsWith("io.netty.channel.epoll.Native")),
          new Activity("Netty, Vert.x", c -> c.startsWith("io.netty") || c.startsWith("io.vertx")),
          new Activity("sparse Merkle tree", c -> c.startsWith("dev.sluice.state.smt")),
          new Activity("state transition", c -> c.startsWith("dev.sluice.state.stf")),
          new Activity("records, EIP-712", c -> c.startsWith("dev.sluice.state.record")),
          new Activity("state store", c -> c.startsWith("dev.sluice.state.store")),
          new Activity("sequencer", c -> c.startsWith("dev.sluice.sequencer")),
          new Activity("rpc", c -> c.startsWith("dev.sluice.rpc")),
          new Activity("load generator", c -> c.startsWith("dev.sluice.devnet")),
          new Activity("big integers", c -> c.startsWith("java.math")),
          new Activity(
              "JDK concurrency (futures, locks, queues)",
              c ->
                  c.startsWith("java.util.concurrent") || c.startsWith("jdk.internal.misc.Unsafe")),
          new Activity("other", c -> true));

  private record Activity(String name, Predicate<String> matches) {}

  @Parameters(index = "0", description = "The .jfr file.")
  Path file;

  @Option(
      names = "--top",
      defaultValue = "25",
      description = "Frames to list (default: ${DEFAULT-VALUE}).")
  int top;

  @Override
  public Integer call() throws IOException {
    summarize(file, System.out, top);
    return 0;
  }

  /**
   * Enables the CPU samplers on {@code recording}: CPU-time samples every {@code period} of a
   * thread's CPU, and execution samples as a fallback for JDKs without them.
   */
  static void configure(Recording recording, Duration period) {
    recording.enable(CPU_TIME_SAMPLE).with("throttle", period.toMillis() + "ms");
    recording.enable(EXECUTION_SAMPLE).withPeriod(period);
    recording.enable("jdk.GCCPUTime");
    // Pauses stop every thread of the pipeline at once: the first suspect for a latency outlier.
    recording.enable("jdk.GarbageCollection");
  }

  static void summarize(Path file, PrintStream out, int top) throws IOException {
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    String sampleType =
        events.stream().anyMatch(e -> e.getEventType().getName().equals(CPU_TIME_SAMPLE))
            ? CPU_TIME_SAMPLE
            : EXECUTION_SAMPLE;
    Map<String, Long> byRole = new LinkedHashMap<>();
    ThreadCpu.ROLES.forEach(role -> byRole.put(role.name(), 0L));
    Map<String, Long> byActivity = new HashMap<>();
    Map<String, Map<String, Long>> byRoleActivity = new HashMap<>();
    Map<String, Long> leafFrames = new HashMap<>();
    Map<String, Long> sluiceFrames = new HashMap<>();
    long samples = 0;
    long failed = 0;
    double gcSeconds = 0;
    long pauses = 0;
    Duration pauseTotal = Duration.ZERO;
    Duration pauseLongest = Duration.ZERO;
    for (RecordedEvent event : events) {
      String type = event.getEventType().getName();
      if (type.equals("jdk.GarbageCollection")) {
        Duration pause = event.getDuration("sumOfPauses");
        pauses++;
        pauseTotal = pauseTotal.plus(pause);
        pauseLongest = pause.compareTo(pauseLongest) > 0 ? pause : pauseLongest;
        continue;
      }
      if (type.equals("jdk.GCCPUTime")) {
        gcSeconds += (event.getLong("userTime") + event.getLong("systemTime")) / 1e9;
        continue;
      }
      if (!type.equals(sampleType)) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        failed++;
        continue;
      }
      samples++;
      RecordedThread thread =
          sampleType.equals(CPU_TIME_SAMPLE)
              ? event.getThread("eventThread")
              : event.getThread("sampledThread");
      String role = ThreadCpu.Role.of(thread == null ? "" : thread.getJavaName()).name();
      byRole.merge(role, 1L, Long::sum);
      String activity = activityOf(stack.getFrames());
      byActivity.merge(activity, 1L, Long::sum);
      byRoleActivity.computeIfAbsent(role, r -> new HashMap<>()).merge(activity, 1L, Long::sum);
      leafFrames.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
      for (RecordedFrame frame : stack.getFrames()) {
        if (frame.isJavaFrame()
            && frame.getMethod().getType().getName().startsWith("dev.sluice.")) {
          sluiceFrames.merge(name(frame), 1L, Long::sum);
          break;
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "profile: %,d %s samples%s; GC threads %.2f CPU s (jdk.GCCPUTime)%n",
        samples,
        sampleType,
        failed > 0 ? String.format(Locale.ROOT, " (%,d without a stack)", failed) : "",
        gcSeconds);
    out.printf(
        Locale.ROOT,
        "GC: %d collections, pauses %.1f ms in all, longest %.1f ms%n",
        pauses,
        pauseTotal.toNanos() / 1e6,
        pauseLongest.toNanos() / 1e6);
    if (samples == 0) {
      return;
    }
    long total = samples;
    out.println("by thread role:");
    byRole.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e -> {
              out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey());
              byRoleActivity.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
                  .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                  .limit(6)
                  .forEach(
                      a ->
                          out.printf(
                              Locale.ROOT,
                              "            %5.1f %%  %s%n",
                              100.0 * a.getValue() / total,
                              a.getKey()));
            });
    out.println("by activity (innermost library on the stack):");
    print(out, byActivity, total, byActivity.size());
    out.println("top frames (where the CPU was, leaf method):");
    print(out, leafFrames, total, top);
    out.println("top Sluice frames (innermost dev.sluice method on the stack):");
    print(out, sluiceFrames, total, top);
  }

  private static void print(PrintStream out, Map<String, Long> counts, long total, int limit) {
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
        .limit(limit)
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
  }

  private static String activityOf(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (Activity activity : ACTIVITIES.subList(0, ACTIVITIES.size() - 1)) {
        if (activity.matches().test(type)) {
          return activity.name();
        }
      }
    }
    return "other";
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }
}
