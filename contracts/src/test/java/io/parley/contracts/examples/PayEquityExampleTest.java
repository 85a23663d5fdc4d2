package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * examples/PayEquity.par: each registered employee submits their own salary and gender; the
 * employer starts the certification; the answer is public and the totals and head counts go only to
 * the certifier. On 4 and 7 members of the real engine and in plaintext, with seeded salaries
 * checked against a plain Java reference.
 */
class PayEquityExampleTest {
  private static final int TOLERANCE = 5;

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7), Arguments.of(0));
  }

  record Employee(Address account, long salary, boolean woman) {}

  /** The reference: |avg(women) - avg(men)| within TOLERANCE percent of the higher average. */
  static boolean reference(List<Employee> staff, int tolerance) {
    long women = 0;
    long men = 0;
    long nWomen = 0;
    long nMen = 0;
    for (Employee e : staff) {
      if (e.woman()) {
        women += e.salary();
        nWomen++;
      } else {
        men += e.salary();
        nMen++;
      }
    }
    long a = women * nMen;
    long b = men * nWomen;
    long high = Math.max(a, b);
    long low = Math.min(a, b);
    return (high - low) * 100 <= high * tolerance;
  }

  @ParameterizedTest(name = "{0} members (0 = plaintext)")
  @MethodSource("committees")
  void eachEmployeeSubmitsTheirOwnSalaryAndOnlyTheAnswerIsPublic(int members) {
    ContractTestKit kit = new ContractTestKit();
    if (members == 0) {
      kit.usePlaintext();
    } else {
      kit.useCommittee(members);
    }
    Address employer = kit.account("employer");
    Address certifier = kit.account("certifier");
    DeployedContract equity =
        kit.deploy(Path.of("examples/PayEquity.par"), employer, certifier, TOLERANCE);
    Random random = new Random(1000L + members);
    List<Employee> staff = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Address account = kit.account("employee " + i);
      long salary = 40_000 + random.nextInt(20_000);
      staff.add(new Employee(account, salary, i % 2 == 0));
      assertThat(equity.call(employer, "register", account).success()).isTrue();
    }
    for (Employee e : staff) {
      DeployedContract.InputReceipt r =
          equity.submit(e.account(), "staff", Map.of("salary", e.salary(), "woman", e.woman()));
      assertThat(r.accepted()).isTrue();
    }
    // an account the employer did not register is refused by the public rule
    Address outsider = kit.account("outsider");
    assertThat(
            equity
                .submit(outsider, "staff", Map.of("salary", 1, "woman", true))
                .reason()
                .orElseThrow())
        .contains("not a registered employee");
    // a salary above MAX_SALARY is refused by the committee's check of the where clause
    Address typo = kit.account("typo");
    equity.call(employer, "register", typo);
    DeployedContract.InputReceipt invalid =
        equity.submit(typo, "staff", Map.of("salary", 10_000_001, "woman", false));
    assertThat(invalid.accepted()).isFalse();
    assertThat(invalid.reason().orElseThrow()).contains("invalid");
    // employee 1 corrects their salary: the same index, the input replaced
    Employee corrected = new Employee(staff.get(1).account(), 51_000, false);
    int index =
        equity
            .submit(corrected.account(), "staff", Map.of("salary", 51_000, "woman", false))
            .index();
    assertThat(index).isEqualTo(1);
    staff.set(1, corrected);
    // employee 7 withdraws
    assertThat(equity.withdraw(staff.get(7).account(), "staff", -1).success()).isTrue();
    staff.remove(7);
    assertThat(equity.inputs("staff")).hasSize(7);
    // only the employer starts the computation
    assertThat(equity.call(staff.get(0).account(), "certify").failureReason().orElseThrow())
        .contains("only the employer");
    assertThat(equity.call(employer, "certify").success()).isTrue();

    DeployedContract.Started run = equity.lastStarted();
    boolean expected = reference(staff, TOLERANCE);
    assertThat(run.callback().orElseThrow().success()).isTrue();
    assertThat(equity.query("certified")).isEqualTo(expected);
    assertThat(equity.eventNames(run.callback().get())).containsExactly("Certified");
    DeployedContract.Computation c = run.computation().orElseThrow();
    long women = staff.stream().filter(Employee::woman).mapToLong(Employee::salary).sum();
    long men = staff.stream().filter(e -> !e.woman()).mapToLong(Employee::salary).sum();
    assertThat(c.outputs())
        .containsEntry("result", expected ? BigInteger.ONE : BigInteger.ZERO)
        .containsEntry("private_0", BigInteger.valueOf(women))
        .containsEntry("private_1", BigInteger.valueOf(men))
        .containsEntry(
            "private_2", BigInteger.valueOf(staff.stream().filter(Employee::woman).count()))
        .containsEntry(
            "private_3", BigInteger.valueOf(staff.stream().filter(e -> !e.woman()).count()));
    assertThat(c.deliveredTo())
        .containsOnlyKeys("private_0", "private_1", "private_2", "private_3");
    assertThat(c.deliveredTo().values()).containsOnly(certifier);
    // submissions are closed after the start; a second certification is refused
    assertThat(
            equity
                .submit(staff.get(0).account(), "staff", Map.of("salary", 1, "woman", true))
                .reason()
                .orElseThrow())
        .contains("submissions are closed");
    assertThat(equity.call(employer, "certify").failureReason().orElseThrow())
        .contains("already certified");
    System.out.println("gap at " + members + " members: " + c.report());
    if (members > 0) {
      assertThat(c.rounds()).isPositive();
      assertThat(c.messages()).isPositive();
    }
  }

  @Test
  void transactionsCannotCallTheChainOnlyActions() {
    ContractTestKit kit = new ContractTestKit().usePlaintext();
    Address employer = kit.account("employer");
    DeployedContract equity =
        kit.deploy(Path.of("examples/PayEquity.par"), employer, kit.account("certifier"), 5);
    assertThat(equity.call(employer, "input__staff", 0).failureReason().orElseThrow())
        .contains("'input__staff' is run by the chain");
    assertThat(equity.call(employer, "result__gap", true).failureReason().orElseThrow())
        .contains("'result__gap' is run by the chain");
    assertThat(equity.call(employer, "reject__staff", 0).failureReason().orElseThrow())
        .contains("'reject__staff' is run by the chain");
  }

  private static Map<String, Object> arguments(List<Integer> women, Address certifier) {
    Map<String, Object> args = new java.util.HashMap<>();
    args.put("women", women);
    args.put("men", List.of(110, 190, 320, 400));
    args.put("tolerance_percent", 5);
    args.put("certifier", certifier);
    return args;
  }

  @Test
  void argumentsAreCheckedBeforeTheCommitteeStarts() {
    ContractTestKit kit = new ContractTestKit();
    DeployedContract equity =
        kit.deploy(
            Path.of("src/test/resources/contracts/PayEquityOneCaller.par"), kit.account("company"));
    Address certifier = kit.account("certifier");

    Map<String, Object> noCertifier = arguments(List.of(100, 200, 300, 400), certifier);
    noCertifier.remove("certifier");
    assertThatThrownBy(() -> equity.run("certify", noCertifier))
        .hasMessage("missing argument 'certifier'");
    assertThatThrownBy(() -> equity.run("certify", arguments(List.of(1, 2, 3), certifier)))
        .hasMessage("'women' needs 4 elements, got 3");
    assertThatThrownBy(() -> equity.run("certify", arguments(List.of(-1, 2, 3, 4), certifier)))
        .hasMessage("'women' = -1 is outside u32");
    Map<String, Object> extra = arguments(List.of(100, 200, 300, 400), certifier);
    extra.put("bonus", 1);
    assertThatThrownBy(() -> equity.run("certify", extra))
        .hasMessageContaining("has no argument 'bonus'");
  }
}
