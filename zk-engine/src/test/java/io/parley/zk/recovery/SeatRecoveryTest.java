package io.parley.zk.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.ReplicatedFormat;
import io.parley.zk.computation.ShamirFormat;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.sharing.Polynomial;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seat recovery (mpc-network.md section 7): the newcomer ends with exactly the seat's shares, a
 * holder that deviates makes it abort rather than take a wrong share, a silent holder is named, and
 * what the newcomer sees does not depend on the secrets beyond the seat's own shares.
 */
class SeatRecoveryTest {
  private static final Bytes32 SESSION = Fixtures.id(56);
  private static final int LENGTH = 25;

  private static List<PrivateKey> keys(int n) {
    return Fixtures.keys(n, 56);
  }

  private static BigInteger[] secrets(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BigInteger[] values = new BigInteger[LENGTH];
    for (int e = 0; e < LENGTH; e++) {
      values[e] = BigInteger.valueOf(random.nextLong(-1_000_000_000L, 1_000_000_000L));
    }
    values[0] = BigInteger.ZERO;
    values[1] = BigInteger.valueOf(Long.MAX_VALUE >> 2);
    return values;
  }

  private static List<ShareVector> deal(int n, long seed) {
    return n == 4 && seed % 2 == 1
        ? new ReplicatedFormat().deal(secrets(seed), n, new SplittableRandom(seed))
        : new ShamirFormat().deal(secrets(seed), n, new SplittableRandom(seed));
  }

  /** The items offered: the dealt vector cut at 10 and 15 (three items of 10, 5 and 10 values). */
  private static final int[] LENGTHS = {10, 5, 10};

  private static List<ShareVector> items(ShareVector v) {
    return List.of(slice(v, 0, 10), slice(v, 10, 15), slice(v, 15, 25));
  }

  private static ShareVector slice(ShareVector v, int from, int to) {
    return switch (v) {
      case ShareVector.Field f ->
          new ShareVector.Field(java.util.Arrays.copyOfRange(f.shares(), from, to));
      case ShareVector.Replicated r -> new ShareVector.Replicated(r.shares().slice(from, to));
    };
  }

  private static List<SeatRecovery> sessions(
      int n, int seat, List<ShareVector> dealt, BitSet lacking) {
    Committee committee = Fixtures.committee(keys(n));
    List<SeatRecovery> sessions = new ArrayList<>();
    SeatRecovery.Format format =
        dealt.get(0) instanceof ShareVector.Field
            ? SeatRecovery.Format.SHAMIR
            : SeatRecovery.Format.REPLICATED;
    for (int i = 0; i < n; i++) {
      Signer signer = Signer.with(keys(n).get(i));
      sessions.add(
          i == seat
              ? SeatRecovery.newcomer(committee, seat, SESSION, signer, format, LENGTHS, lacking)
              : SeatRecovery.holder(
                  committee,
                  i,
                  seat,
                  SESSION,
                  signer,
                  items(dealt.get(i)),
                  new SplittableRandom(i)));
    }
    return sessions;
  }

  private static BitSet all() {
    BitSet b = new BitSet();
    b.set(0, LENGTHS.length);
    return b;
  }

  private static List<SeatRecovery> run(
      int n, int seat, List<ShareVector> dealt, Map<Integer, Simulation.Adversary> corrupt) {
    return run(n, seat, dealt, corrupt, all());
  }

  private static List<SeatRecovery> run(
      int n,
      int seat,
      List<ShareVector> dealt,
      Map<Integer, Simulation.Adversary> corrupt,
      BitSet lacking) {
    List<SeatRecovery> sessions = sessions(n, seat, dealt, lacking);
    new Simulation<>(sessions, corrupt, seat * 7L + n).run();
    return sessions;
  }

  @ParameterizedTest(name = "n={0} seed={1}")
  @CsvSource({"4, 2", "4, 3", "7, 2"})
  void theNewcomerEndsWithExactlyTheSeatsShares(int n, long seed) {
    List<ShareVector> dealt = deal(n, seed);
    BitSet firstAndLast = new BitSet();
    firstAndLast.set(0);
    firstAndLast.set(2);
    for (int seat = 0; seat < n; seat++) {
      for (BitSet lacking : List.of(all(), firstAndLast, new BitSet())) {
        List<SeatRecovery> sessions = run(n, seat, dealt, Map.of(), lacking);
        for (int i = 0; i < n; i++) {
          Outcome<Map<Integer, ShareVector>> o = sessions.get(i).outcome().orElseThrow();
          assertThat(o).isInstanceOf(Outcome.Completed.class);
          Map<Integer, ShareVector> value =
              ((Outcome.Completed<Map<Integer, ShareVector>>) o).value();
          if (i != seat) {
            assertThat(value).isEmpty();
            continue;
          }
          assertThat(value.keySet())
              .isEqualTo(lacking.stream().boxed().collect(java.util.stream.Collectors.toSet()));
          List<ShareVector> expected = items(dealt.get(seat));
          value.forEach(
              (item, shares) -> assertThat(shares.encode()).isEqualTo(expected.get(item).encode()));
        }
      }
    }
  }

