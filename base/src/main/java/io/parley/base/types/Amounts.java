package io.parley.base.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Overflow-checked arithmetic on 256-bit amounts (Tuweni's {@code UInt256} wraps silently), and the
 * conversion between base units and PAR (1 PAR = 10^18 units).
 */
public final class Amounts {
  public static final int DECIMALS = 18;
  public static final UInt256 ONE_PAR = UInt256.valueOf(BigInteger.TEN.pow(DECIMALS));

  private Amounts() {}

  public static UInt256 addExact(UInt256 a, UInt256 b) {
    UInt256 sum = a.add(b);
    if (sum.compareTo(a) < 0) {
      throw new ArithmeticException("amount overflow");
    }
    return sum;
  }

  public static UInt256 subtractExact(UInt256 a, UInt256 b) {
    if (a.compareTo(b) < 0) {
      throw new ArithmeticException("amount underflow");
    }
    return a.subtract(b);
  }

  public static UInt256 multiplyExact(UInt256 a, long b) {
    if (b < 0) {
      throw new ArithmeticException("negative factor");
    }
    BigInteger product = a.toBigInteger().multiply(BigInteger.valueOf(b));
    if (product.bitLength() > 256) {
      throw new ArithmeticException("amount overflow");
    }
    return UInt256.valueOf(product);
  }

  /** Parses a decimal PAR amount such as "1.5" into base units; rejects more than 18 decimals. */
  public static UInt256 parsePar(String text) {
    BigDecimal par;
    try {
      par = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal amount: '" + text + "'");
    }
    if (par.signum() < 0) {
      throw new IllegalArgumentException("amount must not be negative");
    }
    BigDecimal units = par.movePointRight(DECIMALS);
    if (units.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("amount has more than " + DECIMALS + " decimals");
    }
    BigInteger value = units.toBigIntegerExact();
    if (value.bitLength() > 256) {
      throw new IllegalArgumentException("amount too large");
    }
    return UInt256.valueOf(value);
  }

  /** Formats base units as a decimal PAR amount without trailing zeros. */
  public static String formatPar(UInt256 units) {
    BigDecimal par = new BigDecimal(units.toBigInteger()).movePointLeft(DECIMALS);
    String s = par.stripTrailingZeros().toPlainString();
    return s;
  }
}
