package io.parley.contracts.runtime;

import com.dylibso.chicory.runtime.Memory;
import io.parley.contracts.wasm.HostImport;
import java.math.BigInteger;

/** Checked arithmetic on integers of 65 to 256 bits for the wide_* host functions. */
final class WideArithmetic {
  private WideArithmetic() {}

  record IntType(int bits, boolean signed) {
    static IntType of(long code) {
      int bits = (int) (code & 0x1FF);
      if (bits < 8 || bits > 256) {
        throw new ContractFailure("invalid integer type code " + code);
      }
      return new IntType(bits, (code & 0x1000) != 0);
    }

    BigInteger min() {
      return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    BigInteger max() {
      return (signed ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits))
          .subtract(BigInteger.ONE);
    }

    boolean fits(BigInteger v) {
      return v.compareTo(min()) >= 0 && v.compareTo(max()) <= 0;
    }

    String name() {
      return (signed ? "i" : "u") + bits;
    }
  }

  static long[] apply(HostImport h, Memory m, long[] a) {
    switch (h) {
      case WIDE_OP -> {
        IntType t = IntType.of(a[4]);
        BigInteger x = Words.read(m, (int) a[1], t.signed());
        BigInteger y = Words.read(m, (int) a[2], true);
        Words.write(m, (int) a[3], op((int) a[0], t, x, y));
        return null;
      }
      case WIDE_CMP -> {
        IntType t = IntType.of(a[2]);
        return new long[] {
          Words.read(m, (int) a[0], t.signed()).compareTo(Words.read(m, (int) a[1], t.signed()))
        };
      }
      case WIDE_CAST -> {
        IntType from = IntType.of(a[2]);
        IntType to = IntType.of(a[3]);
        BigInteger v = Words.read(m, (int) a[0], from.signed());
        if (!to.fits(v)) {
          throw new ContractFailure("value does not fit in " + to.name());
        }
        Words.write(m, (int) a[1], v);
        return null;
      }
      case WIDE_TO_SMALL -> {
        IntType from = IntType.of(a[1]);
        IntType to = IntType.of(a[2]);
        BigInteger v = Words.read(m, (int) a[0], from.signed());
        if (!to.fits(v)) {
          throw new ContractFailure("value does not fit in " + to.name());
        }
        return new long[] {v.longValue()};
      }
      default -> throw new IllegalArgumentException("not a wide operation: " + h);
    }
  }

  private static BigInteger op(int op, IntType t, BigInteger x, BigInteger yRaw) {
    BigInteger y =
        t.signed() ? yRaw : yRaw.signum() < 0 ? yRaw.add(BigInteger.ONE.shiftLeft(256)) : yRaw;
    String symbol;
    BigInteger r;
    switch (op) {
      case HostImport.OP_ADD -> {
        symbol = "+";
        r = x.add(y);
      }
      case HostImport.OP_SUB -> {
        symbol = "-";
        r = x.subtract(y);
      }
      case HostImport.OP_MUL -> {
        symbol = "*";
        r = x.multiply(y);
      }
      case HostImport.OP_DIV, HostImport.OP_REM -> {
        if (y.signum() == 0) {
          throw new ContractFailure("division by zero");
        }
        symbol = op == HostImport.OP_DIV ? "/" : "%";
        r = op == HostImport.OP_DIV ? x.divide(y) : x.remainder(y);
      }
      case HostImport.OP_AND -> {
        return x.and(y);
      }
      case HostImport.OP_OR -> {
        return x.or(y);
      }
      case HostImport.OP_XOR -> {
        return x.xor(y);
      }
      case HostImport.OP_SHL, HostImport.OP_SHR -> {
        if (yRaw.signum() < 0 || yRaw.compareTo(BigInteger.valueOf(t.bits())) >= 0) {
          throw new ContractFailure("shift amount out of range for " + t.name());
        }
        int s = yRaw.intValue();
        if (op == HostImport.OP_SHR) {
          return x.shiftRight(s);
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(t.bits()).subtract(BigInteger.ONE);
        BigInteger v = x.shiftLeft(s).and(mask);
        return t.signed() && v.testBit(t.bits() - 1)
            ? v.subtract(BigInteger.ONE.shiftLeft(t.bits()))
            : v;
      }
      default -> throw new ContractFailure("invalid wide operation " + op);
    }
    if (!t.fits(r)) {
      throw new ContractFailure("arithmetic overflow (" + t.name() + " " + symbol + ")");
    }
    return r;
  }
}