  @Test
  void aRequestForAnItemThatIsNotOfferedEndsTheHoldersWithoutSendingShares() {
    List<ShareVector> dealt = deal(4, 2);
    int seat = 3;
    Simulation.Adversary greedy =
        Adversaries.rewrite(
            keys(4).get(seat), (to, e) -> true, e -> e.withData(new byte[] {(byte) 0x0f}));
    List<Envelope> toNewcomer = new ArrayList<>();
    Map<Integer, Simulation.Adversary> corrupt = new java.util.HashMap<>();
    corrupt.put(seat, greedy);
    for (int i = 0; i < 3; i++) {
      corrupt.put(
          i,
          (member, actions, sim) -> {
            actions.stream()
                .filter(a -> a instanceof io.parley.zk.session.Action.Send s && s.to() == seat)
                .forEach(a -> toNewcomer.add(((io.parley.zk.session.Action.Send) a).envelope()));
            return actions;
          });
    }
    List<SeatRecovery> sessions = run(4, seat, dealt, corrupt);
    assertThat(toNewcomer).isEmpty();
    for (int i = 0; i < 3; i++) {
      Outcome<?> o = sessions.get(i).outcome().orElseThrow();
      assertThat(((Outcome.Aborted<?>) o).accusation()).isInstanceOf(Accusation.Unresolved.class);
    }
  }

  @ParameterizedTest(name = "n={0} seed={1}")
  @CsvSource({"4, 2", "4, 3", "7, 2"})
  void aHolderThatSendsAWrongValueMakesTheNewcomerAbortNeverTakeIt(int n, long seed) {
    List<ShareVector> dealt = deal(n, seed);
    int seat = n - 1;
    PrivateKey key = keys(n).get(1);
    Simulation.Adversary liar =
        Adversaries.rewrite(
            key,
            (to, e) -> to == seat,
            e ->
                e.values().length > 0
                    ? withValue(e, 3, e.values()[3].add(FieldElement.ONE))
                    : e.withData(flip(e.data(), 8 * 3)));
    List<SeatRecovery> sessions = run(n, seat, dealt, Map.of(1, liar));
    Outcome<Map<Integer, ShareVector>> o = sessions.get(seat).outcome().orElseThrow();
    assertThat(o).isInstanceOf(Outcome.Aborted.class);
    assertThat(((Outcome.Aborted<?>) o).accusation()).isInstanceOf(Accusation.Unresolved.class);
  }

  @Test
  void aSilentHolderIsNamedInATimeout() {
    List<ShareVector> dealt = deal(7, 2);
    List<SeatRecovery> sessions = run(7, 0, dealt, Map.of(4, Adversaries.silentFrom(0)));
    Outcome<Map<Integer, ShareVector>> o = sessions.get(0).outcome().orElseThrow();
    assertThat(o).isInstanceOf(Outcome.Aborted.class);
    Accusation a = ((Outcome.Aborted<?>) o).accusation();
    assertThat(a).isInstanceOf(Accusation.Timeout.class);
    // holders that never got member 4's mask could not send; the newcomer names every one it missed
    assertThat(((Accusation.Timeout) a).silent()).contains(4);
    for (int i = 1; i < 7; i++) {
      if (i != 4) {
        Outcome<?> h = sessions.get(i).outcome().orElseThrow();
        assertThat(((Outcome.Aborted<?>) h).accusation())
            .isEqualTo(new Accusation.Timeout(SeatRecovery.DEAL, List.of(4)));
      }
    }
  }

  @Test
  void envelopesFromTheSeatOrUnsignedOnesAreIgnored() {
    List<ShareVector> dealt = deal(4, 2);
    List<SeatRecovery> sessions = sessions(4, 3, dealt, all());
    SeatRecovery newcomer = sessions.get(3);
    newcomer.start();
    Envelope forged =
        Envelope.unsigned(SESSION, SeatRecovery.SEND, 0, 3, Kind.RECOVER, zeros(LENGTH));
    assertThat(newcomer.onMessage(forged)).isEmpty();
    Envelope fromItself =
        Signer.with(keys(4).get(3))
            .sign(Envelope.unsigned(SESSION, SeatRecovery.SEND, 3, 3, Kind.RECOVER, zeros(LENGTH)));
    assertThat(newcomer.onMessage(fromItself)).isEmpty();
    assertThat(newcomer.outcome()).isEmpty();
  }

