package io.parley.node.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Serves the Prometheus text format at {@code GET /metrics} on its own port, over Netty (one event
 * loop thread); with a readiness check, also {@code GET /liveness} and {@code GET /readiness} (the
 * MPC member's only HTTP port). Scrapes run on their own thread, since a gauge may wait briefly for
 * a lock (the mempool's): the event loop never does.
 */
public final class MetricsServer implements AutoCloseable {
  /** Largest request body accepted (a scrape has none); a larger one is answered with 413. */
  static final int MAX_BODY_BYTES = 1024;

  private final MetricsServerConfig config;
  private final PrometheusRegistry registry;
  private final Optional<BooleanSupplier> readiness;
  private EventLoopGroup loop;
  private EventExecutorGroup scraper;
  private Channel channel;

  public MetricsServer(MetricsServerConfig config, PrometheusRegistry registry) {
    this(config, registry, Optional.empty());
  }

  /** With {@code readiness}, the port also answers {@code /liveness} and {@code /readiness}. */
  public MetricsServer(
      MetricsServerConfig config,
      PrometheusRegistry registry,
      Optional<BooleanSupplier> readiness) {
    this.config = config;
    this.registry = registry;
    this.readiness = readiness;
  }

  /** Binds and starts serving; returns the bound address (useful with port 0). */
  public InetSocketAddress start() throws InterruptedException {
    loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    scraper =
        new DefaultEventExecutorGroup(
            1,
            r -> {
              Thread t = new Thread(r, "metrics-scrape");
              t.setDaemon(true);
              return t;
            });
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new IdleStateHandler(0, 0, 30, TimeUnit.SECONDS))
                        .addLast(new HttpServerCodec(4096, 8192, 8192))
                        .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                        .addLast(scraper, new MetricsHttpHandler(registry, readiness));
                  }
                });
    channel = bootstrap.bind(config.host(), config.port()).sync().channel();
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly();
    }
    if (loop != null) {
      loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
      scraper.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
