package io.parley.node.p2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator network over Netty TCP (docs/spec/p2p.md). Every validator listens; validator i
 * dials each validator j < i and redials with exponential backoff (with jitter) when the connection
 * drops. Peers prove their validator key in the handshake; frames are length-prefixed, bounded in
 * size, encrypted and authenticated. Each peer has a bounded queue of frames waiting to be written:
 * when it is full, new frames to that peer are dropped (consensus tolerates loss).
 */
public final class P2pNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(P2pNetwork.class);

  private final P2pConfig config;
  private final P2pListener listener;
  private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
  private final Map<Integer, Long> backoff = new ConcurrentHashMap<>();
  private final AtomicLong droppedFrames = new AtomicLong();
  private final AtomicLong droppedPeers = new AtomicLong();
  private EventLoopGroup boss;
  private EventLoopGroup io;
  private Channel server;
  private volatile boolean closed;

  private record Session(PeerHandler handler, Channel channel, AtomicInteger queued) {}

  public P2pNetwork(P2pConfig config, P2pListener listener) {
    this.config = config;
    this.listener = listener;
  }

  P2pConfig config() {
    return config;
  }

  /** Binds the listening socket and starts dialling lower-indexed peers. */
  public InetSocketAddress start() throws InterruptedException {
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    server =
        new ServerBootstrap()
            .group(boss, io)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer(false, Optional.empty()))
            .bind(config.listen())
            .sync()
            .channel();
    for (Map.Entry<Integer, InetSocketAddress> peer : config.peers().entrySet()) {
      if (peer.getKey() < config.self()) {
        dial(peer.getKey(), peer.getValue());
      }
    }
    return (InetSocketAddress) server.localAddress();
  }

  private ChannelInitializer<SocketChannel> initializer(
      boolean initiator, Optional<Integer> expected) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline()
            .addLast(new LengthFieldBasedFrameDecoder(config.maxFrameBytes(), 0, 4, 0, 4))
            .addLast(new LengthFieldPrepender(4))
            .addLast(new PeerHandler(P2pNetwork.this, initiator, expected));
      }
    };
  }

  private void dial(int peer, InetSocketAddress address) {
    if (closed) {
      return;
    }
    new Bootstrap()
        .group(io)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3_000)
        .handler(initializer(true, Optional.of(peer)))
        .connect(address)
        .addListener(
            future -> {
              if (future.isSuccess()) {
                ((io.netty.channel.ChannelFuture) future)
                    .channel()
                    .closeFuture()
                    .addListener(c -> redial(peer, address));
              } else {
                redial(peer, address);
              }
            });
  }

  private void redial(int peer, InetSocketAddress address) {
    if (closed || io.isShuttingDown()) {
      return;
    }
    long delay =
        backoff.merge(
            peer,
            config.minBackoffMillis(),
            (old, min) -> Math.min(old * 2, config.maxBackoffMillis()));
    long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    io.schedule(() -> dial(peer, address), jittered, TimeUnit.MILLISECONDS);
  }

  void opened(int peer, PeerHandler handler, Channel channel) {
    Session previous = sessions.put(peer, new Session(handler, channel, new AtomicInteger()));
    if (previous != null && previous.channel() != channel) {
      previous.channel().close(); // the peer reconnected; the new session wins
    }
    backoff.remove(peer);
    LOG.info("Connected to validator {} at {}", peer, channel.remoteAddress());
    listener.onConnected(peer);
  }

  void closed(int peer, Channel channel) {
    Session current = sessions.get(peer);
    if (current != null
        && current.channel() == channel
        && sessions.remove(peer, current)
        && !closed) {
      LOG.info("Disconnected from validator {}", peer);
      listener.onDisconnected(peer);
    }
  }

  void misbehaved(int peer, Channel channel, String reason) {
    droppedPeers.incrementAndGet();
    LOG.warn(
        "Dropping peer {} ({}): {}",
        peer < 0 ? "unauthenticated" : "validator " + peer,
        channel.remoteAddress(),
        reason);
  }

  void received(int peer, int type, Bytes payload) {
    listener.onMessage(peer, type, payload);
  }

  /** Sends to one validator if connected; returns false if not connected or its queue is full. */
  public boolean send(int peer, int type, Bytes payload) {
    Session session = sessions.get(peer);
    if (session == null) {
      return false;
    }
    if (session.queued().incrementAndGet() > config.maxQueuedFrames()) {
      session.queued().decrementAndGet();
      droppedFrames.incrementAndGet();
      return false;
    }
    session
        .channel()
        .eventLoop()
        .execute(
            () ->
                session
                    .handler()
                    .write(
                        session.channel(),
                        type,
                        payload,
                        () -> session.queued().decrementAndGet()));
    return true;
  }

  /** Sends to every connected validator. */
  public void broadcast(int type, Bytes payload) {
    for (Integer peer : sessions.keySet()) {
      send(peer, type, payload);
    }
  }

  /** Closes the connection to a peer that sent invalid content. */
  public void disconnect(int peer, String reason) {
    Session session = sessions.get(peer);
    if (session != null) {
      misbehaved(peer, session.channel(), reason);
      session.channel().close();
    }
  }

  public boolean isConnected(int peer) {
    return sessions.containsKey(peer);
  }

  public int connectedPeers() {
    return sessions.size();
  }

  public long droppedFrames() {
    return droppedFrames.get();
  }

  public long droppedPeers() {
    return droppedPeers.get();
  }

  @Override
  public void close() {
    closed = true;
    if (server != null) {
      server.close().awaitUninterruptibly();
    }
    sessions.values().forEach(s -> s.channel().close());
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
