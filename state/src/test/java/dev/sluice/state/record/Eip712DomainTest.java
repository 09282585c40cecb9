package dev.sluice.state.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

class Eip712DomainTest {
  private static final Eip712Domain DOMAIN = RecordFixtures.DOMAIN;

  /** web3j's generic EIP-712 encoder, driven from JSON as a wallet would be, is the oracle. */
  @Test
  void shouldMatchAGenericEip712EncoderOnRandomRecords() throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      Record record = RecordFixtures.randomRecord(random);
      byte[] expected = new StructuredDataEncoder(typedDataJson(DOMAIN, record)).hashStructuredData();
      assertEquals(Bytes32.wrap(expected), DOMAIN.digest(record), "case " + i + ": " + record);
    }
  }

  @Test
  void shouldBindTheChainIdAndTheContract() {
    Record record = Record.put(0, "s", new byte[] {1}, new byte[] {2});
    Eip712Domain otherChain = new Eip712Domain(DOMAIN.chainId() + 1, DOMAIN.verifyingContract());
    Eip712Domain otherContract =
        new Eip712Domain(DOMAIN.chainId(), Address.fromHex("0x0000000000000000000000000000000000000001"));
    assertNotEquals(DOMAIN.digest(record), otherChain.digest(record));
    assertNotEquals(DOMAIN.digest(record), otherContract.digest(record));
  }

  static String typedDataJson(Eip712Domain domain, Record record) {
    HexFormat hex = HexFormat.of();
    return """
        {"types":{
           "EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                           {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
           "Record":[{"name":"nonce","type":"uint64"},{"name":"op","type":"uint8"},
                     {"name":"stream","type":"string"},{"name":"key","type":"bytes"},
                     {"name":"value","type":"bytes"}]},
         "primaryType":"Record",
         "domain":{"name":"Sluice","version":"1","chainId":%d,"verifyingContract":"%s"},
         "message":{"nonce":"%s","op":%d,"stream":%s,"key":"0x%s","value":"0x%s"}}
        """
        .formatted(
            domain.chainId(),
            domain.verifyingContract().toHex(),
            Long.toUnsignedString(record.nonce()),
            record.op().code(),
            jsonString(record.stream()),
            hex.formatHex(record.key()),
            hex.formatHex(record.value()));
  }

  private static String jsonString(String ascii) {
    return "\"" + ascii.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
