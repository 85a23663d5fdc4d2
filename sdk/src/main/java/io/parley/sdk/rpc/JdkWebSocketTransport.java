package io.parley.sdk.rpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link WebSocketTransport} over the JDK's {@link WebSocket}: the SDK's default. */
public final class JdkWebSocketTransport implements WebSocketTransport {
  @Override
  public CompletableFuture<Connection> open(URI endpoint, Duration timeout, Listener listener) {
    return HttpClient.newBuilder()
        .connectTimeout(timeout)
        .build()
        .newWebSocketBuilder()
        .connectTimeout(timeout)
        .buildAsync(endpoint, new Frames(listener))
        .thenApply(JdkConnection::new);
  }

  private record JdkConnection(WebSocket socket) implements Connection {
    @Override
    public CompletableFuture<Void> sendText(String text) {
      return socket.sendText(text, true).thenApply(s -> null);
    }

    @Override
    public void sendClose(int code, String reason) {
      socket.sendClose(code, reason);
    }
  }

  /** Joins the JDK's partial text deliveries into whole messages. */
  private static final class Frames implements WebSocket.Listener {
    private final Listener listener;
    private final StringBuilder partial = new StringBuilder();

    Frames(Listener listener) {
      this.listener = listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        listener.onText(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      listener.onClose(statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      listener.onError(error);
    }
  }
}
