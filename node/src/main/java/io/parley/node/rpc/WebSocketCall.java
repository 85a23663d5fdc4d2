package io.parley.node.rpc;

import java.util.ArrayList;
import java.util.List;

/**
 * The calls of one WebSocket text frame (one call or a batch), as the subscription methods see
 * them: the connection, and the subscriptions they created, which stay silent until the frame's
 * answer has been sent.
 */
final class WebSocketCall {
  private final WebSocketConnection connection;
  private final List<Subscription> created = new ArrayList<>();

  WebSocketCall(WebSocketConnection connection) {
    this.connection = connection;
  }

  WebSocketConnection connection() {
    return connection;
  }

  /** Called on the worker running the frame's calls. */
  void created(Subscription subscription) {
    created.add(subscription);
  }

  /** The answer has been sent: the new subscriptions start notifying. */
  void answered() {
    created.forEach(Subscription::release);
  }

  /**
   * No answer carried the new ids (the calls were notifications, or the frame was answered with a
   * timeout error): the new subscriptions are removed, since the client cannot name them.
   */
  void abandoned() {
    for (Subscription s : created) {
      connection.unsubscribe(s.id());
    }
  }
}
