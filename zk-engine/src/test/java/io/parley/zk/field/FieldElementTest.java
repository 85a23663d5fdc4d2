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
}
