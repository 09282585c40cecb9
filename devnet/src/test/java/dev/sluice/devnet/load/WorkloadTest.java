package dev.sluice.devnet.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {
  private static final Eip712Domain DOMAIN = new Eip712Domain(714_714, Address.ZERO);
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @TempDir Path cache;

  @Test
  void shouldSignWhatTheProtocolsOwnSignerSignsAndWhatTheNodeRecovers() {
    NativeRecordSigner fast = NativeRecordSigner.ofPrivateKey(DOMAIN, Workload.privateKey(7, 3));
    RecordSigner reference = RecordSigner.ofPrivateKey(DOMAIN, Workload.privateKey(7, 3));
    SensorReadings readings = new SensorReadings(3, 16, 7);
    SenderRecovery recovery = SenderRecovery.fastestAvailable();
    for (int k = 0; k < 20; k++) {
      var record = readings.next(k, k);
      SignedRecord signed = fast.sign(record);
      assertEquals(reference.sign(record), signed, "byte-identical to RecordSigner (RFC 6979)");
      assertEquals(
          Optional.of(reference.address()),
          recovery.recover(DOMAIN.digest(record), signed.signature()));
    }
  }

  @Test
  void shouldMakeSmallReadingsOfAboutOneHundredTwentyBytes() {
    SensorReadings readings = new SensorReadings(42, 16, 1);
    var record = readings.next(17, 5);
    assertEquals("site-0042/telemetry", record.stream());
    assertEquals("th-01", new String(record.key(), StandardCharsets.US_ASCII));
    assertEquals(SensorReadings.VALUE_BYTES, record.value().length);
    assertEquals(
        119,
        NativeRecordSigner.ofPrivateKey(DOMAIN, Workload.privateKey(1, 42))
            .sign(record)
            .encode()
            .length);
  }

  @Test
  void shouldReuseAndExtendACachedWorkloadWithTheSameRecords() throws Exception {
    long[] nonces = {0, 5, 0};
    Workload fresh = Workload.prepare(DOMAIN, 9, 4, nonces, 10, Optional.empty(), QUIET);
    Workload small = Workload.prepare(DOMAIN, 9, 4, nonces, 6, Optional.of(cache), QUIET);
    Workload extended = Workload.prepare(DOMAIN, 9, 4, nonces, 10, Optional.of(cache), QUIET);
    Workload reused = Workload.prepare(DOMAIN, 9, 4, nonces, 8, Optional.of(cache), QUIET);
    for (int c = 0; c < nonces.length; c++) {
      List<SignedRecord> expected = fresh.recordsOf(c);
      assertEquals(expected.subList(0, 6), small.recordsOf(c));
      assertEquals(expected, extended.recordsOf(c));
      assertEquals(expected.subList(0, 8), reused.recordsOf(c));
      for (int k = 0; k < expected.size(); k++) {
        assertEquals(nonces[c] + k, expected.get(k).record().nonce(), "consecutive nonces");
      }
    }
    assertTrue(!fresh.sender(0).equals(fresh.sender(1)), "one key per client");
  }
}
