package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * examples/PayGap.par: 100 employees submit salary and gender; the public learns whether the gap is
 * within the threshold, its direction and its size in basis points; the certifier alone receives
 * the two averages. On 4 and 7 members of the real engine, with seeded salaries checked against
 * {@link PayGapReference}; a group below the minimum reveals only that fact; equal pay is a gap of
 * zero.
 */
class PayGapExampleTest {
  private static final Path SOURCE = Path.of("examples/PayGap.par");
  private static final int THRESHOLD = 500; // 5.00 %
  private static final int MINIMUM = 5;

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7));
  }

  record Employee(Address account, long salary, boolean woman) {}

  /** The reference: {@link PayGapReference} on the employees' inputs. */
  static PayGapReference reference(List<Employee> staff, int threshold, int minimum) {
    return PayGapReference.of(
        staff.stream().map(e -> new PayGapReference.Employee(e.salary(), e.woman())).toList(),
        threshold,
        minimum);
  }

  private record Certification(DeployedContract contract, Address certifier) {}

  private static Certification certify(ContractTestKit kit, List<Employee> staff) {
    Address employer = kit.account("employer");
    Address certifier = kit.account("certifier");
    DeployedContract payGap = kit.deploy(SOURCE, employer, certifier, THRESHOLD, MINIMUM);
    for (Employee e : staff) {
      assertThat(payGap.call(employer, "register", e.account()).success()).isTrue();
      DeployedContract.InputReceipt r =
          payGap.submit(e.account(), "staff", Map.of("salary", e.salary(), "woman", e.woman()));
      assertThat(r.accepted()).isTrue();
    }
    assertThat(payGap.call(employer, "certify").success()).isTrue();
    return new Certification(payGap, certifier);
  }

  private static void assertRevealed(Certification run, PayGapReference expected) {
    DeployedContract payGap = run.contract();
    DeployedContract.Started started = payGap.lastStarted();
    assertThat(started.callback().orElseThrow().success()).isTrue();
    DeployedContract.Computation c = started.computation().orElseThrow();
    assertThat(c.outputs().get("result"))
        .isEqualTo(
            List.of(
                bit(expected.enough()),
                bit(expected.within()),
                bit(expected.menPaidMore()),
                BigInteger.valueOf(expected.basisPoints())));
    assertThat(c.outputs())
        .containsEntry("private_0", BigInteger.valueOf(expected.averageWomen()))
        .containsEntry("private_1", BigInteger.valueOf(expected.averageMen()));
    assertThat(c.deliveredTo()).containsOnlyKeys("private_0", "private_1");
    assertThat(c.deliveredTo().values()).containsOnly(run.certifier());
    assertThat(payGap.query("certified")).isEqualTo(expected.enough() && expected.within());
    assertThat(payGap.query("too_few")).isEqualTo(!expected.enough());
    assertThat(payGap.query("gap_basis_points"))
        .isEqualTo(BigInteger.valueOf(expected.basisPoints()));
    assertThat(payGap.eventNames(started.callback().get()))
        .containsExactly(expected.enough() ? "Certified" : "TooFewToCertify");
  }

  private static BigInteger bit(boolean b) {
    return b ? BigInteger.ONE : BigInteger.ZERO;
  }

  private static List<Employee> staff(ContractTestKit kit, int count, Random random) {
    List<Employee> staff = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean woman = random.nextInt(5) < 2;
      // women paid a little less on average: the gap is a few percent, around the threshold
      long salary = 30_000 + random.nextInt(60_000) - (woman ? random.nextInt(6_000) : 0);
      staff.add(new Employee(kit.account("employee " + i), salary, woman));
    }
    return staff;
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void aHundredEmployeesGetTheGapOfTheReferenceAndTheCertifierTheAverages(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    List<Employee> staff = staff(kit, 100, new Random(14_000L + members));
    PayGapReference expected = reference(staff, THRESHOLD, MINIMUM);
    assertThat(expected.enough()).isTrue();
    assertThat(expected.basisPoints()).isPositive();

    Certification run = certify(kit, staff);
    assertRevealed(run, expected);

    DeployedContract.Computation c = run.contract().lastStarted().computation().orElseThrow();
    CircuitCost cost = CircuitCost.of(SOURCE, "pay_gap", members);
    System.out.println("pay_gap, 100 employees, " + members + " members: " + c.report());
    System.out.println("pay_gap circuit: " + cost);
    // sane: the three divisions (24 steps) dominate the depth; nothing grows per employee
    assertThat(cost.onlineRounds()).isBetween(24, 400);
    assertThat(c.rounds()).isGreaterThanOrEqualTo(cost.onlineRounds());
    assertThat(cost.multiplications()).isBetween(128L, 50_000L);
    assertThat(c.bytes()).isPositive();
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void aGroupBelowTheMinimumRevealsOnlyThatFact(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    List<Employee> staff = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // 4 women, 6 men: the women's group is below the minimum of 5
      staff.add(new Employee(kit.account("employee " + i), 40_000 + 1_000L * i, i < 4));
    }
    PayGapReference expected = reference(staff, THRESHOLD, MINIMUM);
    assertThat(expected).isEqualTo(new PayGapReference(false, false, false, 0, 0, 0));
    assertRevealed(certify(kit, staff), expected);
  }

  @Test
  void equalPayIsAGapOfZero() {
    ContractTestKit kit = new ContractTestKit().useCommittee(4);
    List<Employee> staff = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      staff.add(new Employee(kit.account("employee " + i), 52_000, i % 3 == 0));
    }
    PayGapReference expected = reference(staff, THRESHOLD, MINIMUM);
    assertThat(expected).isEqualTo(new PayGapReference(true, true, false, 0, 52_000, 52_000));
    assertRevealed(certify(kit, staff), expected);
  }

  @Test
  void extremeSalariesUseEveryQuotientDigit() {
    // averages of 10,000,000 and 1 and a gap of 99.99 %: the largest digits of each division
    ContractTestKit kit = new ContractTestKit().useCommittee(4);
    List<Employee> staff = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      staff.add(new Employee(kit.account("employee " + i), i < 5 ? 10_000_000 : 1, i < 5));
    }
    PayGapReference expected = reference(staff, THRESHOLD, MINIMUM);
    assertThat(expected).isEqualTo(new PayGapReference(true, false, false, 9_999, 10_000_000, 1));
    assertRevealed(certify(kit, staff), expected);
  }

  @Test
  void aSalaryOfZeroIsRefusedByTheCommittee() {
    ContractTestKit kit = new ContractTestKit().usePlaintext();
    Address employer = kit.account("employer");
    DeployedContract payGap =
        kit.deploy(SOURCE, employer, kit.account("certifier"), THRESHOLD, MINIMUM);
    Address employee = kit.account("employee");
    payGap.call(employer, "register", employee);
    DeployedContract.InputReceipt r =
        payGap.submit(employee, "staff", Map.of("salary", 0, "woman", true));
    assertThat(r.accepted()).isFalse();
    assertThat(r.reason().orElseThrow()).contains("invalid");
  }
}
