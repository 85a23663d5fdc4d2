package io.parley.contracts.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.types.Address;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit drives the parley-lang/2 model on src/test/resources/contracts/Donations.par: several
 * inputs per owner, replacement and withdrawal by index, a full collection, secret state carried
 * from one started computation to the next, and the where-predicate checked by the committee.
 */
class ManyPartiesKitTest {
  private static final Path DONATIONS = Path.of("src/test/resources/contracts/Donations.par");

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7), Arguments.of(0));
  }

  private static ContractTestKit kit(int members) {
    ContractTestKit kit = new ContractTestKit();
    return members == 0 ? kit.usePlaintext() : kit.useCommittee(members);
  }

  @ParameterizedTest(name = "{0} members (0 = plaintext)")
  @MethodSource("committees")
  void secretStateCarriesToTheNextComputation(int members) {
    ContractTestKit kit = kit(members);
    Address ann = kit.account("ann");
    Address bob = kit.account("bob");
    DeployedContract donations = kit.deploy(DONATIONS, ann);

    assertThat(donations.submit(ann, "gifts", 300L).index()).isEqualTo(0);
    assertThat(donations.submit(ann, "gifts", 200L).index()).isEqualTo(1);
    assertThat(donations.submit(bob, "gifts", 100L).index()).isEqualTo(2);
    assertThat(donations.query("stored")).isEqualTo(BigInteger.valueOf(3));
    // ann replaces her second gift by index; bob may not touch it
    assertThat(donations.replace(bob, "gifts", 1, 50L).reason().orElseThrow())
        .contains("no input of yours at that index");
    assertThat(donations.replace(ann, "gifts", 1, 250L).index()).isEqualTo(1);
    // over the predicate: the committee refuses, the slot is freed again
    assertThat(donations.submit(bob, "gifts", 501L).reason().orElseThrow()).contains("invalid");
    assertThat(donations.query("stored")).isEqualTo(BigInteger.valueOf(3));

    assertThat(donations.call(bob, "settle").success()).isTrue();
    assertThat(donations.query("status")).isEqualTo(false); // 300 + 250 + 100 = 650 < 1000
    assertThat(donations.secretState()).containsEntry("total", BigInteger.valueOf(650));

    // the gifts stay stored: withdraw them and give new ones; the total keeps growing
    for (int i = 0; i < 3; i++) {
      Address owner = i == 2 ? bob : ann;
      assertThat(donations.withdraw(owner, "gifts", i).success()).isTrue();
    }
    assertThat(donations.withdraw(bob, "gifts", 0).failureReason().orElseThrow())
        .contains("no input of yours in 'gifts'");
    assertThat(donations.inputs("gifts")).isEmpty();
    donations.submit(bob, "gifts", 400L);
    assertThat(donations.call(ann, "settle").success()).isTrue();
    assertThat(donations.query("status")).isEqualTo(true); // 650 + 400 >= 1000
    assertThat(donations.query("settled")).isEqualTo(BigInteger.TWO);
    assertThat(donations.secretState()).containsEntry("total", BigInteger.valueOf(1050));
    assertThat(donations.started()).hasSize(2);
  }

  @ParameterizedTest(name = "{0} members (0 = plaintext)")
  @MethodSource("committees")
  void aFullCollectionRefusesAndAFreedIndexIsReused(int members) {
    ContractTestKit kit = kit(members);
    Address ann = kit.account("ann");
    DeployedContract donations = kit.deploy(DONATIONS, ann);
    for (int i = 0; i < 4; i++) {
      assertThat(donations.submit(ann, "gifts", 1L).accepted()).isTrue();
    }
    DeployedContract.InputReceipt full = donations.submit(ann, "gifts", 1L);
    assertThat(full.accepted()).isFalse();
    assertThat(full.reason().orElseThrow()).contains("collection 'gifts' is full (capacity 4)");
    assertThat(donations.withdraw(ann, "gifts", 2).success()).isTrue();
    assertThat(donations.submit(ann, "gifts", 7L).index()).isEqualTo(2);
    Map<Integer, DeployedContract.InputReceipt> stored = donations.inputs("gifts");
    assertThat(stored).hasSize(4);
    assertThat(stored.values().stream().map(DeployedContract.InputReceipt::id).distinct())
        .hasSize(4);
  }

  @ParameterizedTest(name = "{0} members (0 = plaintext)")
  @MethodSource("committees")
  void malformedSubmissionsAreRefusedBeforeAnythingChanges(int members) {
    ContractTestKit kit = kit(members);
    Address ann = kit.account("ann");
    DeployedContract donations = kit.deploy(DONATIONS, ann);
    assertThatThrownBy(() -> donations.submit(ann, "nothing", 1L))
        .hasMessage("no collection named 'nothing'");
    assertThatThrownBy(() -> donations.submit(ann, "gifts", -1L))
        .hasMessage("'value' = -1 is outside u64");
    assertThatThrownBy(() -> donations.submit(ann, "gifts", Map.of("amount", 1)))
        .hasMessage("missing field 'value' of 'gifts'");
    assertThat(donations.inputs("gifts")).isEmpty();
    assertThat(donations.query("stored")).isEqualTo(BigInteger.ZERO);
  }

  /** A member that sends nothing makes the computation abort; the contract's on abort runs. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} members")
  @org.junit.jupiter.params.provider.ValueSource(ints = {4, 7})
  void anAbortedComputationRunsTheOnAbortCallback(int members) {
    ContractTestKit kit = kit(members);
    Address ann = kit.account("ann");
    DeployedContract donations = kit.deploy(DONATIONS, ann);
    donations.submit(ann, "gifts", 100L);
    kit.committee().orElseThrow().silence(members - 1);
    assertThat(donations.call(ann, "settle").success()).isTrue();
    DeployedContract.Started run = donations.lastStarted();
    assertThat(run.computation()).isEmpty();
    assertThat(run.abortReason()).isIn(1, 2);
    assertThat(run.callback().orElseThrow().success()).isTrue();
    assertThat(donations.query("abort_reason")).isEqualTo(BigInteger.valueOf(run.abortReason()));
    assertThat(donations.query("settled")).isEqualTo(BigInteger.ZERO);
  }
}
