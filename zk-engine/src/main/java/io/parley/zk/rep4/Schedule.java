package io.parley.zk.rep4;

/**
 * The fixed roles of the four parties in one exchange round (Dalskov, Escudero, Keller, "Fantastic
 * Four", USENIX Security 2021). A <em>transfer</em> moves one vector that two parties (sender and
 * backup) both know to a receiver: the sender sends the values, the backup a digest of the same
 * values; the fourth party (third) is the one that, with the receiver, is honest whenever the two
 * disagree.
 *
 * <p>Multiplication: for each pair {g < h} (index {@code pair} in {@link #PAIRS}) with complement
 * {a < b}, the first half of the batch goes to receiver a (sender g, backup h, third b), the second
 * half to receiver b (sender h, backup g, third a). Every party then sends and receives 1.5 values
 * per multiplication. Opening: receiver i gets its missing component x_i from sender i+1, backup
 * i+2, third i+3 (mod 4).
 */
public final class Schedule {
  public static final int PARTIES = 4;
  public static final int MULTIPLY_TRANSFERS = 12;
  public static final int OPEN_TRANSFERS = 4;

  static final int[][] PAIRS = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}};

  private Schedule() {}

  /** One transfer: who sends, who backs up, who receives, who is the third; element range. */
  public record Transfer(
      int id, int sender, int backup, int receiver, int third, int from, int to) {
    public int length() {
      return to - from;
    }

    /** The pair that knows the value (sender and backup). */
    boolean knows(int party) {
      return party == sender || party == backup;
    }
  }

  /** Transfer {@code id} (0..11) of a multiplication (or AND) round over {@code n} elements. */
  public static Transfer multiply(int id, int n) {
    if (id < 0 || id >= MULTIPLY_TRANSFERS) {
      throw new IllegalArgumentException("multiplication transfer " + id + " out of range");
    }
    int pair = id >> 1;
    boolean first = (id & 1) == 0;
    int g = PAIRS[pair][0];
    int h = PAIRS[pair][1];
    int[] complement = complement(g, h);
    int mid = (n + 1) / 2;
    return first
        ? new Transfer(id, g, h, complement[0], complement[1], 0, mid)
        : new Transfer(id, h, g, complement[1], complement[0], mid, n);
  }

  /** Transfer {@code receiver} of an opening of {@code n} elements. */
  public static Transfer open(int receiver, int n) {
    if (receiver < 0 || receiver >= PARTIES) {
      throw new IllegalArgumentException("opening transfer " + receiver + " out of range");
    }
    return new Transfer(
        receiver, (receiver + 1) % 4, (receiver + 2) % 4, receiver, (receiver + 3) % 4, 0, n);
  }

  /** The transfer of a round kind; only multiplication, AND and opening rounds have transfers. */
  public static Transfer transfer(RoundKind kind, int id, int n) {
    return switch (kind) {
      case MULTIPLY, AND -> multiply(id, n);
      case OPEN -> open(id, n);
      default -> throw new IllegalArgumentException(kind + " rounds have no transfers");
    };
  }

  public static int transfers(RoundKind kind) {
    return switch (kind) {
      case MULTIPLY, AND -> MULTIPLY_TRANSFERS;
      case OPEN -> OPEN_TRANSFERS;
      default -> 0;
    };
  }

  static int[] complement(int g, int h) {
    int[] out = new int[2];
    int k = 0;
    for (int m = 0; m < PARTIES; m++) {
      if (m != g && m != h) {
        out[k++] = m;
      }
    }
    return out;
  }

  /**
   * The diagonal product x_m * y_m is known to the three parties other than m; it is added by the
   * pair whose complement is {m, m+1 mod 4}. Returns m for the pair with complement {j, k}, or -1.
   */
  static int diagonal(int j, int k) {
    if ((j + 1) % 4 == k) {
      return j;
    }
    if ((k + 1) % 4 == j) {
      return k;
    }
    return -1;
  }

  /** Component sent in an input by {@code owner}; the other two non-owner components are PRG. */
  static int inputSent(int owner) {
    return (owner + 1) % 4;
  }
}
