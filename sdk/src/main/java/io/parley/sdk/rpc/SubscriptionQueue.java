package io.parley.sdk.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One {@code chain_subscribe} subscription of a {@link SubscriptionClient}: its notifications'
 * {@code result}s in arrival order, held in a bounded queue. A subscriber that falls more than the
 * queue's capacity behind loses the subscription (it is ended, and {@link #next} says why), rather
 * than the client buffering without bound; so does one whose connection closes.
 */
public final class SubscriptionQueue implements AutoCloseable {
  private final SubscriptionClient client;
  private final String kind;

  /** Guarded by itself: notifications and the end reason change together, readers wait on it. */
  private final ArrayDeque<JsonNode> queue;

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
    this.queue = new ArrayDeque<>();
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
    return deliver(result, null);
  }

  /**
   * Queues the last notification and ends the subscription with {@code reason} in one step, so a
   * reader that receives it also sees why nothing follows.
   */
  boolean deliverLast(JsonNode result, String reason) {
    return deliver(result, reason);
  }

  private boolean deliver(JsonNode result, String endReason) {
    synchronized (queue) {
      if (failure != null) {
        return false;
      }
      if (queue.size() >= capacity) {
        fail(
            "more than "
                + capacity
                + " "
                + kind
                + " notifications were not read: the subscription was ended; read faster or"
                + " subscribe with a larger capacity");
        return false;
      }
      queue.add(result);
      if (endReason != null) {
        failure = endReason;
      }
      queue.notifyAll();
      return true;
    }
  }

  void fail(String reason) {
    synchronized (queue) {
      if (failure == null) {
        failure = reason;
      }
      queue.notifyAll();
    }
  }

  /**
   * The next notification's {@code result}, waiting up to {@code timeout}; empty if none came in
   * time. Throws, with the reason, once the subscription ended and its queue is drained.
   */
  public Optional<JsonNode> next(Duration timeout) throws RpcClientException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (queue) {
      while (true) {
        JsonNode n = queue.poll();
        if (n != null) {
          return Optional.of(n);
        }
        if (failure != null) {
          throw new RpcClientException(0, "subscription " + id + " (" + kind + "): " + failure);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(queue, left);
      }
    }
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
