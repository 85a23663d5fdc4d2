package io.parley.node.rpc;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the open connections (HTTP and WebSocket alike) of one client address: the connection beyond
 * the cap is answered, at its first request, with HTTP 429 and error 4292, then closed. One client
 * cannot take every connection a node can hold; the others still get in.
 */
@ChannelHandler.Sharable
final class ConnectionsPerAddress extends ChannelInboundHandlerAdapter {
  private static final AttributeKey<Boolean> OVER = AttributeKey.valueOf("parley.rpc.over");

  private final int limit;
  private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

  ConnectionsPerAddress(int limit) {
    this.limit = limit;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress address = address(ctx);
    int now = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    ctx.channel().attr(OVER).set(now > limit);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    InetAddress address = address(ctx);
    open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!Boolean.TRUE.equals(ctx.channel().attr(OVER).get())) {
      super.channelRead(ctx, msg);
      return;
    }
    try {
      if (msg instanceof HttpRequest) {
        HttpRpcHandler.respond(
            ctx,
            false,
            HttpResponseStatus.TOO_MANY_REQUESTS,
            HttpRpcHandler.error(
                RpcErrors.CONNECTIONS_PER_ADDRESS,
                "too many connections from "
                    + address(ctx).getHostAddress()
                    + ": at most "
                    + limit
                    + " (--rpc-max-connections-per-address); close one and retry"));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Open connections of {@code address} now (for tests and metrics). */
  int open(InetAddress address) {
    AtomicInteger n = open.get(address);
    return n == null ? 0 : n.get();
  }

  private static InetAddress address(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }
}
