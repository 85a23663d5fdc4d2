package io.parley.node.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/** Aggregates request bodies up to a limit; a larger one gets a JSON-RPC error and 413. */
final class JsonLimitAggregator extends HttpObjectAggregator {
  private final int maxBodyBytes;

  JsonLimitAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    // As Netty does: keep a keep-alive connection open (the aggregator discards the rest of the
    // body) so the client reads the answer instead of a reset; otherwise close after answering.
    boolean close =
        oversized instanceof FullHttpMessage
            || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
    HttpRpcHandler.respond(
        ctx,
        !close,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        HttpRpcHandler.error(
            RpcErrors.INVALID_REQUEST,
            "request body exceeds the limit of " + maxBodyBytes + " bytes"));
  }
}
