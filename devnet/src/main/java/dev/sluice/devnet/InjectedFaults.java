package dev.sluice.devnet;

import dev.sluice.node.cli.CliException;
import dev.sluice.node.cli.ExitCodes;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import java.util.List;

/**
 * Parses {@code --unsafe-inject-fault} values into the sequencer's {@link BatchFaultInjection}:
 * {@code wrong-root:SEQ} (the batch holding record SEQ claims a wrong state root after it, which a
 * watcher proves on L1) and {@code wrong-records-root:SEQ} (its records root does not match its
 * data, which a watcher sees but cannot prove on L1 yet).
 */
final class InjectedFaults {
  private InjectedFaults() {}

  static final String WRONG_ROOT = "wrong-root";
  static final String WRONG_RECORDS_ROOT = "wrong-records-root";

  static BatchFaultInjection parse(List<String> values) {
    BatchFaultInjection faults = BatchFaultInjection.none();
    for (String value : values) {
      int colon = value.indexOf(':');
      String kind = colon < 0 ? value : value.substring(0, colon);
      long sequence;
      try {
        sequence = colon < 0 ? -1 : Long.parseLong(value.substring(colon + 1).strip());
      } catch (NumberFormatException bad) {
        sequence = -1;
      }
      if (sequence < 0) {
        throw usage(value);
      }
      faults =
          switch (kind.strip()) {
            case WRONG_ROOT -> faults.corruptingPostStateRootOf(sequence);
            case WRONG_RECORDS_ROOT -> faults.mismatchingRecordsRootAt(sequence);
            default -> throw usage(value);
          };
    }
    return faults;
  }

  private static CliException usage(String value) {
    return new CliException(
        "--unsafe-inject-fault takes "
            + WRONG_ROOT
            + ":SEQ or "
            + WRONG_RECORDS_ROOT
            + ":SEQ (SEQ a record's sequence number), got '"
            + value
            + "'",
        ExitCodes.USAGE);
  }
}
