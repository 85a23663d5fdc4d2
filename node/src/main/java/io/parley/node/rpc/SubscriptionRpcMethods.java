package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * chain_subscribe and chain_unsubscribe (docs/rpc.md, "WebSocket"). Over HTTP they validate their
 * parameters and then answer 4060, since HTTP has no way to notify.
 */
public final class SubscriptionRpcMethods {
  private final Subscriptions subscriptions;

  public SubscriptionRpcMethods(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  public List<RpcMethod> methods() {
    return List.of(
        new RpcMethod("chain_subscribe", List.of("kind", "filter"), 1, this::subscribe),
        new RpcMethod("chain_unsubscribe", List.of("subscription"), 1, this::unsubscribe));
  }

  private JsonNode subscribe(Params p) throws RpcException {
    SubscriptionKind kind = SubscriptionKind.parse(p);
    WebSocketCall call = webSocket(p);
    Subscription subscription = call.connection().subscribe(kind);
    call.created(subscription);
    if (kind instanceof SubscriptionKind.TransactionStatus t
        && !subscriptions.notifyCurrentStatus(subscription, t.hash())) {
      call.connection().unsubscribe(subscription.id());
      throw new RpcException(
          RpcErrors.TRANSACTION_NOT_FOUND,
          "transaction " + t.hash() + " is neither pending on this node nor committed");
    }
    if (kind instanceof SubscriptionKind.Computation c
        && c.id().isPresent()
        && !subscriptions.notifyCurrentComputation(subscription, c.id().get())) {
      call.connection().unsubscribe(subscription.id());
      throw new RpcException(
          ZkRpcMethods.COMPUTATION_NOT_FOUND,
          "chain_subscribe: no computation " + c.id().get() + " at the head");
    }
    return TextNode.valueOf(subscription.id());
  }

  private JsonNode unsubscribe(Params p) throws RpcException {
    String id = p.string(0);
    WebSocketCall call = webSocket(p);
    if (!call.connection().unsubscribe(id)) {
      throw new RpcException(
          RpcErrors.SUBSCRIPTION_NOT_FOUND,
          "chain_unsubscribe: this connection has no subscription "
              + (id.length() <= 80 ? id : id.substring(0, 80) + "..."));
    }
    return BooleanNode.TRUE;
  }

  private static WebSocketCall webSocket(Params p) throws RpcException {
    return p.webSocket()
        .orElseThrow(
            () ->
                new RpcException(
                    RpcErrors.SUBSCRIPTION_NEEDS_WEBSOCKET,
                    p.method()
                        + " needs a WebSocket connection (ws:// on the RPC port): HTTP cannot"
                        + " carry notifications"));
  }
}
