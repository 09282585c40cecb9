package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionGateTest {
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);

  @Test
  void shouldRefuseSubmissionsWithBusyAndTheGatesReasonWhileTheGateIsClosed() {
    AdmissionSwitch gate = new AdmissionSwitch();
    TestSigner alice = new TestSigner(21);
    try (PipelinedSequencer sequencer = started(config().admissionGate(gate))) {
      assertEquals(0, Await.result(sequencer.submit(alice.put("s", "k", "v"))).sequence());
      String reason = "L1 posting backlog of 70000 records exceeds 65536; retry later";
      gate.refuse(reason);
      SignedRecord refused = alice.put("s", "k", "w");
      SubmissionRejectedException rejection = Await.rejection(sequencer.submit(refused));
      assertEquals(Reason.BUSY, rejection.reason());
      assertEquals(reason, rejection.getMessage());
      assertEquals(1, sequencer.metrics().rejectedRecords(Reason.BUSY));
      assertEquals(1, sequencer.status().nextSequence(), "a refused record leaves no trace");

      gate.admit();
      assertEquals(1, Await.result(sequencer.submit(refused)).sequence());
    }
  }

  @Test
  void shouldRefuseABlankRefusalReason() {
    assertThrows(IllegalArgumentException.class, () -> new AdmissionSwitch().refuse(" "));
    assertEquals(Optional.empty(), AdmissionGate.open().refusal());
  }

  private PipelinedSequencer started(SequencerConfig.Builder config) {
    PipelinedSequencer sequencer =
        PipelinedSequencer.open(config.build(), new InMemoryKeyValueStore());
    Await.result(sequencer.start());
    return sequencer;
  }

  private SequencerConfig.Builder config() {
    return SmallSequencerConfig.builder().clock(clock);
  }
}
