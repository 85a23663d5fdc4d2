package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.evidence.Outcome;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded randomized agreement with plaintext, semi-honest and malicious. */
class Rep4ProtocolTest {
  private static final byte[] KEY_SEED = {1, 2, 3};

  private static long[] opened(List<Outcome<long[]>> outcomes) {
    long[] first = null;
    for (Outcome<long[]> o : outcomes) {
      assertThat(o).isInstanceOf(Outcome.Completed.class);
      long[] v = ((Outcome.Completed<long[]>) o).value();
      if (first != null) {
        assertThat(v).containsExactly(first);
      }
      first = v;
    }
    return first;
  }

  @Test
  void transposeMatchesNaiveBitSlicing() {
    SplittableRandom r = new SplittableRandom(11);
    long[] values = r.longs(150).toArray();
    long[] out = new long[64 * 3];
    BitSlices.slice(values, 150, 64, out);
    for (int e = 0; e < 150; e++) {
      for (int b = 0; b < 64; b++) {
        long bit = (out[b * 3 + (e >>> 6)] >>> (e & 63)) & 1;
        assertThat(bit).as("value %d bit %d", e, b).isEqualTo((values[e] >>> b) & 1);
      }
    }
  }

  @Test
  void inputThenOpenReconstructs() {
    for (boolean malicious : new boolean[] {false, true}) {
      long seed = 21;
      SplittableRandom r = new SplittableRandom(seed);
      long[] x = r.longs(1000).toArray();
      long[] y = r.longs(1000).toArray();
      List<Outcome<long[]>> out =
          new Rep4Net()
              .run(
                  malicious,
                  KEY_SEED,
                  i -> Programs.binary(i, x, y, (a, b) -> Rep4Program.done(a.add(b))),
                  Rep4Net.honest(),
                  seed);
      long[] sum = opened(out);
      for (int i = 0; i < x.length; i++) {
        assertThat(sum[i]).isEqualTo(x[i] + y[i]);
      }
    }
  }

  @Test
  void multiplicationWrapsLikeLong() {
    for (long seed = 1; seed <= 4; seed++) {
      boolean malicious = seed % 2 == 0;
      SplittableRandom r = new SplittableRandom(seed);
      int n = 1 + r.nextInt(9000);
      long[] x = r.longs(n).toArray();
      long[] y = r.longs(n).toArray();
      long[] z =
          opened(
              new Rep4Net()
                  .run(
                      malicious,
                      KEY_SEED,
                      i -> Programs.multiply(i, x, y),
                      Rep4Net.honest(),
                      seed));
      for (int i = 0; i < n; i++) {
        assertThat(z[i]).as("seed %d element %d", seed, i).isEqualTo(x[i] * y[i]);
      }
    }
  }

  @Test
  void andOnBitSlicedWords() {
    SplittableRandom r = new SplittableRandom(5);
    long[] x = r.longs(777).toArray();
    long[] y = r.longs(777).toArray();
    for (boolean malicious : new boolean[] {false, true}) {
      long[] z =
          opened(
              new Rep4Net()
                  .run(
                      malicious,
                      KEY_SEED,
                      i -> {
                        long[] mine = i == 0 ? x : i == 1 ? y : new long[0];
                        return Rep4Program.inputBinary(new int[] {777, 777, 0, 0}, mine)
                            .then(s -> Rep4Program.and(s.slice(0, 777), s.slice(777, 1554)))
                            .then(Rep4Program::openBinary);
                      },
                      Rep4Net.honest(),
                      5));
      for (int i = 0; i < x.length; i++) {
        assertThat(z[i]).isEqualTo(x[i] & y[i]);
      }
    }
  }

  @Test
  void lessThan32BitIncludingEdges() {
    long[] edges = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 5, -5, 123456};
    SplittableRandom r = new SplittableRandom(31);
    int n = 3000;
    long[] x = new long[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < edges.length * edges.length ? edges[i / edges.length] : r.nextInt();
      y[i] = i < edges.length * edges.length ? edges[i % edges.length] : r.nextInt();
    }
    for (boolean malicious : new boolean[] {false, true}) {
      long[] lt =
          opened(
              new Rep4Net()
                  .run(
                      malicious,
                      KEY_SEED,
                      i -> Programs.lessThan(i, x, y, 34),
                      Rep4Net.honest(),
                      31));
      for (int i = 0; i < n; i++) {
        assertThat(lt[i]).as("%d < %d", x[i], y[i]).isEqualTo(x[i] < y[i] ? 1L : 0L);
      }
    }
  }

  @Test
  void lessThanOf63BitValuesWithBits64() {
    SplittableRandom r = new SplittableRandom(41);
    int n = 500;
    long[] x = new long[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextLong() >> 1;
      y[i] = i % 7 == 0 ? x[i] : r.nextLong() >> 1;
    }
    long[] lt =
        opened(
            new Rep4Net()
                .run(true, KEY_SEED, i -> Programs.lessThan(i, x, y, 64), Rep4Net.honest(), 41));
    for (int i = 0; i < n; i++) {
      assertThat(lt[i]).isEqualTo(x[i] < y[i] ? 1L : 0L);
    }
  }

  @Test
  void equalityOfIntsAndOfFullWords() {
    SplittableRandom r = new SplittableRandom(51);
    int n = 1000;
    long[] x = new long[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextInt();
      y[i] = i % 3 == 0 ? x[i] : i % 3 == 1 ? x[i] + 1 : r.nextInt();
    }
    for (int bits : new int[] {34, 64}) {
      long[] eq =
          opened(
              new Rep4Net()
                  .run(
                      bits == 64,
                      KEY_SEED,
                      i -> Programs.equal(i, x, y, bits),
                      Rep4Net.honest(),
                      51));
      for (int i = 0; i < n; i++) {
        assertThat(eq[i]).as("%d == %d", x[i], y[i]).isEqualTo(x[i] == y[i] ? 1L : 0L);
      }
    }
  }

  @Test
  void keySetupGivesConsistentKeys() {
    SplittableRandom r = new SplittableRandom(61);
    long[] x = r.longs(100).toArray();
    long[] y = r.longs(100).toArray();
    List<Outcome<long[]>> out =
        new Rep4Net()
            .run(
                true,
                KEY_SEED,
                i -> Rep4Program.setupKeys(contributions(i, 61)).map(k -> new long[] {k.self()}),
                Rep4Net.honest(),
                61);
    for (Outcome<long[]> o : out) {
      assertThat(o).isInstanceOf(Outcome.Completed.class);
    }
  }

  static byte[][] contributions(int self, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 31 + self);
    byte[][] c = new byte[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        c[m] = new byte[32];
        for (int i = 0; i < 32; i++) {
          c[m][i] = (byte) r.nextInt();
        }
      }
    }
    return c;
  }
}
