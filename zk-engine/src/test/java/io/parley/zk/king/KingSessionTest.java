package io.parley.zk.king;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.CountingPreprocessing;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.protocol.Vectors;
import io.parley.zk.session.Action;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import io.parley.zk.testing.TrustedDealer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * King-based openings against plaintext and against a library of corrupt members: a wrong share to
 * a king, a king announcing wrong values, a king equivocating, a false confirm, a wrong check
 * share, silence. Honest members either output the right values or abort with a blame that the
 * independent verifier accepts and that names a corrupt member; never a wrong result, never an
 * honest member.
 */
class KingSessionTest {
  private static final long SEED = 2511L;
  private static final long X = -41;
  private static final long Y = 1_000_003;

  /** x*y, x<y, x==y for 40 pairs, then opened: several openings, chunks at every king. */
  static Program<FieldElement[]> program(
      OnlineContext context, FieldElement[] x, FieldElement[] y) {
    SecureArithmetic arithmetic = new SecureArithmetic(context);
    Comparisons comparisons = new Comparisons(arithmetic);
    FieldElement[] diff = Vectors.subtract(x, y);
    return Program.all(
            List.of(
                arithmetic.multiply(x, y),
                comparisons.lessThanZero(diff, 33),
                comparisons.equalsZero(diff, 33)))
        .then(
            parts -> {
              FieldElement[] all = new FieldElement[3 * x.length];
              for (int p = 0; p < 3; p++) {
                System.arraycopy(parts.get(p), 0, all, p * x.length, x.length);
              }
              return arithmetic.open(all);
            });
  }

  static final int PAIRS = 40;

  static long x(int i) {
    return i % 3 == 0 ? Y : X + 97L * i;
  }

  static int openings() {
    OnlineContext context = new OnlineContext(0, 4, new CountingPreprocessing());
    FieldElement[] zero = new FieldElement[PAIRS];
    java.util.Arrays.fill(zero, FieldElement.ZERO);
    return CountingPreprocessing.dryRun(program(context, zero, zero));
  }

  record Run(List<KingSession<FieldElement[]>> sessions, Committee committee) {}

  static Run run(int n, Map<Integer, Simulation.Adversary> corrupt, long seed, boolean malicious) {
    return run(n, corrupt, seed, malicious, new ArrayList<>());
  }

