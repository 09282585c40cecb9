package dev.sluice.rpc.jsonrpc;

import java.util.Optional;

/**
 * What to send back for one HTTP body or WebSocket message.
 *
 * @param httpStatus 200 for any JSON-RPC answer, including errors, except 429 for a request refused
 *     by a rate limit, 503 when the node is too busy to look at it, and 204 when every request was
 *     a notification
 * @param body the serialised response or batch of responses; empty when there is nothing to send
 */
public record DispatchResult(int httpStatus, Optional<byte[]> body) {}
