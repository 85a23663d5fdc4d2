package io.parley.mpc.network;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Bytes and frames sent and received per phase (preprocessing, bits, online, ...), the one place
 * that counts network cost (MP-SPDZ's {@code Player} counters). A computation id is labelled with
 * its phase by the node before it runs.
 */
public final class TrafficCounters {
  /** Totals of one phase. */
  public record Totals(long bytesSent, long bytesReceived, long framesSent, long framesReceived) {}

  private final Map<Bytes32, String> phases = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong[]> counters = new ConcurrentHashMap<>();

  public void label(Bytes32 computation, String phase) {
    phases.put(computation, phase);
  }

  private AtomicLong[] of(Bytes32 computation) {
    String phase = phases.getOrDefault(computation, "unlabelled");
    return counters.computeIfAbsent(
        phase,
        p ->
            new AtomicLong[] {
              new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()
            });
  }

  void sent(Bytes32 computation, long bytes) {
    AtomicLong[] c = of(computation);
    c[0].addAndGet(bytes);
    c[2].incrementAndGet();
  }

  void received(Bytes32 computation, long bytes) {
    AtomicLong[] c = of(computation);
    c[1].addAndGet(bytes);
    c[3].incrementAndGet();
  }

  /** Totals of every phase counted so far, by phase label. */
  public Map<String, Totals> byPhase() {
    Map<String, Totals> out = new java.util.TreeMap<>();
    counters.keySet().forEach(phase -> out.put(phase, totals(phase)));
    return out;
  }

  public Totals totals(String phase) {
    AtomicLong[] c = counters.get(phase);
    if (c == null) {
      return new Totals(0, 0, 0, 0);
    }
    return new Totals(c[0].get(), c[1].get(), c[2].get(), c[3].get());
  }
}
