package dev.sluice.state.batch;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the batch data decoder, which reads what anyone can post to L1. Under
 * {@code scripts/test} it replays its seed inputs; {@code JAZZER_FUZZ=1 ./mvnw -pl state test
 * -Dtest=BatchDataFuzzTest} fuzzes for real.
 */
class BatchDataFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void decodingYieldsTheDeclaredRecordCountOrATypedRejection(FuzzedDataProvider input) {
    int recordCount = input.consumeInt(1, 64);
    boolean blobs = input.consumeBoolean();
    byte[] data = input.consumeRemainingAsBytes();
    try {
      BatchData.Decoded decoded =
          blobs
              ? BatchData.decodeBlobPayload(data, recordCount)
              : BatchData.decode(data, recordCount);
      if (decoded.records().size() != recordCount
          || decoded.postStateRoots().size() != recordCount) {
        throw new AssertionError("decoded a batch of the wrong size");
      }
    } catch (MalformedBatchDataException expected) {
      // the only way to refuse
    }
  }
}
