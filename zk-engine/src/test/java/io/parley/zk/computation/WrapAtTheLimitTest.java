package io.parley.zk.computation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.circuit.PlaintextEvaluator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.testing.Fixtures;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wraps whose operand needs the 81 signed bits the validator admits ([-2^80, 2^80), spec section
 * 6), run through the door on the Shamir engines at 4 and 7 members and compared with plain
 * evaluation. The product of an i64 with 100000 leaves room on both sides of the interval for the
 * shift of a signed wrap; the product with 2^17 plus a u17 fills [-2^80, 2^80) and leaves none.
 */
class WrapAtTheLimitTest {
  private static final String CIRCUIT =
      """
      {"format":"parley-circuit/1","name":"wrap-at-the-limit",
       "inputs":[{"name":"x","kind":"secret","type":"i64"},
                 {"name":"y","kind":"secret","type":"u17"}],
       "gates":[{"op":"mulc","in":[0],"c":"100000"},
                {"op":"wrap","in":[2],"type":"i64"},
                {"op":"mulc","in":[0],"c":"131072"},
                {"op":"add","in":[4,1]},
                {"op":"wrap","in":[5],"type":"i64"},
                {"op":"wrap","in":[5],"type":"i8"},
                {"op":"wrap","in":[5],"type":"i2"},
                {"op":"wrap","in":[5],"type":"u64"},
                {"op":"neg","in":[4]},
                {"op":"addc","in":[10],"c":"-1"},
                {"op":"wrap","in":[11],"type":"i64"}],
       "outputs":[{"name":"times100000","wire":3,"type":"i64","to":"state"},
                  {"name":"full64","wire":6,"type":"i64","to":"state"},
                  {"name":"full8","wire":7,"type":"i8","to":"state"},
                  {"name":"full2","wire":8,"type":"i2","to":"state"},
                  {"name":"fullUnsigned","wire":9,"type":"u64","to":"state"},
                  {"name":"negated","wire":12,"type":"i64","to":"state"}]}
      """;

  private static final long[][] VALUES = {
    {Long.MAX_VALUE, 131071}, {Long.MIN_VALUE, 0}, {-1, 131071}, {-92233720368547759L, 65536}
  };

  static Stream<Arguments> committees() {
    return Stream.of(
        Arguments.of(4, Protocols.SHAMIR_KING),
        Arguments.of(4, Protocols.SHAMIR_BROADCAST),
        Arguments.of(7, Protocols.SHAMIR_KING),
        Arguments.of(7, Protocols.SHAMIR_BROADCAST));
  }

  @Test
  void fourMembersRunTheCircuitOnShamirBecauseRep4CannotHoldItsProducts() {
    // rep4 holds an i64 (a residue of Z_2^64), but not x * 100000, which needs 81 bits
    Workload workload = new Workload.CircuitWorkload(DoorTest.circuit(CIRCUIT));
    assertThat(Protocols.REP4.unsupported(4, workload).orElseThrow())
        .startsWith("E_BACKEND: gate 0 (mulc): result needs 81 bits, more than 64 bits are");
    assertThat(Protocols.select(4, workload)).isEqualTo(Protocols.SHAMIR_KING);
  }

  @ParameterizedTest
  @MethodSource("committees")
  void signedWrapsOfOperandsAtTheValidatorsLimitMatchPlainEvaluation(int n, Protocol protocol) {
    ValidatedCircuit circuit = DoorTest.circuit(CIRCUIT);
    assertThat(circuit.intervals()[5].signedBits()).isEqualTo(81);
    assertThat(circuit.intervals()[11].signedBits()).isEqualTo(81);
    DoorTest.Members m = DoorTest.Members.of(n, protocol);
    List<ComputationResult> results = new ArrayList<>();
    int run = 0;
    for (long[] v : VALUES) {
      ComputationRequest request =
          new ComputationRequest(
              Fixtures.id(100 + run), new Workload.CircuitWorkload(circuit), Map.of(), Map.of());
      List<MemberComputation> members = new ArrayList<>();
      List<ShareVector> xs = deal(protocol, n, v[0], 2L * run);
      List<ShareVector> ys = deal(protocol, n, v[1], 2L * run + 1);
      for (int i = 0; i < n; i++) {
        members.add(
            protocol.member(
                m.member(i),
                request,
                new MemberInputs(Map.of("x", xs.get(i), "y", ys.get(i)), Map.of()),
                m.stores().get(i)));
      }
      results = DoorTest.completed(CommitteeRuns.run(members, 50 + run));
      Map<String, BigInteger[]> expected =
          PlaintextEvaluator.evaluate(
              circuit,
              Map.of(
                  "x", new BigInteger[] {BigInteger.valueOf(v[0])},
                  "y", new BigInteger[] {BigInteger.valueOf(v[1])}));
      for (String output : expected.keySet()) {
        assertThat(protocol.inputFormat().reconstruct(DoorTest.column(results, output)))
            .as("%s of x = %d, y = %d", output, v[0], v[1])
            .containsExactly(expected.get(output));
      }
      run++;
    }
    assertThat(results).hasSize(n);
  }

  private static List<ShareVector> deal(Protocol protocol, int n, long value, long seed) {
    return protocol
        .inputFormat()
        .deal(new BigInteger[] {BigInteger.valueOf(value)}, n, new SplittableRandom(seed));
  }
}
