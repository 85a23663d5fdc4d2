package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.rep4.circuit.Rep4Support;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * examples/ThreatIntel.par: five organisations submit indicator hashes; the hashes reported by at
 * least k of them are revealed, sorted, and nothing else. The full contract (5 x 100, 512 keys)
 * runs on the plaintext evaluator; the committees of 4 and 7 members run the same source scaled
 * down to 5 x 6 indicators and 32 keys (the full circuit consumes 5.6 million multiplications: its
 * cost is reported from a dry run). Seeded hashes with overlaps and repeats within an organisation
 * are checked against {@link #reference}; no common indicator reveals nothing.
 */
class ThreatIntelExampleTest {
  private static final Path SOURCE = Path.of("examples/ThreatIntel.par");

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7));
  }

  /** The reference: {@link ThreatIntelReference}. */
  static List<Long> reference(List<List<Long>> reports, int k) {
    return ThreatIntelReference.shared(reports, k);
  }

  /**
   * The same contract for {@code perOrganisation} indicators each and {@code keys} = 2^levels
   * sorted keys: every size in the source replaced, the rest unchanged.
   */
  static Path scaled(Path dir, int perOrganisation, int levels) {
    try {
      Path out = dir.resolve("ThreatIntel.par");
      Files.writeString(out, Examples.threatIntel(perOrganisation, levels));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reports drawn from a shared pool, so that some hashes are reported by several. */
  static List<List<Long>> reports(Random random, int perOrganisation, int pool) {
    List<Long> hashes = new ArrayList<>();
    for (int i = 0; i < pool; i++) {
      hashes.add(1 + (random.nextLong() >>> 4)); // 60 bits, nonzero
    }
    List<List<Long>> reports = new ArrayList<>();
    for (int o = 0; o < 5; o++) {
      List<Long> mine = new ArrayList<>();
      int count = perOrganisation - random.nextInt(3);
      for (int i = 0; i < count; i++) {
        mine.add(hashes.get(random.nextInt(pool))); // repeats within an organisation happen too
      }
      reports.add(mine);
    }
    return reports;
  }

  private static List<Long> share(
      ContractTestKit kit, Path source, List<List<Long>> reports, int k) {
    Address coordinator = kit.account("coordinator");
    DeployedContract intel = kit.deploy(source, coordinator);
    for (int o = 0; o < reports.size(); o++) {
      Address organisation = kit.account("organisation " + o);
      assertThat(intel.call(coordinator, "join", organisation).success()).isTrue();
      for (long h : reports.get(o)) {
        DeployedContract.InputReceipt r = intel.submit(organisation, "org" + (o + 1), h);
        assertThat(r.accepted()).isTrue();
      }
      if (o == 0) {
        // the public rule: an organisation writes only into its own collection
        assertThat(intel.submit(organisation, "org2", 5L).reason().orElseThrow())
            .contains("not this organisation's collection");
      }
    }
    assertThat(intel.call(coordinator, "share", k).success()).isTrue();
    DeployedContract.Started run = intel.lastStarted();
    assertThat(run.callback().orElseThrow().success()).isTrue();
    int count = ((BigInteger) intel.query("shared_indicators")).intValueExact();
    List<Long> shared = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      shared.add(((BigInteger) intel.query("indicator", i)).longValueExact());
    }
    DeployedContract.Computation c = run.computation().orElseThrow();
    @SuppressWarnings("unchecked")
    List<BigInteger> revealed = (List<BigInteger>) c.outputs().get("result");
    // the public result is the list and zeros after it, nothing else
    assertThat(revealed.subList(count, revealed.size())).containsOnly(BigInteger.ZERO);
    System.out.println("common, k = " + k + ", " + c.report());
    return shared;
  }

  @Test
  void theFullContractRevealsTheReferenceIndicatorsInPlaintext() {
    Random random = new Random(100);
    List<List<Long>> reports = reports(random, 100, 300);
    for (int k : new int[] {2, 3}) {
      ContractTestKit kit = new ContractTestKit().usePlaintext();
      List<Long> expected = reference(reports, k);
      assertThat(expected).isNotEmpty();
      assertThat(share(kit, SOURCE, reports, k)).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void aCommitteeRevealsTheReferenceIndicators(int members, @TempDir Path dir) {
    Path small = scaled(dir, 6, 5);
    List<List<Long>> reports = reports(new Random(7L + members), 6, 10);
    List<Long> expected = reference(reports, 2);
    assertThat(expected).isNotEmpty();
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    assertThat(share(kit, small, reports, 2)).isEqualTo(expected);
    System.out.println("common, 5 x 6, 32 keys: " + CircuitCost.of(small, "common", members));
  }

  @Test
  void noCommonIndicatorRevealsNothing(@TempDir Path dir) {
    Path small = scaled(dir, 6, 5);
    List<List<Long>> reports = new ArrayList<>();
    for (int o = 0; o < 5; o++) {
      // each organisation repeats its own hashes: repeats do not count as a second organisation
      reports.add(List.of(1000L + o, 1000L + o, 2000L + o));
    }
    assertThat(reference(reports, 2)).isEmpty();
    assertThat(share(new ContractTestKit().useCommittee(4), small, reports, 2)).isEmpty();
  }

  @Test
  void fullSizeCost() {
    CircuitCost cost = CircuitCost.of(SOURCE, "common", 4);
    System.out.println("common, 5 x 100, 512 keys: " + cost);
    // two bitonic networks of 11,520 compare-exchanges on 63-bit keys (the where clause proves
    // 60-bit hashes), a 9-step scan, each step a parallel loop: hundreds of vector gates, not
    // 100,000 scalar ones
    assertThat(cost.gates()).isBetween(300, 2_000);
    assertThat(cost.bundleBytes()).isLessThan(2_000_000);
    assertThat(cost.multiplications()).isBetween(2_000_000L, 4_000_000L);
    assertThat(cost.onlineRounds()).isLessThan(2_000);
  }

  /**
   * Every circuit of the full-size contract passes the rep4 check, so a 4-member committee runs it
   * on the fast path: the sorts' keys fit 63 bits, the validity check's 65-bit comparisons are
   * unsigned ones (ADR 0054).
   */
  @Test
  void everyCircuitRunsOnRep4() {
    Map<String, String> circuits = ContractTestKit.compile(SOURCE).bundle().circuits();
    assertThat(circuits).containsKeys("common", "valid__org1");
    for (Map.Entry<String, String> c : circuits.entrySet()) {
      Rep4Support.check(
          CircuitValidator.validate(
              CircuitParser.parse(c.getValue().getBytes(StandardCharsets.UTF_8))));
    }
  }
}
