package io.parley.zk.rep4;

import io.parley.zk.messages.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * PRG key setup: each holder of key_m (every party but m) contributes 32 random bytes, sent to the
 * two other holders; key_m = SHA-256 of the three contributions in party order. In malicious mode
 * an {@link EchoRound} lets the holders compare the contributors' signed statements.
 */
final class KeysRound extends BaseRound {
  private static final int LONGS = 4;
  private final Rep4Context context;
  private final byte[][] contributions;

  KeysRound(Rep4Context context, int round, byte[][] contributions) {
    super(round);
    this.context = context;
    int self = context.self();
    this.contributions = new byte[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        if (contributions[m] == null || contributions[m].length != 32) {
          throw new IllegalArgumentException("contribution " + m + " must be 32 bytes");
        }
        this.contributions[m] = contributions[m].clone();
      }
    }
    for (int t = 0; t < 4; t++) {
      if (t == self) {
        continue;
      }
      out[t] = new MessageBuilder(RoundKind.KEYS);
      for (int m : segmentIds(self, t)) {
        out[t].values(m, longs(this.contributions[m]), 0, LONGS);
      }
    }
  }

  private static long[] longs(byte[] bytes) {
    long[] out = new long[LONGS];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    return out;
  }

  private static byte[] bytes(long[] longs) {
    byte[] out = new byte[32];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(longs);
    return out;
  }

  @Override
  public RoundKind kind() {
    return RoundKind.KEYS;
  }

  /**
   * Contributor {@code from} sends to {@code to} its contributions to every key m not in {from,
   * to}.
   */
  @Override
  public Set<Integer> segmentIds(int from, int to) {
    Set<Integer> ids = new TreeSet<>();
    for (int m = 0; m < 4; m++) {
      if (m != from && m != to) {
        ids.add(m);
      }
    }
    return ids;
  }

  @Override
  public List<Expected> expectedFrom(int from) {
    List<Expected> e = new ArrayList<>();
    for (int m : segmentIds(from, context.self())) {
      e.add(new Expected(m, true, LONGS));
    }
    return e;
  }

  @Override
  public Result complete(Received[] received) {
    int self = context.self();
    byte[][] keys = new byte[4][];
    for (int m = 0; m < 4; m++) {
      if (m == self) {
        continue;
      }
      MessageDigest sha = Sha256.newDigest();
      for (int h = 0; h < 4; h++) {
        if (h == m) {
          continue;
        }
        sha.update(
            h == self
                ? contributions[m]
                : bytes(received[h].message().part(m).orElseThrow().longs()));
      }
      keys[m] = sha.digest();
    }
    Rep4Keys result = new Rep4Keys(self, keys);
    if (!context.malicious()) {
      return new Result.Value(result);
    }
    return new Result.Next(new EchoRound(context, round + 1, this, received, result));
  }
}
