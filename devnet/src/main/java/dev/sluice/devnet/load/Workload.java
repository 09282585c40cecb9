package dev.sluice.devnet.load;

import dev.sluice.state.Address;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The pre-signed records of every client: client {@code c} is one gateway with its own key, and its
 * records carry consecutive nonces from the node's next nonce for that key, so clients never
 * contend for a nonce and no signing happens while the clock runs.
 *
 * <p>Signing 400,000 records costs about a minute of CPU even natively, so workloads are kept in a
 * cache directory: the records of a gateway depend only on the domain, the key seed, the gateway
 * and its first nonce, and a larger workload extends a smaller one, so every run with the same
 * clients reuses the same file.
 */
final class Workload {
  private static final int FORMAT = 1;
  private static final int MAGIC = 0x534c4457; // "SLDW"

  private final List<Address> senders;
  private final List<List<SignedRecord>> records;

  private Workload(List<Address> senders, List<List<SignedRecord>> records) {
    this.senders = senders;
    this.records = records;
  }

  int clients() {
    return senders.size();
  }

  Address sender(int client) {
    return senders.get(client);
  }

  List<SignedRecord> recordsOf(int client) {
    return records.get(client);
  }

  long totalRecords() {
    return records.stream().mapToLong(List::size).sum();
  }

  /** The encoded size of the first record; every record of a workload has the same. */
  int encodedBytes() {
    return records.get(0).get(0).encode().length;
  }

  /** Gateway {@code client}'s private key: derived from the seed, so runs are repeatable. */
  static BigInteger privateKey(long keySeed, int client) {
    ByteBuffer input = ByteBuffer.allocate(28);
    input.put("sluice-load\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    input.putLong(keySeed);
    input.putInt(client);
    input.putInt(0);
    BigInteger key = new BigInteger(1, Keccak.hash(input.array())).mod(Signature.CURVE_ORDER);
    return key.signum() == 0 ? BigInteger.ONE : key;
  }

  static Address senderOf(Eip712Domain domain, long keySeed, int client) {
    return NativeRecordSigner.ofPrivateKey(domain, privateKey(keySeed, client)).address();
  }

  /**
   * The workload of {@code perClient} records for each of {@code startNonces.length} clients, from
   * {@code cacheDirectory} when a large enough one is there, otherwise signed (in parallel) and
   * stored there.
   */
  static Workload prepare(
      Eip712Domain domain,
      long keySeed,
      int sensors,
      long[] startNonces,
      int perClient,
      Optional<Path> cacheDirectory,
      PrintStream log)
      throws IOException {
    int clients = startNonces.length;
    Optional<Path> cacheFile =
        cacheDirectory.map(dir -> dir.resolve(cacheName(domain, keySeed, sensors, startNonces)));
    List<List<SignedRecord>> cached = List.of();
    if (cacheFile.isPresent() && Files.isRegularFile(cacheFile.get())) {
      cached = read(cacheFile.get(), clients);
    }
    int have = cached.isEmpty() ? 0 : cached.get(0).size();
    List<Address> senders =
        IntStream.range(0, clients).mapToObj(c -> senderOf(domain, keySeed, c)).toList();
    if (have >= perClient) {
      log.printf(
          Locale.ROOT, "workload: %,d records per client from %s%n", perClient, cacheFile.get());
      List<List<SignedRecord>> prefix = cached.stream().map(l -> l.subList(0, perClient)).toList();
      return new Workload(senders, prefix);
    }
    long start = System.nanoTime();
    List<List<SignedRecord>> known = cached;
    List<List<SignedRecord>> signed =
        IntStream.range(0, clients)
            .parallel()
            .mapToObj(
                c ->
                    signClient(
                        domain,
                        keySeed,
                        sensors,
                        c,
                        startNonces[c],
                        known.isEmpty() ? List.of() : known.get(c),
                        perClient))
            .toList();
    log.printf(
        Locale.ROOT,
        "workload: signed %,d records (%,d per client, %,d reused) in %.1f s%n",
        (long) (perClient - have) * clients,
        perClient,
        (long) have * clients,
        (System.nanoTime() - start) / 1e9);
    if (cacheFile.isPresent()) {
      write(cacheFile.get(), signed);
    }
    return new Workload(senders, signed);
  }

  private static List<SignedRecord> signClient(
      Eip712Domain domain,
      long keySeed,
      int sensors,
      int client,
      long startNonce,
      List<SignedRecord> known,
      int perClient) {
    BigInteger key = privateKey(keySeed, client);
    SensorReadings readings = new SensorReadings(client, sensors, keySeed);
    List<SignedRecord> out = new ArrayList<>(perClient);
    NativeRecordSigner signer = NativeRecordSigner.ofPrivateKey(domain, key);
    for (int k = 0; k < perClient; k++) {
      // The readings are a random walk: replay the known ones to continue it where they stopped.
      Record record = readings.next(k, startNonce + k);
      if (k < known.size()) {
        out.add(known.get(k));
      } else if (k == 0) {
        out.add(signer.checkedAgainst(RecordSigner.ofPrivateKey(domain, key), record).sign(record));
      } else {
        out.add(signer.sign(record));
      }
    }
    return out;
  }

  private static String cacheName(
      Eip712Domain domain, long keySeed, int sensors, long[] startNonces) {
    ByteBuffer nonces = ByteBuffer.allocate(8 * startNonces.length);
    for (long nonce : startNonces) {
      nonces.putLong(nonce);
    }
    String identity =
        String.join(
            "|",
            "format=" + FORMAT,
            "chain=" + domain.chainId(),
            "contract=" + domain.verifyingContract().toHex(),
            "seed=" + keySeed,
            "sensors=" + sensors,
            "clients=" + startNonces.length,
            "nonces=" + HexFormat.of().formatHex(Keccak.hash(nonces.array())));
    byte[] digest = Keccak.hash(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.format(
        Locale.ROOT,
        "workload-%d-clients-%s.bin",
        startNonces.length,
        HexFormat.of().formatHex(digest, 0, 8));
  }

  private static List<List<SignedRecord>> read(Path file, int clients) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      if (in.readInt() != MAGIC || in.readInt() != FORMAT || in.readInt() != clients) {
        return List.of();
      }
      int perClient = in.readInt();
      List<List<SignedRecord>> all = new ArrayList<>(clients);
      for (int c = 0; c < clients; c++) {
        List<SignedRecord> own = new ArrayList<>(perClient);
        for (int k = 0; k < perClient; k++) {
          byte[] encoded = new byte[in.readUnsignedShort()];
          in.readFully(encoded);
          own.add(RecordCodec.decode(encoded));
        }
        all.add(own);
      }
      return all;
    }
  }

  private static void write(Path file, List<List<SignedRecord>> records) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream raw = Files.newOutputStream(partial);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(records.size());
      out.writeInt(records.get(0).size());
      for (List<SignedRecord> own : records) {
        for (SignedRecord record : own) {
          byte[] encoded = record.encode();
          out.writeShort(encoded.length);
          out.write(encoded);
        }
      }
    }
    // A run killed while writing must not leave a truncated file that the next one trusts.
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
