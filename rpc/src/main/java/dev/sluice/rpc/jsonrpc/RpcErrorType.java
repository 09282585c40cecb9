package dev.sluice.rpc.jsonrpc;

/**
 * Every error this node answers with. The JSON-RPC 2.0 codes first, then Sluice's own in the
 * server-error range; docs/rpc.md lists them with what a client should do about each.
 *
 * <p>Several kinds share -32005 ("limit exceeded", as EIP-1474 numbers it): a client backs off for
 * all of them, and the message says which limit it met.
 */
public enum RpcErrorType {
  PARSE_ERROR(-32700, "Parse error"),
  INVALID_REQUEST(-32600, "Invalid request"),
  METHOD_NOT_FOUND(-32601, "Method not found"),
  INVALID_PARAMS(-32602, "Invalid params"),
  INTERNAL_ERROR(-32603, "Internal error"),

  /** r or s out of range, high s, or no public key recovers: the record was not signed right. */
  INVALID_SIGNATURE(-32001, "Invalid signature"),
  /** The request said it signed for another chain id or rollup contract than this node's. */
  WRONG_CHAIN(-32002, "Wrong chain"),
  /** The sender already used this nonce: a replay or a duplicate. */
  NONCE_TOO_LOW(-32003, "Nonce too low"),
  /** The nonce is ahead of the sender's next one; earlier records are missing. */
  NONCE_TOO_HIGH(-32004, "Nonce too high"),
  /** A size or count limit: body, batch, WebSocket message, connections, subscriptions. */
  LIMIT_EXCEEDED(-32005, "Limit exceeded"),
  /** A queue is full; retry after a short wait. */
  BUSY(-32005, "Busy"),
  /** The caller's address or the record's signer sent faster than its rate limit. */
  RATE_LIMITED(-32005, "Rate limited"),
  /** The record is larger than a record may be. */
  RECORD_TOO_LARGE(-32006, "Record too large"),
  /** An operator paused sequencing. */
  PAUSED(-32007, "Sequencing paused"),
  /** What was asked for does not exist yet on this node (batches) or is past its retention. */
  NOT_AVAILABLE(-32008, "Not available"),
  /** The record was sequenced but its receipt did not arrive within the wait. */
  TIMEOUT(-32009, "Timed out"),
  /** The operator port needs a valid JWT. */
  UNAUTHORIZED(-32010, "Unauthorized"),
  /** The Host or Origin header is not on the allowlist. */
  FORBIDDEN(-32011, "Forbidden");

  private final int code;
  private final String title;

  RpcErrorType(int code, String title) {
    this.code = code;
    this.title = title;
  }

  public int code() {
    return code;
  }

  /** A short fixed name for the kind of error; messages say more. */
  public String title() {
    return title;
  }
}
