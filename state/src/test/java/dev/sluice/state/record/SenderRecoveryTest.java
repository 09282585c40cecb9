package dev.sluice.state.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SenderRecoveryTest {
  private static final SenderRecovery BOUNCY_CASTLE = new BouncyCastleSenderRecovery();
  private static final SenderRecovery NATIVE =
      NativeSenderRecovery.load().orElseThrow(() -> new AssertionError("libsecp256k1 did not load"));
  private static final List<SenderRecovery> ALL = List.of(BOUNCY_CASTLE, NATIVE);
  private static final Eip712Domain DOMAIN = RecordFixtures.DOMAIN;

  @Test
  void shouldRecoverTheSignerWithEveryImplementation() {
    Random random = new Random(1);
    for (int i = 0; i < 100; i++) {
      RecordSigner signer = RecordFixtures.signer(1 + random.nextInt(1 << 30));
      SignedRecord signed = signer.sign(RecordFixtures.randomRecord(random));
      Bytes32 digest = DOMAIN.digest(signed.record());
      assertTrue(signed.signature().hasValidScalars(), "the signer must produce low-s");
      for (SenderRecovery recovery : ALL) {
        assertEquals(Optional.of(signer.address()), recovery.recover(digest, signed.signature()), recovery.name());
      }
    }
  }

  @Test
  void shouldKnowTheAddressOfAWellKnownKey() {
    // Anvil's first development account.
    RecordSigner signer =
        RecordSigner.ofPrivateKey(
            DOMAIN, new BigInteger("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16));
    assertEquals(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), signer.address());
  }

  @Test
  void shouldRejectTheHighSTwinOfAValidSignature() {
    RecordSigner signer = RecordFixtures.signer(77);
    SignedRecord signed = signer.sign(Record.put(0, "s", new byte[] {1}, new byte[0]));
    Signature low = signed.signature();
    Signature high = Signature.of(low.r(), Signature.CURVE_ORDER.subtract(low.s()), low.v() == 27 ? 28 : 27);
    Bytes32 digest = DOMAIN.digest(signed.record());
    for (SenderRecovery recovery : ALL) {
      assertEquals(Optional.empty(), recovery.recover(digest, high), recovery.name());
    }
  }

  @Test
  void shouldRejectScalarsOutOfRange() {
    RecordSigner signer = RecordFixtures.signer(78);
    SignedRecord signed = signer.sign(Record.put(0, "s", new byte[] {1}, new byte[0]));
    Signature good = signed.signature();
    BigInteger n = Signature.CURVE_ORDER;
    List<Signature> bad =
        List.of(
            Signature.of(BigInteger.ZERO, good.s(), good.v()),
            Signature.of(good.r(), BigInteger.ZERO, good.v()),
            Signature.of(n, good.s(), good.v()),
            Signature.of(n.add(BigInteger.ONE), good.s(), good.v()),
            Signature.of(good.r(), Signature.HALF_CURVE_ORDER.add(BigInteger.ONE), good.v()),
            Signature.of(BigInteger.TWO.pow(256).subtract(BigInteger.ONE), good.s(), good.v()));
    Bytes32 digest = DOMAIN.digest(signed.record());
    for (Signature signature : bad) {
      for (SenderRecovery recovery : ALL) {
        assertEquals(Optional.empty(), recovery.recover(digest, signature), recovery.name() + " " + signature);
      }
    }
  }

  @Test
  void shouldAgreeOnRandomSignatures() {
    Random random = new Random(3);
    int recovered = 0;
    for (int i = 0; i < 300; i++) {
      Signature signature = RecordFixtures.randomSignature(random);
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      Optional<Address> expected = BOUNCY_CASTLE.recover(Bytes32.wrap(digest), signature);
      assertEquals(expected, NATIVE.recover(Bytes32.wrap(digest), signature), signature.toString());
      recovered += expected.isPresent() ? 1 : 0;
    }
    assertTrue(recovered > 0, "some random signatures should recover some key");
  }

  @Test
  void shouldRecoverAnotherSenderUnderAnotherDomain() {
    RecordSigner signer = RecordFixtures.signer(79);
    SignedRecord signed = signer.sign(Record.put(0, "s", new byte[] {1}, new byte[0]));
    Eip712Domain otherChain = new Eip712Domain(DOMAIN.chainId() + 1, DOMAIN.verifyingContract());
    for (SenderRecovery recovery : ALL) {
      Optional<Address> sender = recovery.recover(otherChain.digest(signed.record()), signed.signature());
      assertNotEquals(Optional.of(signer.address()), sender, recovery.name());
    }
  }

  @Test
  void shouldPreferTheNativeImplementationWhenItLoads() {
    assertEquals("libsecp256k1", SenderRecovery.fastestAvailable().name());
  }
}
