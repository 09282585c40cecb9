package dev.sluice.bridge.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PostingCostModelTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final PosterConfig AUTO = PosterConfig.defaults();

  private static byte[] data(int length) {
    byte[] data = new byte[length];
    Arrays.fill(data, (byte) 0x5a);
    return data;
  }

  @Test
  void calldataPaysTheEip7623FloorForDataHeavyTransactions() {
    PostingCostModel.Estimate estimate = PostingCostModel.estimate(data(10_000));
    // 40 gas per non-zero byte beats 16 per byte plus execution at this size.
    assertTrue(estimate.calldataGas() >= 21_000 + 40L * 10_000, "" + estimate.calldataGas());
    assertEquals(1, estimate.blobs());
    assertEquals(131_072, estimate.blobGas());
  }

  @Test
  void zeroBytesCostLessThanNonZeroOnes() {
    assertTrue(
        PostingCostModel.estimate(new byte[10_000]).calldataGas()
            < PostingCostModel.estimate(data(10_000)).calldataGas());
  }

  @Test
  void autoPicksBlobsWhenBlobGasIsCheapAndCalldataWhenItIsDear() {
    assertEquals(
        DataAvailability.BLOBS, PostingCostModel.choose(AUTO, data(20_000), GWEI, BigInteger.ONE));
    // One blob at 1,000 gwei per blob gas costs more than 20 KB of calldata at 1 gwei.
    assertEquals(
        DataAvailability.CALLDATA,
        PostingCostModel.choose(AUTO, data(20_000), GWEI, GWEI.multiply(BigInteger.valueOf(1000))));
  }

  @Test
  void autoNeverPicksBlobsAboveTheBlobFeeCap() {
    BigInteger aboveCap = AUTO.maxFeePerBlobGas().add(BigInteger.ONE);
    assertEquals(
        DataAvailability.CALLDATA,
        PostingCostModel.choose(
            AUTO, data(1_000), GWEI.multiply(BigInteger.valueOf(10_000)), aboveCap));
  }

  @Test
  void dataTooLargeForCalldataGoesToBlobsAndTooLargeForBothIsRefused() {
    PosterConfig calldata = AUTO.withMode(DataAvailability.CALLDATA);
    assertEquals(
        DataAvailability.BLOBS,
        PostingCostModel.choose(calldata, data(500_000), GWEI, BigInteger.ONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> PostingCostModel.choose(AUTO, data(7 * 126_976), GWEI, BigInteger.ONE));
  }

  @Test
  void aFixedModeIsKeptWhileTheDataFits() {
    assertEquals(
        DataAvailability.CALLDATA,
        PostingCostModel.choose(
            AUTO.withMode(DataAvailability.CALLDATA), data(1_000), GWEI, BigInteger.ONE));
    assertEquals(
        DataAvailability.BLOBS,
        PostingCostModel.choose(
            AUTO.withMode(DataAvailability.BLOBS), data(10), GWEI.multiply(GWEI), GWEI));
  }
}
