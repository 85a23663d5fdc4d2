package io.parley.node.rpc.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event loop every JSON-RPC client of one process shares, and the factory of its Netty-carried
 * {@link RpcClient}s and {@link SubscriptionClient}s (docs/adr/0048-netty-rpc-client.md). Its two
 * threads are daemons, so a CLI command that never closes it still exits; closing it ends every
 * connection it made.
 */
public final class NettyClients implements AutoCloseable {
  /** Largest HTTP response body or WebSocket message accepted from a node: 16 MiB. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private static final class Shared {
    static final NettyClients INSTANCE = new NettyClients();
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          2, new DefaultThreadFactory("rpc-client", true), NioIoHandler.newFactory());

  /** The process-wide instance, made on first use and never closed (its threads are daemons). */
  public static NettyClients shared() {
    return Shared.INSTANCE;
  }

  EventLoopGroup group() {
    return group;
  }

  /**
   * An HTTP JSON-RPC client of {@code endpoint}; {@code timeout} bounds connecting and each call.
   */
  public RpcClient rpcClient(URI endpoint, Duration timeout) {
    return new RpcClient(
        new NettyRpcTransport(
            this, endpoint, timeout, MAX_MESSAGE_BYTES, NettyRpcTransport.DEFAULT_CONNECTIONS));
  }

  /** A WebSocket JSON-RPC connection to {@code endpoint} ({@code ws://} or {@code wss://}). */
  public SubscriptionClient subscriptionClient(URI endpoint, Duration timeout)
      throws RpcClientException {
    return SubscriptionClient.connect(
        endpoint, timeout, new NettyWebSocketTransport(this, MAX_MESSAGE_BYTES));
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
