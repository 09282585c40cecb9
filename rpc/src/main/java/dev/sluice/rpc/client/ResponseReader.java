package dev.sluice.rpc.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.results.EntryProofResult;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.rpc.results.ReceiptResult;
import dev.sluice.rpc.results.RecordResult;
import dev.sluice.rpc.results.SubmissionResult;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.stf.StreamLeaf;
import java.util.Optional;

/**
 * Turns the node's results into SDK types, refusing malformed ones with a {@link
 * SluiceRpcException} rather than letting a bad node cause an arbitrary exception.
 */
final class ResponseReader {
  private final ObjectMapper mapper;

  ResponseReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  long quantity(JsonNode result) {
    return read(() -> Quantity.parse(result.textValue()), "a quantity", result);
  }

  Acknowledgement acknowledgement(JsonNode result) {
    return read(
        () -> as(result, SubmissionResult.class).toAcknowledgement(), "a submission", result);
  }

  RecordReceipt receipt(JsonNode result) {
    return read(
        () -> {
          ReceiptResult receipt = as(result, ReceiptResult.class);
          return new RecordReceipt(receipt.toReceipt(), receipt.lifecycle().toStage());
        },
        "a receipt",
        result);
  }

  Optional<RecordReceipt> optionalReceipt(JsonNode result) {
    return result.isNull() ? Optional.empty() : Optional.of(receipt(result));
  }

  Optional<SequencedRecord> optionalRecord(JsonNode result) {
    if (result.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        read(() -> as(result, RecordResult.class).toSequencedRecord(), "a record", result));
  }

  SequencedRecord record(JsonNode result) {
    return read(() -> as(result, RecordResult.class).toSequencedRecord(), "a record", result);
  }

  EntryWithProof entry(JsonNode result) {
    return read(
        () -> {
          EntryProofResult entry = as(result, EntryProofResult.class);
          return new EntryWithProof(
              entry.stream(),
              HexData.parse(entry.key()),
              Bytes32.fromHex(entry.treeKey()),
              Optional.ofNullable(entry.value()).map(HexData::parse),
              Bytes32.fromHex(entry.root()),
              Quantity.parse(entry.sequence()),
              entry.proof().toSmtProof());
        },
        "an entry proof",
        result);
  }

  Optional<StreamLeaf> stream(JsonNode result) {
    if (result.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        read(
            () ->
                new StreamLeaf(
                    Address.fromHex(result.path("owner").textValue()),
                    Quantity.parse(result.path("recordCount").textValue()),
                    Bytes32.fromHex(result.path("head").textValue())),
            "a stream",
            result));
  }

  NodeStatusResult status(JsonNode result) {
    return read(() -> as(result, NodeStatusResult.class), "a node status", result);
  }

  Eip712Domain domain(JsonNode result) {
    return read(
        () ->
            new Eip712Domain(
                Quantity.parse(result.path("chainId").textValue()),
                Address.fromHex(result.path("verifyingContract").textValue())),
        "a signing domain",
        result);
  }

  private <T> T as(JsonNode node, Class<T> type) throws JsonProcessingException {
    return mapper.treeToValue(node, type);
  }

  private static <T> T read(Reading<T> reading, String what, JsonNode result) {
    try {
      T value = reading.read();
      if (value == null) {
        throw new IllegalArgumentException("null");
      }
      return value;
    } catch (JsonProcessingException | RuntimeException malformed) {
      throw new SluiceRpcException(
          "the node answered with something that is not " + what + ": " + clip(result.toString()),
          malformed);
    }
  }

  private static String clip(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }

  @FunctionalInterface
  private interface Reading<T> {
    T read() throws JsonProcessingException;
  }
}
