package io.parley.zk.computation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.zk.evidence.Outcome;
import io.parley.zk.testing.Fixtures;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one rule that picks a protocol, pinning, and the checks every door makes before it starts.
 */
class ProtocolsTest {
  /** A product of 40-bit values needs 79 bits: more than Z_2^64 holds exactly. */
  private static final String WIDE =
      """
      {"format":"parley-circuit/1","name":"wide",
       "inputs":[{"name":"a","kind":"secret","type":"i40"},{"name":"b","kind":"secret","type":"i40"}],
       "gates":[{"op":"mul","in":[0,1]},{"op":"const","c":"0"},{"op":"lt","in":[2,3]}],
       "outputs":[{"name":"negative","wire":4,"type":"bool","to":"public"}]}
      """;

  private static Workload narrow() {
    return new Workload.CircuitWorkload(DoorTest.circuit(DoorTest.BEST_BID));
  }

  private static Workload wide() {
    return new Workload.CircuitWorkload(DoorTest.circuit(WIDE));
  }

  @Test
  void fourMembersRunRep4WhenEveryWorkloadFitsTheRing() {
    assertThat(Protocols.select(4, narrow())).isEqualTo(Protocols.REP4);
    assertThat(Protocols.select(4, List.of(narrow(), wide()))).isEqualTo(Protocols.SHAMIR_KING);
    assertThat(Protocols.REP4.unsupported(4, wide()).orElseThrow()).contains("E_BACKEND");
  }

  @Test
  void sevenMembersRunKingOpeningsAndLargerCommitteesBroadcast() {
    assertThat(Protocols.select(7, narrow())).isEqualTo(Protocols.SHAMIR_KING);
    assertThat(Protocols.select(10, narrow())).isEqualTo(Protocols.SHAMIR_BROADCAST);
    assertThat(Protocols.SHAMIR_KING.unsupported(10, narrow()).orElseThrow())
        .isEqualTo("10 members need 120 PRSS subsets, more than 21");
  }

  @Test
  void genesisMayPinAProtocolThatRunsEveryWorkload() {
    assertThat(Protocols.choose(Optional.of("shamir-broadcast"), 4, List.of(narrow())))
        .isEqualTo(Protocols.SHAMIR_BROADCAST);
    assertThat(Protocols.choose(Optional.empty(), 4, List.of(narrow()))).isEqualTo(Protocols.REP4);
    assertThatThrownBy(() -> Protocols.choose(Optional.of("rep4"), 7, List.of(narrow())))
        .hasMessage("the pinned protocol rep4 cannot run a workload: rep4 needs 4 members, not 7");
    assertThatThrownBy(() -> Protocols.named("spdz"))
        .hasMessage("unknown MPC protocol 'spdz' (one of rep4, shamir-king, shamir-broadcast)");
  }

  @Test
  void inputsAreCheckedBeforeAnyInteraction() {
    DoorTest.Members m = DoorTest.Members.of(4, Protocols.REP4);
    ComputationRequest request = m.request(9);
    MemberStore store = new InMemoryMemberStore();
    assertThatThrownBy(
            () -> Protocols.REP4.member(m.member(0), request, MemberInputs.none(), store))
        .hasMessage("secret input 'bid' is missing");
    ShareVector shamir =
        Protocols.SHAMIR_KING
            .inputFormat()
            .deal(new BigInteger[] {BigInteger.ONE}, 4, new SplittableRandom(1))
            .get(0);
    assertThatThrownBy(
            () ->
                Protocols.REP4.member(
                    m.member(0), request, new MemberInputs(Map.of("bid", shamir), Map.of()), store))
        .hasMessage("secret input 'bid' is not in the replicated-z2^64/1 format");
    ShareVector two =
        Protocols.REP4
            .inputFormat()
            .deal(new BigInteger[] {BigInteger.ONE, BigInteger.TWO}, 4, new SplittableRandom(1))
            .get(0);
    assertThatThrownBy(
            () ->
                Protocols.REP4.member(
                    m.member(0), request, new MemberInputs(Map.of("bid", two), Map.of()), store))
        .hasMessage("secret input 'bid' needs 1 value(s), got 2");
    assertThatThrownBy(
            () ->
                new ComputationRequest(
                    Fixtures.id(1), narrow(), Map.of(), Map.of(), Security.MALICIOUS))
        .hasMessage("recipient 'owner' is missing");
    assertThatThrownBy(
            () ->
                Protocols.REP4.member(
                    new CommitteeMember(
                        Fixtures.committee(Fixtures.keys(7, 1)), 0, Fixtures.keys(7, 1).get(0)),
                    request,
                    MemberInputs.none(),
                    store))
        .hasMessage("rep4 cannot run this computation: rep4 needs 4 members, not 7");
  }

  @Test
  void kernelsMultiplyAndCompareOnEveryProtocol() {
    for (Protocol protocol : Protocols.all()) {
      DoorTest.Members m = DoorTest.Members.of(4, protocol);
      long[] x = {-20, 7, 1 << 30, -5};
      long[] y = {35, 7, -3, 9};
      for (Workload.Kernel.Operation op : Workload.Kernel.Operation.values()) {
        ComputationRequest request =
            new ComputationRequest(
                Fixtures.id(op.ordinal()), new Workload.Kernel(op, x.length), Map.of(), Map.of());
        List<ShareVector> xs = deal(protocol, x, 5);
        List<ShareVector> ys = deal(protocol, y, 6);
        List<MemberComputation> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          members.add(
              protocol.member(
                  m.member(i),
                  request,
                  new MemberInputs(Map.of("x", xs.get(i), "y", ys.get(i)), Map.of()),
                  m.stores().get(i)));
        }
        List<Outcome<ComputationResult>> outcomes = CommitteeRuns.run(members, 7);
        BigInteger[] z =
            protocol.inputFormat().reconstruct(DoorTest.column(DoorTest.completed(outcomes), "z"));
        for (int i = 0; i < x.length; i++) {
          long expected =
              op == Workload.Kernel.Operation.MULTIPLY ? x[i] * y[i] : (x[i] < y[i] ? 1 : 0);
          assertThat(z[i])
              .as("%s %s %d", protocol.name(), op, i)
              .isEqualTo(BigInteger.valueOf(expected));
        }
      }
    }
  }

  private static List<ShareVector> deal(Protocol protocol, long[] values, long seed) {
    BigInteger[] v = new BigInteger[values.length];
    for (int i = 0; i < values.length; i++) {
      v[i] = BigInteger.valueOf(values[i]);
    }
    return protocol.inputFormat().deal(v, 4, new SplittableRandom(seed));
  }
}
