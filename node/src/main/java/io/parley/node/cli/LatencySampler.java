package io.parley.node.cli;

import io.parley.node.wallet.RpcClient;
import io.parley.node.wallet.RpcClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Commit latency of sampled transfers: from just before the request that carried the transfer was
 * sent until its receipt can be read (polled every 2 ms), i.e. what a client waiting for finality
 * sees.
 */
final class LatencySampler implements AutoCloseable {
  private record Pending(String hash, long sentNanos) {}

  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;

  LatencySampler(RpcClient client) {
    thread =
        Thread.ofPlatform()
            .name("bench-latency")
            .start(
                () -> {
                  List<Pending> waiting = new ArrayList<>();
                  while (!stop.get() || !waiting.isEmpty() || !pending.isEmpty()) {
                    Pending p;
                    while ((p = pending.poll()) != null) {
                      waiting.add(p);
                    }
                    long now = System.nanoTime();
                    waiting.removeIf(
                        w -> {
                          try {
                            client.call("tx_getReceipt", w.hash());
                            latenciesMicros.add((System.nanoTime() - w.sentNanos()) / 1_000);
                            return true;
                          } catch (RpcClientException e) {
                            return stop.get() && now - w.sentNanos() > 60_000_000_000L;
                          }
                        });
                    try {
                      Thread.sleep(2);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  void sent(String hash, long sentNanos) {
    pending.add(new Pending(hash, sentNanos));
  }

  /** Stops after the outstanding samples are answered; returns sorted latencies in microseconds. */
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
