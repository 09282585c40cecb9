package dev.sluice.rpc.client;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.smt.SmtProof;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.StateKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * An entry as a node reported it, with its sparse Merkle proof. Nothing here is trusted until
 * {@link #verify} has checked it against a root the caller trusts, recomputing everything it can
 * rather than taking the node's word for it.
 *
 * @param treeKey the tree key the node says it proved
 * @param value the value the node reported; empty when it says the entry is absent
 * @param root the root the node says the proof is against
 * @param sequence the record after which {@code root} is the state root
 */
public record EntryWithProof(
    String stream,
    byte[] key,
    Bytes32 treeKey,
    Optional<byte[]> value,
    Bytes32 root,
    long sequence,
    SmtProof proof) {

  public EntryWithProof {
    key = key.clone();
    value = value.map(byte[]::clone);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public Optional<byte[]> value() {
    return value.map(byte[]::clone);
  }

  /**
   * Checks the proof against {@code trustedRoot}: the tree key is recomputed from the stream and
   * key; the proof must hash up to {@code trustedRoot} along it; and the leaf it proves must hold
   * keccak of the reported value, or prove the key absent when no value was reported.
   *
   * @return the proven value, or empty when the entry is proven absent
   * @throws InvalidProofException naming the check that failed
   */
  public Optional<byte[]> verify(Bytes32 trustedRoot) throws InvalidProofException {
    Bytes32 expectedKey = StateKeys.entry(stream.getBytes(StandardCharsets.US_ASCII), key);
    if (!expectedKey.equals(treeKey)) {
      throw new InvalidProofException(
          "the node proved tree key " + treeKey + ", but the entry's key is " + expectedKey);
    }
    if (!proof.verify(trustedRoot, expectedKey)) {
      throw new InvalidProofException(
          "the proof does not verify against "
              + trustedRoot
              + (root.equals(trustedRoot) ? "" : " (the node says it is against " + root + ")"));
    }
    Optional<Bytes32> provenHash = proof.valueHashOf(expectedKey);
    if (provenHash.isEmpty()) {
      if (value.isPresent()) {
        throw new InvalidProofException(
            "the node reported a value, but the proof shows the entry absent");
      }
      return Optional.empty();
    }
    if (value.isEmpty()) {
      throw new InvalidProofException(
          "the proof shows the entry present, but the node reported no value");
    }
    if (!Arrays.equals(Keccak.hash(value.get()), provenHash.get().toArray())) {
      throw new InvalidProofException("the reported value does not hash to the proven value hash");
    }
    return value();
  }

  /**
   * Checks the proof against a receipt's post-state root: the proof must be for the state right
   * after that receipt's record.
   */
  public Optional<byte[]> verify(Receipt receipt) throws InvalidProofException {
    if (sequence != receipt.sequence()) {
      throw new InvalidProofException(
          "the proof is for the state after record "
              + sequence
              + ", the receipt is of record "
              + receipt.sequence());
    }
    return verify(receipt.postStateRoot());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EntryWithProof that
        && stream.equals(that.stream)
        && Arrays.equals(key, that.key)
        && treeKey.equals(that.treeKey)
        && value.isPresent() == that.value.isPresent()
        && (value.isEmpty() || Arrays.equals(value.get(), that.value.get()))
        && root.equals(that.root)
        && sequence == that.sequence
        && proof.equals(that.proof);
  }

  @Override
  public int hashCode() {
    return (stream.hashCode() * 31 + Arrays.hashCode(key)) * 31 + treeKey.hashCode();
  }
}
