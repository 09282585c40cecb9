package dev.sluice.bridge.derivation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.TestSequencer;
import dev.sluice.bridge.derivation.DerivationEvent.BatchDerived;
import dev.sluice.bridge.derivation.DerivedBatch.DataFault;
import dev.sluice.bridge.derivation.DerivedBatch.Decoded;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Derivation of batches posted in blobs, against a scripted L1 whose blob endpoint is not trusted:
 * blobs count only through their KZG commitment's versioned hash. (Sending real blob transactions
 * to Anvil is the poster's; once it is there, an integration test can post through it.)
 */
class BlobDerivationTest {
  private static final Address ROLLUP = Address.fromHex("0x" + "b1".repeat(20));
  private static final Eip712Domain DOMAIN = new Eip712Domain(4242, ROLLUP);

  @Test
  void aBatchInTwoBlobsIsDecodedAndAWrongBlobIsNotTaken() {
    ScriptedL1Chain chain = new ScriptedL1Chain(ROLLUP);
    TestSequencer sequencer = new TestSequencer(DOMAIN).withCodec(BatchCodec.ZSTD);
    RecordSigner owner = RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(77));
    // Values of random-looking bytes, so that the data needs two blobs even compressed.
    for (int i = 0; i < 160; i++) {
      byte[] value = Keccak.hash(("v" + i).getBytes(StandardCharsets.US_ASCII));
      byte[] big = new byte[800];
      for (int j = 0; j < big.length; j++) {
        big[j] = value[j % 32];
        value = j % 32 == 31 ? Keccak.hash(value) : value;
      }
      sequencer.submit(owner, nonce -> Record.put(nonce, "cam/1", "frame".getBytes(StandardCharsets.US_ASCII), big));
    }
    List<byte[]> blobs = new ArrayList<>();
    TestSequencer.Sealed sealed =
        sequencer.seal(
            data -> {
              blobs.addAll(BlobPacking.pack(data));
              return data;
            },
            header -> header);
    assertEquals(2, blobs.size());
    List<Bytes32> hashes = blobs.stream().map(BlobCommitments::versionedHash).toList();
    assertEquals(0x01, hashes.get(0).get(0));
    BatchHeader header = withDataHash(sealed.header(), hashes);

    // The endpoint answers with the blobs in the wrong order and one stranger: order comes from
    // the versioned hashes, the stranger is ignored.
    byte[] stranger = BlobPacking.pack(new byte[] {1, 2, 3}).getFirst();
    chain.mine(
        List.of(chain.appendBlobs(header, List.of(stranger, blobs.get(1), blobs.get(0)), hashes)));
    List<DerivationEvent> events =
        L1DerivationTest.drain(
            new L1Derivation(chain, ROLLUP, DOMAIN, L1Derivation.Options.from(0), a -> false));
    Decoded decoded =
        assertInstanceOf(
            Decoded.class, assertInstanceOf(BatchDerived.class, events.getFirst()).batch().content());
    assertEquals(sealed.posted().postStateRoots(), decoded.batch().postStateRoots());
    assertEquals(160, decoded.batch().records().size());

    // An endpoint that returns a blob that does not commit to the hash: not available, retried.
    ScriptedL1Chain lying = new ScriptedL1Chain(ROLLUP);
    byte[] forged = blobs.get(1).clone();
    forged[100] ^= 1;
    lying.mine(List.of(lying.appendBlobs(header, List.of(blobs.get(0), forged), hashes)));
    L1Derivation derivation =
        new L1Derivation(lying, ROLLUP, DOMAIN, L1Derivation.Options.from(0), a -> false);
    L1Exception missing = assertThrows(L1Exception.class, derivation::advance);
    assertTrue(missing.getMessage().contains(hashes.get(1).toString()), missing.getMessage());
  }

  @Test
  void blobsWhoseBytesAfterTheDataAreNotZeroAreADataFault() {
    ScriptedL1Chain chain = new ScriptedL1Chain(ROLLUP);
    TestSequencer sequencer = new TestSequencer(DOMAIN);
    RecordSigner owner = RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(78));
    sequencer.submit(owner, nonce -> Record.put(nonce, "s", "k".getBytes(StandardCharsets.US_ASCII), new byte[] {1}));
    List<byte[]> blobs = new ArrayList<>();
    TestSequencer.Sealed sealed =
        sequencer.seal(
            data -> {
              byte[] trailing = java.util.Arrays.copyOf(data, data.length + 1);
              trailing[data.length] = 9;
              blobs.addAll(BlobPacking.pack(trailing));
              return data;
            },
            header -> header);
    List<Bytes32> hashes = blobs.stream().map(BlobCommitments::versionedHash).toList();
    chain.mine(List.of(chain.appendBlobs(withDataHash(sealed.header(), hashes), blobs, hashes)));
    List<DerivationEvent> events =
        L1DerivationTest.drain(
            new L1Derivation(chain, ROLLUP, DOMAIN, L1Derivation.Options.from(0), a -> false));
    DataFault fault =
        assertInstanceOf(
            DataFault.class, assertInstanceOf(BatchDerived.class, events.getFirst()).batch().content());
    assertEquals(DerivedBatch.FaultKind.UNDECODABLE, fault.kind());
  }

  @Test
  void aBlobOfTheWrongSizeHasNoVersionedHash() {
    assertThrows(IllegalArgumentException.class, () -> BlobCommitments.versionedHash(new byte[10]));
    byte[] notAFieldElement = new byte[BlobPacking.BLOB_SIZE];
    java.util.Arrays.fill(notAFieldElement, 0, 32, (byte) 0xff);
    assertThrows(IllegalArgumentException.class, () -> BlobCommitments.versionedHash(notAFieldElement));
  }

  private static BatchHeader withDataHash(BatchHeader h, List<Bytes32> versionedHashes) {
    byte[] joined = new byte[32 * versionedHashes.size()];
    for (int i = 0; i < versionedHashes.size(); i++) {
      versionedHashes.get(i).copyTo(joined, 32 * i);
    }
    return new BatchHeader(
        h.index(), h.prevHeaderHash(), h.firstSequence(), h.recordCount(), Keccak.hash32(joined),
        h.recordsRoot(), h.rootsRoot(), h.preStateRoot(), h.postStateRoot());
  }
}
