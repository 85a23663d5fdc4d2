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
