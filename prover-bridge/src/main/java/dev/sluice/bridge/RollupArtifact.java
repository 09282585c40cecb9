package dev.sluice.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled SluiceRollup contract as the {@code sluice-l1-contracts} jar ships it: the classpath
 * resource {@code dev/sluice/contracts/SluiceRollup.json} with {@code abi}, {@code bytecode} and
 * {@code deployedBytecode}. Loading it from the classpath keeps the Java side on the very contract
 * that the Foundry tests of the same build checked.
 *
 * @param abiJson the contract's ABI, as a JSON array
 * @param bytecode the creation code, without constructor arguments
 * @param deployedBytecode the runtime code a deployment leaves at the contract's address
 */
public record RollupArtifact(String abiJson, byte[] bytecode, byte[] deployedBytecode) {

  /** Where the artifact sits on the classpath. */
  public static final String RESOURCE = "dev/sluice/contracts/SluiceRollup.json";

  public RollupArtifact {
    bytecode = bytecode.clone();
    deployedBytecode = deployedBytecode.clone();
  }

  /**
   * Reads the artifact from the classpath.
   *
   * @throws IllegalStateException if the resource is missing (the {@code sluice-l1-contracts} jar
   *     is not on the classpath) or malformed
   */
  public static RollupArtifact load() {
    ClassLoader loader = RollupArtifact.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath: the sluice-l1-contracts jar is missing");
      }
      JsonNode json = JsonMapper.builder().build().readTree(in);
      return new RollupArtifact(
          require(json, "abi").toString(),
          hex(require(json, "bytecode").asString()),
          hex(require(json, "deployedBytecode").asString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    } catch (JacksonException e) {
      throw new IllegalStateException(RESOURCE + " is not valid JSON", e);
    }
  }

  @Override
  public byte[] bytecode() {
    return bytecode.clone();
  }

  @Override
  public byte[] deployedBytecode() {
    return deployedBytecode.clone();
  }

  private static JsonNode require(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      throw new IllegalStateException(RESOURCE + " has no " + field);
    }
    return node;
  }

  private static byte[] hex(String value) {
    String digits = value.startsWith("0x") ? value.substring(2) : value;
    if (digits.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " holds empty bytecode");
    }
    return HexFormat.of().parseHex(digits);
  }
}
