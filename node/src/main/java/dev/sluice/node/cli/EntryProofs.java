package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.EntryWithProof;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.results.EntryProofResult;
import dev.sluice.state.Bytes32;
import java.util.Optional;

/**
 * An entry proof in the JSON form {@code sluice_getEntry} answers with, which is also what {@code
 * sluice get --json} prints and {@code sluice verify --proof} reads.
 */
final class EntryProofs {
  private EntryProofs() {}

  static EntryWithProof fromJson(JsonNode json, String where) {
    try {
      EntryProofResult entry =
          JsonCodec.forClients().mapper().treeToValue(json, EntryProofResult.class);
      if (entry == null || entry.proof() == null || entry.root() == null) {
        throw new IllegalArgumentException("missing fields");
      }
      return new EntryWithProof(
          entry.stream(),
          HexData.parse(entry.key()),
          Bytes32.fromHex(entry.treeKey()),
          Optional.ofNullable(entry.value()).map(HexData::parse),
          Bytes32.fromHex(entry.root()),
          Quantity.parse(entry.sequence()),
          entry.proof().toSmtProof());
    } catch (Exception bad) {
      throw new CliException(
          where + " is not an entry proof as 'sluice get --json' prints it: " + bad.getMessage(),
          ExitCodes.USAGE);
    }
  }
}
