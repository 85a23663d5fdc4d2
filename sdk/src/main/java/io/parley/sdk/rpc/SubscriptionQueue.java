package io.parley.sdk.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code chain_subscribe} subscription of a {@link SubscriptionClient}: its notifications'
 * {@code result}s in arrival order, held in a bounded queue. A subscriber that falls more than the
 * queue's capacity behind loses the subscription (it is ended, and {@link #next} says why), rather
 * than the client buffering without bound; so does one whose connection closes.
 */
public final class SubscriptionQueue implements AutoCloseable {
  private final SubscriptionClient client;
  private final String kind;
  private final BlockingQueue<JsonNode> queue;
  private final int capacity;
  private volatile String id;
  private volatile String failure;

  SubscriptionQueue(SubscriptionClient client, String kind, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a subscription's queue holds at least 1 notification");
    }
    this.client = client;
    this.kind = kind;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** The node's subscription id (0x-hex). */
  public String id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  void started(String subscriptionId) {
    this.id = subscriptionId;
  }

  /** Queues a notification; false (and the subscription ended) when the queue is full. */
  boolean deliver(JsonNode result) {
    if (failure != null) {
      return false;
    }
    if (!queue.offer(result)) {
      fail(
          "more than "
              + capacity
              + " "
              + kind
              + " notifications were not read: the subscription was ended; read faster or"
              + " subscribe with a larger capacity");
      return false;
    }
    return true;
  }

  void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }

  /**
   * The next notification's {@code result}, waiting up to {@code timeout}; empty if none came in
   * time. Throws, with the reason, once the subscription ended and its queue is drained.
   */
  public Optional<JsonNode> next(Duration timeout) throws RpcClientException, InterruptedException {
    JsonNode n = queue.poll();
    if (n != null) {
      return Optional.of(n);
    }
    if (failure != null) {
      throw new RpcClientException(0, "subscription " + id + " (" + kind + "): " + failure);
    }
    n = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (n == null && failure != null) {
      throw new RpcClientException(0, "subscription " + id + " (" + kind + "): " + failure);
    }
    return Optional.ofNullable(n);
  }

  /**
   * Why the subscription ended, if it did (slow reader, closed connection, unsubscribed, final
   * status).
   */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** {@code chain_unsubscribe}; no notification of it is queued after this returns. */
  @Override
  public void close() throws RpcClientException {
    if (failure == null) {
      fail("unsubscribed");
      client.unsubscribe(this);
    }
  }
}
