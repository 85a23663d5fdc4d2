package io.parley.node.rpc;

/**
 * Bounds of the WebSocket side of the RPC port (docs/rpc.md, "WebSocket"). A WebSocket message is
 * limited like an HTTP body, by {@link RpcServerConfig#maxBodyBytes()}.
 *
 * @param maxConnections open WebSocket connections; one more upgrade is refused (HTTP 503, 4291)
 * @param maxSubscriptions subscriptions on one connection; one more is refused (4061)
 * @param maxPendingBytes answers and notifications of one connection waiting to be sent; a message
 *     that would exceed it closes the connection (1008), unless nothing else is waiting
 */
public record WebSocketLimits(int maxConnections, int maxSubscriptions, int maxPendingBytes) {
  public static final WebSocketLimits DEFAULTS = new WebSocketLimits(64, 32, 4 * 1024 * 1024);

  public WebSocketLimits {
    if (maxConnections < 1 || maxSubscriptions < 1 || maxPendingBytes < 4096) {
      throw new IllegalArgumentException(
          "WebSocket limits must be positive (pending bytes at least 4096)");
    }
  }
}
