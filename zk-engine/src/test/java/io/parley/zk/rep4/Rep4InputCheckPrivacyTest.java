package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Sha256;
import io.parley.zk.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * Member j never holds x_j; the digests of x_j it receives must not let it test guesses of a
 * low-entropy input v (x_j = v - the three components j holds).
 */
class Rep4InputCheckPrivacyTest {
  private static final long[] CANDIDATES = {0, 1};

  /** The digest of x_j that member {@code viewer} = j receives from each holder h. */
  private static byte[][] receivedDigests(long[][][] dealt, Bytes32 id, int viewer) {
    List<Rep4InputCheck> sessions = InputCheckRuns.sessions(dealt, id);
    byte[][] out = new byte[4][];
    for (int h = 0; h < 4; h++) {
      if (h != viewer) {
        Envelope statement = Rep4InputCheckTest.statementOf(sessions.get(h));
        out[h] = InputDigests.digestOf(statement, viewer);
      }
    }
    return out;
  }

  private static byte[] message(Bytes32 id, int j, long[] xj) {
    ByteBuffer b = ByteBuffer.allocate(19 + 32 + 1 + 8 * xj.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("parley-rep4-input/1".getBytes(StandardCharsets.US_ASCII)).put(id.toArrayUnsafe());
    b.put((byte) j);
    for (long e : xj) {
      b.putLong(e);
    }
    return b.array();
  }

  @Test
  void guessesOfTheInputCannotBeCheckedWithoutKeyJ() {
    for (int viewer = 0; viewer < 4; viewer++) {
      Bytes32 id = Fixtures.id(900 + viewer);
      long[][] x = InputCheckRuns.deal(new long[] {1}, new SplittableRandom(900 + viewer));
      long[][][] dealt = InputCheckRuns.handOut(x);
      byte[][] received = receivedDigests(dealt, id, viewer);
      Rep4Keys own = Rep4Keys.fromSeed(viewer, InputCheckRuns.KEY_SEED);
      Rep4Keys holder = Rep4Keys.fromSeed((viewer + 1) % 4, InputCheckRuns.KEY_SEED);
      for (long guess : CANDIDATES) {
        long rest = 0;
        for (int k = 0; k < 4; k++) {
          rest += k == viewer ? 0 : dealt[viewer][k][0];
        }
        long[] candidate = {guess - rest};
        byte[] plain = Sha256.newDigest().digest(message(id, viewer, candidate));
        for (int h = 0; h < 4; h++) {
          if (h == viewer) {
            continue;
          }
          assertThat(received[h]).as("plain hash, guess %d", guess).isNotEqualTo(plain);
          for (int k = 0; k < 4; k++) {
            if (k != viewer) {
              byte[] withOwnKey = InputDigests.digest(own.key(k), id, viewer, candidate);
              assertThat(received[h])
                  .as("viewer's key %d, guess %d", k, guess)
                  .isNotEqualTo(withOwnKey);
            }
          }
          byte[] withKeyJ = InputDigests.digest(holder.key(viewer), id, viewer, candidate);
          assertThat(java.util.Arrays.equals(received[h], withKeyJ))
              .as("only key_j confirms the true value")
              .isEqualTo(guess == 1);
        }
      }
    }
  }

  /**
   * Over fresh keys, every bit of the digest of x_3 that member 3 receives is one about half of the
   * time, for v = 0 and for v = 1 with member 3's own components fixed: 6 standard deviations.
   */
  @Test
  void digestOfTheMissingComponentLooksUniformForEitherInput() {
    int runs = 400;
    long[] seen = {11, 22, 33};
    Bytes32 id = Fixtures.id(950);
    for (long v : CANDIDATES) {
      int[] ones = new int[256];
      for (int run = 0; run < runs; run++) {
        Rep4Keys keys = Rep4Keys.fromSeed(0, new byte[] {(byte) run, (byte) (run >> 8), 7});
        long[] x3 = {v - seen[0] - seen[1] - seen[2]};
        byte[] d = InputDigests.digest(keys.key(3), id, 3, x3);
        for (int bit = 0; bit < 256; bit++) {
          ones[bit] += (d[bit / 8] >>> (bit % 8)) & 1;
        }
      }
      double sd = Math.sqrt(runs * 0.25);
      for (int bit = 0; bit < 256; bit++) {
        assertThat(Math.abs(ones[bit] - runs / 2.0)).as("v %d bit %d", v, bit).isLessThan(6 * sd);
      }
    }
  }

  @Test
  void digestDependsOnKeyComputationComponentAndEveryElement() {
    byte[] key = new byte[32];
    Bytes32 id = Fixtures.id(1);
    long[] xs = {1, 2, 3};
    byte[] base = InputDigests.digest(key, id, 2, xs);
    byte[] otherKey = key.clone();
    otherKey[31] = 1;
    assertThat(InputDigests.digest(otherKey, id, 2, xs)).isNotEqualTo(base);
    assertThat(InputDigests.digest(key, Fixtures.id(2), 2, xs)).isNotEqualTo(base);
    assertThat(InputDigests.digest(key, id, 1, xs)).isNotEqualTo(base);
    assertThat(InputDigests.digest(key, id, 2, new long[] {1, 2, 4})).isNotEqualTo(base);
    assertThat(InputDigests.digest(key, id, 2, new long[] {1, 2})).isNotEqualTo(base);
    MessageDigest sha = Sha256.newDigest();
    assertThat(sha.digest(message(id, 2, xs))).isNotEqualTo(base);
  }
}
