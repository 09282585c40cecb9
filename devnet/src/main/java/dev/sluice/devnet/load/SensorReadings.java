package dev.sluice.devnet.load;

import dev.sluice.state.record.Record;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The records of one IoT gateway: it owns the stream {@code site-NNNN/telemetry} and reports its
 * sensors in turn, each reading overwriting that sensor's entry, so the state holds the latest
 * reading per sensor as a fleet's would. A reading is small and numeric:
 *
 * <pre>
 * u64 taken at (Unix ms) ‖ i16 temperature (0.01 °C) ‖ u16 relative humidity (0.01 %)
 *   ‖ u16 battery (mV) ‖ u16 reading counter
 * </pre>
 *
 * 16 bytes of value under a 5-byte key: 119 bytes as a signed record, 65 of them the signature. The
 * values follow a seeded random walk, so the same gateway always produces the same records and a
 * workload signed once can be reused.
 */
public final class SensorReadings {
  public static final int VALUE_BYTES = 16;

  /** 2025-01-01T00:00:00Z: readings are stamped from here, one round of sensors per second. */
  private static final long EPOCH_MILLIS = 1_735_689_600_000L;

  private final String stream;
  private final int sensors;
  private final SplittableRandom random;
  private final short[] temperature;
  private final short[] humidity;
  private final short[] battery;
  private long taken;

  public SensorReadings(int gateway, int sensors, long seed) {
    if (sensors < 1 || sensors > 100) {
      throw new IllegalArgumentException("a gateway has 1 to 100 sensors, got " + sensors);
    }
    this.stream = String.format(Locale.ROOT, "site-%04d/telemetry", gateway);
    this.sensors = sensors;
    this.random = new SplittableRandom(seed * 1_000_003L + gateway);
    this.temperature = new short[sensors];
    this.humidity = new short[sensors];
    this.battery = new short[sensors];
    for (int s = 0; s < sensors; s++) {
      temperature[s] = (short) (1500 + random.nextInt(1000));
      humidity[s] = (short) (3000 + random.nextInt(4000));
      battery[s] = (short) (3000 + random.nextInt(300));
    }
  }

  public String stream() {
    return stream;
  }

  /** The reading with sequence {@code index} of this gateway, as a PUT with {@code nonce}. */
  public Record next(long index, long nonce) {
    int sensor = (int) (index % sensors);
    long round = index / sensors;
    temperature[sensor] += (short) (random.nextInt(21) - 10);
    humidity[sensor] =
        (short) Math.max(0, Math.min(10_000, humidity[sensor] + random.nextInt(41) - 20));
    if (random.nextInt(64) == 0) {
      battery[sensor]--;
    }
    taken = EPOCH_MILLIS + round * 1000 + sensor;
    ByteBuffer value = ByteBuffer.allocate(VALUE_BYTES);
    value.putLong(taken);
    value.putShort(temperature[sensor]);
    value.putShort(humidity[sensor]);
    value.putShort(battery[sensor]);
    value.putShort((short) round);
    byte[] key = String.format(Locale.ROOT, "th-%02d", sensor).getBytes(StandardCharsets.US_ASCII);
    return Record.put(nonce, stream, key, value.array());
  }
}
