package io.parley.zk.computation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.field.FieldElement;
import io.parley.zk.preprocessing.BatchPlan;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.SecureArithmetic;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementsTest {
  @Test
  void dryRunCountsAComparisonAndSplitsItsPreprocessingIntoBoundedBatches() {
    Requirements r =
        Requirements.of(
            4,
            context -> {
              FieldElement[] a = new FieldElement[10];
              Arrays.fill(a, FieldElement.ZERO);
              return new Comparisons(new SecureArithmetic(context)).lessThanZero(a, 33);
            });
    assertThat(r.bits()).isEqualTo(730);
    assertThat(r.triples()).isEqualTo(570);
    assertThat(r.rounds()).isEqualTo(6);
    List<BatchPlan> plans = r.plans(4, 300);
    assertThat(plans).allMatch(p -> p.triples() <= 300 && p.products() <= 300);
    // random bits come from square pairs (one reshared product each), not from triples and randoms
    assertThat(plans.stream().mapToLong(BatchPlan::triples).sum()).isEqualTo(570);
    assertThat(plans.stream().mapToLong(BatchPlan::squares).sum()).isEqualTo(730);
    assertThat(plans.stream().mapToLong(BatchPlan::randoms).sum()).isEqualTo(0);
  }
}
