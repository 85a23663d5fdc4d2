package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scalar IR type (uW, iW, bool) with an optional array length. */
public record ValueType(int width, boolean signed, int length, boolean array) {
  private static final Pattern SYNTAX =
      Pattern.compile("^(bool|([ui])([0-9]{1,2}))(\\[([0-9]{1,4})\\])?$");
  public static final int MAX_ARRAY = 4096;

  public static ValueType parse(String text, String where) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new CircuitException("E_TYPE", where + ": unknown type '" + text + "'");
    }
    int width = 1;
    boolean signed = false;
    if (m.group(2) != null) {
      signed = m.group(2).equals("i");
      width = Integer.parseInt(m.group(3));
      if (width < (signed ? 2 : 1) || width > 64 || m.group(3).startsWith("0")) {
        throw new CircuitException("E_TYPE", where + ": unknown type '" + text + "'");
      }
    }
    int length = 1;
    boolean array = m.group(4) != null;
    if (array) {
      length = Integer.parseInt(m.group(5));
      if (length < 1 || length > MAX_ARRAY || m.group(5).startsWith("0")) {
        throw new CircuitException("E_TYPE", where + ": bad array length in '" + text + "'");
      }
    }
    return new ValueType(width, signed, length, array);
  }

  public ValueType scalar() {
    return new ValueType(width, signed, 1, false);
  }

  public BigInteger min() {
    return signed ? BigInteger.ONE.shiftLeft(width - 1).negate() : BigInteger.ZERO;
  }

  public BigInteger max() {
    return signed
        ? BigInteger.ONE.shiftLeft(width - 1).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
  }

  public Interval interval() {
    return new Interval(min(), max());
  }

  public boolean contains(BigInteger v) {
    return v.compareTo(min()) >= 0 && v.compareTo(max()) <= 0;
  }
}
