package io.parley.node.p2p;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: the {@link Handshake} on its first frames, then encrypted frames both ways. Any
 * protocol violation (bad handshake, failed decryption, oversized or garbage frame, timeout) closes
 * the connection with one log line; the node goes on with its other peers.
 */
final class PeerChannelHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger LOG = LoggerFactory.getLogger(PeerChannelHandler.class);
  static final int MAX_HANDSHAKE_FRAME = 512;

  private enum State {
    AWAITING_HELLO,
    AWAITING_AUTH,
    OPEN,
    CLOSED
  }

  private final ValidatorNetwork network;
  private final Handshake handshake;
  private final boolean initiator;
  private final long handshakeTimeoutMillis;
  private final int maxPendingBytes;
  private final AtomicLong pendingBytes = new AtomicLong();
  private State state = State.AWAITING_HELLO;
  private Optional<Handshake.Session> session = Optional.empty();
  private Channel channel;

  PeerChannelHandler(
      ValidatorNetwork network,
      Handshake handshake,
      boolean initiator,
      long handshakeTimeoutMillis,
      int maxPendingBytes) {
    this.network = network;
    this.handshake = handshake;
    this.initiator = initiator;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    this.maxPendingBytes = maxPendingBytes;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    if (initiator) {
      write(handshake.hello());
    }
    ctx.executor()
        .schedule(
            () -> {
              if (state != State.OPEN && state != State.CLOSED) {
                drop("handshake timed out");
              }
            },
            handshakeTimeoutMillis,
            TimeUnit.MILLISECONDS);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] bytes = ByteBufUtil.getBytes(frame);
    try {
      switch (state) {
        case AWAITING_HELLO -> {
          requireHandshakeSize(bytes);
          if (!initiator) {
            write(handshake.hello());
          }
          write(handshake.onPeerHello(bytes));
          state = State.AWAITING_AUTH;
        }
        case AWAITING_AUTH -> {
          requireHandshakeSize(bytes);
          Handshake.Session established = handshake.onPeerAuth(bytes);
          session = Optional.of(established);
          state = State.OPEN;
          if (!network.onAuthenticated(established.peerIndex(), this)) {
            drop("peer " + established.peerIndex() + " refused (banned or not expected)");
          }
        }
        case OPEN -> {
          Handshake.Session s = session.orElseThrow();
          network.onFrame(s.peerIndex(), Bytes.wrap(s.receiving().open(bytes)));
        }
        case CLOSED -> {}
      }
    } catch (HandshakeException e) {
      drop(e.getMessage());
    }
  }

  private static void requireHandshakeSize(byte[] bytes) throws HandshakeException {
    if (bytes.length > MAX_HANDSHAKE_FRAME) {
      throw new HandshakeException("handshake frame of " + bytes.length + " bytes");
    }
  }

  /**
   * Queues {@code payload} for the peer, from any thread. Returns false (and sends nothing) when
   * the session is not open or more than the allowed bytes are already queued for this peer.
   */
  boolean send(byte[] payload) {
    if (state != State.OPEN || channel == null) {
      return false;
    }
    long size = payload.length + FrameCipher.TAG_BYTES;
    if (pendingBytes.addAndGet(size) > maxPendingBytes) {
      pendingBytes.addAndGet(-size);
      return false;
    }
    channel
        .eventLoop()
        .execute(
            () -> {
              if (state != State.OPEN) {
                pendingBytes.addAndGet(-size);
                return;
              }
              byte[] sealed = session.orElseThrow().sending().seal(payload);
              channel
                  .writeAndFlush(Unpooled.wrappedBuffer(sealed))
                  .addListener(f -> pendingBytes.addAndGet(-size));
            });
    return true;
  }

  private void write(byte[] frame) {
    channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
  }

  /** Closes the connection and says why, once. */
  void drop(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    State before = state;
    state = State.CLOSED;
    LOG.warn(
        "dropping {} {}: {}",
        session.map(s -> "validator " + s.peerIndex()).orElse("unauthenticated peer"),
        channel == null ? "" : channel.remoteAddress(),
        reason);
    if (channel != null) {
      channel.close();
    }
    if (before == State.OPEN) {
      session.ifPresent(s -> network.onClosed(s.peerIndex(), this));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (state != State.CLOSED) {
      State before = state;
      state = State.CLOSED;
      if (before == State.OPEN) {
        session.ifPresent(s -> network.onClosed(s.peerIndex(), this));
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    drop(
        cause instanceof TooLongFrameException
            ? "oversized frame (" + cause.getMessage() + ")"
            : "connection error: " + cause);
  }

  Optional<Integer> peerIndex() {
    return session.map(Handshake.Session::peerIndex);
  }
}
