package io.parley.node.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
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
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} answers the registry in the Prometheus text format (version 0.0.4); with a
 * readiness check, {@code GET /liveness} answers 200 and {@code GET /readiness} 200 or 503 (JSON
 * {@code {"status":"UP"|"DOWN"}}, as on the RPC port). Any other path is 404, any other method on
 * {@code /metrics} 405 (with {@code Allow: GET}), a malformed request 400, an over-long request
 * line 414 and over-long headers 431. Nothing a request says changes a metric.
 */
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpHandler.class);
  static final String PATH = "/metrics";

  private final PrometheusRegistry registry;
  private final Optional<BooleanSupplier> readiness;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  MetricsHttpHandler(PrometheusRegistry registry, Optional<BooleanSupplier> readiness) {
    this.registry = registry;
    this.readiness = readiness;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      Throwable cause = request.decoderResult().cause();
      HttpResponseStatus status =
          cause instanceof TooLongHttpLineException
              ? HttpResponseStatus.REQUEST_URI_TOO_LONG
              : cause instanceof TooLongHttpHeaderException
                  ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                  : HttpResponseStatus.BAD_REQUEST;
      respond(ctx, false, status, text("malformed request: " + cause.getMessage()));
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String path = new QueryStringDecoder(request.uri()).path();
    if (readiness.isPresent()
        && HttpMethod.GET.equals(request.method())
        && (path.equals("/liveness") || path.equals("/readiness"))) {
      boolean up = path.equals("/liveness") || readiness.get().getAsBoolean();
      FullHttpResponse response =
          response(
              up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
              Unpooled.copiedBuffer(
                  up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}", StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      send(ctx, keepAlive, response);
      return;
    }
    if (!PATH.equals(new QueryStringDecoder(request.uri()).path())) {
      respond(
          ctx, keepAlive, HttpResponseStatus.NOT_FOUND, text("not found: metrics are at " + PATH));
      return;
    }
    if (!HttpMethod.GET.equals(request.method())) {
      FullHttpResponse response =
          response(HttpResponseStatus.METHOD_NOT_ALLOWED, text(PATH + " accepts only GET"));
      response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
      send(ctx, keepAlive, response);
      return;
    }
    ByteBuf body = ctx.alloc().buffer();
    try (OutputStream out = new ByteBufOutputStream(body)) {
      writer.write(out, registry.scrape());
    } catch (IOException | RuntimeException e) {
      body.release();
      LOG.warn("Metrics scrape failed: {}", e.toString(), e);
      respond(ctx, false, HttpResponseStatus.INTERNAL_SERVER_ERROR, text("scrape failed"));
      return;
    }
    FullHttpResponse response = response(HttpResponseStatus.OK, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE);
    send(ctx, keepAlive, response);
  }

  private static ByteBuf text(String message) {
    return Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
  }

  private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return response;
  }

  private static void respond(
      ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, ByteBuf body) {
    send(ctx, keepAlive, response(status, body));
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
    if (cause instanceof IOException) {
      LOG.debug("Metrics connection closed: {}", cause.toString());
    } else {
      LOG.warn("Metrics connection closed on an unexpected error: {}", cause.toString(), cause);
    }
    ctx.close();
  }
}
