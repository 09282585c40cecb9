package dev.sluice.rpc.methods.admin;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import java.util.List;

/**
 * {@code admin_faultStatus}: a placeholder for the watcher's view of posted roots. It says that
 * nothing is watched until the watcher exists, rather than reporting "no faults".
 */
public final class AdminFaultStatus implements SynchronousJsonRpcMethod {

  /** The watcher's report; {@code watching} false until there is a watcher. */
  public record FaultStatusResult(
      boolean watching, String status, String lastCheckedBatch, List<String> faults) {}

  @Override
  public String getName() {
    return "admin_faultStatus";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Reports whether posted state roots are being checked, and any fault found.",
        "A placeholder until the watcher is connected: watching is false, lastCheckedBatch and"
            + " faults are null. Null faults means \"not checked\", never \"no faults\".",
        List.of(),
        new MethodDescription.Result(
            "faultStatus",
            JsonSchema.object()
                .required("watching", JsonSchema.BOOLEAN)
                .required("status", JsonSchema.string())
                .required("lastCheckedBatch", JsonSchema.QUANTITY.orNull())
                .required("faults", JsonSchema.arrayOf(JsonSchema.object().open().build()).orNull())
                .open()
                .build(),
            "the watcher's report"),
        List.of());
  }

  @Override
  public FaultStatusResult result(JsonRpcRequestContext context) {
    return new FaultStatusResult(
        false, "not connected: no watcher checks posted roots on this node yet", null, null);
  }
}
