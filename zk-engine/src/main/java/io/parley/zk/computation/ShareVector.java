package io.parley.zk.computation;

import io.parley.zk.field.FieldElement;
import io.parley.zk.rep4.Shares;

/**
 * One member's shares of a vector of secret values, in the format of its committee's protocol
 * ({@link InputFormat}): Shamir shares over GF(2^127 - 1), or the three components of a replicated
 * sharing over Z_2^64. Secret input shares, shares of secret state and shares for a recipient all
 * take this form. Secret: {@link #toString()} shows only the format and length.
 */
public sealed interface ShareVector {
  int length();

  /**
   * The shares as bytes, for commitments (docs/spec/attestation.md section 2): Shamir shares as
   * 16-byte big-endian field elements; replicated shares value by value, each value's three held
   * components in component order as 8-byte little-endian words.
   */
  default byte[] encode() {
    return switch (this) {
      case Field f -> {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(f.length() * FieldElement.BYTES);
        for (FieldElement e : f.shares()) {
          b.putLong(e.hi()).putLong(e.lo());
        }
        yield b.array();
      }
      case Replicated r -> {
        long[][] components = r.shares().components();
        java.nio.ByteBuffer b =
            java.nio.ByteBuffer.allocate(24 * r.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < r.length(); i++) {
          for (long[] c : components) {
            if (c != null) {
              b.putLong(c[i]);
            }
          }
        }
        yield b.array();
      }
    };
  }

  /**
   * One member's shares of several vectors placed one after another (a collection assembled from
   * its elements); all parts have one format and belong to one member.
   */
  static ShareVector concat(java.util.List<ShareVector> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    if (parts.get(0) instanceof Replicated) {
      Shares[] shares = new Shares[parts.size()];
      for (int i = 0; i < shares.length; i++) {
        if (!(parts.get(i) instanceof Replicated r)) {
          throw new IllegalArgumentException("share vectors of different formats");
        }
        shares[i] = r.shares();
      }
      return new Replicated(Shares.concat(shares));
    }
    int length = parts.stream().mapToInt(ShareVector::length).sum();
    FieldElement[] out = new FieldElement[length];
    int at = 0;
    for (ShareVector part : parts) {
      if (!(part instanceof Field f)) {
        throw new IllegalArgumentException("share vectors of different formats");
      }
      FieldElement[] values = f.shares();
      System.arraycopy(values, 0, out, at, values.length);
      at += values.length;
    }
    return new Field(out);
  }

  /** Degree-t Shamir shares, one field element per value (member i holds f(i + 1)). */
  record Field(FieldElement[] shares) implements ShareVector {
    public Field {
      shares = shares.clone();
    }

    @Override
    public FieldElement[] shares() {
      return shares.clone();
    }

    @Override
    public int length() {
      return shares.length;
    }

    @Override
    public String toString() {
      return "ShareVector.Field[" + shares.length + "]";
    }
  }

  /** The member's three components x_j (j != self) of a replicated 4-party sharing. */
  record Replicated(Shares shares) implements ShareVector {
    @Override
    public int length() {
      return shares.length();
    }

    @Override
    public String toString() {
      return "ShareVector.Replicated[" + shares.length() + "]";
    }
  }
}
