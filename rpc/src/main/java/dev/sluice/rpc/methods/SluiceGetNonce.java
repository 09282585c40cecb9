package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.Address;
import java.util.List;

/** {@code sluice_getNonce}: the next nonce the sequencer accepts from an account. */
public final class SluiceGetNonce implements SynchronousJsonRpcMethod {
  private static final Param<Address> ACCOUNT =
      Param.required("account", ParameterType.ADDRESS, "the sender's address");

  private final Sequencer sequencer;

  public SluiceGetNonce(Sequencer sequencer) {
    this.sequencer = sequencer;
  }

  @Override
  public String getName() {
    return "sluice_getNonce";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns the account's next nonce, counting records sequenced but not yet applied.",
        "An account that never sent a record has nonce 0.",
        List.of(ACCOUNT),
        new MethodDescription.Result("nonce", JsonSchema.QUANTITY, "the next nonce"),
        List.of());
  }

  @Override
  public String result(JsonRpcRequestContext context) {
    return Quantity.format(sequencer.nextNonce(context.parameters().required(ACCOUNT)));
  }
}
