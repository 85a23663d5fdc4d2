package io.parley.sdk.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC over one WebSocket connection to a node (docs/rpc.md "WebSocket", ADR 0008), for
 * subscriptions: {@code newHeads}, contract {@code events} and a {@code transaction}'s status, each
 * a {@link SubscriptionQueue} with a bounded queue. Calls are matched to answers by id; a {@link
 * WebSocketTransport} runs the connection (the JDK's WebSocket unless another is given). The node
 * closes a connection that leaves more than its {@code --rpc-ws-max-pending-bytes} unread (close
 * code 1008); every subscription then ends with that code and reason.
 */
public final class SubscriptionClient implements AutoCloseable {
  /** The default number of unread notifications a subscription holds. */
  public static final int DEFAULT_CAPACITY = 1024;

  private static final int NORMAL_CLOSURE = 1000;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final URI endpoint;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, SubscriptionQueue> subscriptions = new ConcurrentHashMap<>();
  private final Object sendLock = new Object();
  private volatile WebSocketTransport.Connection socket;
  private volatile String closed;

  private record Pending(CompletableFuture<JsonNode> answer, SubscriptionQueue subscription) {}

  private SubscriptionClient(URI endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
  }

  /** Connects to {@code ws://host:port/} (or {@code wss://}) with the JDK's WebSocket. */
  public static SubscriptionClient connect(URI endpoint, Duration timeout)
      throws RpcClientException {
    return connect(endpoint, timeout, new JdkWebSocketTransport());
  }

  /** Connects to {@code ws://host:port/} (or {@code wss://}) over {@code transport}. */
  public static SubscriptionClient connect(
      URI endpoint, Duration timeout, WebSocketTransport transport) throws RpcClientException {
    if (!"ws".equals(endpoint.getScheme()) && !"wss".equals(endpoint.getScheme())) {
      throw new IllegalArgumentException(
          "a subscription endpoint is a ws:// or wss:// URL, got " + endpoint);
    }
    SubscriptionClient client = new SubscriptionClient(endpoint, timeout);
    try {
      client.socket =
          transport
              .open(endpoint, timeout, client.new Listener())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new RpcClientException(
          0, "cannot open a WebSocket to " + endpoint + ": " + e.getCause());
    } catch (TimeoutException e) {
      throw new RpcClientException(0, "no WebSocket to " + endpoint + " within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcClientException(0, "interrupted");
    }
    return client;
  }

  /** The WebSocket URL of the node whose HTTP RPC URL is {@code http}: same host, port, path. */
  public static URI webSocketUri(URI http) {
    String scheme = "https".equals(http.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + http.toString().substring(http.getScheme().length()));
  }

  /** Every committed block's {@code Header}, in height order, none skipped. */
  public SubscriptionQueue newHeads(int capacity) throws RpcClientException {
    return subscribe("newHeads", null, capacity);
  }

  /**
   * Matching {@code ContractEvent}s of committed blocks; {@code filter} is an {@code EventFilter}
   * ({@code {address, topics}}) or null for every event.
   */
  public SubscriptionQueue events(JsonNode filter, int capacity) throws RpcClientException {
    return subscribe("events", filter, capacity);
  }

  /** A transaction's {@code TransactionStatus}: now, then each change until a final one. */
  public SubscriptionQueue transaction(String hash, int capacity) throws RpcClientException {
    ObjectNode filter = MAPPER.createObjectNode().put("hash", hash);
    return subscribe("transaction", filter, capacity);
  }

  /** {@code chain_subscribe(kind, filter)}; {@code filter} may be null. */
  public SubscriptionQueue subscribe(String kind, JsonNode filter, int capacity)
      throws RpcClientException {
    SubscriptionQueue subscription = new SubscriptionQueue(this, kind, capacity);
    if (filter == null) {
      request("chain_subscribe", subscription, kind);
    } else {
      request("chain_subscribe", subscription, kind, filter);
    }
    return subscription;
  }

  /** Any JSON-RPC call over this connection. */
  public JsonNode call(String method, Object... params) throws RpcClientException {
    return request(method, null, params);
  }

  void unsubscribe(SubscriptionQueue subscription) throws RpcClientException {
    subscriptions.remove(subscription.id());
    if (closed == null) {
      call("chain_unsubscribe", subscription.id());
    }
  }

  private JsonNode request(String method, SubscriptionQueue subscription, Object... params)
      throws RpcClientException {
    if (closed != null) {
      throw new RpcClientException(0, "the WebSocket to " + endpoint + " is closed: " + closed);
    }
    long id = ids.incrementAndGet();
    ObjectNode request = MAPPER.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(MAPPER.valueToTree(p));
    }
    Pending call = new Pending(new CompletableFuture<>(), subscription);
    pending.put(id, call);
    try {
      synchronized (sendLock) {
        socket.sendText(request.toString()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      JsonNode response = call.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode error = response.get("error");
      if (error != null && !error.isNull()) {
        throw new RpcClientException(error.path("code").asInt(), error.path("message").asText());
      }
      return response.get("result");
    } catch (ExecutionException e) {
      throw new RpcClientException(0, method + " over " + endpoint + ": " + e.getCause());
    } catch (TimeoutException e) {
      throw new RpcClientException(0, method + ": no answer from " + endpoint + " in " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcClientException(0, "interrupted");
    } finally {
      pending.remove(id);
    }
  }

  private void onMessage(String text) {
    JsonNode message;
    try {
      message = MAPPER.readTree(text);
    } catch (IOException e) {
      return; // not JSON: nothing to match it to; the node never sends such a message
    }
    if (message.has("id") && !message.get("id").isNull()) {
      Pending call = pending.get(message.get("id").asLong());
      if (call == null) {
        return;
      }
      // Register before completing: the node may send the first notification right after.
      if (call.subscription() != null && message.path("result").isTextual()) {
        String id = message.get("result").asText();
        call.subscription().started(id);
        subscriptions.put(id, call.subscription());
      }
      call.answer().complete(message);
    } else if ("chain_subscription".equals(message.path("method").asText())) {
      JsonNode params = message.path("params");
      SubscriptionQueue s = subscriptions.get(params.path("subscription").asText());
      if (s == null) {
        return;
      }
      String status = params.path("result").path("status").asText();
      if ("transaction".equals(s.kind()) && isFinal(status)) {
        subscriptions.remove(s.id()); // the node ends it: nothing follows a final status
        s.deliverLast(params.path("result"), "ended after its final status " + status);
      } else if (!s.deliver(params.path("result"))) {
        subscriptions.remove(s.id());
        CompletableFuture.runAsync(() -> unsubscribeQuietly(s));
      }
    }
  }

  private static boolean isFinal(String status) {
    return "committed".equals(status) || "dropped".equals(status);
  }

  private void unsubscribeQuietly(SubscriptionQueue s) {
    try {
      call("chain_unsubscribe", s.id());
    } catch (RpcClientException e) {
      // The subscription already failed with its reason; the connection may be closing.
    }
  }

  /** The first reason wins: the node's echo of a close this client started does not replace it. */
  private synchronized void onClosed(String reason) {
    if (closed != null) {
      return;
    }
    closed = reason;
    subscriptions.values().forEach(s -> s.fail(reason));
    pending
        .values()
        .forEach(p -> p.answer().completeExceptionally(new IOException("connection " + reason)));
  }

  @Override
  public void close() {
    boolean first;
    synchronized (this) {
      first = closed == null;
      onClosed("closed by the client");
    }
    if (first) {
      socket.sendClose(NORMAL_CLOSURE, "bye");
    }
  }

  private final class Listener implements WebSocketTransport.Listener {
    @Override
    public void onText(String message) {
      onMessage(message);
    }

    @Override
    public void onClose(int code, String reason) {
      onClosed("closed by the node with code " + code + " (" + reason + ")");
    }

    @Override
    public void onError(Throwable error) {
      onClosed("failed: " + error);
    }
  }
}
