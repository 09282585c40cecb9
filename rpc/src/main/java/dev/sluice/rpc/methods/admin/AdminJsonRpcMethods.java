package dev.sluice.rpc.methods.admin;

import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.sequencer.Sequencer;
import java.util.List;

/** The {@code admin_} methods of the operator port. */
public final class AdminJsonRpcMethods {
  private AdminJsonRpcMethods() {}

  public static List<JsonRpcMethod> create(
      OperatorControls controls, Sequencer sequencer, long chainId) {
    return List.of(
        new AdminPause(controls, sequencer, chainId),
        new AdminResume(controls, sequencer, chainId),
        new AdminCheckpoint(controls),
        new AdminFaultStatus());
  }
}
