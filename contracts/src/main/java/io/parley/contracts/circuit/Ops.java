package io.parley.contracts.circuit;

import io.parley.contracts.check.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Operations on circuit values, folding constants and reducing to fixed widths. */
final class Ops {
  private final CircuitBuilder b;
  private final Map<Reduced, Integer> reduced = new HashMap<>();

  /** A wire reduced to a type (by the type's name), the key of the wraps already emitted. */
  private record Reduced(int wire, String type) {}

  Ops(CircuitBuilder b) {
    this.b = b;
  }

  int wire(CVal v) {
    return switch (v) {
      case CVal.Const c -> b.constant(c.value());
      case CVal.Wire w -> w.id();
      case CVal.Arr a -> throw new IllegalStateException("array used as a scalar");
    };
  }

  static BigInteger wrapValue(BigInteger v, Type.Int t) {
    BigInteger modulus = BigInteger.ONE.shiftLeft(t.bits());
    BigInteger r = v.mod(modulus);
    if (t.signed() && r.compareTo(t.max()) > 0) {
      r = r.subtract(modulus);
    }
    return r;
  }

  /**
   * Reduces a value to the range of {@code t} (two's complement wrap-around), element by element
   * for arrays: the canonical representative of its class modulo 2^bits. A wire whose interval
   * already lies in the range is its own representative; each other wire is wrapped once, and the
   * wrap is reused by every later reduction of that wire to that type.
   */
  CVal fit(CVal v, Type t) {
    Type scalar = t instanceof Type.Array a ? a.element() : t;
    if (!(scalar instanceof Type.Int ti)) {
      return v;
    }
    return switch (v) {
      case CVal.Const c -> new CVal.Const(wrapValue(c.value(), ti));
      case CVal.Wire w -> {
        if (b.lo(w.id()).compareTo(ti.min()) >= 0 && b.hi(w.id()).compareTo(ti.max()) <= 0) {
          yield w;
        }
        yield new CVal.Wire(
            reduced.computeIfAbsent(
                new Reduced(w.id(), ti.baseName()),
                k -> b.wrap(w.id(), ti.baseName(), ti.min(), ti.max())));
      }
      case CVal.Arr a -> {
        List<CVal> out = new ArrayList<>();
        for (CVal e : a.elements()) {
          out.add(fit(e, scalar));
        }
        yield new CVal.Arr(out);
      }
    };
  }

  CVal add(CVal x, CVal y) {
    if (x instanceof CVal.Const a && y instanceof CVal.Const c) {
      return new CVal.Const(a.value().add(c.value()));
    }
    if (y instanceof CVal.Const c) {
      return c.value().signum() == 0 ? x : new CVal.Wire(b.addc(wire(x), c.value()));
    }
    if (x instanceof CVal.Const c) {
      return add(y, c);
    }
    return new CVal.Wire(b.add(wire(x), wire(y)));
  }

  CVal neg(CVal x) {
    if (x instanceof CVal.Const c) {
      return new CVal.Const(c.value().negate());
    }
    return new CVal.Wire(b.neg(wire(x)));
  }

  CVal sub(CVal x, CVal y) {
    if (x instanceof CVal.Const a && y instanceof CVal.Const c) {
      return new CVal.Const(a.value().subtract(c.value()));
    }
    if (y instanceof CVal.Const c) {
      return add(x, new CVal.Const(c.value().negate()));
    }
    if (x instanceof CVal.Const c) {
      return add(neg(y), c);
    }
    return new CVal.Wire(b.sub(wire(x), wire(y)));
  }

  CVal mul(CVal x, CVal y) {
    if (x instanceof CVal.Const a && y instanceof CVal.Const c) {
      return new CVal.Const(a.value().multiply(c.value()));
    }
    if (x instanceof CVal.Const) {
      return mul(y, x);
    }
    if (y instanceof CVal.Const c) {
      if (c.value().signum() == 0) {
        return c;
      }
      return c.value().equals(BigInteger.ONE) ? x : new CVal.Wire(b.mulc(wire(x), c.value()));
    }
    return new CVal.Wire(b.mul(wire(x), wire(y)));
  }

  /** Truncating division by a positive constant. */
  CVal divide(CVal x, BigInteger c, Type.Int t) {
    if (x instanceof CVal.Const a) {
      return new CVal.Const(a.value().divide(c));
    }
    int w = wire(x);
    if (!t.signed() || b.lo(w).signum() >= 0) {
      return new CVal.Wire(b.divc(w, c));
    }
    int negative = b.compare("lt", w, b.constant(BigInteger.ZERO));
    int down = b.divc(w, c);
    int up = b.neg(b.divc(b.neg(w), c));
    return new CVal.Wire(b.select(negative, up, down));
  }

