package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;

/** Element-wise operations on vectors of shares or public values (all local, no interaction). */
public final class Vectors {
  private Vectors() {}

  public static FieldElement[] add(FieldElement[] x, FieldElement[] y) {
    FieldElement[] out = new FieldElement[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].add(y[i]);
    }
    return out;
  }

  public static FieldElement[] subtract(FieldElement[] x, FieldElement[] y) {
    FieldElement[] out = new FieldElement[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].subtract(y[i]);
    }
    return out;
  }

  public static FieldElement[] scale(FieldElement[] x, FieldElement factor) {
    FieldElement[] out = new FieldElement[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].multiply(factor);
    }
    return out;
  }

  /** Adds a public constant to every share: a sharing of s + c (every party adds c). */
  public static FieldElement[] addConstant(FieldElement[] x, FieldElement constant) {
    FieldElement[] out = new FieldElement[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].add(constant);
    }
    return out;
  }

  /** 1 - x, element-wise: the negation of shared bits. */
  public static FieldElement[] oneMinus(FieldElement[] x) {
    FieldElement[] out = new FieldElement[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = FieldElement.ONE.subtract(x[i]);
    }
    return out;
  }

  public static FieldElement[] filled(int length, FieldElement value) {
    FieldElement[] out = new FieldElement[length];
    java.util.Arrays.fill(out, value);
    return out;
  }

  public static FieldElement[] concat(FieldElement[] x, FieldElement[] y) {
    FieldElement[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
