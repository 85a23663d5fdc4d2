package io.parley.sdk.rpc;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link SubscriptionClient} exchanges WebSocket text messages with a node. The SDK's own
 * {@link JdkWebSocketTransport} uses the JDK's WebSocket, so wallets need no network library; the
 * node's processes plug in a Netty one (docs/adr/0048-netty-rpc-client.md).
 */
public interface WebSocketTransport {
  /**
   * Opens a WebSocket to {@code endpoint}; the future completes once the handshake is done, or
   * fails with the reason it could not be. {@code listener} hears every whole text message, then
   * one close or error.
   */
  CompletableFuture<Connection> open(URI endpoint, Duration timeout, Listener listener);

  /** One open WebSocket. */
  interface Connection {
    /** Sends one whole text message; the future completes when it is written. */
    CompletableFuture<Void> sendText(String text);

    /** Starts the closing handshake; the connection is released when it ends. */
    void sendClose(int code, String reason);
  }

  /** What arrives on a connection; called on the transport's thread, never concurrently. */
  interface Listener {
    /** A whole text message (fragments already joined). */
    void onText(String message);

    /** The node closed the connection with {@code code} and {@code reason}. */
    void onClose(int code, String reason);

    /** The connection failed (or ended without a closing handshake). */
    void onError(Throwable error);
  }
}
