package io.parley.node.rpc.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The last handler of a client HTTP connection: hands the one awaited response to the caller that
 * sent the request. A connection carries one request at a time, so one slot is enough. Runs on the
 * event loop and never blocks: it only completes a future.
 */
final class HttpAnswer extends SimpleChannelInboundHandler<FullHttpResponse> {
  /** A response body and whether the node keeps the connection open for the next request. */
  record Response(String body, boolean keepAlive) {}

  private volatile CompletableFuture<Response> awaited;

  /** The future of the next response; set before the request is written. */
  CompletableFuture<Response> await() {
    CompletableFuture<Response> next = new CompletableFuture<>();
    awaited = next;
    return next;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    String body = response.content().toString(StandardCharsets.UTF_8);
    complete(new Response(body, HttpUtil.isKeepAlive(response)));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(new IOException("the connection closed before an answer"));
  }

  private void complete(Response response) {
    CompletableFuture<Response> current = awaited;
    if (current != null) {
      current.complete(response);
    }
  }

  private void fail(Throwable cause) {
    CompletableFuture<Response> current = awaited;
    if (current != null) {
      current.completeExceptionally(cause);
    }
  }
}
