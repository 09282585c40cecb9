package dev.sluice.rpc.jsonrpc;

import dev.sluice.rpc.subscriptions.ConnectionSubscriptions;
import java.util.Optional;

/**
 * Who sent a request and over what.
 *
 * @param remoteAddress the peer's IP address, the key of per-address limits
 * @param subscriptions the connection's subscriptions as seen by this message; present only on
 *     WebSocket connections
 */
public record Caller(
    String remoteAddress,
    Transport transport,
    Optional<ConnectionSubscriptions.Scope> subscriptions) {

  public static Caller http(String remoteAddress) {
    return new Caller(remoteAddress, Transport.HTTP, Optional.empty());
  }

  public static Caller admin(String remoteAddress) {
    return new Caller(remoteAddress, Transport.ADMIN, Optional.empty());
  }

  public static Caller webSocket(
      String remoteAddress, ConnectionSubscriptions.Scope subscriptions) {
    return new Caller(remoteAddress, Transport.WEBSOCKET, Optional.of(subscriptions));
  }
}
