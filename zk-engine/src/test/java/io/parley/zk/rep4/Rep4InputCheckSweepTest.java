package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random corrupt members: per recipient, the corrupt member sends its statement, a different
 * signed one, both, or nothing, and may withhold its echo from some members. Honest members that
 * decide (do not time out) agree and accuse only the corrupt member, and they catch every
 * equivocation among statements sent once to each honest member; a member that times out names only
 * the corrupt member.
 */
class Rep4InputCheckSweepTest {
  private record Behaviour(
      int cheater, int[] variant, boolean[] dropped, boolean twice, boolean withholdEcho) {
    boolean equivocatesOnce() {
      Set<Integer> sent = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        if (i != cheater) {
          if (dropped[i]) {
            return false;
          }
          sent.add(variant[i]);
        }
      }
      return !twice && !withholdEcho && sent.size() > 1;
    }
  }

  private static Behaviour behaviour(long seed) {
    SplittableRandom r = new SplittableRandom(seed * 7919);
    int[] variant = new int[4];
    boolean[] dropped = new boolean[4];
    boolean drops = r.nextInt(3) == 0;
    for (int i = 0; i < 4; i++) {
      variant[i] = r.nextInt(3);
      dropped[i] = drops && r.nextInt(3) == 0;
    }
    return new Behaviour(r.nextInt(4), variant, dropped, r.nextInt(3) == 0, r.nextInt(4) == 0);
  }

  private static Simulation.Adversary adversary(Behaviour b) {
    return (member, actions, sim) -> {
      List<Action> out = new ArrayList<>();
      for (Action a : actions) {
        if (!(a instanceof Action.Send s)) {
          out.add(a);
        } else if (s.envelope().kind() == Kind.INPUT_DIGESTS) {
          int v = b.variant()[s.to()];
          if (b.dropped()[s.to()]) {
            continue;
          }
          if (v == 0 || b.twice()) {
            out.add(a);
          }
          if (v != 0) {
            out.add(new Action.Send(s.to(), flipped(s.envelope(), v, b.cheater())));
          }
        } else if (!(b.withholdEcho() && b.dropped()[s.to()])) {
          out.add(a);
        }
      }
      return out;
    };
  }

  /** The statement with bit 0 of data byte {@code at} flipped, signed again. */
  private static Envelope flipped(Envelope e, int at, int signer) {
    byte[] data = e.data().clone();
    data[at] ^= 1;
    return Signer.with(Rep4Net.KEYS.get(signer))
        .sign(
            new Envelope(
                e.computation(),
                e.step(),
                e.sender(),
                e.recipient(),
                e.kind(),
                e.values(),
                data,
                Optional.empty()));
  }

  @Test
  void decidingHonestMembersAgreeAndAccuseOnlyTheCorruptMember() {
    BlameVerifier verifier = Blames.verifier(Rep4Net.COMMITTEE);
    for (long seed = 0; seed < 150; seed++) {
      Behaviour b = behaviour(seed);
      long[][] x = InputCheckRuns.deal(new long[] {1, 2}, new SplittableRandom(seed));
      List<Outcome<Boolean>> outcomes =
          InputCheckRuns.run(InputCheckRuns.handOut(x), Map.of(b.cheater(), adversary(b)), seed);
      Outcome<Boolean> agreed = null;
      for (int i = 0; i < 4; i++) {
        Outcome<Boolean> o = outcomes.get(i);
        if (i == b.cheater()) {
          continue;
        }
        switch (o) {
          case Outcome.Aborted<Boolean>(Accusation.Timeout t) -> {
            assertThat(t.silent()).as("seed %d member %d", seed, i).containsExactly(b.cheater());
            continue;
          }
          case Outcome.Aborted<Boolean>(Accusation.InconsistentInput bad) ->
              assertThat(bad.members()).as("seed %d", seed).containsExactly(b.cheater());
          case Outcome.Aborted<Boolean>(Accusation.Proven(Blame blame)) -> {
            assertThat(blame.accused()).as("seed %d", seed).isEqualTo(b.cheater());
            assertThat(verifier.verify(blame).valid()).isTrue();
          }
          default -> {}
        }
        agreed = agreed == null ? o : agreed;
        assertThat(o).as("seed %d member %d", seed, i).isEqualTo(agreed);
      }
      if (b.equivocatesOnce()) {
        assertThat(agreed).as("seed %d", seed).isNotNull();
        assertThat(((Outcome.Aborted<Boolean>) agreed).accusation())
            .as("seed %d", seed)
            .isInstanceOf(Accusation.Proven.class);
      }
    }
  }
}
