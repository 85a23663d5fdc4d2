package io.parley.node.rpc;

import io.parley.node.execution.ComputationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One subscription of one WebSocket connection. Its notifications are held until the answer that
 * gave the client its id has been sent ({@link #release}), so a client never sees a notification
 * for an id it does not know yet; once cancelled it sends nothing more. Held notifications count
 * against the connection's pending bytes like sent ones.
 */
final class Subscription {
  /** Where a transaction stands; it only moves forward, and the last two end the subscription. */
  enum TransactionState {
    UNKNOWN,
    PENDING,
    COMMITTED,
    DROPPED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean isFinal() {
      return this == COMMITTED || this == DROPPED;
    }
  }

  private final String id;
  private final SubscriptionKind kind;
  private final WebSocketConnection connection;
  private final String prefix;

  // Guarded by this.
  private final List<byte[]> held = new ArrayList<>();
  private boolean released;
  private boolean cancelled;
  private TransactionState state = TransactionState.UNKNOWN;
  private int computationStep = -1;

  Subscription(String id, SubscriptionKind kind, WebSocketConnection connection) {
    this.id = id;
    this.kind = kind;
    this.connection = connection;
    this.prefix =
        "{\"jsonrpc\":\"2.0\",\"method\":\"chain_subscription\",\"params\":{\"subscription\":\""
            + id
            + "\",\"result\":";
  }

  String id() {
    return id;
  }

  SubscriptionKind kind() {
    return kind;
  }

  /** Sends (or holds) one notification whose {@code result} is the JSON text {@code result}. */
  synchronized void deliver(String result) {
    if (cancelled) {
      return;
    }
    byte[] text = (prefix + result + "}}").getBytes(StandardCharsets.UTF_8);
    if (released) {
      connection.send(text);
    } else if (connection.reserve(text.length)) {
      held.add(text);
    }
  }

  /** The answer with this subscription's id has been sent: send what was held, then live. */
  synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    for (byte[] text : held) {
      if (cancelled) {
        connection.unreserve(text.length);
      } else {
        connection.sendReserved(text);
      }
    }
    held.clear();
  }

  /** Nothing more is sent; held notifications are discarded. */
  synchronized void cancel() {
    cancelled = true;
    if (!released) {
      for (byte[] text : held) {
        connection.unreserve(text.length);
      }
      held.clear();
    }
  }

  /**
   * Moves a {@code computation} subscription of one id forward to the record {@code next} (queued,
   * retried at each new attempt, then done or failed) and notifies the rendered status; a final
   * status ends the subscription. A repeat or a step back does nothing, so the status read when
   * subscribing and the fan-out's never cross.
   */
  synchronized void advance(ComputationRegistry.Record next, Supplier<String> render) {
    boolean last = next.status() != ComputationRegistry.Status.QUEUED;
    int step = last ? Integer.MAX_VALUE : next.attempt();
    if (cancelled || step <= computationStep) {
      return;
    }
    computationStep = step;
    deliver(render.get());
    if (last) {
      connection.ended(this);
    }
  }

  synchronized TransactionState state() {
    return state;
  }

  /**
   * Moves a {@code transaction} subscription forward to {@code next} and notifies the rendered
   * status; a final status ends the subscription. A step back or a repeat does nothing.
   */
  synchronized void advance(TransactionState next, Supplier<String> render) {
    if (cancelled || next.ordinal() <= state.ordinal() || state.isFinal()) {
      return;
    }
    state = next;
    deliver(render.get());
    if (next.isFinal()) {
      connection.ended(this);
    }
  }
}
