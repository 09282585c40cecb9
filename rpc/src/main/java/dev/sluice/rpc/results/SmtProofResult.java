package dev.sluice.rpc.results;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtProof;
import java.util.List;
import java.util.Locale;

/** A sparse Merkle proof on the wire, field for field as docs/protocol.md §3.1 defines it. */
public record SmtProofResult(
    List<String> siblings,
    boolean terminalIsLeaf,
    String leafKey,
    String leafValueHash,
    String siblingKind,
    String siblingFirst,
    String siblingSecond) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required(
              "siblings",
              JsonSchema.arrayOf(JsonSchema.HASH).describedAs("root-most first; at most 256"))
          .required("terminalIsLeaf", JsonSchema.BOOLEAN)
          .required("leafKey", JsonSchema.HASH)
          .required("leafValueHash", JsonSchema.HASH)
          .required("siblingKind", JsonSchema.enumOf(List.of("none", "leaf", "internal")))
          .required("siblingFirst", JsonSchema.HASH)
          .required("siblingSecond", JsonSchema.HASH)
          .build();

  public static SmtProofResult of(SmtProof proof) {
    return new SmtProofResult(
        proof.siblings().stream().map(Bytes32::toHex).toList(),
        proof.terminalIsLeaf(),
        proof.leafKey().toHex(),
        proof.leafValueHash().toHex(),
        proof.siblingKind().name().toLowerCase(Locale.ROOT),
        proof.siblingFirst().toHex(),
        proof.siblingSecond().toHex());
  }

  /**
   * The proof these fields describe; whether it proves anything is for {@link SmtProof#verify}.
   *
   * @throws IllegalArgumentException if a field is malformed or there are more than 256 siblings
   */
  public SmtProof toSmtProof() {
    if (siblings == null || siblings.size() > SmtProof.MAX_DEPTH) {
      throw new IllegalArgumentException("a proof has 0 to 256 siblings");
    }
    return new SmtProof(
        siblings.stream().map(Bytes32::fromHex).toList(),
        terminalIsLeaf,
        Bytes32.fromHex(leafKey),
        Bytes32.fromHex(leafValueHash),
        SmtProof.SiblingKind.valueOf(siblingKind.toUpperCase(Locale.ROOT)),
        Bytes32.fromHex(siblingFirst),
        Bytes32.fromHex(siblingSecond));
  }
}
