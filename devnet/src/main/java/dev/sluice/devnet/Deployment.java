package dev.sluice.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.state.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The rollup contract a devnet deployed on its L1, kept beside the chain's state so that a resumed
 * devnet finds the same contract (and so the same EIP-712 domain) instead of deploying another.
 */
public record Deployment(
    Address rollupAddress, long l1ChainId, long l2ChainId, long challengeWindowSeconds) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public void write(Path file) throws IOException {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("rollupAddress", rollupAddress.toHex());
    json.put("l1ChainId", l1ChainId);
    json.put("l2ChainId", l2ChainId);
    json.put("challengeWindowSeconds", challengeWindowSeconds);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static Deployment read(Path file) throws IOException {
    try {
      JsonNode json = MAPPER.readTree(file.toFile());
      return new Deployment(
          Address.fromHex(json.required("rollupAddress").asText()),
          json.required("l1ChainId").asLong(),
          json.required("l2ChainId").asLong(),
          json.required("challengeWindowSeconds").asLong());
    } catch (IllegalArgumentException bad) {
      throw new IOException(file + " is damaged: " + bad.getMessage(), bad);
    }
  }
}
