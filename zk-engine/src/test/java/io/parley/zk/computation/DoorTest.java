package io.parley.zk.computation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.rep4.Shares;
import io.parley.zk.testing.Fixtures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The door end to end for every protocol at 4 and 7 members, on a seeded simulated network: a
 * circuit with a comparison whose secret state passes from one computation to the next, a member
 * that cheats blamed verifiably, a wallet's inconsistent sharing, a member restarted between
 * phases.
 */
class DoorTest {
  /** The best bid so far stays secret; whether a bid beats it is public; the owner learns it. */
  static final String BEST_BID =
      """
      {"format":"parley-circuit/1","name":"best-bid",
       "inputs":[{"name":"bid","kind":"secret","type":"i32"},
                 {"name":"best","kind":"state","type":"i32"}],
       "gates":[{"op":"lt","in":[1,0]},
                {"op":"select","in":[2,0,1]}],
       "outputs":[{"name":"higher","wire":2,"type":"bool","to":"public"},
                  {"name":"best","wire":3,"type":"i32","to":"state"},
                  {"name":"top","wire":3,"type":"i32","to":"address","recipient":"owner"}],
       "recipients":[{"name":"owner"}]}
      """;

  static final String OWNER = "0x00000000000000000000000000000000000000aa";

  static ValidatedCircuit circuit(String json) {
    return CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  static Stream<Arguments> committees() {
    return Stream.of(
        Arguments.of(4, Protocols.REP4),
        Arguments.of(4, Protocols.SHAMIR_KING),
        Arguments.of(4, Protocols.SHAMIR_BROADCAST),
        Arguments.of(7, Protocols.SHAMIR_KING),
        Arguments.of(7, Protocols.SHAMIR_BROADCAST));
  }

  /** One committee with its members' stores, kept across computations. */
  record Members(
      Protocol protocol, List<PrivateKey> keys, Committee committee, List<MemberStore> stores) {
    static Members of(int n, Protocol protocol) {
      List<PrivateKey> keys = Fixtures.keys(n, 40 + n);
      List<MemberStore> stores = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        stores.add(new InMemoryMemberStore());
      }
      return new Members(protocol, keys, Fixtures.committee(keys), stores);
    }

    CommitteeMember member(int i) {
      return new CommitteeMember(committee, i, keys.get(i));
    }

    int size() {
      return keys.size();
    }

    List<ShareVector> deal(long value, long seed) {
      return protocol
          .inputFormat()
          .deal(new BigInteger[] {BigInteger.valueOf(value)}, size(), new SplittableRandom(seed));
    }

    ComputationRequest request(long seed) {
      return new ComputationRequest(
          Fixtures.id(seed),
          new Workload.CircuitWorkload(circuit(BEST_BID)),
          Map.of(),
          Map.of("owner", OWNER));
    }

    /** Every member's computation of one bid, with the state each holds (absent: zero). */
    List<MemberComputation> start(
        ComputationRequest request, List<ShareVector> bid, List<ShareVector> state) {
      List<MemberComputation> out = new ArrayList<>();
      for (int i = 0; i < size(); i++) {
        out.add(start(i, request, bid.get(i), state == null ? null : state.get(i)));
      }
      return out;
    }

    MemberComputation start(int i, ComputationRequest request, ShareVector bid, ShareVector best) {
      Map<String, ShareVector> state = new HashMap<>();
      if (best != null) {
        state.put("best", best);
      }
      return protocol.member(
          member(i), request, new MemberInputs(Map.of("bid", bid), state), stores.get(i));
    }
  }

  static List<ComputationResult> completed(List<Outcome<ComputationResult>> outcomes) {
    List<ComputationResult> results = new ArrayList<>();
    for (Outcome<ComputationResult> o : outcomes) {
      assertThat(o).isInstanceOf(Outcome.Completed.class);
      results.add(((Outcome.Completed<ComputationResult>) o).value());
    }
    assertThat(outcomes.stream().map(o -> ((Outcome.Completed<?>) o).transcript()).distinct())
        .as("every member computes the same transcript digest")
        .hasSize(1);
    return results;
  }

  static List<ShareVector> column(List<ComputationResult> results, String state) {
    return results.stream().map(r -> r.state().get(state)).toList();
  }

