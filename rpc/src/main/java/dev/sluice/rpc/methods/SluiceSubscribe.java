package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.InvalidJsonRpcParametersException;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.subscriptions.ConnectionSubscriptions;
import dev.sluice.rpc.subscriptions.SubscriptionKind;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sluice_subscribe}: over a WebSocket, delivers every sequenced record or its receipt, in
 * order and without gaps, optionally for one stream; or ({@code batches}) every lifecycle change of
 * a batch the node posts to L1.
 */
public final class SluiceSubscribe implements SynchronousJsonRpcMethod {
  private static final Param<SubscriptionKind> KIND =
      Param.required(
          "kind",
          ParameterType.of(
              JsonSchema.enumOf(
                  Arrays.stream(SubscriptionKind.values())
                      .map(SubscriptionKind::wireName)
                      .toList()),
              (value, name) ->
                  SubscriptionKind.ofWireName(ParameterType.parseText(value, name))
                      .orElseThrow(
                          () ->
                              new InvalidJsonRpcParametersException(
                                  name,
                                  "must be \"records\", \"receipts\" or \"batches\", got "
                                      + value))),
          "records: each record as sluice_getRecord returns it; receipts: each receipt;"
              + " batches: each stage change of a posted batch, as sluice_getBatch returns it");
  private static final Param<SubscriptionFilter> FILTER =
      Param.optional("filter", SubscriptionFilter.TYPE, "a stream to follow and where to start");

  @Override
  public String getName() {
    return "sluice_subscribe";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Subscribes to sequenced records, receipts or batch lifecycle changes (WebSocket only).",
        "Answers with a subscription id; then each record (or receipt) comes as a"
            + " sluice_subscription notification {subscription, result}, in sequence order and"
            + " without gaps. A subscriber that reads too slowly is ended with a"
            + " sluice_subscriptionEnded notification {subscription, reason, resumeFromSequence};"
            + " subscribing again with fromSequence = resumeFromSequence continues without a gap."
            + " The batches kind takes no filter and delivers, from now on, each stage change of a"
            + " batch this node posts (batched, included, finalized, reverted), in the order the"
            + " poster observes them; after a drop, sluice_getBatch gives the current state.",
        List.of(KIND, FILTER),
        new MethodDescription.Result("subscription", JsonSchema.QUANTITY, "the subscription id"),
        List.of(RpcErrorType.LIMIT_EXCEEDED));
  }

  @Override
  public String result(JsonRpcRequestContext context) {
    ConnectionSubscriptions.Scope subscriptions =
        context.caller().subscriptions().orElseThrow(SluiceSubscribe::needsWebSocket);
    SubscriptionKind kind = context.parameters().required(KIND);
    SubscriptionFilter filter =
        context.parameters().optional(FILTER).orElse(SubscriptionFilter.NONE);
    if (kind == SubscriptionKind.BATCHES && !filter.equals(SubscriptionFilter.NONE)) {
      throw new InvalidJsonRpcParametersException(
          "filter", "the batches kind takes no filter");
    }
    return subscriptions.subscribe(kind, filter.stream(), filter.fromSequence());
  }

  static JsonRpcErrorException needsWebSocket() {
    return new JsonRpcErrorException(
        RpcErrorType.METHOD_NOT_FOUND,
        "subscriptions need a WebSocket connection: connect to /ws on this port");
  }
}
