package dev.sluice.state.record;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the decoder. Under {@code scripts/test} it replays its seed inputs
 * as a regression test; {@code JAZZER_FUZZ=1 ./mvnw -pl state test -Dtest=RecordCodecFuzzTest}
 * fuzzes for real and stores findings next to the seeds.
 */
class RecordCodecFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void decodeOnlyEverYieldsACanonicalRecordOrATypedRejection(byte[] input) {
    RecordCodecTest.decodesCanonicallyOrRejects(input);
  }
}
