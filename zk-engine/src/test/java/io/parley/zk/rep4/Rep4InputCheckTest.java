package io.parley.zk.rep4;

import static io.parley.zk.rep4.InputCheckRuns.assertHonestAgree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.testing.Fixtures;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** The wallet-dealt input check with honest members: honest and inconsistent wallets. */
class Rep4InputCheckTest {
  @Test
  void consistentInputsPassAtEveryMember() {
    for (long seed = 1; seed <= 6; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      long[] values = r.longs(1 + r.nextInt(5000)).toArray();
      values[0] = seed % 2 == 0 ? -1 : Long.MIN_VALUE;
      List<Outcome<Boolean>> outcomes = InputCheckRuns.honestRun(values, seed);
      Outcome<Boolean> agreed = assertHonestAgree(outcomes, List.of());
      assertThat(agreed).as("seed %d", seed).isInstanceOf(Outcome.Completed.class);
      Outcome.Completed<Boolean> done = (Outcome.Completed<Boolean>) agreed;
      assertThat(done.value()).isTrue();
      assertThat(done.rounds()).isEqualTo(2);
    }
  }

  @Test
  void emptyInputPasses() {
    assertThat(assertHonestAgree(InputCheckRuns.honestRun(new long[0], 9), List.of()))
        .isInstanceOf(Outcome.Completed.class);
  }

  @Test
  void aComponentDealtInconsistentlyNamesItsOddHolderAtAllFourMembers() {
    long seed = 10;
    for (int j = 0; j < 4; j++) {
      for (int odd = 0; odd < 4; odd++) {
        if (odd == j) {
          continue;
        }
        long[][] x = InputCheckRuns.deal(new long[] {42, -7, 3}, new SplittableRandom(seed));
        long[][][] dealt = InputCheckRuns.handOut(x);
        dealt[odd][j][1] += 1;
        List<Outcome<Boolean>> outcomes = InputCheckRuns.run(dealt, Map.of(), seed++);
        Outcome<Boolean> agreed = assertHonestAgree(outcomes, List.of());
        assertThat(InputCheckRuns.accusation(agreed))
            .as("component %d, odd holder %d", j, odd)
            .isEqualTo(new Accusation.InconsistentInput(1, List.of(odd)));
      }
    }
  }

  @Test
  void threeDifferentCopiesOfAComponentNameAllItsHolders() {
    long[][] x = InputCheckRuns.deal(new long[] {5, 6}, new SplittableRandom(20));
    long[][][] dealt = InputCheckRuns.handOut(x);
    dealt[0][2][0] ^= 1;
    dealt[1][2][0] ^= 2;
    Outcome<Boolean> agreed = assertHonestAgree(InputCheckRuns.run(dealt, Map.of(), 20), List.of());
    assertThat(InputCheckRuns.accusation(agreed))
        .isEqualTo(new Accusation.InconsistentInput(1, List.of(0, 1, 3)));
  }

  @Test
  void inconsistenciesInTwoComponentsListEveryOddHolderOnce() {
    long[][] x = InputCheckRuns.deal(new long[] {5, 6}, new SplittableRandom(21));
    long[][][] dealt = InputCheckRuns.handOut(x);
    dealt[3][0][1] += 9;
    dealt[3][1][1] += 9;
    dealt[0][2][0] -= 1;
    Outcome<Boolean> agreed = assertHonestAgree(InputCheckRuns.run(dealt, Map.of(), 21), List.of());
    assertThat(InputCheckRuns.accusation(agreed))
        .isEqualTo(new Accusation.InconsistentInput(1, List.of(0, 3)));
  }

