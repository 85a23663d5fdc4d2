package io.parley.node.rpc;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection: its subscriptions and its outbound side. Every answer and notification
 * is counted from the moment it is queued until Netty has handed it to the socket; a message that
 * would take that count over {@link WebSocketLimits#maxPendingBytes()} (while something is already
 * waiting) closes the connection with 1008 instead of being queued, so a client that does not read
 * costs the node a bounded amount of memory. Methods are safe to call from any thread and never
 * block.
 */
final class WebSocketConnection {
  /** How long a closing connection waits for its close frame to be sent before dropping TCP. */
  static final long CLOSE_GRACE_SECONDS = 10;

  private static final SecureRandom IDS = new SecureRandom();

  private final Channel channel;
  private final WebSocketLimits limits;
  private final Subscriptions hub;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean sentClose;

  // Guarded by this.
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

  WebSocketConnection(Channel channel, WebSocketLimits limits, Subscriptions hub) {
    this.channel = channel;
    this.limits = limits;
    this.hub = hub;
  }

  /** A new subscription, silent until released by its call; 4061 over the limit. */
  Subscription subscribe(SubscriptionKind kind) throws RpcException {
    synchronized (this) {
      if (subscriptions.size() >= limits.maxSubscriptions()) {
        throw new RpcException(
            RpcErrors.SUBSCRIPTION_LIMIT,
            "this connection already has "
                + subscriptions.size()
                + " subscriptions, the limit (--rpc-ws-max-subscriptions); unsubscribe first");
      }
      String id;
      do {
        byte[] random = new byte[16];
        IDS.nextBytes(random);
        id = "0x" + HexFormat.of().formatHex(random);
      } while (subscriptions.containsKey(id));
      Subscription subscription = new Subscription(id, kind, this);
      subscriptions.put(id, subscription);
      return subscription;
    }
  }

  /** Ends a subscription at the client's request; false if this connection has no such id. */
  boolean unsubscribe(String id) {
    Subscription removed;
    synchronized (this) {
      removed = subscriptions.remove(id);
    }
    if (removed == null) {
      return false;
    }
    removed.cancel();
    return true;
  }

  /** A subscription reached its end by itself (a final transaction status). */
  void ended(Subscription subscription) {
    synchronized (this) {
      subscriptions.remove(subscription.id(), subscription);
    }
  }

  synchronized List<Subscription> subscriptions() {
    return new ArrayList<>(subscriptions.values());
  }

  synchronized int subscriptionCount() {
    return subscriptions.size();
  }

  /** Queues a text frame; false if the connection is closing or this closed it. */
  boolean send(String json) {
    return send(json.getBytes(StandardCharsets.UTF_8));
  }

  boolean send(byte[] text) {
    if (!reserve(text.length)) {
      return false;
    }
    sendReserved(text);
    return true;
  }

  /**
   * Counts {@code bytes} as pending if the bound allows; otherwise closes the connection as a slow
   * consumer. A single message larger than the bound passes when nothing else is waiting.
   */
  boolean reserve(int bytes) {
    while (true) {
      if (closing.get()) {
        return false;
      }
      long waiting = pending.get();
      if (waiting > 0 && waiting + bytes > limits.maxPendingBytes()) {
        hub.slowConsumer();
        close(
            WebSocketCloseStatus.POLICY_VIOLATION,
            "slow consumer: more than " + limits.maxPendingBytes() + " bytes unsent");
        return false;
      }
      if (pending.compareAndSet(waiting, waiting + bytes)) {
        hub.pendingBytes(waiting + bytes);
        return true;
      }
    }
  }

  void unreserve(int bytes) {
    pending.addAndGet(-bytes);
  }

  /** Queues a text frame already counted by {@link #reserve}. */
  void sendReserved(byte[] text) {
    if (closing.get()) {
      unreserve(text.length);
      return;
    }
    channel
        .writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(text)))
        .addListener(f -> unreserve(text.length));
  }

  boolean isClosing() {
    return closing.get();
  }

  /**
   * Starts the closing handshake: nothing more is queued, the close frame goes after what is
   * already queued, and TCP is closed when the client answers with its close frame or after {@link
   * #CLOSE_GRACE_SECONDS}. Closing TCP at once could reset the connection (the client's late pongs
   * meeting a closed socket) and lose the close frame and what precedes it.
   */
  void close(WebSocketCloseStatus status, String reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    sentClose = true;
    hub.unregister(this);
    channel.writeAndFlush(new CloseWebSocketFrame(status, reason));
    try {
      channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      channel.close(); // the event loop is shutting down with the node
    }
  }

  /** Whether this side sent a close frame (then the client's close frame ends the connection). */
  boolean sentClose() {
    return sentClose;
  }

  /** The closing handshake is under way (started by the client or the decoder): queue nothing. */
  void stopSending() {
    closing.set(true);
    hub.unregister(this);
  }

  /** The channel is closed: every subscription ends. Runs on the channel's event loop. */
  void closed() {
    closing.set(true);
    hub.unregister(this);
    List<Subscription> ended;
    synchronized (this) {
      ended = new ArrayList<>(subscriptions.values());
      subscriptions.clear();
    }
    ended.forEach(Subscription::cancel);
  }
}
