package dev.sluice.state.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtProof;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON output of the vectors: stable key order, two-space indent, LF line ends. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String write(Object value) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  static Map<String, Object> proof(SmtProof proof) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("siblings", proof.siblings().stream().map(Bytes32::toHex).toList());
    json.put("terminal", proof.terminalIsLeaf() ? 1 : 0);
    json.put("leafKey", proof.leafKey().toHex());
    json.put("leafValueHash", proof.leafValueHash().toHex());
    json.put("siblingKind", proof.siblingKind().code());
    json.put("siblingFirst", proof.siblingFirst().toHex());
    json.put("siblingSecond", proof.siblingSecond().toHex());
    return json;
  }
}