  /**
   * docs/spec/rep4.md, section 6.5: key_j byte b = 32j + b, computation byte b = 0xa0 + b, v = (-5,
   * 1000000007) with x_0, x_1, x_2 fixed; member 3's statement is d_0 | d_1 | d_2, member 0's is
   * d_1 | d_2 | d_3.
   */
  @Test
  void digestsMatchTheSpecTestVector() {
    String[] expected = {
      "0c2edc3ee6f7e9d78686fcaea92245acf8ae223dc3ceded865338dfaa42bfbd7",
      "38709597c9da8b362088c434b402eaed70930098c62b4833b1cf2aa2f3ca5f6c",
      "6273107d2e096affea2e794f9d1c3d2b40f9d301d712a04e8dc0ecac31a17e5c",
      "bff0f6d917e543a29d5f55eecfd2613360f2641dbf8704e6f08dc136b9828623"
    };
    byte[] id = new byte[32];
    for (int b = 0; b < 32; b++) {
      id[b] = (byte) (0xa0 + b);
    }
    long[][] x = {
      {0x0123456789abcdefL, 1},
      {0xfedcba9876543210L, 2},
      {0x0f0f0f0f0f0f0f0fL, 3},
      {0xf0f0f0f0f0f0f0edL, 0x3b9aca01L}
    };
    assertThat(x[0][0] + x[1][0] + x[2][0] + x[3][0]).isEqualTo(-5L);
    assertThat(x[0][1] + x[1][1] + x[2][1] + x[3][1]).isEqualTo(1000000007L);
    for (int member : new int[] {0, 3}) {
      byte[][] keys = new byte[4][];
      for (int j = 0; j < 4; j++) {
        if (j != member) {
          keys[j] = new byte[32];
          for (int b = 0; b < 32; b++) {
            keys[j][b] = (byte) (32 * j + b);
          }
        }
      }
      long[][] mine = InputCheckRuns.handOut(x)[member];
      Rep4Context context =
          new Rep4Context(
              Rep4Net.COMMITTEE,
              member,
              Optional.of(new Rep4Keys(member, keys)),
              Optional.of(Rep4Net.KEYS.get(member)),
              Bytes32.wrap(id));
      Envelope statement = statementOf(new Rep4InputCheck(context, Shares.of(member, mine)));
      StringBuilder want = new StringBuilder();
      for (int j = 0; j < 4; j++) {
        if (j != member) {
          want.append(expected[j]);
        }
      }
      assertThat(HexFormat.of().formatHex(statement.data())).isEqualTo(want.toString());
      assertThat(statement.kind()).isEqualTo(Kind.INPUT_DIGESTS);
      assertThat(Rep4Net.COMMITTEE.signedBySender(statement)).isTrue();
    }
  }

  static Envelope statementOf(Rep4InputCheck session) {
    return session.start().stream()
        .filter(a -> a instanceof io.parley.zk.session.Action.Send)
        .map(a -> ((io.parley.zk.session.Action.Send) a).envelope())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void semiHonestContextIsRejected() {
    Rep4Context semiHonest = Rep4Net.context(1, false, InputCheckRuns.KEY_SEED, Fixtures.id(1));
    assertThatThrownBy(() -> new Rep4InputCheck(semiHonest, Shares.zeros(1, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signing key");
  }

  @Test
  void sharesOfAnotherMemberAreRejected() {
    Rep4Context context = Rep4Net.context(1, true, InputCheckRuns.KEY_SEED, Fixtures.id(1));
    assertThatThrownBy(() -> new Rep4InputCheck(context, Shares.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sharesFromWalletComponentsAreValidatedAndCopied() {
    long[][] components = {{1, 2}, null, {3, 4}, {5, 6}};
    Shares shares = Shares.of(1, components);
    components[0][0] = 99;
    assertThat(shares.length()).isEqualTo(2);
    assertThat(shares.componentCopy(0)).containsExactly(1, 2);
    long[][] out = shares.components();
    assertThat(out[1]).isNull();
    assertThat(out[3]).containsExactly(5, 6);
    out[3][0] = 77;
    assertThat(shares.componentCopy(3)).containsExactly(5, 6);

    assertThatThrownBy(() -> Shares.of(1, new long[][] {{1}, {2}, {3}, {4}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shares.of(1, new long[][] {{1}, null, null, {4}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shares.of(1, new long[][] {{1}, null, {3, 3}, {4}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shares.of(4, new long[][] {{1}, {2}, {3}, {4}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shares.of(0, new long[][] {null, {2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
