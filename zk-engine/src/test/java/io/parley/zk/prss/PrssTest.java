package io.parley.zk.prss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.zk.field.FieldElement;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.sharing.Shamir;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrssTest {
  private static final long SEED = 20261126L;

  private static Prss[] members(int n, int t, Map<Integer, byte[]> all) {
    Prss[] out = new Prss[n];
    for (int i = 0; i < n; i++) {
      out[i] = new Prss(PrssFixtures.keysOf(n, t, i, all));
    }
    return out;
  }

  /** column j of the members' share vectors. */
  private static FieldElement[] column(FieldElement[][] shares, int j) {
    FieldElement[] c = new FieldElement[shares.length];
    for (int i = 0; i < shares.length; i++) {
      c[i] = shares[i][j];
    }
    return c;
  }

  private static int[] everyone(int n) {
    return java.util.stream.IntStream.range(0, n).toArray();
  }

  @ParameterizedTest
  @CsvSource({"4,1,5", "7,2,5", "7,2,2053"})
  void randomSharesAreDegreeTAndOpenToTheSumOfTheStreams(int n, int t, int count) throws Exception {
    Map<Integer, byte[]> all = PrssFixtures.allKeys(n, t, SEED + n);
    Prss[] prss = members(n, t, all);
    FieldElement[][] shares = new FieldElement[n][];
    for (int i = 0; i < n; i++) {
      shares[i] = prss[i].random(42, count);
      assertThat(shares[i]).hasSize(count);
    }
    ReedSolomon degreeT = new ReedSolomon(n, t);
    BigInteger[] expected = new BigInteger[count];
    java.util.Arrays.fill(expected, BigInteger.ZERO);
    for (Map.Entry<Integer, byte[]> key : all.entrySet()) {
      BigInteger[] s = PrssFixtures.stream(key.getValue(), 42, Prss.RANDOM, count);
      for (int j = 0; j < count; j++) {
        expected[j] = expected[j].add(s[j]);
      }
    }
    for (int j = 0; j < count; j++) {
      FieldElement[] c = column(shares, j);
      assertThat(degreeT.isCodeword(c)).as("element %d", j).isTrue();
      assertThat(Shamir.reconstruct(everyone(n), c)).isEqualTo(FieldElement.of(expected[j]));
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1", "7,2"})
  void eachShareIsTheSpecFormulaOverTheHeldKeys(int n, int t) throws Exception {
    Map<Integer, byte[]> all = PrssFixtures.allKeys(n, t, SEED);
    List<int[]> subsets = Subsets.of(n, t);
    int count = 3;
    for (int i = 0; i < n; i++) {
      Prss prss = new Prss(PrssFixtures.keysOf(n, t, i, all));
      FieldElement[] random = prss.random(-7, count);
      FieldElement[] zero = prss.zero2T(-7, count);
      FieldElement[] expectedRandom = {FieldElement.ZERO, FieldElement.ZERO, FieldElement.ZERO};
      FieldElement[] expectedZero = expectedRandom.clone();
      FieldElement x = FieldElement.of(i + 1L);
      for (int a : Subsets.heldBy(n, t, i)) {
        FieldElement fa = PrssFixtures.f(subsets.get(a), i);
        BigInteger[] r = PrssFixtures.stream(all.get(a), -7, Prss.RANDOM, count);
        BigInteger[] z = PrssFixtures.stream(all.get(a), -7, Prss.ZERO, count * t);
        for (int j = 0; j < count; j++) {
          expectedRandom[j] = expectedRandom[j].add(PrssFixtures.element(r[j]).multiply(fa));
          FieldElement power = FieldElement.ONE;
          for (int l = 1; l <= t; l++) {
            power = power.multiply(x);
            expectedZero[j] =
                expectedZero[j].add(
                    PrssFixtures.element(z[j * t + l - 1]).multiply(power).multiply(fa));
          }
        }
      }
      assertThat(random).containsExactly(expectedRandom);
      assertThat(zero).containsExactly(expectedZero);
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1,7", "7,2,7", "7,2,1500"})
  void doubleRandomSharesOneSecretAtDegreesTAndTwoT(int n, int t, int count) {
    Prss[] prss = members(n, t, PrssFixtures.allKeys(n, t, SEED + 1));
    FieldElement[][] low = new FieldElement[n][];
    FieldElement[][] high = new FieldElement[n][];
    for (int i = 0; i < n; i++) {
      Prss.Double d = prss[i].doubleRandom(9, count);
      low[i] = d.degreeT();
      high[i] = d.degree2T();
    }
    ReedSolomon degreeT = new ReedSolomon(n, t);
    ReedSolomon degree2T = new ReedSolomon(n, 2 * t);
    int notDegreeT = 0;
    for (int j = 0; j < count; j++) {
      FieldElement[] a = column(low, j);
      FieldElement[] b = column(high, j);
      assertThat(degreeT.isCodeword(a)).isTrue();
      assertThat(degree2T.isCodeword(b)).isTrue();
      notDegreeT += degreeT.isCodeword(b) ? 0 : 1;
      assertThat(Shamir.reconstruct(everyone(n), b)).isEqualTo(Shamir.reconstruct(everyone(n), a));
    }
    assertThat(notDegreeT).as("degree-2t sharings of full degree").isEqualTo(count);
  }

  @ParameterizedTest
  @CsvSource({"4,1,6", "7,2,6", "7,2,1100"})
  void zero2TSharesZeroAtDegreeTwoT(int n, int t, int count) {
    Prss[] prss = members(n, t, PrssFixtures.allKeys(n, t, SEED + 2));
    FieldElement[][] shares = new FieldElement[n][];
    for (int i = 0; i < n; i++) {
      shares[i] = prss[i].zero2T(3, count);
    }
    ReedSolomon degreeT = new ReedSolomon(n, t);
    ReedSolomon degree2T = new ReedSolomon(n, 2 * t);
    for (int j = 0; j < count; j++) {
      FieldElement[] c = column(shares, j);
      assertThat(degree2T.isCodeword(c)).isTrue();
      assertThat(degreeT.isCodeword(c)).isFalse();
      assertThat(Shamir.reconstruct(everyone(n), c)).isEqualTo(FieldElement.ZERO);
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1,41,9", "7,2,41,9", "7,2,64,3", "7,2,100,1030", "7,2,121,300", "7,2,1,5"})
  void boundedRandomOpensToTheSumOfTheBoundedTerms(int n, int t, int bits, int count)
      throws Exception {
    Map<Integer, byte[]> all = PrssFixtures.allKeys(n, t, SEED + 3);
    Prss[] prss = members(n, t, all);
    FieldElement[][] shares = new FieldElement[n][];
    for (int i = 0; i < n; i++) {
      shares[i] = prss[i].boundedRandom(11, count, bits);
    }
    BigInteger[] sum = new BigInteger[count];
    java.util.Arrays.fill(sum, BigInteger.ZERO);
    for (byte[] key : all.values()) {
      BigInteger[] s = PrssFixtures.stream(key, 11, Prss.BOUNDED, count);
      for (int j = 0; j < count; j++) {
        sum[j] = sum[j].add(s[j].and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)));
      }
    }
    BigInteger bound = BigInteger.valueOf(Subsets.count(n, t)).shiftLeft(bits);
    ReedSolomon degreeT = new ReedSolomon(n, t);
    for (int j = 0; j < count; j++) {
      FieldElement[] c = column(shares, j);
      assertThat(degreeT.isCodeword(c)).isTrue();
      BigInteger secret = Shamir.reconstruct(everyone(n), c).toBigInteger();
      assertThat(secret).isEqualTo(sum[j]).isLessThan(bound);
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1", "7,2"})
  void aVerifierRecomputesAMembersSharesFromDisclosedKeys(int n, int t) {
    Map<Integer, byte[]> all = PrssFixtures.allKeys(n, t, SEED + 4);
    for (int i = 0; i < n; i++) {
      Prss own = new Prss(PrssFixtures.keysOf(n, t, i, all));
      Prss verifier = Prss.forMember(n, t, i, all);
      Prss fromMap = new Prss(n, t, PrssFixtures.keysOf(n, t, i, all).keys());
      assertThat(verifier.member()).isEqualTo(i);
      assertThat(fromMap.member()).isEqualTo(i);
      assertThat(verifier.random(5, 20)).containsExactly(own.random(5, 20));
      assertThat(fromMap.zero2T(5, 20)).containsExactly(own.zero2T(5, 20));
      Prss.Double a = verifier.doubleRandom(6, 20);
      Prss.Double b = own.doubleRandom(6, 20);
      assertThat(a.degreeT()).containsExactly(b.degreeT());
      assertThat(a.degree2T()).containsExactly(b.degree2T());
      assertThat(verifier.boundedRandom(7, 20, 41)).containsExactly(own.boundedRandom(7, 20, 41));
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1", "7,2", "10,3"})
  void generalCoefficientsAgreeWithTheSmallPath(int n, int t) {
    Map<Integer, byte[]> all = PrssFixtures.allKeys(n, t, SEED + 5);
    for (int i = 0; i < n; i++) {
      PrssKeys keys = PrssFixtures.keysOf(n, t, i, all);
      Prss small = new Prss(keys, true);
      Prss general = new Prss(keys, false);
      assertThat(general.random(1, 40)).containsExactly(small.random(1, 40));
      assertThat(general.zero2T(1, 40)).containsExactly(small.zero2T(1, 40));
      assertThat(general.boundedRandom(1, 40, 77)).containsExactly(small.boundedRandom(1, 40, 77));
      int widest = n <= 7 ? Prss.MAX_BITS : 119;
      assertThat(general.boundedRandom(2, 40, widest))
          .containsExactly(small.boundedRandom(2, 40, widest));
      assertThat(general.doubleRandom(1, 40).degree2T())
          .containsExactly(small.doubleRandom(1, 40).degree2T());
    }
  }

  @org.junit.jupiter.api.Test
  void streamsAndMethodsAreIndependent() {
    Prss prss = new Prss(PrssFixtures.keysOf(7, 2, 3, PrssFixtures.allKeys(7, 2, SEED)));
    FieldElement[] a = prss.random(1, 4);
    assertThat(prss.random(1, 4)).containsExactly(a);
    assertThat(prss.random(2, 4)).doesNotContain(a);
    assertThat(prss.doubleRandom(1, 4).degreeT()).doesNotContain(a);
    assertThat(prss.random(1, 0)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void rejectsBadKeysAndArguments() {
    Map<Integer, byte[]> all = PrssFixtures.allKeys(7, 2, SEED);
    Map<Integer, byte[]> missing = new TreeMap<>(PrssFixtures.keysOf(7, 2, 0, all).keys());
    missing.remove(missing.keySet().iterator().next());
    assertThatThrownBy(() -> new PrssKeys(7, 2, 0, missing))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Prss(7, 2, missing)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Prss(7, 2, all)).isInstanceOf(IllegalArgumentException.class);
    Map<Integer, byte[]> shortKey = new TreeMap<>(PrssFixtures.keysOf(7, 2, 0, all).keys());
    shortKey.put(shortKey.keySet().iterator().next(), new byte[31]);
    assertThatThrownBy(() -> new PrssKeys(7, 2, 0, shortKey))
        .isInstanceOf(IllegalArgumentException.class);
    Prss prss = Prss.forMember(7, 2, 0, all);
    assertThatThrownBy(() -> prss.random(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> prss.random(0, Prss.MAX_COUNT + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> prss.boundedRandom(0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> prss.boundedRandom(0, 1, Prss.MAX_BITS + 1))
        .isInstanceOf(IllegalArgumentException.class);
    Prss ten = Prss.forMember(10, 3, 0, PrssFixtures.allKeys(10, 3, SEED));
    assertThat(ten.boundedRandom(0, 1, 119)).hasSize(1);
    assertThatThrownBy(() -> ten.boundedRandom(0, 1, 120))
        .hasMessage("the sum of 120 terms of 120 bits could reach 2^126");
    Map<Integer, byte[]> withoutOne = new TreeMap<>(all);
    withoutOne.remove(Subsets.heldBy(7, 2, 4).get(0));
    assertThatThrownBy(() -> Prss.forMember(7, 2, 4, withoutOne))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
