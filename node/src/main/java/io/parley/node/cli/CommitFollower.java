package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.node.rpc.client.NettyClients;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Follows the committed blocks for a bench over a {@code newHeads} subscription (WebSocket) rather
 * than by polling, so that measuring loads the validators with one block read per block: each block
 * is read once, when its header arrives, and handed to the listeners with the arrival time. When
 * the subscribed validator goes away the follower subscribes at the next one and reads the blocks
 * it missed.
 */
final class CommitFollower implements AutoCloseable {
  /** Receives each committed block once, in height order. */
  interface Listener {
    void onBlock(long arrivedNanos, JsonNode block);
  }

  private final List<RpcClient> clients;
  private final BenchEndpoints endpoints;
  private final List<Listener> listeners;
  private final Thread thread;
  private volatile boolean closed;
  private long seen;

  CommitFollower(
      List<RpcClient> clients,
      BenchEndpoints endpoints,
      long fromHeight,
      List<Listener> listeners) {
    this.clients = List.copyOf(clients);
    this.endpoints = endpoints;
    this.listeners = List.copyOf(listeners);
    this.seen = fromHeight;
    this.thread = Thread.ofPlatform().name("bench-follower").start(this::follow);
  }

  private void follow() {
    int attempts = 0;
    for (int i = 0; !closed && attempts < 3 * clients.size(); i = (i + 1) % clients.size()) {
      // one subscription at endpoint i until it ends
      try (SubscriptionClient ws =
              NettyClients.shared()
                  .subscriptionClient(
                      SubscriptionClient.webSocketUri(clients.get(i).endpoint()),
                      Duration.ofSeconds(5));
          SubscriptionQueue heads = ws.newHeads(4_096)) {
        attempts = 0;
        readUpTo(
            Long.decode(endpoints.call("chain_head").get("number").asText()), System.nanoTime());
        while (!closed) {
          Optional<JsonNode> header = heads.next(Duration.ofMillis(200));
          if (header.isPresent()) {
            readUpTo(Long.decode(header.get().get("number").asText()), System.nanoTime());
          }
        }
      } catch (RpcClientException e) {
        attempts++; // the validator went away (or refused): subscribe at the next one
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void readUpTo(long height, long arrivedNanos) throws RpcClientException {
    for (long h = seen + 1; h <= height; h++) {
      JsonNode block = endpoints.call("chain_getBlockByNumber", "0x" + Long.toHexString(h));
      for (Listener listener : listeners) {
        listener.onBlock(arrivedNanos, block);
      }
      seen = h;
    }
  }

  boolean alive() {
    return thread.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join();
  }
}
