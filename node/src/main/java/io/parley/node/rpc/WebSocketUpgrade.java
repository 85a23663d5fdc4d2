package io.parley.node.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cors.CorsHandler;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns an HTTP connection into a WebSocket one: {@code GET /} with {@code Upgrade: websocket},
 * after the Host check of every request, an Origin check (a browser page may connect only from an
 * origin of {@code --rpc-cors-origins}, or from the node's own origin) and the connection limit.
 * The HTTP handlers then leave the pipeline to the WebSocket ones.
 */
final class WebSocketUpgrade {
  private final JsonRpcProcessor processor;
  private final RpcServerConfig config;
  private final ExecutorService workers;
  private final Subscriptions subscriptions;

  WebSocketUpgrade(
      JsonRpcProcessor processor,
      RpcServerConfig config,
      ExecutorService workers,
      Subscriptions subscriptions) {
    this.processor = processor;
    this.config = config;
    this.workers = workers;
    this.subscriptions = subscriptions;
  }

  static boolean isUpgrade(FullHttpRequest request) {
    return request
        .headers()
        .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /** Answers the upgrade request on {@code ctx}, whose handler is the HTTP one. */
  void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
    if (!request.method().equals(HttpMethod.GET)) {
      refuse(
          ctx,
          keepAlive,
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          RpcErrors.INVALID_REQUEST,
          "a WebSocket upgrade must use GET");
      return;
    }
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null && !originAllowed(origin, request.headers().get(HttpHeaderNames.HOST))) {
      refuse(
          ctx,
          keepAlive,
          HttpResponseStatus.FORBIDDEN,
          RpcErrors.INVALID_REQUEST,
          "origin not allowed; see --rpc-cors-origins");
      return;
    }
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + "/",
                null,
                WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(config.maxBodyBytes())
                    .allowExtensions(false)
                    // the handler sends the close frame and keeps reading (and discarding) for the
                    // grace period, so a client still writing an oversized frame gets it instead
                    // of a reset connection
                    .closeOnProtocolViolation(false)
                    .build())
            .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    if (!subscriptions.tryOpen()) {
      refuse(
          ctx,
          keepAlive,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          RpcErrors.WEBSOCKET_CONNECTION_LIMIT,
          "too many WebSocket connections: the limit is "
              + config.webSocket().maxConnections()
              + " (--rpc-ws-max-connections)");
      return;
    }
    WebSocketConnection connection =
        new WebSocketConnection(ctx.channel(), config.webSocket(), subscriptions);
    subscriptions.register(connection);
    ctx.channel()
        .closeFuture()
        .addListener(
            f -> {
              connection.closed();
              subscriptions.released();
            });
    try {
      handshaker.handshake(ctx.channel(), request);
    } catch (WebSocketHandshakeException e) {
      refuse(
          ctx,
          false,
          HttpResponseStatus.BAD_REQUEST,
          RpcErrors.INVALID_REQUEST,
          "bad WebSocket handshake: " + e.getMessage());
      return;
    }
    ChannelPipeline p = ctx.pipeline();
    if (p.get(CorsHandler.class) != null) {
      p.remove(CorsHandler.class);
    }
    p.replace(
        IdleStateHandler.class,
        "ws-idle",
        new IdleStateHandler(WebSocketRpcHandler.PING_AFTER_SECONDS, 0, 0, TimeUnit.SECONDS));
    p.replace(
        ctx.handler(), "ws-rpc", new WebSocketRpcHandler(processor, config, workers, connection));
    p.addBefore("ws-rpc", "ws-utf8", new Utf8FrameValidator(false));
    p.addBefore("ws-rpc", "ws-aggregator", new WebSocketFrameAggregator(config.maxBodyBytes()));
  }

  /**
   * An origin of {@code --rpc-cors-origins}, or the node's own (scheme://Host, the Host being on
   * the allowlist already): some client libraries send their target as Origin.
   */
  private boolean originAllowed(String origin, String host) {
    if (config.corsOrigins().stream().anyMatch(o -> o.equals("*") || o.equalsIgnoreCase(origin))) {
      return true;
    }
    try {
      URI uri = new URI(origin);
      return host != null
          && uri.getRawAuthority() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getRawAuthority().equalsIgnoreCase(host);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void refuse(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      int code,
      String message) {
    HttpRpcHandler.respond(ctx, keepAlive, status, HttpRpcHandler.error(code, message));
  }
}
