package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.examples.BankFraudReference.Flag;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * examples/BankFraud.par: two banks' flagged clients, the number in common public, the common ids
 * with both scores to the regulator alone. The contract as written (1,000 x 1,000, parallel loops)
 * runs in plaintext; committees of 4 and 7 members run the same source scaled to 8 x 8; seeded
 * lists are checked against {@link BankFraudReference}; an empty intersection reveals 0 and zeros.
 * The cost is reported at 100 x 100 and 200 x 200, and the size at 1,000 x 1,000.
 */
class BankFraudExampleTest {
  private static final Path SOURCE = Path.of("examples/BankFraud.par");

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7));
  }

  static Path scaled(Path dir, int capacity) {
    try {
      String s =
          Files.readString(SOURCE)
              .replace("[1000]", "[" + capacity + "]")
              .replace("0..1000", "0.." + capacity)
              .replace("; 1000]", "; " + capacity + "]");
      Path out = dir.resolve("BankFraud" + capacity + ".par");
      Files.writeString(out, s);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<List<Flag>> lists(Random random, int size, int common) {
    return BankFraudReference.sample(random, size, common);
  }

  private static void analyse(ContractTestKit kit, Path source, List<List<Flag>> lists, int cap) {
    Address regulator = kit.account("regulator");
    Address bankA = kit.account("bank A");
    Address bankB = kit.account("bank B");
    DeployedContract fraud = kit.deploy(source, regulator, bankA, bankB);
    for (Flag f : lists.get(0)) {
      assertThat(fraud.submit(bankA, "first", fields(f)).accepted()).isTrue();
    }
    assertThat(fraud.submit(bankA, "second", fields(lists.get(0).get(0))).reason().orElseThrow())
        .contains("only the second bank");
    for (Flag f : lists.get(1)) {
      assertThat(fraud.submit(bankB, "second", fields(f)).accepted()).isTrue();
    }
    assertThat(fraud.call(bankA, "analyse").failureReason().orElseThrow())
        .contains("only the regulator");
    assertThat(fraud.call(regulator, "analyse").success()).isTrue();

    DeployedContract.Started run = fraud.lastStarted();
    assertThat(run.callback().orElseThrow().success()).isTrue();
    DeployedContract.Computation c = run.computation().orElseThrow();
    BankFraudReference expected = BankFraudReference.of(lists.get(0), lists.get(1), cap);
    assertThat(c.outputs().get("private_0")).isEqualTo(expected.ids());
    assertThat(c.outputs().get("private_1")).isEqualTo(expected.firstScores());
    assertThat(c.outputs().get("private_2")).isEqualTo(expected.secondScores());
    assertThat(c.deliveredTo()).containsOnlyKeys("private_0", "private_1", "private_2");
    assertThat(c.deliveredTo().values()).containsOnly(regulator);
    assertThat(c.outputs().get("result")).isEqualTo(BigInteger.valueOf(expected.common()));
    assertThat(fraud.query("common_clients")).isEqualTo(BigInteger.valueOf(expected.common()));
    System.out.println("overlap " + cap + " x " + cap + ": " + c.report());
  }

  private static Map<String, Object> fields(Flag f) {
    return Map.of("id", f.unsignedId(), "score", f.score());
  }

  @Test
  void theContractAsWrittenMatchesTheReferenceInPlaintext() {
    analyse(new ContractTestKit().usePlaintext(), SOURCE, lists(new Random(50), 45, 12), 1000);
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void aCommitteeFindsTheCommonClients(int members, @TempDir Path dir) {
    Path small = scaled(dir, 8);
    analyse(
        new ContractTestKit().useCommittee(members), small, lists(new Random(members), 7, 3), 8);
  }

  /**
   * A 64-bit id with its top bit set is an unsigned value of 2^63 or more: on rep4 (4 members) the
   * regulator's reconstructed word is read as the output's u64 type, not as a negative long.
   */
  @Test
  void idsWithTheTopBitSetComeBackUnsigned(@TempDir Path dir) {
    List<Flag> first = List.of(new Flag(0xF000_0000_0000_0001L, 7), new Flag(-2L, 8));
    List<Flag> second = List.of(new Flag(5L, 1), new Flag(0xF000_0000_0000_0001L, 9));
    analyse(new ContractTestKit().useCommittee(4), scaled(dir, 8), List.of(first, second), 8);
  }

  @Test
  void noCommonClientRevealsZeroAndZeros(@TempDir Path dir) {
    Path small = scaled(dir, 8);
    analyse(new ContractTestKit().useCommittee(4), small, lists(new Random(9), 8, 0), 8);
  }

  @Test
  void costGrowsWithTheSquareOfTheListsAndTheCircuitDoesNot(@TempDir Path dir) {
    CircuitCost hundred = CircuitCost.of(scaled(dir, 100), "overlap", 4);
    CircuitCost twoHundred = CircuitCost.of(scaled(dir, 200), "overlap", 4);
    System.out.println("overlap 100 x 100: " + hundred);
    System.out.println("overlap 200 x 200: " + twoHundred);
    // one 64-bit equality test (about 64 multiplications) and one selection per pair
    assertThat(hundred.multiplications()).isBetween(100L * 100 * 64, 100L * 100 * 70);
    assertThat(twoHundred.multiplications()).isBetween(200L * 200 * 64, 200L * 200 * 70);
    // rounds grow only with the bits of the row sums (log n), not with the pairs
    assertThat(twoHundred.onlineRounds()).isLessThanOrEqualTo(hundred.onlineRounds() + 1);
    // the same 13 vector gates whatever the size: the circuit is kilobytes at 1,000 x 1,000
    CircuitSize full = CircuitSize.of(SOURCE, "overlap");
    System.out.println("overlap 1000 x 1000: " + full);
    assertThat(twoHundred.gates()).isEqualTo(hundred.gates()).isEqualTo(full.gates());
    assertThat(full.lanes()).isGreaterThan(1_000_000);
    assertThat(full.bundleBytes()).isLessThan(10 << 20);
  }
}
