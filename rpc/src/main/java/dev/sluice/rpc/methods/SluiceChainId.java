package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.state.record.Eip712Domain;
import java.util.List;

/** {@code sluice_chainId}: the L2 chain id records are signed for. */
public final class SluiceChainId implements SynchronousJsonRpcMethod {
  private final Eip712Domain domain;

  public SluiceChainId(Eip712Domain domain) {
    this.domain = domain;
  }

  @Override
  public String getName() {
    return "sluice_chainId";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns the chain id of the EIP-712 domain records are signed under.",
        "With the rollup contract address (in the OpenRPC info and docs/rpc.md) it makes the"
            + " signing domain: name Sluice, version 1.",
        List.of(),
        new MethodDescription.Result("chainId", JsonSchema.QUANTITY, "the L2 chain id"),
        List.of());
  }

  @Override
  public String result(JsonRpcRequestContext context) {
    return Quantity.format(domain.chainId());
  }
}
