package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.subscriptions.ConnectionSubscriptions;
import java.util.List;

/** {@code sluice_unsubscribe}: ends one of this connection's subscriptions. */
public final class SluiceUnsubscribe implements SynchronousJsonRpcMethod {
  private static final Param<Long> SUBSCRIPTION =
      Param.required(
          "subscription", ParameterType.QUANTITY, "the id sluice_subscribe answered with");

  @Override
  public String getName() {
    return "sluice_unsubscribe";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Ends a subscription of this connection (WebSocket only).",
        "Answers true if the subscription existed; no notification for it follows the answer.",
        List.of(SUBSCRIPTION),
        new MethodDescription.Result("ended", JsonSchema.BOOLEAN, "whether it existed"),
        List.of());
  }

  @Override
  public Boolean result(JsonRpcRequestContext context) {
    ConnectionSubscriptions.Scope subscriptions =
        context.caller().subscriptions().orElseThrow(SluiceSubscribe::needsWebSocket);
    return subscriptions.unsubscribe(Quantity.format(context.parameters().required(SUBSCRIPTION)));
  }
}
