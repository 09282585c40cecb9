package dev.sluice.state.stf;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.smt.SmtProof;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * State known only through a witness, starting from a root: each access consumes the next proof,
 * checks it against the current root and moves the root as a write requires. This is what the
 * rollup contract's verifier does on chain; running the transition function over it checks a
 * fraud proof before it is sent, and pins the Java and Solidity verifiers to the same rules.
 */
public final class WitnessedState implements StateAccess {
  private final List<StateWitness> witnesses;
  private Bytes32 root;
  private int next;

  public WitnessedState(Bytes32 preStateRoot, List<StateWitness> witnesses) {
    this.root = preStateRoot;
    this.witnesses = List.copyOf(witnesses);
  }

  /** The root after the accesses so far. */
  public Bytes32 root() {
    return root;
  }

  /** Whether every witness was used: a witness with extra proofs is not a valid witness. */
  public boolean fullyConsumed() {
    return next == witnesses.size();
  }

  @Override
  public Optional<byte[]> get(Bytes32 treeKey) {
    StateWitness witness = take(StateWitness.Kind.GET, treeKey);
    Optional<Bytes32> valueHash = witness.proof().valueHashOf(treeKey);
    if (valueHash.isEmpty()) {
      requireNoPreimage(witness);
      return Optional.empty();
    }
    byte[] preimage = witness.preimage();
    if (!Arrays.equals(Keccak.hash(preimage), valueHash.get().toArray())) {
      throw new InvalidWitnessException("the preimage of " + treeKey + " does not match its leaf");
    }
    return Optional.of(preimage);
  }

  @Override
  public boolean contains(Bytes32 treeKey) {
    return takeWithoutPreimage(StateWitness.Kind.GET, treeKey).valueHashOf(treeKey).isPresent();
  }

  @Override
  public void put(Bytes32 treeKey, byte[] preimage) {
    SmtProof proof = takeWithoutPreimage(StateWitness.Kind.PUT, treeKey);
    root = proof.rootAfterPut(treeKey, Keccak.hash32(preimage));
  }

  @Override
  public void delete(Bytes32 treeKey) {
    SmtProof proof = takeWithoutPreimage(StateWitness.Kind.DELETE, treeKey);
    try {
      root = proof.rootAfterDelete(treeKey);
    } catch (IllegalArgumentException incomplete) {
      throw new InvalidWitnessException(incomplete.getMessage());
    }
  }

  /**
   * Takes a witness that must carry no preimage: each witness has exactly one valid form, as the
   * contract's verifier requires, so nobody can pad a fraud proof with bytes it ignores.
   */
  private SmtProof takeWithoutPreimage(StateWitness.Kind kind, Bytes32 treeKey) {
    StateWitness witness = take(kind, treeKey);
    requireNoPreimage(witness);
    return witness.proof();
  }

  private void requireNoPreimage(StateWitness witness) {
    if (witness.preimage().length != 0) {
      throw new InvalidWitnessException(
          "access " + (next - 1) + " (" + witness.kind() + " " + witness.treeKey()
              + ") carries a preimage it has no use for");
    }
  }

  private StateWitness take(StateWitness.Kind kind, Bytes32 treeKey) {
    if (next >= witnesses.size()) {
      throw new InvalidWitnessException("the witness ends before access " + next);
    }
    StateWitness witness = witnesses.get(next);
    if (witness.kind() != kind || !witness.treeKey().equals(treeKey)) {
      throw new InvalidWitnessException(
          "access " + next + " is " + kind + " " + treeKey + ", the witness has " + witness.kind()
              + " " + witness.treeKey());
    }
    if (!witness.proof().verify(root, treeKey)) {
      throw new InvalidWitnessException("the proof of access " + next + " does not verify against " + root);
    }
    next++;
    return witness;
  }

  /** A witness that does not prove what the transition function needs. */
  public static final class InvalidWitnessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidWitnessException(String message) {
      super(message);
    }
  }
}
