package io.parley.zk.rep4;

/**
 * One party's shares of every wire of a circuit as three flat arrays of components (24 bytes a
 * wire, no object per wire): the rep4 interpreter's memory for circuits of millions of wires.
 */
public final class WireStore {
  private final int self;
  private final long[][] components = new long[Schedule.PARTIES][];

  public WireStore(int self, int wires) {
    this.self = self;
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m != self) {
        components[m] = new long[wires];
      }
    }
  }

  /** The wire's shares, a vector of length 1. */
  public Shares get(int wire) {
    long[][] c = new long[Schedule.PARTIES][];
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m != self) {
        c[m] = new long[] {components[m][wire]};
      }
    }
    return new Shares(self, c);
  }

  /** The shares of these wires as one vector. */
  public Shares gather(int[] wires) {
    long[][] c = new long[Schedule.PARTIES][];
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m != self) {
        long[] from = components[m];
        long[] to = new long[wires.length];
        for (int i = 0; i < wires.length; i++) {
          to[i] = from[wires[i]];
        }
        c[m] = to;
      }
    }
    return new Shares(self, c);
  }

  /** Stores a vector as the shares of the wires {@code first} .. {@code first + length - 1}. */
  public void setRange(int first, Shares values) {
    if (values.self() != self) {
      throw new IllegalArgumentException("another party's shares");
    }
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m != self) {
        System.arraycopy(values.component(m), 0, components[m], first, values.length());
      }
    }
  }

  /** Stores element {@code index} of {@code value} as the wire's shares. */
  public void set(int wire, Shares value, int index) {
    if (value.self() != self) {
      throw new IllegalArgumentException("another party's shares");
    }
    for (int m = 0; m < Schedule.PARTIES; m++) {
      if (m != self) {
        components[m][wire] = value.component(m)[index];
      }
    }
  }
}
