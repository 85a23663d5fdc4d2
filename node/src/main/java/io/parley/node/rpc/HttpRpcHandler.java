package io.parley.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.parley.node.explorer.ExplorerResponses;
import io.parley.node.explorer.ExplorerSite;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * HTTP front of the JSON-RPC server: POST / carries JSON-RPC, GET / with {@code Upgrade: websocket}
 * turns the connection into a WebSocket one ({@link WebSocketUpgrade}), GET /liveness and
 * /readiness report health, GET /explorer serves the web explorer ({@link ExplorerResponses}).
 * Calls run on a bounded worker pool, never on the event loop; a call that takes longer than the
 * timeout is answered with an error (code 4080) while it finishes in the background.
 */
final class HttpRpcHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final JsonRpcProcessor processor;
  private final RpcServerConfig config;
  private final ExecutorService workers;
  private final BooleanSupplier ready;
  private final WebSocketUpgrade webSocket;
  private final ExplorerResponses explorer;

  HttpRpcHandler(
      JsonRpcProcessor processor,
      RpcServerConfig config,
      ExecutorService workers,
      BooleanSupplier ready,
      WebSocketUpgrade webSocket,
      ExplorerResponses explorer) {
    this.processor = processor;
    this.config = config;
    this.workers = workers;
    this.ready = ready;
    this.webSocket = webSocket;
    this.explorer = explorer;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      respond(
          ctx,
          keepAlive,
          HttpResponseStatus.BAD_REQUEST,
          error(RpcErrors.INVALID_REQUEST, "malformed HTTP request"));
      return;
    }
    if (!hostAllowed(request.headers().get(HttpHeaderNames.HOST))) {
      respond(
          ctx,
          keepAlive,
          HttpResponseStatus.FORBIDDEN,
          error(RpcErrors.INVALID_REQUEST, "host not allowed; see --rpc-host-allowlist"));
      return;
    }
    URI uri;
    try {
      uri = new URI(request.uri().replace(" ", "%20"));
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getRawPath() == null) {
      respond(
          ctx,
          keepAlive,
          HttpResponseStatus.BAD_REQUEST,
          error(RpcErrors.INVALID_REQUEST, "malformed request URI"));
      return;
    }
    if (ExplorerSite.owns(uri.getRawPath())) {
      send(ctx, keepAlive, explorer.respond(request, uri.getRawPath()));
      return;
    }
    String path = uri.getPath();
    if (request.method().equals(HttpMethod.GET) && "/liveness".equals(path)) {
      respond(ctx, keepAlive, HttpResponseStatus.OK, "{\"status\":\"UP\"}");
      return;
    }
    if (request.method().equals(HttpMethod.GET) && "/readiness".equals(path)) {
      boolean up = ready.getAsBoolean();
      respond(
          ctx,
          keepAlive,
          up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
          up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
      return;
    }
    if (!"/".equals(path) && !path.isEmpty()) {
      respond(
          ctx,
          keepAlive,
          HttpResponseStatus.NOT_FOUND,
          error(
              RpcErrors.INVALID_REQUEST,
              "not found: JSON-RPC is served at / (POST, or a WebSocket upgrade)"));
      return;
    }
    if (WebSocketUpgrade.isUpgrade(request)) {
      webSocket.upgrade(ctx, request, keepAlive);
      return;
    }
    if (!request.method().equals(HttpMethod.POST)) {
      respond(
          ctx,
          keepAlive,
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          error(RpcErrors.INVALID_REQUEST, "JSON-RPC requests must use POST"));
      return;
    }
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      respond(
          ctx,
          keepAlive,
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          error(RpcErrors.INVALID_REQUEST, "Content-Type must be application/json"));
      return;
    }
    String body = request.content().toString(StandardCharsets.UTF_8);
    AtomicBoolean answered = new AtomicBoolean();
    var timeout =
        ctx.executor()
            .schedule(
                () -> {
                  if (answered.compareAndSet(false, true)) {
                    respond(
                        ctx,
                        false,
                        HttpResponseStatus.OK,
                        error(
                            RpcErrors.REQUEST_TIMEOUT,
                            "request took longer than " + config.timeoutMillis() + " ms"));
                  }
                },
                config.timeoutMillis(),
                TimeUnit.MILLISECONDS);
    try {
      workers.execute(
          () -> {
            Optional<String> response = processor.process(body);
            if (answered.compareAndSet(false, true)) {
              timeout.cancel(false);
              if (response.isPresent()) {
                respond(ctx, keepAlive, HttpResponseStatus.OK, response.get());
              } else {
                respondEmpty(ctx, keepAlive);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      if (answered.compareAndSet(false, true)) {
        timeout.cancel(false);
        respond(
            ctx,
            keepAlive,
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            error(RpcErrors.SERVER_BUSY, "server busy: too many requests in flight, retry later"));
      }
    }
  }

  private boolean hostAllowed(String hostHeader) {
    if (config.hostAllowlist().contains("*")) {
      return true;
    }
    if (hostHeader == null) {
      return false;
    }
    String host = hostHeader;
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end > 0 ? host.substring(1, end) : host;
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      host = host.substring(0, host.indexOf(':'));
    }
    String normalized = host.toLowerCase(Locale.ROOT);
    return config.hostAllowlist().stream().anyMatch(a -> a.equalsIgnoreCase(normalized));
  }

  static String error(int code, String message) {
    return JsonRpcProcessor.write(
        JsonRpcProcessor.error(
            com.fasterxml.jackson.databind.node.NullNode.instance, code, message));
  }

  static void respond(
      ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String json) {
    ByteBuf content = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    send(ctx, keepAlive, response);
  }

  private static void respondEmpty(ChannelHandlerContext ctx, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    send(ctx, keepAlive, response);
  }

  private static void send(
      ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