  @ParameterizedTest
  @MethodSource("committees")
  void comparesAndCarriesSecretStateFromOneComputationToTheNext(int n, Protocol protocol) {
    Members m = Members.of(n, protocol);
    List<ComputationResult> first =
        completed(CommitteeRuns.run(m.start(m.request(1), m.deal(5, 1), null), 11));
    assertThat(first.get(0).publicOutputs().get("higher")).containsExactly(BigInteger.ONE);
    List<ComputationResult> second =
        completed(
            CommitteeRuns.run(m.start(m.request(2), m.deal(3, 2), column(first, "best")), 12));
    for (ComputationResult r : second) {
      assertThat(r.publicOutputs().get("higher")).containsExactly(BigInteger.ZERO);
      assertThat(r.recipientShares().get("top").recipient()).isEqualTo(OWNER);
    }
    assertThat(protocol.inputFormat().reconstruct(column(second, "best")))
        .containsExactly(BigInteger.valueOf(5));
    assertThat(
            protocol
                .inputFormat()
                .reconstruct(
                    second.stream().map(r -> r.recipientShares().get("top").shares()).toList()))
        .containsExactly(BigInteger.valueOf(5));
    for (MemberStore store : m.stores()) {
      assertThat(((InMemoryMemberStore) store).size(Fixtures.id(2)))
          .as("each finished phase's value is kept until the caller forgets the computation")
          .isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("committees")
  void aMemberThatAltersItsShareOfTheStateIsBlamedVerifiably(int n, Protocol protocol) {
    Members m = Members.of(n, protocol);
    List<ComputationResult> first =
        completed(CommitteeRuns.run(m.start(m.request(1), m.deal(5, 1), null), 21));
    int cheater = n - 1;
    List<ShareVector> state = new ArrayList<>(column(first, "best"));
    state.set(cheater, altered(state.get(cheater)));
    List<Outcome<ComputationResult>> outcomes =
        CommitteeRuns.run(m.start(m.request(2), m.deal(9, 2), state), 22);
    List<Blame> blames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i == cheater) {
        continue;
      }
      if (outcomes.get(i) instanceof Outcome.Aborted<ComputationResult> a) {
        assertThat(a.accusation())
            .as("member %d", i)
            .isInstanceOfAny(Accusation.Proven.class, Accusation.Timeout.class);
        if (a.accusation() instanceof Accusation.Proven p) {
          blames.add(p.blame());
        }
      }
    }
    assertThat(blames).as("some honest member holds evidence").isNotEmpty();
    for (Blame blame : blames) {
      assertThat(blame.accused()).isEqualTo(cheater);
      assertThat(protocol.verifier(m.committee()).verify(blame).valid()).isTrue();
      Blame decoded = Blames.decode(Blames.encode(blame));
      assertThat(Blames.verifier(m.committee()).verify(decoded).valid()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("committees")
  void aWalletsInconsistentSharingStopsEveryMemberWithoutBlamingAny(int n, Protocol protocol) {
    Members m = Members.of(n, protocol);
    List<ShareVector> bid = new ArrayList<>(m.deal(7, 3));
    bid.set(0, altered(bid.get(0)));
    List<Outcome<ComputationResult>> outcomes =
        CommitteeRuns.run(m.start(m.request(3), bid, null), 31);
    for (Outcome<ComputationResult> o : outcomes) {
      assertThat(o).isInstanceOf(Outcome.Aborted.class);
      assertThat(((Outcome.Aborted<ComputationResult>) o).accusation())
          .isInstanceOf(Accusation.InconsistentInput.class);
    }
  }

  @ParameterizedTest
  @MethodSource("committees")
  void aMemberRebuiltBetweenPhasesResumesFromItsStore(int n, Protocol protocol) {
    Members m = Members.of(n, protocol);
    ComputationRequest request = m.request(4);
    List<ShareVector> bid = m.deal(12, 4);
    List<MemberComputation> members = m.start(request, bid, null);
    List<Outcome<ComputationResult>> outcomes =
        CommitteeRuns.run(
            members,
            41,
            Map.of(),
            phase -> phase == 1 ? Map.of(0, m.start(0, request, bid.get(0), null)) : null);
    List<ComputationResult> results = completed(outcomes);
    for (ComputationResult r : results) {
      assertThat(r.publicOutputs().get("higher")).containsExactly(BigInteger.ONE);
    }
    assertThat(protocol.inputFormat().reconstruct(column(results, "best")))
        .containsExactly(BigInteger.valueOf(12));
  }

  /** The same shares with one value changed: a wallet's or a cheating member's deviation. */
  static ShareVector altered(ShareVector v) {
    return switch (v) {
      case ShareVector.Field f -> {
        FieldElement[] s = f.shares();
        s[0] = s[0].add(FieldElement.ONE);
        yield new ShareVector.Field(s);
      }
      case ShareVector.Replicated r -> {
        long[][] c = r.shares().components();
        int j = r.shares().self() == 0 ? 1 : 0;
        c[j][0] += 1;
        yield new ShareVector.Replicated(Shares.of(r.shares().self(), c));
      }
    };
  }
}
