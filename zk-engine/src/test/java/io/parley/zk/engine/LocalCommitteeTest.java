package io.parley.zk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.PlaintextEvaluator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.testing.Fixtures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalCommitteeTest {
  /**
   * A running secret total (state), a signed comparison made public, and the new total revealed to
   * a recipient named at run time.
   */
  private static final String ACCUMULATE =
      """
      {"format":"parley-circuit/1","name":"accumulate",
       "inputs":[{"name":"x","kind":"secret","type":"i32"},
                 {"name":"limit","kind":"public","type":"i32"},
                 {"name":"total","kind":"state","type":"i40"}],
       "gates":[{"op":"add","in":[0,2]},
                {"op":"wrap","in":[3],"type":"i40"},
                {"op":"lt","in":[1,4]}],
       "outputs":[{"name":"over","wire":5,"type":"bool","to":"public"},
                  {"name":"mine","wire":4,"type":"i40","to":"address","recipient":"owner"},
                  {"name":"total","wire":4,"type":"i40","to":"state"}],
       "recipients":[{"name":"owner"}]}
      """;

  private static ValidatedCircuit circuit(String json) {
    return CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static BigInteger[] one(long v) {
    return new BigInteger[] {BigInteger.valueOf(v)};
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void matchesThePlaintextSemanticsAndKeepsStateShared(int n) {
    LocalCommittee committee = new LocalCommittee(Fixtures.keys(n, 3), new SplittableRandom(3));
    ValidatedCircuit circuit = circuit(ACCUMULATE);
    SplittableRandom random = new SplittableRandom(n);
    Map<String, LocalCommittee.SharedValues> state = new HashMap<>();
    BigInteger plainTotal = BigInteger.ZERO;
    for (int run = 0; run < 3; run++) {
      long x = random.nextInt() / 2;
      long limit = random.nextInt(-1000, 1000);
      LocalCommittee.Run result =
          committee.run(
              Fixtures.id(run), circuit, Map.of("x", one(x)), state, Map.of("limit", one(limit)));
      Map<String, BigInteger[]> expected =
          PlaintextEvaluator.evaluate(
              circuit,
              Map.of("x", one(x), "limit", one(limit), "total", new BigInteger[] {plainTotal}));
      plainTotal = expected.get("total")[0];
      assertThat(result.publicOutputs().get("over")).containsExactly(expected.get("over"));
      assertThat(result.addressOutputs().get("mine")).containsExactly(expected.get("mine"));
      assertThat(result.state().get("total").decode(committee.threshold()))
          .containsExactly(plainTotal);
      assertThat(result.onlineRounds()).isPositive();
      assertThat(result.messages()).isPositive();
      state.putAll(result.state());
    }
  }

  @Test
  void sharesOfStateRevealNothingOnTheirOwn() {
    LocalCommittee committee = new LocalCommittee(Fixtures.keys(4, 5), new SplittableRandom(5));
    LocalCommittee.SharedValues a = committee.deal(one(42));
    LocalCommittee.SharedValues b = committee.deal(one(42));
    assertThat(a.decode(1)).containsExactly(BigInteger.valueOf(42));
    assertThat(a.shares()[0][0]).isNotEqualTo(b.shares()[0][0]);
  }

  @Test
  void refusesMissingOrMisshapenInputsBeforeAnyInteraction() {
    LocalCommittee committee = new LocalCommittee(Fixtures.keys(4, 6), new SplittableRandom(6));
    ValidatedCircuit circuit = circuit(ACCUMULATE);
    assertThatThrownBy(
            () ->
                committee.run(Fixtures.id(1), circuit, Map.of(), Map.of(), Map.of("limit", one(1))))
        .hasMessage("secret input 'x' needs 1 value(s)");
    assertThatThrownBy(
            () -> committee.run(Fixtures.id(1), circuit, Map.of("x", one(1)), Map.of(), Map.of()))
        .hasMessage("public argument 'limit' is missing");
  }
}