  /**
   * Privacy: for two secret vectors whose shares at the seat agree, every view of the newcomer
   * under the first is produced, with the same probability, under the second: holder 0's mask
   * shifted by (f_0 - f_1), which vanishes at the seat, is as likely as its mask was.
   */
  @ParameterizedTest(name = "n={0}")
  @CsvSource({"4", "7"})
  void theNewcomersViewIsTheSameForSecretsThatAgreeAtItsSeat(int n) {
    int t = (n - 1) / 3;
    int seat = 2;
    SplittableRandom random = new SplittableRandom(9);
    FieldElement[] f0 = new FieldElement[n];
    FieldElement[] f1 = new FieldElement[n];
    FieldElement[][] q0 = new FieldElement[1][t];
    FieldElement[][] q0Shifted = new FieldElement[1][t];
    Polynomial p0 = Polynomial.random(FieldElement.of(11), t, random);
    // f_1 = f_0 + (x - x_seat) D(x): the same at the seat, another secret at 0
    FieldElement[] d = new FieldElement[t];
    for (int c = 0; c < t; c++) {
      d[c] = FieldElement.random(random);
      q0[0][c] = FieldElement.random(random);
      q0Shifted[0][c] = q0[0][c].subtract(d[c]);
    }
    for (int i = 0; i < n; i++) {
      f0[i] = p0.evaluate(i + 1L);
      f1[i] = f0[i].add(ShamirRecovery.maskAt(new FieldElement[][] {d}, seat, i)[0]);
    }
    assertThat(Shamir.reconstruct(range(n), f1)).isNotEqualTo(Shamir.reconstruct(range(n), f0));
    List<Envelope> view0 = newcomerView(n, seat, f0, q0);
    List<Envelope> view1 = newcomerView(n, seat, f1, q0Shifted);
    assertThat(view1).hasSameSizeAs(view0);
    for (int i = 0; i < view0.size(); i++) {
      assertThat(view1.get(i).values()).isEqualTo(view0.get(i).values());
    }
  }

  private static List<Envelope> newcomerView(
      int n, int seat, FieldElement[] shares, FieldElement[][] holder0Mask) {
    Committee committee = Fixtures.committee(keys(n));
    int t = (n - 1) / 3;
    List<SeatRecovery> sessions = new ArrayList<>();
    List<Envelope> seen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Signer signer = Signer.with(keys(n).get(i));
      if (i == seat) {
        BitSet one = new BitSet();
        one.set(0);
        sessions.add(
            SeatRecovery.newcomer(
                committee, seat, SESSION, signer, SeatRecovery.Format.SHAMIR, new int[] {1}, one));
        continue;
      }
      FieldElement[][] mask = new FieldElement[1][t];
      FieldElement[][] used = i == 0 ? holder0Mask : mask;
      SplittableRandom r = new SplittableRandom(100 + i);
      for (int c = 0; c < t; c++) {
        mask[0][c] = FieldElement.random(r);
      }
      sessions.add(
          SeatRecovery.holder(
              committee,
              i,
              seat,
              SESSION,
              signer,
              List.of(new ShareVector.Field(new FieldElement[] {shares[i]})),
              length -> used));
    }
    Simulation.Adversary record =
        (member, actions, sim) -> {
          actions.stream()
              .filter(a -> a instanceof io.parley.zk.session.Action.Send s && s.to() == seat)
              .forEach(a -> seen.add(((io.parley.zk.session.Action.Send) a).envelope()));
          return actions;
        };
    Map<Integer, Simulation.Adversary> all = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      all.put(i, record);
    }
    new Simulation<>(sessions, all, 1).run();
    seen.sort(java.util.Comparator.comparingInt(Envelope::sender));
    return seen;
  }

  private static int[] range(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  private static FieldElement[] zeros(int n) {
    FieldElement[] out = new FieldElement[n];
    java.util.Arrays.fill(out, FieldElement.ZERO);
    return out;
  }

  private static Envelope withValue(Envelope e, int index, FieldElement value) {
    FieldElement[] values = e.values().clone();
    values[index] = value;
    return new Envelope(
        e.computation(),
        e.step(),
        e.sender(),
        e.recipient(),
        e.kind(),
        values,
        e.data(),
        Optional.empty());
  }

  private static byte[] flip(byte[] data, int at) {
    byte[] out = data.clone();
    out[at] ^= 1;
    return out;
  }
}
