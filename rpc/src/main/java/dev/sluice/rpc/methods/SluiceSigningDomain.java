package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.state.record.Eip712Domain;
import java.util.List;

/**
 * {@code sluice_signingDomain}: the whole EIP-712 domain records are signed under, so a client can
 * build the typed data ({@code eth_signTypedData_v4}) without configuring it by hand.
 */
public final class SluiceSigningDomain implements SynchronousJsonRpcMethod {
  private final Eip712Domain domain;

  public SluiceSigningDomain(Eip712Domain domain) {
    this.domain = domain;
  }

  /** The domain on the wire. */
  public record DomainResult(
      String name, String version, String chainId, String verifyingContract) {
    static final JsonSchema SCHEMA =
        JsonSchema.object()
            .required("name", JsonSchema.string())
            .required("version", JsonSchema.string())
            .required("chainId", JsonSchema.QUANTITY)
            .required("verifyingContract", JsonSchema.ADDRESS)
            .open()
            .build();
  }

  @Override
  public String getName() {
    return "sluice_signingDomain";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns the EIP-712 domain records are signed under.",
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract) with"
            + " name Sluice, version 1, the L2 chain id and the rollup contract on L1. The record"
            + " type is Record(uint64 nonce,uint8 op,string stream,bytes key,bytes value).",
        List.of(),
        new MethodDescription.Result("domain", DomainResult.SCHEMA, "the signing domain"),
        List.of());
  }

  @Override
  public DomainResult result(JsonRpcRequestContext context) {
    return new DomainResult(
        "Sluice", "1", Quantity.format(domain.chainId()), domain.verifyingContract().toHex());
  }
}