  CVal remainder(CVal x, BigInteger c, Type.Int t) {
    if (x instanceof CVal.Const a) {
      return new CVal.Const(a.value().remainder(c));
    }
    return sub(x, mul(divide(x, c, t), new CVal.Const(c)));
  }

  CVal compare(String op, CVal x, CVal y) {
    if (x instanceof CVal.Const a && y instanceof CVal.Const c) {
      int cmp = a.value().compareTo(c.value());
      boolean r =
          switch (op) {
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            case "==" -> cmp == 0;
            default -> cmp != 0;
          };
      return bool(r);
    }
    return switch (op) {
      case "<" -> new CVal.Wire(b.compare("lt", wire(x), wire(y)));
      case "<=" -> new CVal.Wire(b.compare("le", wire(x), wire(y)));
      case ">" -> new CVal.Wire(b.compare("lt", wire(y), wire(x)));
      case ">=" -> new CVal.Wire(b.compare("le", wire(y), wire(x)));
      case "==" -> new CVal.Wire(b.compare("eq", wire(x), wire(y)));
      default -> not(new CVal.Wire(b.compare("eq", wire(x), wire(y))));
    };
  }

  static CVal bool(boolean v) {
    return new CVal.Const(v ? BigInteger.ONE : BigInteger.ZERO);
  }

  CVal not(CVal x) {
    if (x instanceof CVal.Const c) {
      return bool(c.value().signum() == 0);
    }
    return new CVal.Wire(b.logic("not", wire(x)));
  }

  CVal logic(String op, CVal x, CVal y) {
    if (x instanceof CVal.Const a && y instanceof CVal.Const c) {
      boolean p = a.value().signum() != 0;
      boolean q = c.value().signum() != 0;
      return bool(
          switch (op) {
            case "and" -> p && q;
            case "or" -> p || q;
            default -> p ^ q;
          });
    }
    if (x instanceof CVal.Const) {
      return logic(op, y, x);
    }
    if (y instanceof CVal.Const c) {
      boolean q = c.value().signum() != 0;
      return switch (op) {
        case "and" -> q ? x : bool(false);
        case "or" -> q ? bool(true) : x;
        default -> q ? not(x) : x;
      };
    }
    return new CVal.Wire(b.logic(op, wire(x), wire(y)));
  }

  /** {@code s ? x : y}, element by element for arrays. */
  CVal select(CVal s, CVal x, CVal y) {
    if (x == y || x.equals(y)) {
      return x;
    }
    if (s instanceof CVal.Const c) {
      return c.value().signum() != 0 ? x : y;
    }
    if (x instanceof CVal.Const one && y instanceof CVal.Const zero && zero.value().signum() == 0) {
      if (one.value().equals(BigInteger.ONE)) {
        return s; // s ? 1 : 0 is the condition itself (a 0/1 value)
      }
    }
    if (x instanceof CVal.Arr xa && y instanceof CVal.Arr ya) {
      List<CVal> out = new ArrayList<>();
      for (int i = 0; i < xa.elements().size(); i++) {
        out.add(select(s, xa.elements().get(i), ya.elements().get(i)));
      }
      return new CVal.Arr(out);
    }
    return new CVal.Wire(b.select(wire(s), wire(x), wire(y)));
  }

  /**
   * Bitwise and/or/xor of two integers of type {@code t} through bit decomposition. The {@code
   * bits} gate decomposes its operand modulo 2^width, so unreduced operands need no reduction.
   */
  CVal bitwise(String op, CVal x, CVal y, Type.Int t) {
    if (x instanceof CVal.Const a && y instanceof CVal.Const c) {
      BigInteger r =
          switch (op) {
            case "and" -> a.value().and(c.value());
            case "or" -> a.value().or(c.value());
            default -> a.value().xor(c.value());
          };
      return new CVal.Const(wrapValue(r, t));
    }
    int xb = b.bits(wire(x), t.bits());
    int yb = b.bits(wire(y), t.bits());
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < t.bits(); i++) {
      out.add(b.logic(op, xb + i, yb + i));
    }
    return new CVal.Wire(b.fromBits(out, t.signed(), t.min(), t.max()));
  }
}
