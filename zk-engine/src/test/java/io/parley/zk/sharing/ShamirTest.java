package io.parley.zk.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.field.FieldElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShamirTest {

  private static int[] randomSubset(SplittableRandom random, int n, int size) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    Collections.shuffle(all, new java.util.Random(random.nextLong()));
    return all.subList(0, size).stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void anyTPlusOneSharesReconstruct(int t) {
    int n = 3 * t + 1;
    long seed = 1000L + t;
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 200; round++) {
      FieldElement secret = FieldElement.random(random);
      FieldElement[] shares = Shamir.share(secret, t, n, random);
      int[] subset = randomSubset(random, n, t + 1);
      FieldElement[] chosen = new FieldElement[t + 1];
      for (int i = 0; i <= t; i++) {
        chosen[i] = shares[subset[i]];
      }
      assertThat(Shamir.reconstruct(subset, chosen)).as("seed %d", seed).isEqualTo(secret);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void sharingIsLinear(int t) {
    int n = 3 * t + 1;
    SplittableRandom random = new SplittableRandom(77);
    ReedSolomon rs = new ReedSolomon(n, t);
    for (int round = 0; round < 200; round++) {
      FieldElement a = FieldElement.random(random);
      FieldElement b = FieldElement.random(random);
      FieldElement c = FieldElement.random(random);
      FieldElement[] sa = Shamir.share(a, t, n, random);
      FieldElement[] sb = Shamir.share(b, t, n, random);
      FieldElement[] sum = new FieldElement[n];
      for (int i = 0; i < n; i++) {
        sum[i] = sa[i].multiply(c).add(sb[i]);
      }
      assertThat(rs.decode(sum).orElseThrow().value()).isEqualTo(a.multiply(c).add(b));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void correctsUpToTErrorsAndNamesTheWrongParties(int t) {
    int n = 3 * t + 1;
    long seed = 4242L * t;
    SplittableRandom random = new SplittableRandom(seed);
    ReedSolomon rs = new ReedSolomon(n, t);
    assertThat(rs.maxErrors()).isEqualTo(t);
    for (int round = 0; round < 300; round++) {
      FieldElement secret = FieldElement.random(random);
      FieldElement[] shares = Shamir.share(secret, t, n, random);
      int errors = random.nextInt(t + 1);
      int[] wrong = randomSubset(random, n, errors);
      for (int w : wrong) {
        shares[w] = shares[w].add(FieldElement.random(random)).add(FieldElement.ONE);
      }
      Optional<Decoding> decoded = rs.decode(shares);
      assertThat(decoded).as("seed %d round %d", seed, round).isPresent();
      assertThat(decoded.get().value()).isEqualTo(secret);
      assertThat(decoded.get().wrongParties())
          .containsExactlyElementsOf(java.util.Arrays.stream(wrong).boxed().toList());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void parityCheckVanishesExactlyOnCodewords(int t) {
    int n = 3 * t + 1;
    SplittableRandom random = new SplittableRandom(99);
    FieldElement[][] h = ParityCheck.matrix(n, 2 * t);
    assertThat(h).hasNumberOfRows(t);
    FieldElement[] word = Shamir.share(FieldElement.random(random), 2 * t, n, random);
    assertThat(syndrome(h, word)).allMatch(FieldElement::isZero);
    word[random.nextInt(n)] = word[0].add(FieldElement.ONE);
    assertThat(syndrome(h, word)).anyMatch(s -> !s.isZero());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void tooManyErrorsAreNeverDecodedAsTheSecretWithHonestBlame(int t) {
    int n = 3 * t + 1;
    SplittableRandom random = new SplittableRandom(5);
    ReedSolomon rs = new ReedSolomon(n, t);
    FieldElement[] word = new FieldElement[n];
    for (int i = 0; i < n; i++) {
      word[i] = FieldElement.random(random);
    }
    assertThat(rs.decode(word)).isEmpty();
  }

  private static FieldElement[] syndrome(FieldElement[][] h, FieldElement[] word) {
    FieldElement[] s = new FieldElement[h.length];
    for (int k = 0; k < h.length; k++) {
      FieldElement acc = FieldElement.ZERO;
      for (int i = 0; i < word.length; i++) {
        acc = acc.add(h[k][i].multiply(word[i]));
      }
      s[k] = acc;
    }
    return s;
  }
}
