package dev.sluice.state.stf;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtProof;
import java.util.Arrays;

/**
 * The proof for one state access of the transition function (docs/protocol.md §3.4), against the
 * root current at that access.
 *
 * @param preimage the leaf's preimage for a {@code GET} whose value the transition function reads
 *     (account, stream) when the leaf is present; empty otherwise, including presence checks
 */
public record StateWitness(Kind kind, Bytes32 treeKey, SmtProof proof, byte[] preimage) {

  /** What the transition function did at this access. */
  public enum Kind {
    GET,
    PUT,
    DELETE
  }

  public StateWitness {
    preimage = preimage.clone();
  }

  @Override
  public byte[] preimage() {
    return preimage.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StateWitness that
        && kind == that.kind
        && treeKey.equals(that.treeKey)
        && proof.equals(that.proof)
        && Arrays.equals(preimage, that.preimage);
  }

  @Override
  public int hashCode() {
    return (kind.hashCode() * 31 + treeKey.hashCode()) * 31 + proof.hashCode();
  }
}
