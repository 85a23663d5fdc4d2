package io.parley.zk.king;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.field.FieldElement;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** The unreduced check combination equals the field-arithmetic definition, edges included. */
class CheckCombinationTest {
  private static final FieldElement P_MINUS_ONE =
      FieldElement.of(FieldElement.MODULUS.subtract(BigInteger.ONE));

  static FieldElement naive(FieldElement[] a, FieldElement[] s, FieldElement[] v, int from) {
    FieldElement sum = FieldElement.ZERO;
    for (int j = 0; j < a.length; j++) {
      sum = sum.add(a[j].multiply(s[from + j].subtract(v[from + j])));
    }
    return sum;
  }

  @Test
  void matchesFieldArithmeticOnRandomAndExtremeValues() {
    SplittableRandom random = new SplittableRandom(12);
    for (int round = 0; round < 40; round++) {
      int count = round == 0 ? 1 << 14 : 1 + random.nextInt(300);
      FieldElement[] alphas = CheckCombination.alphas(Bytes32.random(), count);
      FieldElement[] s = new FieldElement[count + 3];
      FieldElement[] v = new FieldElement[count + 3];
      for (int j = 0; j < s.length; j++) {
        int kind = random.nextInt(5);
        s[j] =
            kind == 0 ? P_MINUS_ONE : kind == 1 ? FieldElement.ZERO : FieldElement.random(random);
        v[j] =
            kind == 2 ? P_MINUS_ONE : kind == 3 ? FieldElement.ZERO : FieldElement.random(random);
      }
      if (round == 1) {
        java.util.Arrays.fill(alphas, P_MINUS_ONE);
        java.util.Arrays.fill(s, FieldElement.ZERO);
        java.util.Arrays.fill(v, P_MINUS_ONE);
      }
      assertThat(FieldElement.sumOfProductsOfDifferences(alphas, s, v, 3))
          .isEqualTo(naive(alphas, s, v, 3));
    }
  }
}