  /** As above, recording in {@code seenByCorrupt} every envelope the corrupt members receive. */
  static Run run(
      int n,
      Map<Integer, Simulation.Adversary> corrupt,
      long seed,
      boolean malicious,
      List<Envelope> seenByCorrupt) {
    List<PrivateKey> keys = Fixtures.keys(n, seed);
    Committee committee = Fixtures.committee(keys);
    TrustedDealer dealer = new TrustedDealer(n, seed);
    SplittableRandom random = new SplittableRandom(seed);
    FieldElement[][] xs = new FieldElement[n][PAIRS];
    FieldElement[][] ys = new FieldElement[n][PAIRS];
    for (int v = 0; v < PAIRS; v++) {
      FieldElement[] a = Shamir.share(FieldElement.of(x(v)), committee.threshold(), n, random);
      FieldElement[] b = Shamir.share(FieldElement.of(Y), committee.threshold(), n, random);
      for (int i = 0; i < n; i++) {
        xs[i][v] = a[i];
        ys[i][v] = b[i];
      }
    }
    Bytes32 id = Fixtures.id(seed);
    List<KingSession<FieldElement[]>> sessions = new ArrayList<>();
    List<io.parley.zk.session.ProtocolSession<FieldElement[]>> driven = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OnlineContext context = new OnlineContext(i, n, dealer.forParty(i));
      KingSession<FieldElement[]> session =
          new KingSession<>(
              committee,
              i,
              id,
              program(context, xs[i], ys[i]),
              malicious ? Optional.of(keys.get(i)) : Optional.empty());
      sessions.add(session);
      driven.add(
          corrupt.containsKey(i)
              ? new io.parley.zk.testing.RecordingSession<>(session, seenByCorrupt)
              : session);
    }
    new Simulation<>(driven, corrupt, seed).run();
    return new Run(sessions, committee);
  }

  static void assertCorrect(FieldElement[] values, String context) {
    for (int v = 0; v < PAIRS; v++) {
      assertThat(values[v].toSignedBigInteger().longValue()).as(context).isEqualTo(x(v) * Y);
      assertThat(values[PAIRS + v]).as(context).isEqualTo(FieldElement.of(x(v) < Y ? 1 : 0));
      assertThat(values[2 * PAIRS + v]).as(context).isEqualTo(FieldElement.of(x(v) == Y ? 1 : 0));
    }
  }

  /** Returns the blames raised by honest members. */
  static List<Blame> assertSafe(Run run, Map<Integer, ?> corrupt, long seed, boolean mustDetect) {
    BlameVerifier verifier = Blames.verifier(run.committee());
    List<Blame> blames = new ArrayList<>();
    boolean detected = false;
    for (int i = 0; i < run.sessions().size(); i++) {
      if (corrupt.containsKey(i)) {
        continue;
      }
      Outcome<FieldElement[]> outcome = run.sessions().get(i).outcome().orElseThrow();
      String context = "seed " + seed + " member " + i + " outcome " + outcome;
      switch (outcome) {
        case Outcome.Completed<FieldElement[]> c -> assertCorrect(c.value(), context);
        case Outcome.Aborted<FieldElement[]> a -> {
          detected = true;
          switch (a.accusation()) {
            case Accusation.Proven p -> {
              assertThat(corrupt).as(context).containsKey(p.blame().accused());
              assertThat(verifier.verify(p.blame()).valid()).as(context).isTrue();
              Blame decoded = Blames.decode(BlameCodec.encode(p.blame()));
              assertThat(verifier.verify(decoded).valid()).as(context).isTrue();
              blames.add(p.blame());
            }
            case Accusation.Timeout t ->
                assertThat(corrupt.keySet()).as(context).containsAll(t.silent());
            default -> throw new AssertionError(context);
          }
        }
      }
    }
    if (mustDetect) {
      assertThat(detected).as("seed %d: the deviation went unnoticed", seed).isTrue();
    }
    return blames;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void honestCommitteeMatchesPlaintextWithEqualTranscripts(int n) {
    Run run = run(n, Map.of(), SEED, true);
    assertSafe(run, Map.of(), SEED, false);
    Bytes32 first = completed(run.sessions().get(0)).transcript();
    for (KingSession<FieldElement[]> s : run.sessions()) {
      assertThat(completed(s).transcript()).isEqualTo(first);
      assertThat(completed(s).rounds()).isEqualTo(openings());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void semiHonestModeMatchesPlaintext(int n) {
    Run run = run(n, Map.of(), SEED, false);
    assertSafe(run, Map.of(), SEED, false);
  }

  private static Outcome.Completed<FieldElement[]> completed(KingSession<FieldElement[]> s) {
    return (Outcome.Completed<FieldElement[]>) s.outcome().orElseThrow();
  }

  // ---- adversaries ----

  /**
   * Rewrites the corrupt member's envelopes of one kind at one opening (to one member, or to all
   * with -1) and re-signs them (a values envelope's extra envelope signature is ignored).
   */
  static Simulation.Adversary tamper(
      PrivateKey key, Kind kind, int opening, int onlyTo, Function<Envelope, Envelope> change) {
    return io.parley.zk.testing.Adversaries.rewrite(
        key,
        (to, e) -> e.kind() == kind && e.step() / 3 == opening && (onlyTo < 0 || to == onlyTo),
        change::apply);
  }

  static FieldElement[] bump(FieldElement[] values, int index) {
    FieldElement[] out = values.clone();
    out[index] = out[index].add(FieldElement.ONE);
    return out;
  }

  static Envelope withValues(Envelope e, FieldElement[] values) {
    return new Envelope(
        e.computation(),
        e.step(),
        e.sender(),
        e.recipient(),
        e.kind(),
        values,
        e.data(),
        e.signature());
  }

  /** A king's values changed and its statement re-signed for them (a consistent lie). */
  static Envelope lyingValues(Envelope e, PrivateKey key) {
    FieldElement[] values = bump(e.values(), 0);
    int chunk = KingData.chunk(e);
    int total = KingData.totalOfValues(e);
    ValuesStatement s =
        ValuesStatement.sign(
            e.computation(),
            e.step(),
            total,
            chunk,
            e.sender(),
            ValuesStatement.hashValues(values),
            key);
    return withValues(e, values)
        .withData(
            KingData.values(chunk, KingData.degreeOfValues(e), total, Optional.of(s.signature())));
  }

  /** Two seeded runs with the adversaries; every run must notice; returns the honest blames. */
  static List<Blame> sweep(
      int n, Function<List<PrivateKey>, Map<Integer, Simulation.Adversary>> adversaries) {
    List<Blame> blames = new ArrayList<>();
    for (long seed = SEED; seed < SEED + 2; seed++) {
      Map<Integer, Simulation.Adversary> corrupt = adversaries.apply(Fixtures.keys(n, seed));
      blames.addAll(assertSafe(run(n, corrupt, seed, true), corrupt, seed, true));
    }
    return blames;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrongShareToAKingIsLocatedAndBlamedInEveryOpening(int n) {
    for (int opening = 0; opening < openings(); opening++) {
      int s = opening;
      sweep(
          n,
          keys ->
              Map.of(
                  1,
                  tamper(
                      keys.get(1),
                      Kind.KING_SHARES,
                      s,
                      -1,
                      e -> withValues(e, bump(e.values(), 0)))));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void kingAnnouncingWrongValuesIsBlamed(int n) {
    for (int opening : new int[] {0, 2, openings() - 1}) {
      List<Blame> blames = new ArrayList<>();
      for (long seed = SEED; seed < SEED + 2; seed++) {
        List<PrivateKey> keys = Fixtures.keys(n, seed);
        Map<Integer, Simulation.Adversary> corrupt =
            Map.of(
                2,
                tamper(
                    keys.get(2), Kind.KING_VALUES, opening, -1, e -> lyingValues(e, keys.get(2))));
        blames.addAll(assertSafe(run(n, corrupt, seed, true), corrupt, seed, true));
      }
      // its own confirm still echoes the statement it signed for the honest values, so members
      // may prove equivocation as well as wrong values: either way the king is named
      assertThat(blames).isNotEmpty().allSatisfy(b -> assertThat(b.accused()).isEqualTo(2));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void kingSendingDifferentValuesToOneMemberIsBlamedForEquivocation(int n) {
    List<Blame> blames =
        sweep(
            n,
            keys ->
                Map.of(
                    2,
                    tamper(keys.get(2), Kind.KING_VALUES, 1, 0, e -> lyingValues(e, keys.get(2)))));
    assertThat(blames)
        .anySatisfy(b -> assertThat(((Blame.King) b).reason()).isEqualTo(Blame.King.EQUIVOCATION));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void confirmEchoingAStatementTheKingNeverSignedIsBlamed(int n) {
    List<Blame> blames =
        sweep(
            n,
            keys ->
                Map.of(
                    3,
                    tamper(
                        keys.get(3),
                        Kind.KING_CONFIRM,
                        1,
                        -1,
                        e -> {
                          byte[] data = e.data().clone();
                          data[9 + 5] ^= 1; // first statement's values hash
                          return e.withData(data);
                        })));
    assertThat(blames)
        .isNotEmpty()
        .allSatisfy(b -> assertThat(((Blame.King) b).reason()).isEqualTo(Blame.King.FALSE_CONFIRM));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrongCheckShareIsLocatedAndBlamed(int n) {
    List<Blame> blames =
        sweep(
            n,
            keys ->
                Map.of(
                    3,
                    tamper(
                        keys.get(3),
                        Kind.KING_CONFIRM,
                        2,
                        -1,
                        e -> withValues(e, bump(e.values(), 0)))));
    assertThat(blames)
        .isNotEmpty()
        .allSatisfy(b -> assertThat(b).isInstanceOf(Blame.WrongShare.class));
  }

  @Test
  void twoCorruptMembersOfSevenAreCaughtNeverAnHonestOne() {
    sweep(
        7,
        keys ->
            Map.of(
                2,
                tamper(keys.get(2), Kind.KING_VALUES, 3, -1, e -> lyingValues(e, keys.get(2))),
                5,
                tamper(
                    keys.get(5),
                    Kind.KING_SHARES,
                    3,
                    -1,
                    e -> withValues(e, bump(e.values(), 0)))));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void silenceEndsInATimeoutNamingTheSilentMember(int n) {
    sweep(
        n,
        keys ->
            Map.of(
                2,
                (member, actions, sim) ->
                    actions.stream()
                        .filter(a -> !(a instanceof Action.Send s) || s.envelope().step() / 3 < 2)
                        .toList()));
  }

  /** n confirms whose check shares for chunk 0 are a degree-t sharing of {@code check}. */
  static List<Envelope> confirms(List<PrivateKey> keys, FieldElement check, long seed) {
    int n = keys.size();
    Committee committee = Fixtures.committee(keys);
    Bytes32 id = Fixtures.id(seed);
    int values = 7; // one value per king: chunk c belongs to king c
    List<KingChunks.Chunk> chunks = KingChunks.of(values, n);
    List<ValuesStatement> statements = new ArrayList<>();
    for (KingChunks.Chunk c : chunks) {
      FieldElement[] v = {FieldElement.of(c.index())};
      statements.add(
          ValuesStatement.sign(
              id,
              4,
              values,
              c.index(),
              c.king(),
              ValuesStatement.hashValues(v),
              keys.get(c.king())));
    }
    SplittableRandom random = new SplittableRandom(seed);
    FieldElement[] shares = Shamir.share(check, committee.threshold(), n, random);
    List<Envelope> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FieldElement[] checks = new FieldElement[chunks.size()];
      java.util.Arrays.fill(checks, FieldElement.ZERO);
      checks[0] = shares[i];
      out.add(
          Signer.with(keys.get(i))
              .sign(
                  Envelope.unsigned(id, 5, i, Envelope.BROADCAST, Kind.KING_CONFIRM, checks)
                      .withData(KingData.confirm(committee.threshold(), values, statements))));
    }
    return out;
  }

  @Test
  void wrongValueEvidenceIsAcceptedOnlyAsIs() {
    int n = 7;
    List<PrivateKey> keys = Fixtures.keys(n, SEED);
    BlameVerifier verifier = Blames.verifier(Fixtures.committee(keys));
    List<Envelope> nonZero = confirms(keys, FieldElement.of(9), SEED);
    Blame.King blame = new Blame.King(0, Blame.King.WRONG_VALUE, 0, nonZero);
    assertThat(verifier.verify(blame).valid()).isTrue();
    assertThat(verifier.verify(Blames.decode(BlameCodec.encode(blame))).valid()).isTrue();
    // a check that opens to zero, another accused, a missing confirm, an altered share: rejected
    List<Envelope> zero = confirms(keys, FieldElement.ZERO, SEED);
    assertThat(verifier.verify(new Blame.King(0, Blame.King.WRONG_VALUE, 0, zero)).valid())
        .isFalse();
    assertThat(verifier.verify(new Blame.King(3, Blame.King.WRONG_VALUE, 0, nonZero)).valid())
        .isFalse();
    assertThat(
            verifier
                .verify(new Blame.King(0, Blame.King.WRONG_VALUE, 0, nonZero.subList(1, n)))
                .valid())
        .isFalse();
    List<Envelope> altered = new ArrayList<>(nonZero);
    altered.set(1, withValues(altered.get(1), bump(altered.get(1).values(), 0)));
    assertThat(verifier.verify(new Blame.King(0, Blame.King.WRONG_VALUE, 0, altered)).valid())
        .isFalse();
    // an honest confirm is not a false one
    assertThat(
            verifier
                .verify(new Blame.King(1, Blame.King.FALSE_CONFIRM, 0, List.of(nonZero.get(1))))
                .valid())
        .isFalse();
  }

  @Test
  void chunksCoverEveryValueOnceInKingOrder() {
    List<KingChunks.Chunk> chunks = KingChunks.of(3 * KingChunks.CHUNK + 5, 7);
    int next = 0;
    int king = 0;
    for (KingChunks.Chunk c : chunks) {
      assertThat(c.offset()).isEqualTo(next);
      assertThat(c.king()).isGreaterThanOrEqualTo(king);
      assertThat(c.length()).isBetween(1, KingChunks.CHUNK);
      next += c.length();
      king = c.king();
    }
    assertThat(next).isEqualTo(3 * KingChunks.CHUNK + 5);
    assertThat(KingChunks.of(3, 7)).hasSize(3);
    assertThat(ByteBuffer.wrap(KingData.shares(5, 2)).getInt()).isEqualTo(5);
  }

  /**
   * Brueggemann-Schneider late-check attack on king openings: member 1 adds an offset to its shares
   * at opening s, or announces wrong values as a king at opening s, then waits for what honest
   * members send next. Nothing of opening s+1 may reach it.
   */
  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void deviatorNeverReceivesAnythingOfTheNextOpening(int n) {
    for (int s = 0; s < openings() - 1; s++) {
      int attack = s;
      for (Kind kind : new Kind[] {Kind.KING_SHARES, Kind.KING_VALUES}) {
        List<PrivateKey> keys = Fixtures.keys(n, SEED);
        Simulation.Adversary adversary =
            kind == Kind.KING_SHARES
                ? tamper(keys.get(1), kind, s, -1, e -> withValues(e, bump(e.values(), 0)))
                : tamper(keys.get(1), kind, s, -1, e -> lyingValues(e, keys.get(1)));
        List<Envelope> seen = new ArrayList<>();
        Run run = run(n, Map.of(1, adversary), SEED, true, seen);
        assertSafe(run, Map.of(1, adversary), SEED, false);
        assertThat(seen)
            .as("opening %d, %s", attack, kind)
            .allMatch(e -> e.kind() == Kind.BLAME || e.step() / 3 <= attack);
      }
    }
  }
}
