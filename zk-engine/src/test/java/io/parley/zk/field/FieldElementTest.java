package io.parley.zk.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FieldElementTest {
  private static final BigInteger P = FieldElement.MODULUS;

  private static FieldElement edgeOrRandom(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> FieldElement.ZERO;
      case 1 -> FieldElement.of(-1);
      case 2 -> FieldElement.of(P.shiftRight(1));
      case 3 -> FieldElement.of(Long.MIN_VALUE);
      default -> FieldElement.random(random);
    };
  }

  @Test
  void arithmeticAgreesWithBigInteger() {
    long seed = 20261125L;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20_000; i++) {
      FieldElement a = edgeOrRandom(random);
      FieldElement b = edgeOrRandom(random);
      BigInteger x = a.toBigInteger();
      BigInteger y = b.toBigInteger();
      assertThat(a.add(b).toBigInteger()).as("seed %d add", seed).isEqualTo(x.add(y).mod(P));
      assertThat(a.subtract(b).toBigInteger()).as("sub").isEqualTo(x.subtract(y).mod(P));
      assertThat(a.multiply(b).toBigInteger()).as("mul").isEqualTo(x.multiply(y).mod(P));
      assertThat(a.negate().toBigInteger()).as("neg").isEqualTo(x.negate().mod(P));
      assertThat(a.square().toBigInteger()).as("square").isEqualTo(x.multiply(x).mod(P));
    }
  }

  @Test
  void limbFastPathsAgreeWithBigInteger() {
    long seed = 20261126L;
    SplittableRandom random = new SplittableRandom(seed);
    long[] edges = {0, 1, 2, 3, (1L << 40) - 1, -((1L << 40) - 1), -1, -3, Long.MAX_VALUE};
    for (int i = 0; i < 20_000; i++) {
      FieldElement a = edgeOrRandom(random);
      BigInteger x = a.toBigInteger();
      long c = random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextLong() >> 20;
      assertThat(a.multiply(c).toBigInteger())
          .as("seed %d small mul by %d", seed, c)
          .isEqualTo(x.multiply(BigInteger.valueOf(c)).mod(P));
      int k = random.nextInt(6);
      assertThat(a.squareTimes(k).toBigInteger())
          .as("square %d times", k)
          .isEqualTo(x.modPow(BigInteger.TWO.pow(k), P));
      int terms = 1 + random.nextInt(9);
      long[] coefficients = new long[terms];
      FieldElement[] values = new FieldElement[terms];
      BigInteger expected = BigInteger.ZERO;
      for (int j = 0; j < terms; j++) {
        coefficients[j] = edges[random.nextInt(edges.length - 1)];
        values[j] = edgeOrRandom(random);
        expected =
            expected.add(BigInteger.valueOf(coefficients[j]).multiply(values[j].toBigInteger()));
      }
      assertThat(FieldElement.linearCombination(coefficients, values).toBigInteger())
          .as("linear combination")
          .isEqualTo(expected.mod(P));
    }
    // the largest value below 2^128 and the ones that fold onto p and 2^127
    FieldElement max = FieldElement.of(P.subtract(BigInteger.ONE));
    assertThat(max.add(max).toBigInteger()).isEqualTo(P.subtract(BigInteger.TWO));
    assertThat(max.add(FieldElement.ONE).isZero()).isTrue();
    assertThat(max.squareTimes(125).toBigInteger())
        .isEqualTo(P.subtract(BigInteger.ONE).modPow(BigInteger.TWO.pow(125), P));
    assertThat(FieldElement.of(-5).smallValue()).hasValue(-5);
    assertThat(FieldElement.of(P.shiftRight(1)).smallValue()).isEmpty();
  }

  @Test
  void pairedSquareChainsMatchSingleOnes() {
    SplittableRandom random = new SplittableRandom(11);
    for (int length : new int[] {0, 1, 2, 5, 8}) {
      FieldElement[] values = new FieldElement[length];
      for (int i = 0; i < length; i++) {
        values[i] = edgeOrRandom(random);
      }
      FieldElement[] out = FieldElement.squareTimes(values, 125);
      assertThat(out).hasSize(length);
      for (int i = 0; i < length; i++) {
        assertThat(out[i].toBigInteger())
            .as("length %d, value %d", length, i)
            .isEqualTo(values[i].toBigInteger().modPow(BigInteger.TWO.pow(125), P));
      }
    }
  }

  @Test
  void polynomialsEvaluateAtSmallPointsAsAtFieldPoints() {
    SplittableRandom random = new SplittableRandom(12);
    for (int degree = 0; degree <= 8; degree++) {
      FieldElement[] c = new FieldElement[degree + 1];
      for (int i = 0; i <= degree; i++) {
        c[i] = edgeOrRandom(random);
      }
      io.parley.zk.sharing.Polynomial f = new io.parley.zk.sharing.Polynomial(c);
      for (long x : new long[] {0, 1, 2, 7, 1000, (1L << 20) + 3, (1L << 40) - 1, 1L << 41}) {
        assertThat(f.evaluate(x))
            .as("degree %d at %d", degree, x)
            .isEqualTo(f.evaluate(FieldElement.of(x)));
      }
    }
  }

  @Test
  void inverseAndSquareRootsHold() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      FieldElement a = FieldElement.random(random);
      if (a.isZero()) {
        continue;
      }
      assertThat(a.multiply(a.inverse())).isEqualTo(FieldElement.ONE);
      FieldElement root = a.square().sqrt();
      assertThat(root.square()).isEqualTo(a.square());
    }
  }

  @Test
  void signedEmbeddingRoundTrips() {
    for (long v : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 123456789L}) {
      assertThat(FieldElement.of(v).toSignedBigInteger()).isEqualTo(BigInteger.valueOf(v));
    }
    assertThat(FieldElement.ofUnsigned(-1L).toBigInteger())
        .isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    assertThat(FieldElement.powerOfTwo(126).toBigInteger())
        .isEqualTo(BigInteger.ONE.shiftLeft(126));
  }

  @Test
  void bytesRoundTrip() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100; i++) {
      FieldElement a = FieldElement.random(random);
      assertThat(FieldElement.fromBytes(a.toBytes(), 0)).isEqualTo(a);
    }
  }

  @org.junit.jupiter.api.Test
  void beaverRecombinationEqualsItsDefinition() {
    SplittableRandom random = new SplittableRandom(2026);
    FieldElement top = FieldElement.of(P.subtract(BigInteger.ONE));
    for (int i = 0; i < 20_000; i++) {
      FieldElement c = i == 0 ? top : edgeOrRandom(random);
      FieldElement e = i == 0 ? top : edgeOrRandom(random);
      FieldElement f = i == 0 ? top : edgeOrRandom(random);
      FieldElement a = i == 0 ? top : edgeOrRandom(random);
      FieldElement b = i == 0 ? top : edgeOrRandom(random);
      FieldElement expected = c.add(e.multiply(b)).add(f.multiply(a)).add(e.multiply(f));
      org.assertj.core.api.Assertions.assertThat(FieldElement.beaver(c, e, f, a, b))
          .isEqualTo(expected);
    }
  }

  @org.junit.jupiter.api.Test
  void hornerSumEqualsTheSumOfPowersItStandsFor() {
    SplittableRandom random = new SplittableRandom(2027);
    FieldElement top = FieldElement.of(P.subtract(BigInteger.ONE));
    for (int n : new int[] {0, 1, 2, 7, 100, 2000}) {
      for (int round = 0; round < 20; round++) {
        FieldElement[] values = new FieldElement[n];
        for (int i = 0; i < n; i++) {
          values[i] = round == 0 ? top : edgeOrRandom(random);
        }
        FieldElement point = round == 0 ? top : edgeOrRandom(random);
        FieldElement expected = FieldElement.ZERO;
        FieldElement power = point;
        for (FieldElement v : values) {
          expected = expected.add(power.multiply(v));
          power = power.multiply(point);
        }
        org.assertj.core.api.Assertions.assertThat(FieldElement.hornerSum(values, point))
            .as("n=%d round=%d", n, round)
            .isEqualTo(expected);
      }
    }
  }
}
