package io.parley.zk.rep4;

import java.util.Arrays;

/**
 * One party's view of a replicated 4-party sharing of a vector: x = x_0 + x_1 + x_2 + x_3 (over
 * Z_2^64 with wrapping {@code long} arithmetic, or over Z_2 with XOR on bit-sliced longs), party
 * {@code self} holds the three components x_j, j != self, as primitive arrays of {@code length}
 * longs. Local (communication-free) operations live here.
 */
public final class Shares {
  private final int self;
  private final int length;
  private final long[][] components;

  Shares(int self, long[][] components) {
    this.self = self;
    int len = -1;
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m == self) {
        if (components[m] != null) {
          throw new IllegalArgumentException("party " + self + " cannot hold its own component");
        }
        continue;
      }
      if (len >= 0 && components[m].length != len) {
        throw new IllegalArgumentException("components of different lengths");
      }
      len = components[m].length;
    }
    this.length = len;
    this.components = components;
  }

  /**
   * A party's shares from components dealt outside the engine (a wallet's input sharing): {@code
   * components[self]} must be null, the other three non-null and of equal length; they are copied.
   */
  public static Shares of(int self, long[][] components) {
    if (self < 0 || self >= Schedule.PARTIES) {
      throw new IllegalArgumentException("party index " + self + " out of range");
    }
    if (components == null || components.length != Schedule.PARTIES) {
      throw new IllegalArgumentException("need " + Schedule.PARTIES + " component slots");
    }
    long[][] copy = new long[Schedule.PARTIES][];
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m == self) {
        if (components[m] != null) {
          throw new IllegalArgumentException("party " + self + " cannot hold its own component");
        }
      } else if (components[m] == null) {
        throw new IllegalArgumentException("component " + m + " is missing");
      } else {
        copy[m] = components[m].clone();
      }
    }
    return new Shares(self, copy);
  }

  public static Shares zeros(int self, int length) {
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        c[m] = new long[length];
      }
    }
    return new Shares(self, c);
  }

  /** A public vector: component 0 carries it, the others are zero. */
  public static Shares constant(int self, long[] values) {
    Shares s = zeros(self, values.length);
    if (self != 0) {
      System.arraycopy(values, 0, s.components[0], 0, values.length);
    }
    return s;
  }

  public int self() {
    return self;
  }

  public int length() {
    return length;
  }

  /** Component m (m != self); the array is shared, not copied. */
  long[] component(int m) {
    if (m == self) {
      throw new IllegalArgumentException("party " + self + " does not hold component " + m);
    }
    return components[m];
  }

  /** Copies of the four components; entry {@code self} is null. */
  public long[][] components() {
    long[][] copy = new long[Schedule.PARTIES][];
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m != self) {
        copy[m] = components[m].clone();
      }
    }
    return copy;
  }

  /** Copy of component m (m != self), for tests and disclosure. */
  public long[] componentCopy(int m) {
    return component(m).clone();
  }

  public Shares add(Shares o) {
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        long[] a = components[m];
        long[] b = o.components[m];
        long[] r = new long[length];
        for (int i = 0; i < length; i++) {
          r[i] = a[i] + b[i];
        }
        c[m] = r;
      }
    }
    return new Shares(self, c);
  }

  public Shares subtract(Shares o) {
    return add(o.negate());
  }

  public Shares negate() {
    return multiplyPublic(-1L);
  }

  /** Element i times k[i] (a public vector of the same length). */
  public Shares multiplyPublicEach(long[] k) {
    if (k.length != length) {
      throw new IllegalArgumentException(
          "a public vector of length " + k.length + ", not " + length);
    }
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        long[] a = components[m];
        long[] r = new long[length];
        for (int i = 0; i < length; i++) {
          r[i] = a[i] * k[i];
        }
        c[m] = r;
      }
    }
    return new Shares(self, c);
  }

  public Shares multiplyPublic(long k) {
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        long[] a = components[m];
        long[] r = new long[length];
        for (int i = 0; i < length; i++) {
          r[i] = a[i] * k;
        }
        c[m] = r;
      }
    }
    return new Shares(self, c);
  }

  public Shares xor(Shares o) {
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        long[] a = components[m];
        long[] b = o.components[m];
        long[] r = new long[length];
        for (int i = 0; i < length; i++) {
          r[i] = a[i] ^ b[i];
        }
        c[m] = r;
      }
    }
    return new Shares(self, c);
  }

  /** Binary NOT: XOR with all-ones on component 0. */
  public Shares not() {
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        c[m] = components[m].clone();
        if (m == 0) {
          for (int i = 0; i < length; i++) {
            c[m][i] = ~c[m][i];
          }
        }
      }
    }
    return new Shares(self, c);
  }

  /** Elements [from, to) of every component. */
  public Shares slice(int from, int to) {
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        c[m] = Arrays.copyOfRange(components[m], from, to);
      }
    }
    return new Shares(self, c);
  }

  /** Concatenation of vectors, componentwise. */
  public static Shares concat(Shares... parts) {
    int self = parts[0].self;
    int total = 0;
    for (Shares p : parts) {
      total += p.length;
    }
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        c[m] = new long[total];
        int at = 0;
        for (Shares p : parts) {
          System.arraycopy(p.components[m], 0, c[m], at, p.length);
          at += p.length;
        }
      }
    }
    return new Shares(self, c);
  }

  /**
   * The four local binary sharings of an arithmetic sharing's components: sharing m has component m
   * equal to bits [0, bits) of x_m, bit-sliced (slice b at words [b*W, (b+1)*W), W = ceil(n/64)),
   * and zero elsewhere. Party self knows every such sharing completely (it holds x_m for m != self;
   * sharing self is all zero for it). Costs no communication.
   */
  public Shares[] bitDecomposeComponents(int bits) {
    int words = (length + 63) >>> 6;
    Shares[] out = new Shares[4];
    for (int m = 0; m < 4; m++) {
      out[m] = zeros(self, bits * words);
      if (m != self) {
        BitSlices.slice(components[m], length, bits, out[m].components[m]);
      }
    }
    return out;
  }

  /**
   * The four local arithmetic sharings of one bit-sliced binary sharing of {@code n} bits: sharing
   * m has component m equal to bit e of b_m (0 or 1) and zero elsewhere.
   */
  public Shares[] bitComponentsAsIntegers(int n) {
    Shares[] out = new Shares[4];
    for (int m = 0; m < 4; m++) {
      out[m] = zeros(self, n);
      if (m != self) {
        long[] words = components[m];
        long[] target = out[m].components[m];
        for (int e = 0; e < n; e++) {
          target[e] = (words[e >>> 6] >>> (e & 63)) & 1L;
        }
      }
    }
    return out;
  }

  /** Slices [fromSlice, toSlice) of a bit-sliced sharing with {@code words} words per slice. */
  public Shares slices(int fromSlice, int toSlice, int words) {
    return slice(fromSlice * words, toSlice * words);
  }
}
