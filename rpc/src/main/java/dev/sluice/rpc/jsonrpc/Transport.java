package dev.sluice.rpc.jsonrpc;

/** How a request reached the node. */
public enum Transport {
  HTTP,
  WEBSOCKET,
  /** The operator port. */
  ADMIN
}
