package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One corrupt member (in-process): honest members must abort with a blame on the cheater that the
 * independent verifier accepts, never output a wrong value, never blame an honest member.
 */
class Rep4AdversaryTest {
  private static final byte[] KEY_SEED = {9, 9};
  private static final int N = 9000;

  /** Rounds of the multiply program: input 0, echo 1, multiply 2, open 3. */
  private static final int MULTIPLY_STEP = 2;

  private static final int OPEN_STEP = 3;
  private final BlameVerifier verifier = Blames.verifier(Rep4Net.COMMITTEE);

  private static long[][] inputs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return new long[][] {r.longs(N).toArray(), r.longs(N).toArray()};
  }

  private List<Outcome<long[]>> run(Rep4Net net, long seed, Rep4Net.Interceptor interceptor) {
    long[][] in = inputs(seed);
    return net.run(true, KEY_SEED, i -> Programs.multiply(i, in[0], in[1]), interceptor, seed);
  }

  /**
   * Every honest member either aborted with a verified blame on {@code cheater} or completed with
   * the correct product (identifiable abort allows a member that saw nothing wrong in the last
   * round to finish); at least one blames.
   */
  private void assertBlamed(List<Outcome<long[]>> outcomes, int cheater, long seed) {
    long[][] in = inputs(seed);
    int blamed = 0;
    for (int i = 0; i < 4; i++) {
      if (i == cheater) {
        continue;
      }
      Outcome<long[]> o = outcomes.get(i);
      if (o instanceof Outcome.Completed<long[]> done) {
        for (int e = 0; e < N; e++) {
          assertThat(done.value()[e])
              .as("member %d output %d", i, e)
              .isEqualTo(in[0][e] * in[1][e]);
        }
        continue;
      }
      assertThat(o).as("member %d", i).isInstanceOf(Outcome.Aborted.class);
      Accusation a = ((Outcome.Aborted<long[]>) o).accusation();
      assertThat(a).as("member %d", i).isInstanceOf(Accusation.Proven.class);
      Blame blame = ((Accusation.Proven) a).blame();
      assertThat(blame.accused()).as("member %d", i).isEqualTo(cheater);
      assertThat(verifier.verify(blame).valid()).isTrue();
      assertThat(verifier.verify(Blames.decode(BlameCodec.encode(blame))).valid()).isTrue();
      blamed++;
    }
    assertThat(blamed).isPositive();
  }

  private static Rep4Net.Interceptor offsetValues(int cheater, int step, long offset) {
    return (from, to, e) -> {
      if (from != cheater || e.step() != step || !Tamper.hasValues(e)) {
        return List.of(e);
      }
      return List.of(
          Tamper.rewrite(e, (p, v) -> v[Math.min(v.length - 1, 4200)] += offset, (p, d) -> {}));
    };
  }

  @Test
  void wrongValueFromSenderIsBlamedOnTheSender() {
    for (int cheater = 0; cheater < 4; cheater++) {
      assertBlamed(
          run(new Rep4Net(), 100 + cheater, offsetValues(cheater, MULTIPLY_STEP, 1)),
          cheater,
          100 + cheater);
    }
  }

  @Test
  void wrongDigestFromBackupIsBlamedOnTheBackup() {
    for (int cheater = 0; cheater < 4; cheater++) {
      int c = cheater;
      Rep4Net.Interceptor flip =
          (from, to, e) ->
              from == c && e.step() == MULTIPLY_STEP && Tamper.hasDigests(e)
                  ? List.of(Tamper.rewrite(e, (p, v) -> {}, (p, d) -> d[d.length - 1] ^= 1))
                  : List.of(e);
      assertBlamed(run(new Rep4Net(), 200 + cheater, flip), cheater, 200 + cheater);
    }
  }

  @Test
  void wrongValueInAnOpeningIsBlamed() {
    for (int cheater = 0; cheater < 4; cheater++) {
      assertBlamed(
          run(new Rep4Net(), 300 + cheater, offsetValues(cheater, OPEN_STEP, -7)),
          cheater,
          300 + cheater);
    }
  }

  @Test
  void equivocatingInputOwnerIsBlamed() {
    for (int owner = 0; owner < 2; owner++) {
      int o = owner;
      int[] receivers = Schedule.complement(o, Schedule.inputSent(o));
      Rep4Net.Interceptor equivocate =
          (from, to, e) ->
              from == o && e.step() == 0 && to == receivers[1]
                  ? List.of(Tamper.rewrite(e, (p, v) -> v[3] += 1, (p, d) -> {}))
                  : List.of(e);
      assertBlamed(run(new Rep4Net(), 400 + owner, equivocate), owner, 400 + owner);
    }
  }

  @Test
  void equivocatingKeyContributorIsBlamedAndTheEvidenceCannotBeRedirected() {
    int cheater = 2;
    // party 2 sends party 3 a different contribution to key 1 than it sends party 0
    Rep4Net.Interceptor equivocate =
        (from, to, e) ->
            from == cheater && e.step() == 0 && to == 3
                ? List.of(Tamper.rewrite(e, (p, v) -> v[0] ^= p.id() == 1 ? 1 : 0, (p, d) -> {}))
                : List.of(e);
    List<Outcome<Rep4Keys>> out =
        new Rep4Net()
            .run(
                true,
                KEY_SEED,
                i -> Rep4Program.setupKeys(Rep4ProtocolTest.contributions(i, 1000)),
                equivocate,
                1000);
    int blamed = 0;
    for (int i = 0; i < 4; i++) {
      if (i != cheater && out.get(i) instanceof Outcome.Aborted<Rep4Keys> a) {
        Blame.Rep4 blame = (Blame.Rep4) ((Accusation.Proven) a.accusation()).blame();
        assertThat(blame.accused()).isEqualTo(cheater);
        assertThat(verifier.verify(blame).valid()).isTrue();
        Rep4Evidence.Equivocation e =
            (Rep4Evidence.Equivocation) Rep4Evidence.decode(blame.evidence());
        assertThat(
                new Rep4BlameVerifier(Rep4Net.COMMITTEE)
                    .reject(new Rep4Evidence.Equivocation(0, e.first(), e.second())))
            .isPresent();
        assertThat(
                new Rep4BlameVerifier(Rep4Net.COMMITTEE)
                    .reject(new Rep4Evidence.Equivocation(cheater, e.first(), e.first())))
            .isPresent();
        blamed++;
      }
    }
    assertThat(blamed).isPositive();
  }

  @Test
  void offsetAdderNeverReceivesAnythingComputedFromItsOffset() {
    int cheater = 2;
    long seed = 500;
    Rep4Net honestNet = new Rep4Net();
    run(honestNet, seed, Rep4Net.honest());
    Rep4Net attacked = new Rep4Net();
    assertBlamed(
        run(attacked, seed, offsetValues(cheater, MULTIPLY_STEP, 1L << 40)), cheater, seed);
    List<Rep4Net.Delivery> next = roundMessagesTo(attacked, cheater, MULTIPLY_STEP + 1);
    List<Rep4Net.Delivery> reference = roundMessagesTo(honestNet, cheater, MULTIPLY_STEP + 1);
    // the receivers of the tampered values stop: they send the cheater nothing of the next round;
    // whatever the others send is exactly what they send in the honest run
    assertThat(next.size()).isLessThan(3);
    for (Rep4Net.Delivery d : next) {
      Rep4Net.Delivery same =
          reference.stream().filter(r -> r.from() == d.from()).findFirst().orElseThrow();
      assertThat(valuesOf(d.envelope())).isEqualTo(valuesOf(same.envelope()));
    }
  }

  private static List<Rep4Net.Delivery> roundMessagesTo(Rep4Net net, int to, int step) {
    return net.delivered.stream()
        .filter(
            d -> d.to() == to && d.envelope().kind() == Kind.DEAL && d.envelope().step() == step)
        .toList();
  }

  private static List<List<Long>> valuesOf(Envelope e) {
    List<List<Long>> out = new ArrayList<>();
    for (WireMessage.Part p : WireMessage.decode(e.data()).parts()) {
      if (p.values()) {
        out.add(java.util.Arrays.stream(p.longs()).boxed().toList());
      }
    }
    return out;
  }

  @Test
  void silenceEndsInATimeoutAccusationNotABlame() {
    int silent = 3;
    Rep4Net.Interceptor mute =
        (from, to, e) -> from == silent && e.step() >= MULTIPLY_STEP ? List.of() : List.of(e);
    List<Outcome<long[]>> out = run(new Rep4Net(), 600, mute);
    for (int i = 0; i < 3; i++) {
      assertThat(out.get(i)).isInstanceOf(Outcome.Aborted.class);
      Accusation a = ((Outcome.Aborted<long[]>) out.get(i)).accusation();
      assertThat(a).isInstanceOf(Accusation.Timeout.class);
      assertThat(((Accusation.Timeout) a).silent()).contains(silent);
    }
  }

  @Test
  void aFalseConflictClaimIsIgnoredAndNobodyHonestIsBlamed() {
    int liar = 1;
    // the liar drops its own round messages and claims a conflict with agreeing statements
    Rep4Net.Interceptor lie =
        (from, to, e) -> from == liar && e.step() >= OPEN_STEP ? List.of() : List.of(e);
    List<Outcome<long[]>> out = run(new Rep4Net(), 700, lie);
    for (int i = 0; i < 4; i++) {
      if (i != liar) {
        Outcome<long[]> o = out.get(i);
        if (o instanceof Outcome.Aborted<long[]> a
            && a.accusation() instanceof Accusation.Proven p) {
          assertThat(p.blame().accused()).isEqualTo(liar);
        }
      }
    }
  }

  @Test
  void forgedOrAlteredEvidenceIsRejected() {
    List<Outcome<long[]>> out = run(new Rep4Net(), 800, offsetValues(0, MULTIPLY_STEP, 5));
    Blame.Rep4 blame =
        (Blame.Rep4)
            ((Accusation.Proven) ((Outcome.Aborted<long[]>) out.get(1)).accusation()).blame();
    Rep4Evidence.Conflict c = (Rep4Evidence.Conflict) Rep4Evidence.decode(blame.evidence());
    Rep4BlameVerifier v = new Rep4BlameVerifier(Rep4Net.COMMITTEE);
    assertThat(v.reject(c)).isEmpty();
    // the honest backup accused instead
    assertThat(
            v.reject(
                new Rep4Evidence.Conflict(
                    c.backup().from(),
                    c.transfer(),
                    c.chunk(),
                    c.sender(),
                    c.backup(),
                    c.receiver(),
                    c.third())))
        .isPresent();
    // a digest changed after signing
    Statement.Segment s = c.sender().segments().get(0);
    byte[] d = s.digests().clone();
    d[0] ^= 1;
    List<Statement.Segment> segs = new ArrayList<>(c.sender().segments());
    segs.set(0, new Statement.Segment(s.id(), s.values(), s.count(), d));
    Statement altered =
        new Statement(
            c.sender().computation(),
            c.sender().round(),
            c.sender().kind(),
            c.sender().from(),
            c.sender().to(),
            segs,
            c.sender().signature());
    assertThat(
            v.reject(
                new Rep4Evidence.Conflict(
                    c.accused(),
                    c.transfer(),
                    c.chunk(),
                    altered,
                    c.backup(),
                    c.receiver(),
                    c.third())))
        .isPresent();
    // a disclosed value changed after signing
    TransferDisclosure t = c.third();
    long[] x = t.content().x().clone();
    x[0]++;
    TransferDisclosure forged =
        new TransferDisclosure(
            t.computation(),
            t.round(),
            t.kind(),
            t.discloser(),
            t.transfer(),
            t.chunk(),
            t.batch(),
            new TransferDisclosure.Content(t.batch(), x, t.content().y(), t.content().streamKey()),
            t.signature());
    assertThat(
            v.reject(
                new Rep4Evidence.Conflict(
                    c.accused(),
                    c.transfer(),
                    c.chunk(),
                    c.sender(),
                    c.backup(),
                    c.receiver(),
                    forged)))
        .isPresent();
    // the sender's statement replaced by the backup's (no disagreement)
    assertThat(
            v.reject(
                new Rep4Evidence.Conflict(
                    c.accused(),
                    c.transfer(),
                    c.chunk(),
                    c.backup(),
                    c.backup(),
                    c.receiver(),
                    c.third())))
        .isPresent();
    // the header of the chain blame disagrees with its evidence
    assertThat(verifier.verify(new Blame.Rep4(2, blame.computation(), blame.evidence())).valid())
        .isFalse();
  }

  @Test
  void honestRunsNeverAbort() {
    long[][] in = inputs(900);
    List<Outcome<long[]>> out = run(new Rep4Net(), 900, Rep4Net.honest());
    for (Outcome<long[]> o : out) {
      long[] z = ((Outcome.Completed<long[]>) o).value();
      for (int i = 0; i < N; i++) {
        assertThat(z[i]).isEqualTo(in[0][i] * in[1][i]);
      }
    }
  }
}
