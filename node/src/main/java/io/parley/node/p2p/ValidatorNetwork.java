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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticated, encrypted TCP links between validators (docs/adr/0012-validator-p2p-handshake.md).
 * Frames are a 4-byte big-endian length then the payload, at most {@link
 * P2pConfig#maxFrameBytes()}. Each pair of validators keeps one connection, dialed by the lower
 * index, redialed with exponential backoff and jitter after any loss. Sends never block: a peer
 * that is not connected or has too much queued simply misses the frame (the consensus core
 * re-sends). Payloads are opaque here: the node puts {@code MessageCodec} or block sync bytes in
 * them.
 */
public final class ValidatorNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorNetwork.class);

  private final P2pConfig config;
  private final P2pListener listener;
  private final int self;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Map<Integer, PeerChannelHandler> sessions = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> dialAttempts = new ConcurrentHashMap<>();
  private final Map<Integer, Long> bannedUntilNanos = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private Channel server;

  public ValidatorNetwork(P2pConfig config, P2pListener listener) {
    this.config = config;
    this.listener = listener;
    this.self = config.selfIndex();
  }

  /** Binds the listening port and starts dialing the validators with a higher index. */
  public void start() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer(false, -1))
            .bind(config.listen())
            .sync()
            .channel();
    config.peers().keySet().stream().filter(index -> index > self).forEach(this::dial);
  }

  /** The bound port (useful when listening on port 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Sends to one validator; false if it is not connected or its queue is full. */
  public boolean send(int validatorIndex, Bytes payload) {
    PeerChannelHandler peer = sessions.get(validatorIndex);
    return peer != null && peer.send(payload.toArrayUnsafe());
  }

  /** Sends to every connected validator; returns how many accepted the frame. */
  public int broadcast(Bytes payload) {
    int accepted = 0;
    for (PeerChannelHandler peer : sessions.values()) {
      accepted += peer.send(payload.toArrayUnsafe()) ? 1 : 0;
    }
    return accepted;
  }

  public Set<Integer> connectedPeers() {
    return new TreeSet<>(sessions.keySet());
  }

  /**
   * Drops a misbehaving validator (say, one whose votes carry bad signatures) and refuses it for
   * {@link P2pConfig#banDuration()}.
   */
  public void disconnect(int validatorIndex, String reason) {
    bannedUntilNanos.put(validatorIndex, System.nanoTime() + config.banDuration().toNanos());
    PeerChannelHandler peer = sessions.get(validatorIndex);
    if (peer != null) {
      peer.drop(reason);
    }
  }

  private ChannelInitializer<SocketChannel> initializer(boolean initiator, int expectedPeer) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        Handshake handshake =
            initiator
                ? Handshake.initiator(
                    config.chainId(), config.validators(), config.identity(), expectedPeer)
                : Handshake.responder(config.chainId(), config.validators(), config.identity());
        channel
            .pipeline()
            .addLast(
                new LengthFieldBasedFrameDecoder(
                    config.maxFrameBytes() + FrameCipher.TAG_BYTES, 0, 4, 0, 4, true),
                new LengthFieldPrepender(4),
                new PeerChannelHandler(
                    ValidatorNetwork.this,
                    handshake,
                    initiator,
                    config.handshakeTimeout().toMillis(),
                    config.maxPendingBytesPerPeer()));
      }
    };
  }

  private void dial(int index) {
    if (closed) {
      return;
    }
    InetSocketAddress address = config.peers().get(index);
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3_000)
        .handler(initializer(true, index))
        .connect(address)
        .addListener(
            future -> {
              if (!future.isSuccess()) {
                redial(index);
              } else {
                ((io.netty.channel.ChannelFuture) future)
                    .channel()
                    .closeFuture()
                    .addListener(closed -> redial(index));
              }
            });
  }

  private void redial(int index) {
    if (closed) {
      return;
    }
    int attempt = dialAttempts.merge(index, 1, Integer::sum);
    long min = config.reconnectMin().toMillis();
    long backoff = Math.min(config.reconnectMax().toMillis(), min << Math.min(attempt - 1, 20));
    long jitter = ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
    long delay = Math.max(backoff + jitter, banRemainingMillis(index));
    group.schedule(() -> dial(index), delay, TimeUnit.MILLISECONDS);
  }

  private long banRemainingMillis(int index) {
    Long until = bannedUntilNanos.get(index);
    return until == null ? 0 : Math.max(0, (until - System.nanoTime()) / 1_000_000);
  }

  /** The handshake proved {@code index}; returns false to refuse the session. */
  boolean onAuthenticated(int index, PeerChannelHandler handler) {
    if (closed || banRemainingMillis(index) > 0 || !config.peers().containsKey(index)) {
      return false;
    }
    dialAttempts.remove(index);
    PeerChannelHandler previous = sessions.put(index, handler);
    if (previous != null && previous != handler) {
      previous.drop("replaced by a new session");
    }
    LOG.info("validator {} connected", index);
    listener.onConnected(index);
    return true;
  }

  void onFrame(int index, Bytes payload) {
    listener.onMessage(index, payload);
  }

  void onClosed(int index, PeerChannelHandler handler) {
    if (sessions.remove(index, handler)) {
      LOG.info("validator {} disconnected", index);
      listener.onDisconnected(index);
    }
  }

  @Override
  public void close() {
    closed = true;
    sessions.values().forEach(peer -> peer.drop("shutting down"));
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
