package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.types.Address;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pay-equity example on the engine's in-process committee, recipients chosen per run. */
class PayEquityExampleTest {
  private static final List<Integer> WOMEN = List.of(100, 200, 300, 400);
  private static final List<Integer> MEN = List.of(110, 190, 320, 400);

  @Test
  void theAnswerIsPublicAndTheTotalsGoToTheCertifierNamedInTheRun() {
    ContractTestKit kit = new ContractTestKit();
    Address company = kit.account("company");
    Address certifier = kit.account("certifier");
    DeployedContract equity = kit.deploy(Path.of("examples/PayEquity.par"), company);

    DeployedContract.Computation run =
        equity.run(
            "certify",
            Map.of("women", WOMEN, "men", MEN, "tolerance_percent", 5, "certifier", certifier));

    assertThat(run.outputs())
        .containsEntry("result", BigInteger.ONE)
        .containsEntry("private_0", BigInteger.valueOf(1000))
        .containsEntry("private_1", BigInteger.valueOf(1020));
    assertThat(run.deliveredTo())
        .containsEntry("private_0", certifier)
        .containsEntry("private_1", certifier);
    assertThat(run.rounds()).isPositive();
    assertThat(run.messages()).isPositive();

    Address other = kit.account("other certifier");
    DeployedContract.Computation strict =
        equity.run(
            "certify",
            Map.of("women", WOMEN, "men", MEN, "tolerance_percent", 1, "certifier", other));
    assertThat(strict.outputs()).containsEntry("result", BigInteger.ZERO);
    assertThat(strict.deliveredTo()).containsEntry("private_0", other);
  }

  @Test
  void sevenMembersAndThePlaintextEvaluatorGiveTheSameAnswers() {
    ContractTestKit seven = new ContractTestKit().useCommittee(7);
    ContractTestKit plain = new ContractTestKit().usePlaintext();
    Address certifier = seven.account("certifier");
    Map<String, Object> onCommittee =
        seven
            .deploy(Path.of("examples/PayEquity.par"), seven.account("company"))
            .compute("certify", arguments(WOMEN, certifier));
    Map<String, Object> inPlaintext =
        plain
            .deploy(Path.of("examples/PayEquity.par"), plain.account("company"))
            .compute("certify", arguments(WOMEN, certifier));
    assertThat(seven.committee().orElseThrow().size()).isEqualTo(7);
    assertThat(plain.committee()).isEmpty();
    assertThat(onCommittee).isEqualTo(inPlaintext).containsEntry("result", BigInteger.ONE);
  }

  private static Map<String, Object> arguments(List<Integer> women, Address certifier) {
    Map<String, Object> args = new java.util.HashMap<>();
    args.put("women", women);
    args.put("men", MEN);
    args.put("tolerance_percent", 5);
    args.put("certifier", certifier);
    return args;
  }

  @Test
  void argumentsAreCheckedBeforeTheCommitteeStarts() {
    ContractTestKit kit = new ContractTestKit();
    DeployedContract equity = kit.deploy(Path.of("examples/PayEquity.par"), kit.account("company"));
    Address certifier = kit.account("certifier");

    Map<String, Object> noCertifier = arguments(WOMEN, certifier);
    noCertifier.remove("certifier");
    assertThatThrownBy(() -> equity.run("certify", noCertifier))
        .hasMessage("missing argument 'certifier'");
    assertThatThrownBy(() -> equity.run("certify", arguments(List.of(1, 2, 3), certifier)))
        .hasMessage("'women' needs 4 elements, got 3");
    assertThatThrownBy(() -> equity.run("certify", arguments(List.of(-1, 2, 3, 4), certifier)))
        .hasMessage("'women' = -1 is outside u32");
    Map<String, Object> extra = arguments(WOMEN, certifier);
    extra.put("bonus", 1);
    assertThatThrownBy(() -> equity.run("certify", extra))
        .hasMessageContaining("has no argument 'bonus'");
  }
}
