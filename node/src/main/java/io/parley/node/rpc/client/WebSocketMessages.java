package io.parley.node.rpc.client;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.parley.sdk.rpc.WebSocketTransport;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The last handler of a client WebSocket: completes the open future when the handshake is done,
 * then passes whole text messages to the listener and ends with exactly one close or error. Runs on
 * the event loop only and never blocks (the listener only queues and completes futures).
 */
final class WebSocketMessages extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final int NO_STATUS_RECEIVED = 1005;

  private final WebSocketTransport.Listener listener;
  private final CompletableFuture<WebSocketTransport.Connection> opened;
  private final Supplier<WebSocketTransport.Connection> connection;
  private final AtomicBoolean closeSent;
  private boolean ended;

  WebSocketMessages(
      WebSocketTransport.Listener listener,
      CompletableFuture<WebSocketTransport.Connection> opened,
      Supplier<WebSocketTransport.Connection> connection,
      AtomicBoolean closeSent) {
    this.listener = listener;
    this.opened = opened;
    this.connection = connection;
    this.closeSent = closeSent;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      opened.complete(connection.get());
    } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      opened.completeExceptionally(new IOException("the WebSocket handshake timed out"));
      ctx.close();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      listener.onText(text.text());
    } else if (frame instanceof CloseWebSocketFrame close) {
      // A close without a status is reported as 1005, "no status received", as the JDK does.
      int code = close.statusCode() == -1 ? NO_STATUS_RECEIVED : close.statusCode();
      end(() -> listener.onClose(code, close.reasonText()));
      if (closeSent.compareAndSet(false, true)) {
        ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close(); // the echo of our own close: the handshake is over
      }
    }
    // Binary frames carry nothing in JSON-RPC; pings are answered by the protocol handler.
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!opened.completeExceptionally(cause)) {
      end(() -> listener.onError(cause));
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    IOException closed = new IOException("the connection closed without a closing handshake");
    if (!opened.completeExceptionally(closed)) {
      end(() -> listener.onError(closed));
    }
  }

  private void end(Runnable report) {
    if (!ended) {
      ended = true;
      report.run();
    }
  }
}
