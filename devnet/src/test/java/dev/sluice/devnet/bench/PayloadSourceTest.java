package dev.sluice.devnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadSourceTest {
  @Test
  void shouldGiveTheSamePayloadForTheSameClientAndIndex() {
    PayloadSource a = new PayloadSource(PayloadSource.Layout.MANY_STREAMS, 9);
    PayloadSource b = new PayloadSource(PayloadSource.Layout.MANY_STREAMS, 9);
    for (long k = 0; k < 100; k++) {
      Payload x = a.payload(3, k);
      Payload y = b.payload(3, k);
      assertEquals(x.stream(), y.stream());
      assertArrayEquals(x.key(), y.key());
      assertArrayEquals(x.value(), y.value());
      assertEquals(PayloadSource.VALUE_BYTES, x.value().length);
    }
  }

  @Test
  void manyStreamsGivesEachClientItsOwnStreamAndHotStreamOneForAll() {
    PayloadSource many = new PayloadSource(PayloadSource.Layout.MANY_STREAMS, 1);
    PayloadSource hot = new PayloadSource(PayloadSource.Layout.HOT_STREAM, 1);
    assertEquals("site-0007/telemetry", many.payload(7, 0).stream());
    assertEquals(PayloadSource.HOT_STREAM, hot.payload(7, 0).stream());
    assertEquals(PayloadSource.HOT_STREAM, hot.payload(0, 5).stream());
    // DataRegistry names a stream in 32 bytes.
    assertTrue(many.streamOf(9999).getBytes(StandardCharsets.UTF_8).length <= 32);
  }

  @Test
  void shouldCycleThroughTheSensors() {
    List<List<Payload>> payloads =
        new PayloadSource(PayloadSource.Layout.MANY_STREAMS, 1).payloads(2, 0, 17);
    assertEquals(2, payloads.size());
    assertEquals("th-00", new String(payloads.get(0).get(0).key(), StandardCharsets.US_ASCII));
    assertEquals("th-15", new String(payloads.get(0).get(15).key(), StandardCharsets.US_ASCII));
    assertEquals("th-00", new String(payloads.get(0).get(16).key(), StandardCharsets.US_ASCII));
  }
}
