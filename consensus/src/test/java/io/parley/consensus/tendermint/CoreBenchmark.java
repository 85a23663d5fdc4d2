package io.parley.consensus.tendermint;

import java.util.Locale;

/**
 * How fast the consensus core itself runs: n validators in one thread, lock-step delivery, no
 * network, real signatures and hashes, one transaction per block. Prints heights per second and the
 * CPU time one validator spends per height (the core's share of commit latency and its throughput
 * ceiling). A command, not a test: {@code ./mvnw -q -B -o -pl consensus -am -Pbench -DskipTests
 * verify}.
 */
public final class CoreBenchmark {
  private CoreBenchmark() {}

  public static void main(String[] args) {
    for (int n : new int[] {4, 7}) {
      run(n, 200); // warm-up
      run(n, 2_000);
    }
  }

  private static void run(int n, int heights) {
    Cluster cluster = new Cluster(n);
    cluster.zeroBlockPeriod = true;
    cluster.startAll();
    long start = System.nanoTime();
    int steps = 0;
    while (cluster.committed.stream().anyMatch(c -> c.size() < heights)) {
      if (cluster.inFlight.isEmpty()) {
        throw new IllegalStateException("stalled at step " + steps);
      }
      cluster.deliver();
      steps++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "n=%d: %d heights in %.2f s: %.0f heights/s, %.0f us of CPU per height per validator,"
            + " %.2f message delays per height%n",
        n,
        heights,
        seconds,
        heights / seconds,
        seconds * 1e6 / heights / n,
        (double) steps / heights);
  }
}
