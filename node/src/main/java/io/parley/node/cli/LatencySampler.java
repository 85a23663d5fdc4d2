package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.sdk.rpc.RpcClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Commit latency of sampled transfers: from just before the request that carried a transfer was
 * sent until a block containing it is visible on the observer node. The sampler watches the head
 * (every 2 ms) and reads each new block once, so measuring adds little load.
 */
final class LatencySampler implements AutoCloseable {
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;

  LatencySampler(BenchEndpoints client) throws RpcClientException {
    long start = Long.decode(client.call("chain_head").get("number").asText());
    thread =
        Thread.ofPlatform()
            .name("bench-latency")
            .start(
                () -> {
                  long seen = start;
                  long idleSince = System.nanoTime();
                  while (!stop.get()
                      || (!pending.isEmpty() && System.nanoTime() - idleSince < 60_000_000_000L)) {
                    try {
                      long head = Long.decode(client.call("chain_head").get("number").asText());
                      for (long h = seen + 1; h <= head; h++) {
                        long now = System.nanoTime();
                        JsonNode block =
                            client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h));
                        for (JsonNode tx : block.get("transactions")) {
                          Long sent = pending.remove(tx.asText());
                          if (sent != null) {
                            latenciesMicros.add((now - sent) / 1_000);
                          }
                        }
                        idleSince = now;
                      }
                      seen = head;
                      Thread.sleep(2);
                    } catch (RpcClientException e) {
                      return;
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  void sent(String hash, long sentNanos) {
    pending.put(hash, sentNanos);
  }

  /** Stops once the outstanding samples are committed; returns sorted latencies (microseconds). */
  List<Long> finish() throws InterruptedException {
    stop.set(true);
    thread.join();
    List<Long> sorted = new ArrayList<>(latenciesMicros);
    Collections.sort(sorted);
    return sorted;
  }

  static String describe(List<Long> sorted) {
    if (sorted.isEmpty()) {
      return "no samples";
    }
    return String.format(
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms (%d samples)",
        at(sorted, 0.50) / 1000.0,
        at(sorted, 0.90) / 1000.0,
        at(sorted, 0.99) / 1000.0,
        sorted.size());
  }

  private static long at(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join();
  }
}
