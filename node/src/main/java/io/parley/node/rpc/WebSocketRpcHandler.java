package io.parley.node.rpc;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over one WebSocket connection: each text message is a request body as over HTTP, run on
 * the shared worker pool (never on the event loop) with the same timeout, and answered in a text
 * message. At most {@link #MAX_IN_FLIGHT} messages of a connection run at once; beyond that the
 * connection is not read until one finishes. A silent client is pinged every {@link
 * #PING_AFTER_SECONDS} seconds and closed (1001) after three silent periods.
 */
final class WebSocketRpcHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  static final int MAX_IN_FLIGHT = 16;
  static final int PING_AFTER_SECONDS = 20;
  static final int SILENT_PERIODS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketRpcHandler.class);

  private final JsonRpcProcessor processor;
  private final RpcServerConfig config;
  private final ExecutorService workers;
  private final WebSocketConnection connection;
  private final AtomicInteger inFlight = new AtomicInteger();
  private int silentPeriods;

  WebSocketRpcHandler(
      JsonRpcProcessor processor,
      RpcServerConfig config,
      ExecutorService workers,
      WebSocketConnection connection) {
    this.processor = processor;
    this.config = config;
    this.workers = workers;
    this.connection = connection;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    switch (frame) {
      case TextWebSocketFrame text -> dispatch(ctx, text.text());
      case BinaryWebSocketFrame binary ->
          connection.send(
              HttpRpcHandler.error(
                  RpcErrors.INVALID_REQUEST,
                  "binary messages are not accepted: send JSON-RPC 2.0 as text messages"));
      case PingWebSocketFrame ping ->
          ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      case PongWebSocketFrame pong -> {
        // an answer to our ping: the client is alive (the idle handler saw the read)
      }
      case CloseWebSocketFrame close -> {
        if (connection.sentClose()) {
          ctx.close(); // the client answered our close frame: the handshake is complete
        } else {
          connection.stopSending();
          ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        }
      }
      default ->
          connection.close(WebSocketCloseStatus.PROTOCOL_ERROR, "unexpected continuation frame");
    }
  }

  private void dispatch(ChannelHandlerContext ctx, String body) {
    if (connection.isClosing()) {
      return;
    }
    if (inFlight.incrementAndGet() >= MAX_IN_FLIGHT) {
      ctx.channel().config().setAutoRead(false);
    }
    WebSocketCall call = new WebSocketCall(connection);
    AtomicBoolean answered = new AtomicBoolean();
    var timeout =
        ctx.executor()
            .schedule(
                () -> {
                  if (answered.compareAndSet(false, true)) {
                    connection.send(
                        HttpRpcHandler.error(
                            RpcErrors.REQUEST_TIMEOUT,
                            "request took longer than " + config.timeoutMillis() + " ms"));
                  }
                },
                config.timeoutMillis(),
                TimeUnit.MILLISECONDS);
    try {
      workers.execute(
          () -> {
            try {
              Optional<String> response = processor.process(body, Optional.of(call));
              if (answered.compareAndSet(false, true) && response.isPresent()) {
                timeout.cancel(false);
                connection.send(response.get());
                call.answered();
              } else {
                timeout.cancel(false);
                call.abandoned();
              }
            } finally {
              finished(ctx);
            }
          });
    } catch (RejectedExecutionException e) {
      finished(ctx);
      if (answered.compareAndSet(false, true)) {
        timeout.cancel(false);
        connection.send(
            HttpRpcHandler.error(
                RpcErrors.SERVER_BUSY, "server busy: too many requests in flight, retry later"));
      }
    }
  }

  private void finished(ChannelHandlerContext ctx) {
    if (inFlight.getAndDecrement() == MAX_IN_FLIGHT) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
      silentPeriods = idle.isFirst() ? 1 : silentPeriods + 1;
      if (silentPeriods >= SILENT_PERIODS) {
        connection.close(
            WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
            "idle: nothing received for " + SILENT_PERIODS * PING_AFTER_SECONDS + " s");
      } else {
        ctx.writeAndFlush(new PingWebSocketFrame());
      }
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    switch (cause) {
      case TooLongFrameException tooLong ->
          connection.close(
              WebSocketCloseStatus.MESSAGE_TOO_BIG,
              "message larger than " + config.maxBodyBytes() + " bytes (--rpc-max-body-bytes)");
      case CorruptedWebSocketFrameException corrupt ->
          // a protocol violation found by the decoder or the UTF-8 validator (1002, 1007, 1009)
          connection.close(corrupt.closeStatus(), corrupt.getMessage());
      default -> {
        LOG.debug("WebSocket connection failed", cause);
        connection.close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "internal error");
      }
    }
  }
}
