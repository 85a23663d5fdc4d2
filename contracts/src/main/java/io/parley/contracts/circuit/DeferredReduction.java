package io.parley.contracts.circuit;

import io.parley.contracts.check.Type;
import io.parley.zk.circuit.Interval;
import io.parley.zk.rep4.circuit.Rep4Support;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Deferred (lazy) reduction of wrap-around arithmetic (ADR 0039). Secret integers of N bits wrap
 * modulo 2^N (language.md section 3.2), and reduction modulo 2^N is a ring homomorphism: a sum,
 * difference, product or negation of integers congruent to the operands is congruent to the wrapped
 * result, and so is a selection between two of them. A value of an N-bit type is therefore carried
 * as any wire congruent to it modulo 2^N, whose interval grows with each operation, and reduced to
 * its canonical representative ({@link Ops#fit}, one {@code wrap} gate) only where the
 * representative matters, which the callers decide (comparisons, division, right shifts, widening
 * casts, outputs), or here, before its interval outgrows {@link #boundBits}.
 */
final class DeferredReduction {
  private final CircuitBuilder b;
  private final Ops ops;

  DeferredReduction(CircuitBuilder b, Ops ops) {
    this.b = b;
    this.ops = ops;
  }

  /**
   * An unreduced wire of type {@code t} stays strictly within (-2^k, 2^k), so that a sum or
   * difference of two of them lies strictly within (-2^(k+1), 2^(k+1)), where it may still be
   * wrapped. For 64-bit types k = 78: a wrap takes operands within [-2^80, 2^80), 81 signed bits
   * (circuit-ir.md section 6), and such sums stay within 80. A product of reduced operands is
   * wrapped as it comes and may need all 81 ({@code x * 100000} for an i64 x), which the Shamir
   * engine wraps like any other ({@code WrapPlan}). For narrower types k = 61: every wire then
   * stays in [-2^62, 2^62), the ring of the rep4 backend (circuit-ir.md section 9), so deferring
   * never takes a circuit off that fast path.
   */
  static int boundBits(Type.Int t) {
    return t.bits() < Rep4Support.RING_BITS
        ? Rep4Support.RING_BITS - 1
        : CircuitBuilder.COMPARE_BITS - 2;
  }

  private static boolean strictlyWithin(Interval i, int bits) {
    BigInteger limit = BigInteger.ONE.shiftLeft(bits);
    return i.lo().compareTo(limit.negate()) > 0 && i.hi().compareTo(limit) < 0;
  }

  private Interval interval(CVal v) {
    return switch (v) {
      case CVal.Const c -> Interval.of(c.value());
      case CVal.Wire w -> b.interval(w.id());
      case CVal.Arr a -> throw new IllegalStateException("array used as a scalar");
    };
  }

  /**
   * A value of type {@code t} (or of its elements, for an array) as it may be kept: unchanged while
   * within the bound, else reduced. Constants are always reduced (it is free).
   */
  CVal settle(CVal v, Type t) {
    Type scalar = t instanceof Type.Array a ? a.element() : t;
    if (!(scalar instanceof Type.Int ti)) {
      return v;
    }
    return switch (v) {
      case CVal.Const c -> ops.fit(c, ti);
      case CVal.Wire w -> strictlyWithin(b.interval(w.id()), boundBits(ti)) ? w : ops.fit(w, ti);
      case CVal.Arr a -> {
        List<CVal> out = new ArrayList<>();
        for (CVal e : a.elements()) {
          out.add(settle(e, scalar));
        }
        yield new CVal.Arr(out);
      }
    };
  }

  CVal add(CVal x, CVal y, Type.Int t) {
    return apply(x, y, t, Interval::add, ops::add);
  }

  CVal sub(CVal x, CVal y, Type.Int t) {
    return apply(x, y, t, Interval::subtract, ops::sub);
  }

  CVal mul(CVal x, CVal y, Type.Int t) {
    return apply(x, y, t, Interval::multiply, ops::mul);
  }

  CVal neg(CVal x, Type.Int t) {
    return settle(ops.neg(x), t);
  }

  /**
   * {@code x as to}: narrowing or keeping the width preserves the class modulo 2^bits(to); widening
   * needs the source's canonical value (an i8 -1 is the u16 65535, not 255).
   */
  CVal cast(CVal x, Type from, Type.Int to) {
    CVal source = from instanceof Type.Int f && f.bits() < to.bits() ? ops.fit(x, f) : x;
    return settle(source, to);
  }

  /**
   * One operation on unreduced operands when its result may still be wrapped (a product of wide
   * operands may not), else on the reduced operands, exactly as without deferral.
   */
  private CVal apply(
      CVal x, CVal y, Type.Int t, BinaryOperator<Interval> range, BinaryOperator<CVal> op) {
    if (strictlyWithin(range.apply(interval(x), interval(y)), boundBits(t) + 1)) {
      return settle(op.apply(x, y), t);
    }
    return settle(op.apply(ops.fit(x, t), ops.fit(y, t)), t);
  }
}
