package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Per-op arity, field, boolean-operand and range rules, and the result intervals. */
final class GateRules {
  record Result(List<Interval> outputs) {}

  private static final Interval BOOL = Interval.of(0, 1);

  private GateRules() {}

  static Result apply(
      Circuit.Gate gate,
      String where,
      List<Interval> intervals,
      List<Boolean> secret,
      Map<String, Set<String>> fields) {
    Set<String> allowed = fields.get(gate.op());
    if (allowed == null) {
      throw new CircuitException("E_FORMAT", where + ": unknown op");
    }
    checkFields(gate, where, allowed);
    List<Integer> in = gate.in();
    for (int w : in) {
      if (w >= intervals.size()) {
        throw new CircuitException(
            "E_WIRE_UNDEFINED", where + ": operand " + w + " is not defined before the gate");
      }
    }
    List<Interval> x = in.stream().map(intervals::get).toList();
    return switch (gate.op()) {
      case "const" -> {
        arity(where, in, 0);
        yield one(Interval.of(gate.constant().orElseThrow()));
      }
      case "add" -> one(arity(where, x, 2).get(0).add(x.get(1)));
      case "sub" -> one(arity(where, x, 2).get(0).subtract(x.get(1)));
      case "neg" -> one(arity(where, x, 1).get(0).negate());
      case "addc" -> one(arity(where, x, 1).get(0).add(Interval.of(constant(gate, where))));
      case "mulc" -> one(arity(where, x, 1).get(0).multiply(Interval.of(constant(gate, where))));
      case "mul" -> one(arity(where, x, 2).get(0).multiply(x.get(1)));
      case "sum" -> {
        atLeast(where, x, 1);
        Interval acc = Interval.of(0, 0);
        for (Interval i : x) {
          acc = acc.add(i);
        }
        yield one(acc);
      }
      case "dot" -> {
        atLeast(where, x, 2);
        if (x.size() % 2 != 0) {
          throw new CircuitException("E_ARITY", where + ": dot needs two lists of equal length");
        }
        int k = x.size() / 2;
        Interval acc = Interval.of(0, 0);
        for (int i = 0; i < k; i++) {
          acc = acc.add(x.get(i).multiply(x.get(k + i)));
        }
        yield one(acc);
      }
      case "lt", "le", "eq" -> {
        Interval d = arity(where, x, 2).get(0).subtract(x.get(1));
        compareRange(where, d);
        yield one(BOOL);
      }
      case "not" -> {
        bools(where, arity(where, x, 1));
        yield one(BOOL);
      }
      case "and", "or", "xor" -> {
        bools(where, arity(where, x, 2));
        yield one(BOOL);
      }
      case "select" -> {
        arity(where, x, 3);
        bools(where, x.subList(0, 1));
        yield one(x.get(1).hull(x.get(2)));
      }
      case "bits" -> {
        compareRange(where, arity(where, x, 1).get(0));
        int w = gate.width().orElseThrow(() -> missing(where, "width"));
        if (w < 1 || w > 64) {
          throw new CircuitException("E_FORMAT", where + ": width must be 1..64");
        }
        List<Interval> outs = new ArrayList<>();
        for (int i = 0; i < w; i++) {
          outs.add(BOOL);
        }
        yield new Result(outs);
      }
      case "from_bits" -> {
        atLeast(where, x, 1);
        if (x.size() > 64) {
          throw new CircuitException("E_ARITY", where + ": at most 64 bits");
        }
        bools(where, x);
        boolean signed = gate.signed().orElseThrow(() -> missing(where, "signed"));
        yield one(new ValueType(x.size(), signed, 1, false).interval());
      }
      case "wrap" -> {
        compareRange(where, arity(where, x, 1).get(0));
        ValueType type = gate.type().orElseThrow(() -> missing(where, "type"));
        if (type.array()) {
          throw new CircuitException("E_TYPE", where + ": wrap needs a scalar type");
        }
        yield one(type.interval());
      }
      case "divc" -> {
        Interval a = arity(where, x, 1).get(0);
        compareRange(where, a);
        BigInteger c = constant(gate, where);
        if (c.signum() <= 0) {
          throw new CircuitException("E_CONST", where + ": divisor must be >= 1");
        }
        if (c.bitCount() != 1 && !a.fitsSigned(CircuitValidator.DIVIDE_BITS)) {
          throw new CircuitException(
              "E_DIV_RANGE", where + ": divisor is not a power of two; operand exceeds 2^36");
        }
        yield one(
            new Interval(
                CircuitValidator.floorDiv(a.lo(), c), CircuitValidator.floorDiv(a.hi(), c)));
      }
      default -> throw new CircuitException("E_FORMAT", where + ": unknown op");
    };
  }

  private static Result one(Interval i) {
    return new Result(List.of(i));
  }

  private static <T> List<T> arity(String where, List<T> x, int n) {
    if (x.size() != n) {
      throw new CircuitException("E_ARITY", where + ": needs " + n + " operands, got " + x.size());
    }
    return x;
  }

  private static void atLeast(String where, List<?> x, int n) {
    if (x.size() < n) {
      throw new CircuitException("E_ARITY", where + ": needs at least " + n + " operands");
    }
  }

  private static void bools(String where, List<Interval> x) {
    for (Interval i : x) {
      if (!i.isBoolean()) {
        throw new CircuitException("E_NOT_BOOL", where + ": operand is not boolean");
      }
    }
  }

  private static void compareRange(String where, Interval i) {
    if (!i.fitsSigned(CircuitValidator.COMPARE_BITS)) {
      throw new CircuitException(
          "E_COMPARE_RANGE",
          where
              + ": operand needs "
              + i.signedBits()
              + " bits, maximum "
              + CircuitValidator.COMPARE_BITS);
    }
  }

  private static BigInteger constant(Circuit.Gate gate, String where) {
    return gate.constant().orElseThrow(() -> missing(where, "c"));
  }

  private static CircuitException missing(String where, String field) {
    return new CircuitException("E_FORMAT", where + ": missing '" + field + "'");
  }

  private static void checkFields(Circuit.Gate gate, String where, Set<String> allowed) {
    check(gate.constant().isPresent(), "c", allowed, where);
    check(gate.width().isPresent(), "width", allowed, where);
    check(gate.signed().isPresent(), "signed", allowed, where);
    check(gate.type().isPresent(), "type", allowed, where);
    if (!gate.op().equals("const") && gate.in().isEmpty()) {
      throw new CircuitException("E_ARITY", where + ": needs operands");
    }
  }

  private static void check(boolean present, String field, Set<String> allowed, String where) {
    if (present && !allowed.contains(field)) {
      throw new CircuitException("E_FORMAT", where + ": unexpected field '" + field + "'");
    }
  }
}
