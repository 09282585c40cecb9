package dev.sluice.devnet.bench;

import dev.sluice.state.Keccak;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The records of a workload, as a pure function of (client, index), so the Sluice run and the Anvil
 * run of the same workload point carry byte-identical payloads.
 *
 * <p>An IoT gateway reports {@value #SENSORS} sensors in turn; a reading is 16 bytes (taken-at Unix
 * ms, temperature, humidity, battery, counter) under a 5-byte key {@code th-NN}: 119 bytes as a
 * signed Sluice record, 65 of them the signature. {@link Layout#MANY_STREAMS} gives every gateway
 * its own stream; {@link Layout#HOT_STREAM} has all of them write one stream, owned by client 0 and
 * shared by grants.
 */
final class PayloadSource {
  static final int SENSORS = 16;
  static final int VALUE_BYTES = 16;
  static final String HOT_STREAM = "hot/telemetry";

  /** 2025-01-01T00:00:00Z: readings are stamped from here. */
  private static final long EPOCH_MILLIS = 1_735_689_600_000L;

  enum Layout {
    MANY_STREAMS,
    HOT_STREAM
  }

  private final Layout layout;
  private final long seed;

  PayloadSource(Layout layout, long seed) {
    this.layout = layout;
    this.seed = seed;
  }

  Layout layout() {
    return layout;
  }

  /** The stream client {@code client} writes to. Names fit DataRegistry's 32-byte stream ids. */
  String streamOf(int client) {
    return layout == Layout.HOT_STREAM
        ? HOT_STREAM
        : String.format(Locale.ROOT, "site-%04d/telemetry", client);
  }

  Payload payload(int client, long index) {
    int sensor = (int) (index % SENSORS);
    long round = index / SENSORS;
    byte[] noise =
        Keccak.hash(ByteBuffer.allocate(20).putLong(seed).putInt(client).putLong(index).array());
    ByteBuffer value = ByteBuffer.allocate(VALUE_BYTES);
    value.putLong(EPOCH_MILLIS + round * 1000 + sensor);
    value.putShort((short) (1500 + Math.floorMod(ByteBuffer.wrap(noise, 0, 2).getShort(), 1000)));
    value.putShort((short) (3000 + Math.floorMod(ByteBuffer.wrap(noise, 2, 2).getShort(), 4000)));
    value.putShort((short) (3000 + Math.floorMod(ByteBuffer.wrap(noise, 4, 2).getShort(), 300)));
    value.putShort((short) round);
    byte[] key = String.format(Locale.ROOT, "th-%02d", sensor).getBytes(StandardCharsets.US_ASCII);
    return new Payload(streamOf(client), key, value.array());
  }

  /** Payloads {@code from .. from+count-1} of each of {@code clients} clients. */
  List<List<Payload>> payloads(int clients, long from, int count) {
    List<List<Payload>> out = new ArrayList<>(clients);
    for (int c = 0; c < clients; c++) {
      List<Payload> own = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        own.add(payload(c, from + k));
      }
      out.add(own);
    }
    return out;
  }
}
