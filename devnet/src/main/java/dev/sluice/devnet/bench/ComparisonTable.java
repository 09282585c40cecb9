package dev.sluice.devnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One Markdown table of run results: a row per (workload, system) with the median and the range
 * over its repeated runs of the achieved throughput and the acknowledgement latency percentiles. A
 * row can instead carry a note, for a point that was not run and why.
 */
final class ComparisonTable {
  private final String workloadHeader;
  private final List<Row> rows = new ArrayList<>();

  ComparisonTable(String workloadHeader) {
    this.workloadHeader = workloadHeader;
  }

  /** One (workload, system) row: its runs, or a note when it has none. */
  record Row(String workload, String system, List<RunResult> runs, String note) {
    Spread spread(ToDoubleFunction<RunResult> figure) {
      return Spread.of(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
    }

    Spread achieved() {
      return spread(RunResult::achieved);
    }
  }

  void add(String workload, String system, List<RunResult> runs) {
    rows.add(new Row(workload, system, List.copyOf(runs), ""));
  }

  void note(String workload, String system, String note) {
    rows.add(new Row(workload, system, List.of(), note));
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The achieved throughput of (workload, system), if that row has runs. */
  Spread achieved(String workload, String system) {
    return rows.stream()
        .filter(r -> r.workload().equals(workload) && r.system().equals(system))
        .findFirst()
        .map(Row::achieved)
        .orElse(Spread.NONE);
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| ")
        .append(workloadHeader)
        .append(
            " | system | records/s achieved | ack p50 ms | ack p99 ms | ack p99.9 ms |"
                + " ack max ms | runs complete |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row row : rows) {
      out.append("| ").append(row.workload()).append(" | ").append(row.system()).append(" | ");
      if (row.runs().isEmpty()) {
        out.append(row.note()).append(" | | | | | |\n");
        continue;
      }
      long complete = row.runs().stream().filter(RunResult::complete).count();
      out.append(row.achieved().format(0))
          .append(" | ")
          .append(row.spread(RunResult::p50).format(2))
          .append(" | ")
          .append(row.spread(RunResult::p99).format(2))
          .append(" | ")
          .append(row.spread(RunResult::p999).format(2))
          .append(" | ")
          .append(row.spread(RunResult::max).format(1))
          .append(" | ")
          .append(complete)
          .append(" of ")
          .append(row.runs().size())
          .append(" |\n");
    }
    return out.toString();
  }

  /**
   * {@code a ÷ b} of the medians, e.g. {@code 12.3×}; the range divides the worst of {@code a} by
   * the best of {@code b} and the other way round, so it bounds every pairing of runs.
   */
  static String ratio(Spread a, Spread b) {
    if (a.isEmpty() || b.isEmpty() || b.median() == 0) {
      return "—";
    }
    String median = Spread.number(a.median() / b.median(), 1) + "×";
    if (a.runs() == 1 && b.runs() == 1) {
      return median;
    }
    return median
        + " ("
        + Spread.number(a.min() / b.max(), 1)
        + "–"
        + Spread.number(b.min() == 0 ? Double.POSITIVE_INFINITY : a.max() / b.min(), 1)
        + ")";
  }
}
