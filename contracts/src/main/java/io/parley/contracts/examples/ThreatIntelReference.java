package io.parley.contracts.examples;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What examples/ThreatIntel.par reveals, computed in the clear: the indicator hashes reported by at
 * least k distinct organisations, largest first.
 */
public final class ThreatIntelReference {
  private ThreatIntelReference() {}

  /** {@code reports.get(o)}: the hashes organisation o submitted (repeats allowed). */
  public static List<Long> shared(List<List<Long>> reports, int k) {
    Map<Long, Set<Integer>> reporters = new HashMap<>();
    for (int o = 0; o < reports.size(); o++) {
      for (long h : reports.get(o)) {
        reporters.computeIfAbsent(h, x -> new HashSet<>()).add(o);
      }
    }
    return reporters.entrySet().stream()
        .filter(e -> e.getValue().size() >= k)
        .map(Map.Entry::getKey)
        .sorted(Comparator.reverseOrder())
        .toList();
  }
}
