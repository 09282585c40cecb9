package dev.sluice.rpc;

import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import java.math.BigInteger;

/** The signing domain and keys of the tests: fixed, so failures reproduce. */
public final class TestKeys {
  public static final long CHAIN_ID = 31337;
  public static final Address CONTRACT =
      Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  public static final Eip712Domain DOMAIN = new Eip712Domain(CHAIN_ID, CONTRACT);

  private TestKeys() {}

  /** A signer whose private key is {@code seed}. */
  public static RecordSigner signer(long seed) {
    return RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(seed));
  }

  /** A signer of the same key under another domain: its signatures recover someone else. */
  public static RecordSigner signer(long seed, Eip712Domain domain) {
    return RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(seed));
  }
}
