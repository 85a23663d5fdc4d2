package io.parley.zk.computation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A recipient's reconstruction of a private output (docs/spec/private-outputs.md section 4). */
class OutputReconstructionTest {
  private static final BigInteger[] VALUES = {
    BigInteger.valueOf(950_000_123L), BigInteger.ZERO, BigInteger.valueOf(-5)
  };

  private static Map<Integer, byte[]> dealt(InputFormat format, int n, long seed) {
    List<ShareVector> shares = format.deal(VALUES, n, new SplittableRandom(seed));
    Map<Integer, byte[]> out = new HashMap<>();
    for (int j = 0; j < n; j++) {
      out.put(j, shares.get(j).encode());
    }
    return out;
  }

  @ParameterizedTest(name = "shamir, {0} members")
  @ValueSource(ints = {4, 7})
  void shamirFromAllOrFromTwoTPlusOneAndAWrongShareIsCaughtNeverReturned(int n) {
    InputFormat format = OutputReconstruction.format("shamir-gf127/1");
    int t = (n - 1) / 3;
    Map<Integer, byte[]> all = dealt(format, n, 9);
    assertThat(OutputReconstruction.reconstruct(format, n, all)).containsExactly(VALUES);
    Map<Integer, byte[]> some = new HashMap<>(all);
    for (int j = 0; j < n - (2 * t + 1); j++) {
      some.remove(j);
    }
    assertThat(OutputReconstruction.reconstruct(format, n, some)).containsExactly(VALUES);
    // all n, one wrong: corrected; 2t+1, one wrong: detected
    Map<Integer, byte[]> wrongAll = new HashMap<>(all);
    wrongAll.put(n - 1, flip(all.get(n - 1)));
    assertThat(OutputReconstruction.reconstruct(format, n, wrongAll)).containsExactly(VALUES);
    Map<Integer, byte[]> wrongSome = new HashMap<>(some);
    wrongSome.put(n - 1, flip(some.get(n - 1)));
    assertThatThrownBy(() -> OutputReconstruction.reconstruct(format, n, wrongSome))
        .hasMessageContaining("inconsistent");
    Map<Integer, byte[]> few = new HashMap<>(some);
    few.remove(n - 1);
    assertThatThrownBy(() -> OutputReconstruction.reconstruct(format, n, few))
        .hasMessageContaining("at least " + (2 * t + 1));
  }

  @Test
  void replicatedFromFourOrThreeMembersAndAWrongCopyIsCaught() {
    InputFormat format = OutputReconstruction.format("replicated-z2^64/1");
    Map<Integer, byte[]> all = dealt(format, 4, 11);
    assertThat(OutputReconstruction.reconstruct(format, 4, all)).containsExactly(VALUES);
    Map<Integer, byte[]> three = new HashMap<>(all);
    three.remove(2);
    assertThat(OutputReconstruction.reconstruct(format, 4, three)).containsExactly(VALUES);
    three.put(3, flip(three.get(3)));
    assertThatThrownBy(() -> OutputReconstruction.reconstruct(format, 4, three))
        .hasMessageContaining("differ");
    Map<Integer, byte[]> two = new HashMap<>(all);
    two.remove(0);
    two.remove(1);
    assertThatThrownBy(() -> OutputReconstruction.reconstruct(format, 4, two))
        .hasMessageContaining("fewer than two");
  }

  private static byte[] flip(byte[] b) {
    byte[] c = b.clone();
    c[c.length - 1] ^= 1;
    return c;
  }
}
