package io.parley.zk.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.PlaintextEvaluator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.testing.Fixtures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

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

  private static final String OWNER = "0x00000000000000000000000000000000000000aa";

  private static ValidatedCircuit circuit(String json) {
    return CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static BigInteger[] one(long v) {
    return new BigInteger[] {BigInteger.valueOf(v)};
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> committees() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(4, Protocols.REP4),
        org.junit.jupiter.params.provider.Arguments.of(4, Protocols.SHAMIR_KING),
        org.junit.jupiter.params.provider.Arguments.of(4, Protocols.SHAMIR_BROADCAST),
        org.junit.jupiter.params.provider.Arguments.of(7, Protocols.SHAMIR_KING),
        org.junit.jupiter.params.provider.Arguments.of(7, Protocols.SHAMIR_BROADCAST));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("committees")
  void matchesThePlaintextSemanticsAndKeepsStateShared(int n, Protocol protocol) {
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
              protocol,
              Fixtures.id(run),
              circuit,
              Map.of("x", one(x)),
              state,
              Map.of("limit", one(limit)),
              Map.of("owner", OWNER));
      Map<String, BigInteger[]> expected =
          PlaintextEvaluator.evaluate(
              circuit,
              Map.of("x", one(x), "limit", one(limit), "total", new BigInteger[] {plainTotal}));
      plainTotal = expected.get("total")[0];
      assertThat(result.protocol()).isEqualTo(protocol);
      assertThat(result.publicOutputs().get("over")).containsExactly(expected.get("over"));
      assertThat(result.recipientOutputs().get("mine")).containsExactly(expected.get("mine"));
      assertThat(result.recipients()).containsEntry("mine", OWNER);
      assertThat(result.state().get("total").decode()).containsExactly(plainTotal);
      assertThat(result.rounds()).isPositive();
      assertThat(result.messages()).isPositive();
      state.putAll(result.state());
    }
  }

  @org.junit.jupiter.api.Test
  void picksRep4ForFourMembersAndKingOpeningsForSeven() {
    ValidatedCircuit circuit = circuit(ACCUMULATE);
    assertThat(
            new LocalCommittee(Fixtures.keys(4, 1), new SplittableRandom(1))
                .protocolFor(java.util.List.of(circuit)))
        .isEqualTo(Protocols.REP4);
    assertThat(
            new LocalCommittee(Fixtures.keys(7, 1), new SplittableRandom(1))
                .protocolFor(java.util.List.of(circuit)))
        .isEqualTo(Protocols.SHAMIR_KING);
  }

  @Test
  void sharesOfStateRevealNothingOnTheirOwn() {
    LocalCommittee committee = new LocalCommittee(Fixtures.keys(4, 5), new SplittableRandom(5));
    for (Protocol protocol : Protocols.all()) {
      LocalCommittee.SharedValues a = committee.deal(protocol, one(42));
      LocalCommittee.SharedValues b = committee.deal(protocol, one(42));
      assertThat(a.decode()).containsExactly(BigInteger.valueOf(42));
      assertThat(a.shares().get(0)).isNotEqualTo(b.shares().get(0));
    }
  }

  @Test
  void refusesMissingOrMisshapenInputsBeforeAnyInteraction() {
    LocalCommittee committee = new LocalCommittee(Fixtures.keys(4, 6), new SplittableRandom(6));
    ValidatedCircuit circuit = circuit(ACCUMULATE);
    Map<String, String> owner = Map.of("owner", OWNER);
    assertThatThrownBy(
            () ->
                committee.run(
                    Fixtures.id(1), circuit, Map.of(), Map.of(), Map.of("limit", one(1)), owner))
        .hasMessage("secret input 'x' needs 1 value(s)");
    assertThatThrownBy(
            () ->
                committee.run(
                    Fixtures.id(1), circuit, Map.of("x", one(1)), Map.of(), Map.of(), owner))
        .hasMessage("public argument 'limit' is missing");
    assertThatThrownBy(
            () ->
                committee.run(
                    Fixtures.id(1),
                    circuit,
                    Map.of("x", one(1)),
                    Map.of(),
                    Map.of("limit", one(1)),
                    Map.of()))
        .hasMessage("recipient 'owner' is missing");
    LocalCommittee.SharedValues king = committee.deal(Protocols.SHAMIR_KING, one(1));
    assertThatThrownBy(
            () ->
                committee.run(
                    Protocols.REP4,
                    Fixtures.id(1),
                    circuit,
                    Map.of("x", one(1)),
                    Map.of("total", king),
                    Map.of("limit", one(1)),
                    owner))
        .hasMessage("state 'total' is shared for shamir-king, not rep4");
  }
}
