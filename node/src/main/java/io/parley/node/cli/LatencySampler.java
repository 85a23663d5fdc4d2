package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commit latency of sampled transfers: from just before the request that carried a transfer was
 * sent until the header of a block containing it arrives over the {@link CommitFollower}'s
 * subscription (the block is then read once for its transactions).
 */
final class LatencySampler implements CommitFollower.Listener {
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());

  /** Latencies of the transfers sent at or after {@link #laterFrom}: past the JVMs' warm-up. */
  private final List<Long> laterMicros = Collections.synchronizedList(new ArrayList<>());

  private volatile long laterFrom = Long.MAX_VALUE;
  private volatile long lastSampleNanos = System.nanoTime();

  @Override
  public void onBlock(long arrivedNanos, JsonNode block) {
    for (JsonNode tx : block.get("transactions")) {
      Long sent = pending.remove(tx.asText());
      if (sent != null) {
        lastSampleNanos = arrivedNanos;
        latenciesMicros.add((arrivedNanos - sent) / 1_000);
        if (sent >= laterFrom) {
          laterMicros.add((arrivedNanos - sent) / 1_000);
        }
      }
    }
    synchronized (pending) {
      pending.notifyAll();
    }
  }

  /** Transfers sent from {@code nanos} on are also reported apart (the second half of a run). */
  void laterFrom(long nanos) {
    laterFrom = nanos;
  }

  /** The sorted latencies of the transfers sent in the later part (microseconds). */
  List<Long> later() {
    List<Long> sorted = new ArrayList<>(laterMicros);
    Collections.sort(sorted);
    return sorted;
  }

  void sent(String hash, long sentNanos) {
    pending.put(hash, sentNanos);
  }

  /**
   * Waits until the outstanding samples are committed, or 60 s pass without one (a transfer that
   * was refused never is), or the follower stops; returns sorted latencies (microseconds).
   */
  List<Long> finish(CommitFollower follower) throws InterruptedException {
    synchronized (pending) {
      while (!pending.isEmpty()
          && follower.alive()
          && System.nanoTime() - lastSampleNanos < 60_000_000_000L) {
        pending.wait(200);
      }
    }
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
}
