package io.parley.node.mpc;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the input endpoint's open connections (secret-inputs.md section 9): at most {@code total} at
 * once and {@code perAddress} from one client address. Each connection may buffer a ciphertext of
 * up to {@code maxTransactionSize - 8,192} bytes, so without a cap a client that opens many
 * connections would hold the member's memory. A connection beyond a cap is closed at once, before
 * its TLS handshake: the cheapest answer, and one that says nothing about any input.
 */
@ChannelHandler.Sharable
final class EndpointConnections extends ChannelInboundHandlerAdapter {
  /** Open connections at once, in all. */
  static final int TOTAL = 64;

  /** Open connections at once from one client address. */
  static final int PER_ADDRESS = 8;

  private final int total;
  private final int perAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();

  EndpointConnections(int total, int perAddress) {
    this.total = total;
    this.perAddress = perAddress;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    int all = open.incrementAndGet();
    int mine = byAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    if (all > total || mine > perAddress) {
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    open.decrementAndGet();
    byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    super.channelInactive(ctx);
  }

  /** Connections open now (for tests). */
  int open() {
    return open.get();
  }
}
