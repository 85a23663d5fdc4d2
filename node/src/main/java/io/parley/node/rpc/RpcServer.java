package io.parley.node.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.cors.CorsConfig;
import io.netty.handler.codec.http.cors.CorsConfigBuilder;
import io.netty.handler.codec.http.cors.CorsHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.parley.node.explorer.ExplorerResponses;
import io.parley.node.explorer.ExplorerSite;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The JSON-RPC server on Netty: HTTP and WebSocket on one port (docs/rpc.md), and the web explorer
 * at /explorer on the same port (docs/explorer.md).
 */
public final class RpcServer implements AutoCloseable {
  private final RpcServerConfig config;
  private final JsonRpcProcessor processor;
  private final BooleanSupplier ready;
  private final Subscriptions subscriptions;
  private EventLoopGroup boss;
  private EventLoopGroup io;
  private ThreadPoolExecutor workers;
  private Channel channel;

  public RpcServer(
      RpcServerConfig config,
      JsonRpcProcessor processor,
      Subscriptions subscriptions,
      BooleanSupplier ready) {
    this.config = config;
    this.processor = processor;
    this.subscriptions = subscriptions;
    this.ready = ready;
  }

  /** Binds and starts serving; returns the bound address (useful with port 0). */
  public InetSocketAddress start() throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    workers =
        new ThreadPoolExecutor(
            config.workerThreads(),
            config.workerThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.maxQueuedRequests()),
            r -> {
              Thread t = new Thread(r, "rpc-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    CorsConfig cors =
        config.corsOrigins().contains("*")
            ? CorsConfigBuilder.forAnyOrigin().allowedRequestHeaders("content-type").build()
            : CorsConfigBuilder.forOrigins(config.corsOrigins().toArray(String[]::new))
                .allowedRequestHeaders("content-type")
                .build();
    WebSocketUpgrade webSocket = new WebSocketUpgrade(processor, config, workers, subscriptions);
    ExplorerResponses explorer = new ExplorerResponses(ExplorerSite.load());
    ConnectionsPerAddress perAddress = new ConnectionsPerAddress(config.maxConnectionsPerAddress());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, io)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    p.addLast(new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS));
                    p.addLast(new HttpServerCodec(4096, 8192, 8192));
                    p.addLast(perAddress);
                    p.addLast(new JsonLimitAggregator(config.maxBodyBytes()));
                    if (!config.corsOrigins().isEmpty()) {
                      p.addLast(new CorsHandler(cors));
                    }
                    p.addLast(
                        new HttpRpcHandler(processor, config, workers, ready, webSocket, explorer));
                  }
                });
    channel = bootstrap.bind(config.host(), config.port()).sync().channel();
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    subscriptions.disconnectAll();
    if (channel != null) {
      channel.close().awaitUninterruptibly();
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
      io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
    if (workers != null) {
      workers.shutdownNow();
    }
  }
}
