package dev.sluice.sequencer;

import dev.sluice.state.record.SignedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded records from a few signers over a few shared streams, so that creations, grants, revokes,
 * permission denials and missing entries all occur. Each signer's records carry consecutive nonces;
 * signers interleave at random.
 */
final class RandomWorkload {
  private static final String[] STREAMS = {"plant/a", "plant/b", "fleet"};
  private static final String[] KEYS = {"t", "h", "p", "v"};

  private final Random random;
  private final TestSigner[] signers;

  RandomWorkload(long seed, int signerCount) {
    this.random = new Random(seed);
    this.signers = new TestSigner[signerCount];
    for (int i = 0; i < signerCount; i++) {
      signers[i] = new TestSigner(1_000 + i);
    }
  }

  TestSigner signer(int index) {
    return signers[index];
  }

  List<SignedRecord> records(int count) {
    List<SignedRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(next());
    }
    return records;
  }

  SignedRecord next() {
    TestSigner signer = signers[random.nextInt(signers.length)];
    String stream = STREAMS[random.nextInt(STREAMS.length)];
    String key = KEYS[random.nextInt(KEYS.length)];
    int op = random.nextInt(20);
    if (op < 10) {
      return signer.put(stream, key, Long.toHexString(random.nextLong()));
    } else if (op < 14) {
      return signer.delete(stream, key);
    } else if (op < 17) {
      return signer.grant(stream, signers[random.nextInt(signers.length)].address());
    } else {
      return signer.revoke(stream, signers[random.nextInt(signers.length)].address());
    }
  }
}
