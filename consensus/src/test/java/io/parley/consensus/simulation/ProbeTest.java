package io.parley.consensus.simulation;

import org.junit.jupiter.api.Test;

class ProbeTest {
  @Test
  void probe() {
    String kind = System.getProperty("probe.kind", "crash");
    int count = Integer.getInteger("probe.count", 50);
    long start = System.nanoTime();
    int bad = 0;
    for (long seed = 1; seed <= count; seed++) {
      long t0 = System.nanoTime();
      SimulationResult r = Scenarios.run(kind, seed);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (r.safetyViolation().isPresent() || !r.live() || seed <= 10) {
        System.out.println(ms + " ms " + r.describe() + " commits=" + r.commits());
      }
      if (r.safetyViolation().isPresent() || !r.live()) bad++;
    }
    System.out.println("TOTAL " + (System.nanoTime() - start) / 1_000_000 + " ms, bad " + bad);
  }
}
