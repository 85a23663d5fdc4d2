package io.parley.zk.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.testing.Fixtures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * parley-circuit/2's input kind {@code collection}: elements dealt one by one by different owners
 * (as each arrived), assembled by the committee with zero shares at free indices, and summed.
 */
class CollectionInputTest {
  private static final String SUM =
      """
      {"format":"parley-circuit/2","name":"sum",
       "inputs":[{"name":"bids","kind":"collection","type":"u32[3]"},
                 {"name":"bids__count","kind":"public","type":"u32"}],
       "gates":[{"op":"add","in":[0,1]},{"op":"add","in":[4,2]}],
       "outputs":[{"name":"total","wire":5,"type":"u34","to":"public"}]}
      """;

  private static ValidatedCircuit circuit(String json) {
    return CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> committees() {
    return LocalCommitteeTest.committees();
  }

  @ParameterizedTest
  @MethodSource("committees")
  void elementsDealtSeparatelyAndZerosAtFreeIndicesAddUp(int n, Protocol protocol) {
    LocalCommittee committee = new LocalCommittee(Fixtures.keys(n, 5), new SplittableRandom(5));
    // index 0 and 2 hold inputs from two owners; index 1 is free
    LocalCommittee.SharedValues first = committee.deal(protocol, one(70));
    LocalCommittee.SharedValues third = committee.deal(protocol, one(4_000_000_000L));
    List<ShareVector> perMember = new ArrayList<>();
    for (int m = 0; m < n; m++) {
      perMember.add(
          ShareVector.concat(
              List.of(
                  first.shares().get(m),
                  protocol.inputFormat().zeros(m, n, 1),
                  third.shares().get(m))));
    }
    LocalCommittee.SharedValues bids = new LocalCommittee.SharedValues(protocol, perMember);
    assertThat(bids.decode())
        .containsExactly(
            BigInteger.valueOf(70), BigInteger.ZERO, BigInteger.valueOf(4_000_000_000L));
    LocalCommittee.Run run =
        committee.run(
            protocol,
            Fixtures.id(1),
            circuit(SUM),
            Map.of(),
            Map.of("bids", bids),
            Map.of("bids__count", one(2)),
            Map.of());
    assertThat(run.publicOutputs().get("total"))
        .containsExactly(BigInteger.valueOf(4_000_000_070L));
  }

  @Test
  void version1RefusesCollectionsAndConcatRefusesMixedFormats() {
    assertThatThrownBy(() -> circuit(SUM.replace("parley-circuit/2", "parley-circuit/1")))
        .isInstanceOf(CircuitException.class)
        .hasMessageContaining("kind collection needs format parley-circuit/2");
    LocalCommittee committee = new LocalCommittee(Fixtures.keys(4, 5), new SplittableRandom(5));
    ShareVector field = committee.deal(Protocols.SHAMIR_KING, one(1)).shares().get(0);
    ShareVector ring = committee.deal(Protocols.REP4, one(1)).shares().get(0);
    assertThatThrownBy(() -> ShareVector.concat(List.of(field, ring)))
        .hasMessage("share vectors of different formats");
    assertThatThrownBy(() -> ShareVector.concat(List.of(ring, field)))
        .hasMessage("share vectors of different formats");
  }

  private static BigInteger[] one(long v) {
    return new BigInteger[] {BigInteger.valueOf(v)};
  }
}
