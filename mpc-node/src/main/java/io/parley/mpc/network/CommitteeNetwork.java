package io.parley.mpc.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.MalformedMessageException;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committee's links: one mutually authenticated TLS 1.3 connection per pair of members (member
 * i dials every j < i), frames of u32 length | envelope (docs/spec/mpc-network.md) up to {@link
 * #MAX_FRAME} bytes. A frame whose envelope names a sender other than the authenticated peer is
 * dropped. Inbound envelopes go to the {@link Listener} on Netty's I/O threads; the listener must
 * only enqueue.
 */
public final class CommitteeNetwork implements AutoCloseable {
  public static final int MAX_FRAME = EnvelopeCodec.MAX_ENCODED_SIZE;
  private static final Logger LOG = LoggerFactory.getLogger(CommitteeNetwork.class);

  /** Receives authenticated inbound envelopes; must not block. */
  public interface Listener {
    void onEnvelope(int from, Envelope envelope);
  }

  private final Committee committee;
  private final int self;
  private final TlsIdentity identity;
  private final List<InetSocketAddress> addresses;
  private final Listener listener;
  private final TrafficCounters counters;
  private final EventLoopGroup group;
  private final AtomicReferenceArray<Channel> peers;

  /** Signalled whenever a peer's link comes up or goes down. */
  private final Object links = new Object();

  /** Frames for a peer whose link is down, sent when it is back (bounded; oldest dropped first). */
  private final java.util.ArrayDeque<Pending>[] outbox;

  private final long[] outboxBytes;

  /** At most this many bytes wait for one disconnected peer. */
  static final long MAX_OUTBOX_BYTES = 64L << 20;

  private record Pending(
      java.nio.ByteBuffer frame,
      long computationBytes,
      Envelope envelope,
      CompletableFuture<Void> done) {}

  private volatile boolean closing;
  private final SslContext[] clientContexts;
  private Channel server;

  public CommitteeNetwork(
      Committee committee,
      int self,
      TlsIdentity identity,
      List<InetSocketAddress> addresses,
      Listener listener,
      TrafficCounters counters) {
    this.committee = committee;
    this.self = self;
    this.identity = identity;
    this.addresses = List.copyOf(addresses);
    this.listener = listener;
    this.counters = counters;
    this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    this.peers = new AtomicReferenceArray<>(committee.size());
    this.clientContexts = new SslContext[committee.size()];
    @SuppressWarnings("unchecked")
    java.util.ArrayDeque<Pending>[] queues = new java.util.ArrayDeque[committee.size()];
    for (int j = 0; j < queues.length; j++) {
      queues[j] = new java.util.ArrayDeque<>();
    }
    this.outbox = queues;
    this.outboxBytes = new long[committee.size()];
    this.tls = CommitteeTls.provider();
  }

  /** BoringSSL or the JDK's TLS, chosen when the network is made ({@link CommitteeTls}). */
  private final SslProvider tls;

  private SslContext context(boolean server, OptionalInt expected) throws SSLException {
    SslContextBuilder builder =
        server
            ? SslContextBuilder.forServer(identity.keyPair().getPrivate(), identity.certificate())
                .clientAuth(ClientAuth.REQUIRE)
            : SslContextBuilder.forClient()
                .keyManager(identity.keyPair().getPrivate(), identity.certificate())
                // identity comes from the genesis binding, not from host names
                .endpointIdentificationAlgorithm(null);
    return builder
        .sslProvider(tls)
        .protocols("TLSv1.3")
        .trustManager(new CommitteeTrustManager(committee, expected))
        .build();
  }

  /** Binds the listening socket and starts dialling the lower-indexed members. */
  public void start() throws SSLException, InterruptedException {
    SslContext serverContext = context(true, OptionalInt.empty());
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer(serverContext, true, OptionalInt.empty()))
            .bind(addresses.get(self))
            .sync()
            .channel();
    for (int j = 0; j < self; j++) {
      clientContexts[j] = context(false, OptionalInt.of(j));
      dial(j, clientContexts[j]);
    }
  }

  private void dial(int member, SslContext clientContext) {
    if (closing) {
      return;
    }
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(initializer(clientContext, false, OptionalInt.of(member)))
        .connect(addresses.get(member))
        .addListener(
            f -> {
              if (!f.isSuccess() && !closing && !group.isShuttingDown()) {
                retry(() -> dial(member, clientContext));
              }
            });
  }

  private void retry(Runnable dialAgain) {
    retry(dialAgain, 200);
  }

  private void retry(Runnable dialAgain, long millis) {
    try {
      group.schedule(dialAgain, millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("not re-dialling: the network is shutting down");
    }
  }

  private ChannelInitializer<SocketChannel> initializer(
      SslContext context, boolean server, OptionalInt expected) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        InetSocketAddress target = expected.isPresent() ? addresses.get(expected.getAsInt()) : null;
        SslHandler ssl =
            server
                ? context.newHandler(ch.alloc())
                : context.newHandler(ch.alloc(), target.getHostString(), target.getPort());
        ch.pipeline()
            .addLast(ssl)
            .addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME + 4, 0, 4, 0, 4))
            .addLast(new LengthFieldPrepender(4))
            .addLast(new PeerHandler(server ? -1 : expected.getAsInt()));
      }
    };
  }

  /**
   * Blocks the caller (never an I/O thread) until every peer is connected now (a link lost since is
   * waited for again), or the timeout passes.
   */
  public boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (links) {
      while (!allConnected()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(links, left);
      }
      return true;
    }
  }

  /** The members whose link is down now (a silent seat in an abort report, ADR 0056). */
  public List<Integer> disconnected() {
    List<Integer> out = new java.util.ArrayList<>();
    for (int j = 0; j < committee.size(); j++) {
      Channel c = peers.get(j);
      if (j != self && (c == null || !c.isActive())) {
        out.add(j);
      }
    }
    return out;
  }

  private boolean allConnected() {
    for (int j = 0; j < committee.size(); j++) {
      Channel c = peers.get(j);
      if (j != self && (c == null || !c.isActive())) {
        return false;
      }
    }
    return true;
  }

  /** Queues an envelope for a peer; returns a future completed when it is written. */
  public CompletableFuture<Void> send(int to, Envelope envelope) {
    return send(to, envelope, EnvelopeCodec.encode(envelope));
  }

  /** As {@link #send(int, Envelope)} with the envelope already encoded (broadcasts encode once). */
  public CompletableFuture<Void> send(int to, Envelope envelope, byte[] encoded) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (outbox[to]) {
      Channel channel = peers.get(to);
      if (channel == null || !channel.isActive()) {
        // the link is down (the peer restarts, or is re-dialled): keep the frame for when it is
        // back, so a session does not lose a step's message to a brief disconnection
        outbox[to].add(
            new Pending(java.nio.ByteBuffer.wrap(encoded), encoded.length, envelope, done));
        outboxBytes[to] += encoded.length;
        while (outboxBytes[to] > MAX_OUTBOX_BYTES) {
          Pending dropped = outbox[to].poll();
          outboxBytes[to] -= dropped.computationBytes();
          dropped
              .done()
              .completeExceptionally(
                  new IllegalStateException("member " + to + " stayed disconnected"));
        }
        return done;
      }
      write(channel, encoded, envelope, done);
    }
    return done;
  }

  /**
   * One-way delay added to every frame this member sends, in milliseconds, from {@value
   * #EMULATED_LATENCY}: emulates members far apart for benchmarks where the kernel's netem is not
   * available (docs/benchmarks.md). Frames keep their order (equal delays run in submission order).
   */
  public static final String EMULATED_LATENCY = "parley.mpc.emulatedLatencyMs";

  private final long emulatedLatencyMs = Long.getLong(EMULATED_LATENCY, 0L);

  private void write(
      Channel channel, byte[] encoded, Envelope envelope, CompletableFuture<Void> done) {
    if (emulatedLatencyMs > 0) {
      channel
          .eventLoop()
          .schedule(
              () -> send(channel, encoded, envelope, done),
              emulatedLatencyMs,
              TimeUnit.MILLISECONDS);
      return;
    }
    send(channel, encoded, envelope, done);
  }

  private void send(
      Channel channel, byte[] encoded, Envelope envelope, CompletableFuture<Void> done) {
    counters.sent(envelope.computation(), encoded.length + 4L);
    channel
        .writeAndFlush(Unpooled.wrappedBuffer(encoded))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                done.complete(null);
              } else {
                done.completeExceptionally(f.cause());
              }
            });
  }

  /** Sends what waited for {@code peer} while its link was down. */
  private void flush(int peer, Channel channel) {
    synchronized (outbox[peer]) {
      for (Pending p = outbox[peer].poll(); p != null; p = outbox[peer].poll()) {
        write(channel, p.frame().array(), p.envelope(), p.done());
      }
      outboxBytes[peer] = 0;
    }
  }

  @Override
  public void close() {
    closing = true;
    if (server != null) {
      server.close();
    }
    for (int j = 0; j < committee.size(); j++) {
      Channel c = peers.get(j);
      if (c != null) {
        c.close();
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }

  private final class PeerHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private int peer = -1;

    /** The member this side dialled, or -1 on the listening side. */
    private final int dialled;

    PeerHandler(int dialled) {
      this.dialled = dialled;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof SslHandshakeCompletionEvent done) {
        if (!done.isSuccess()) {
          LOG.warn("TLS handshake failed: {}", done.cause().getMessage());
          ctx.close();
          if (dialled >= 0 && !closing && !group.isShuttingDown()) {
            // the other side may not trust us yet (a seat changed hands and it has not read that
            // block): the dialling side tries again, as after a refused connection
            retry(() -> dial(dialled, clientContexts[dialled]), 1_000);
          }
          return;
        }
        try {
          SslHandler ssl = ctx.pipeline().get(SslHandler.class);
          // element by element: BoringSSL's session gives a Certificate[], the JDK's an
          // X509Certificate[]
          java.security.cert.Certificate[] raw = ssl.engine().getSession().getPeerCertificates();
          X509Certificate[] chain = new X509Certificate[raw.length];
          for (int i = 0; i < raw.length; i++) {
            chain[i] = (X509Certificate) raw[i];
          }
          peer = CommitteeTrustManager.memberOf(committee, chain);
        } catch (CertificateException | ClassCastException e) {
          ctx.close();
          return;
        }
        if (peer == self || !peers.compareAndSet(peer, null, ctx.channel())) {
          peer = -1;
          ctx.close();
          return;
        }
        synchronized (links) {
          links.notifyAll();
        }
        flush(peer, ctx.channel());
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      if (peer < 0) {
        return;
      }
      byte[] bytes = new byte[frame.readableBytes()];
      frame.readBytes(bytes);
      try {
        Envelope envelope = EnvelopeCodec.decode(bytes);
        counters.received(envelope.computation(), bytes.length + 4L);
        if (envelope.sender() == peer) {
          listener.onEnvelope(peer, envelope);
        }
      } catch (MalformedMessageException e) {
        LOG.debug("dropping malformed frame from member {}: {}", peer, e.getMessage());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      // A lost link is re-dialled by the higher-indexed member; envelopes sent meanwhile wait in
      // the outbox (bounded) and leave when it is back.
      if (peer >= 0
          && peers.compareAndSet(peer, ctx.channel(), null)
          && peer < self
          && !closing
          && !group.isShuttingDown()) {
        LOG.warn("link to member {} lost; re-dialling", peer);
        int member = peer;
        retry(() -> dial(member, clientContexts[member]));
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("connection to member {} failed: {}", peer, cause.toString());
      ctx.close();
    }
  }
}
