package dev.sluice.devnet.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this process by thread role between two snapshots, and the time those threads were
 * ready to run but waited for a CPU: a first answer to "where does the time go" that needs no
 * profiler, the check that the load clients sharing the JVM are not the bottleneck, and a measure
 * of how much the other jobs on a shared machine delayed the pipeline.
 *
 * <p>On Linux both come from the scheduler ({@code /proc/self/task/<tid>/schedstat}), which sees
 * every thread, GC and JIT included; threads are told apart by their names, which the kernel keeps
 * to 15 characters. Elsewhere the JVM's per-thread CPU clocks give the CPU time alone.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final int KERNEL_NAME_LENGTH = 15;

  /** Roles in report order; the first whose prefix a thread's name has claims it. */
  static final List<Role> ROLES =
      List.of(
          new Role("client: HTTP/WebSocket (java.net.http)", "HttpClient-"),
          new Role("client: pacer, timers", "load-"),
          new Role("rpc: Vert.x event loops", "vert.x-eventloop"),
          new Role("rpc: workers (JSON, sender recovery)", "sluice-rpc-worker"),
          new Role("sequencer: sender recovery", "sluice-recovery"),
          new Role("sequencer: ordering", "sluice-ordering"),
          new Role("sequencer: log writer (LevelDB, fsync)", "sluice-log"),
          new Role("sequencer: state (STF, tree, checkpoints)", "sluice-state"),
          new Role("JVM: GC", "GC Thread", "G1 ", "VM Thread"),
          new Role("JVM: JIT compilers", "C1 CompilerThre", "C2 CompilerThre"),
          new Role("other threads"));

  /** A group of threads known by the start of their names; no prefix matches everything. */
  record Role(String name, String... prefixes) {
    boolean matches(String threadName) {
      if (prefixes.length == 0) {
        return true;
      }
      for (String prefix : prefixes) {
        if (threadName.startsWith(prefix)
            || (threadName.length() == KERNEL_NAME_LENGTH && prefix.startsWith(threadName))) {
          return true;
        }
      }
      return false;
    }

    static Role of(String threadName) {
      for (Role role : ROLES) {
        if (role.matches(threadName)) {
          return role;
        }
      }
      return ROLES.get(ROLES.size() - 1);
    }
  }

  /** Per thread id: name, CPU nanoseconds, nanoseconds runnable but waiting for a CPU. */
  private record ThreadTimes(String name, long cpuNanos, long waitNanos) {}

  private final long processCpuNanos;
  private final long machineBusyTicks;
  private final long machineTicks;
  private final long wallNanos;
  private final boolean fromScheduler;
  private final Map<Long, ThreadTimes> threads;

  private ThreadCpu(
      long processCpuNanos,
      long[] machine,
      long wallNanos,
      boolean fromScheduler,
      Map<Long, ThreadTimes> threads) {
    this.processCpuNanos = processCpuNanos;
    this.machineBusyTicks = machine[0];
    this.machineTicks = machine[1];
    this.wallNanos = wallNanos;
    this.fromScheduler = fromScheduler;
    this.threads = threads;
  }

  static ThreadCpu snapshot() {
    Map<Long, ThreadTimes> threads = fromScheduler();
    boolean scheduler = !threads.isEmpty();
    if (!scheduler) {
      threads = fromJvm();
    }
    return new ThreadCpu(processCpuNanos(), machineTicks(), System.nanoTime(), scheduler, threads);
  }

  /** Whether the wait times are known (Linux). */
  boolean hasWaits() {
    return fromScheduler;
  }

  /**
   * Per role, in {@link #ROLES} order: cores used (CPU seconds per wall second) and cores' worth of
   * waiting for a CPU, from {@code earlier} to this snapshot; then "process", and, without the
   * scheduler's view, "GC, JIT, ended threads" for what no live thread accounts for.
   */
  Map<String, double[]> coresSince(ThreadCpu earlier) {
    double wall = Math.max(1, wallNanos - earlier.wallNanos);
    Map<String, double[]> out = new LinkedHashMap<>();
    ROLES.forEach(role -> out.put(role.name(), new double[2]));
    long accounted = 0;
    for (Map.Entry<Long, ThreadTimes> thread : threads.entrySet()) {
      ThreadTimes now = thread.getValue();
      ThreadTimes before = earlier.threads.get(thread.getKey());
      long cpu = Math.max(0, now.cpuNanos() - (before == null ? 0 : before.cpuNanos()));
      long wait = Math.max(0, now.waitNanos() - (before == null ? 0 : before.waitNanos()));
      accounted += cpu;
      double[] role = out.get(Role.of(now.name()).name());
      role[0] += cpu / wall;
      role[1] += wait / wall;
    }
    long process = Math.max(0, processCpuNanos - earlier.processCpuNanos);
    if (!fromScheduler) {
      out.put("GC, JIT, ended threads", new double[] {Math.max(0, process - accounted) / wall, 0});
    }
    out.put("process", new double[] {process / wall, 0});
    return out;
  }

  /**
   * Cores busy on the whole machine from {@code earlier} to this snapshot, from /proc/stat; NaN
   * where there is none. Less this process's share, it is what other jobs took from the run.
   */
  double machineCoresSince(ThreadCpu earlier) {
    long total = machineTicks - earlier.machineTicks;
    if (total <= 0) {
      return Double.NaN;
    }
    return Runtime.getRuntime().availableProcessors()
        * (double) (machineBusyTicks - earlier.machineBusyTicks)
        / total;
  }

  private static Map<Long, ThreadTimes> fromScheduler() {
    Map<Long, ThreadTimes> out = new LinkedHashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String[] stat = Files.readString(task.resolve("schedstat")).trim().split(" ");
          String name = Files.readString(task.resolve("comm")).strip();
          out.put(
              Long.parseLong(task.getFileName().toString()),
              new ThreadTimes(name, Long.parseLong(stat[0]), Long.parseLong(stat[1])));
        } catch (IOException | RuntimeException ended) {
          // The thread ended between listing and reading; its time is lost to both snapshots.
        }
      }
    } catch (IOException | RuntimeException notLinux) {
      return Map.of();
    }
    return out;
  }

  private static Map<Long, ThreadTimes> fromJvm() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, ThreadTimes> out = new LinkedHashMap<>();
    long[] ids = mx.getAllThreadIds();
    ThreadInfo[] infos = mx.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long nanos = mx.getThreadCpuTime(ids[i]);
      if (infos[i] != null && nanos >= 0) {
        out.put(ids[i], new ThreadTimes(infos[i].getThreadName(), nanos, 0));
      }
    }
    return out;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** Busy and total ticks of all CPUs, {@code {0, 0}} when /proc/stat cannot be read. */
  private static long[] machineTicks() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] fields = cpu.trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        long ticks = Long.parseLong(fields[i]);
        total += ticks;
        if (i == 4 || i == 5) { // idle, iowait
          idle += ticks;
        }
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException unavailable) {
      return new long[] {0, 0};
    }
  }
}
