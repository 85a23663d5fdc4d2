package io.parley.node.p2p;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: plaintext HELLO exchange, encrypted AUTH exchange, then encrypted message frames
 * {@code type (1 byte) || payload}. Any protocol violation closes the connection with a log line.
 */
final class PeerHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger LOG = LoggerFactory.getLogger(PeerHandler.class);

  private enum State {
    HELLO,
    AUTH,
    OPEN,
    CLOSED
  }

  private final P2pNetwork network;
  private final Handshake handshake;
  private final Optional<Integer> expectedPeer;
  private State state = State.HELLO;
  private Handshake.Keys keys;
  private SessionCipher sender;
  private SessionCipher receiver;
  private int peer = -1;

  PeerHandler(P2pNetwork network, boolean initiator, Optional<Integer> expectedPeer) {
    this.network = network;
    this.handshake = new Handshake(initiator, network.config().genesisHash());
    this.expectedPeer = expectedPeer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.hello().toArrayUnsafe()));
    ctx.executor()
        .schedule(
            () -> {
              if (state != State.OPEN && state != State.CLOSED) {
                drop(
                    ctx,
                    "handshake not completed within "
                        + network.config().handshakeTimeoutMillis()
                        + " ms");
              }
            },
            network.config().handshakeTimeoutMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] bytes = ByteBufUtil.getBytes(frame);
    try {
      switch (state) {
        case HELLO -> {
          keys = handshake.onPeerHello(Bytes.wrap(bytes));
          sender = new SessionCipher(keys.sendKey());
          receiver = new SessionCipher(keys.receiveKey());
          P2pConfig config = network.config();
          byte[] auth = handshake.auth(keys, config.self(), config.key()).toArrayUnsafe();
          ctx.writeAndFlush(Unpooled.wrappedBuffer(sender.seal(auth)));
          state = State.AUTH;
        }
        case AUTH -> {
          Bytes auth = Bytes.wrap(receiver.open(bytes));
          P2pConfig config = network.config();
          peer = handshake.onPeerAuth(keys, auth, config.validators(), expectedPeer, config.self());
          state = State.OPEN;
          network.opened(peer, this, ctx.channel());
        }
        case OPEN -> {
          byte[] plain = receiver.open(bytes);
          if (plain.length == 0) {
            drop(ctx, "empty message frame");
            return;
          }
          network.received(peer, plain[0] & 0xff, Bytes.wrap(plain, 1, plain.length - 1));
        }
        case CLOSED -> {
          // late frames after a drop are ignored
        }
      }
    } catch (Handshake.HandshakeException e) {
      drop(ctx, "handshake failed: " + e.getMessage());
    } catch (AEADBadTagException e) {
      drop(ctx, "frame failed authentication (tampered, replayed or not encrypted)");
    }
  }

  /** Encrypts and writes one message; must run on this channel's event loop (frame order). */
  void write(Channel channel, int type, Bytes payload, Runnable written) {
    byte[] plain = new byte[1 + payload.size()];
    plain[0] = (byte) type;
    System.arraycopy(payload.toArrayUnsafe(), 0, plain, 1, payload.size());
    channel
        .writeAndFlush(Unpooled.wrappedBuffer(sender.seal(plain)))
        .addListener(f -> written.run());
  }

  private void drop(ChannelHandlerContext ctx, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    network.misbehaved(peer, ctx.channel(), reason);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    State previous = state;
    state = State.CLOSED;
    if (previous == State.OPEN) {
      network.closed(peer, ctx.channel());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Peer connection error", cause);
    drop(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }
}
