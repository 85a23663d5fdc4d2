package io.parley.contracts.circuit;

import io.parley.contracts.circuit.RandomPrograms.Expr;
import io.parley.contracts.circuit.RandomPrograms.IntType;
import io.parley.contracts.circuit.RandomPrograms.Profile;
import io.parley.contracts.circuit.RandomPrograms.Var;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Draws the expressions of {@link RandomPrograms}, each with its value under wrap-around semantics.
 * Operand sizes respect the circuit IR's limits (see {@link #factor}, {@link #divisor}, {@link
 * #maxShift}) so that the compiler has no reason to refuse a program.
 */
final class ExprGenerator {
  private static final IntType BYTE = new IntType(8, false);
  private final SplittableRandom r;
  private final Profile profile;
  private final List<Var> scope;
  private final IntType arrayType;
  private boolean inLoop;

  ExprGenerator(SplittableRandom r, Profile profile, List<Var> scope, IntType arrayType) {
    this.r = r;
    this.profile = profile;
    this.scope = scope;
    this.arrayType = arrayType;
  }

  void enterLoop(boolean loop) {
    inLoop = loop;
  }

  boolean inLoop() {
    return inLoop;
  }

  private <T> T pick(List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  /** An integer expression of type {@code t}. */
  Expr integer(IntType t, int depth) {
    if (depth <= 0 || r.nextInt(4) == 0) {
      return r.nextInt(4) == 0 ? literal(t, t.min(), t.max()) : variable(t);
    }
    int d = depth - 1;
    return switch (r.nextInt(12)) {
      case 0, 1 -> binary("+", t, integer(t, d), integer(t, d), BigInteger::add);
      case 2 -> binary("-", t, integer(t, d), integer(t, d), BigInteger::subtract);
      case 3 -> binary("*", t, integer(t, d), factor(t, d), BigInteger::multiply);
      case 4 -> {
        BigInteger c = divisor(t);
        boolean quotient = r.nextBoolean();
        yield binary(
            quotient ? "/" : "%",
            t,
            variable(t, integer(t, d)),
            literal(t, c, c),
            quotient ? BigInteger::divide : BigInteger::remainder);
      }
      case 5 -> {
        int k = r.nextInt(maxShift(t) + 1);
        Expr x = variable(t, integer(t, d));
        yield unary("(" + x.source() + " << " + k + ")", t, x, v -> t.wrap(v.shiftLeft(k)));
      }
      case 6 -> {
        int k = r.nextInt(t.bits());
        Expr x = variable(t, integer(t, d));
        yield unary("(" + x.source() + " >> " + k + ")", t, x, v -> v.shiftRight(k));
      }
      case 7 -> binary("&", t, integer(t, d), integer(t, d), BigInteger::and);
      case 8 -> binary("|", t, integer(t, d), integer(t, d), BigInteger::or);
      case 9 -> binary("^", t, integer(t, d), integer(t, d), BigInteger::xor);
      case 10 -> {
        if (!t.signed()) {
          yield binary("+", t, integer(t, d), integer(t, d), BigInteger::add);
        }
        Expr x = variable(t, integer(t, d));
        yield unary("(-" + x.source() + ")", t, x, v -> t.wrap(v.negate()));
      }
      default -> {
        IntType from = pick(profile.types());
        Expr x = variable(from, integer(from, d));
        yield unary("(" + x.source() + " as " + t.name() + ")", t, x, t::wrap);
      }
    };
  }

  /**
   * The right operand of a product of type {@code t}: any value when a product of two values of
   * {@code t} is within the limits (always up to 16 bits, up to 32 bits unless the profile keeps to
   * rep4's ring), else a value of at most 12 bits, so that no product needs more than 80 bits.
   */
  Expr factor(IntType t, int depth) {
    if (t.bits() <= 16 || (t.bits() == 32 && !profile.narrow())) {
      return integer(t, depth);
    }
    if (r.nextBoolean() || !profile.types().contains(BYTE)) {
      BigInteger small = BigInteger.valueOf(4096);
      return literal(t, t.signed() ? small.negate() : BigInteger.ZERO, small);
    }
    Expr b = variable(BYTE);
    return unary("(" + b.source() + " as " + t.name() + ")", t, b, t::wrap);
  }

  /** Any positive constant up to 1,000 for operands of at most 32 bits, else a power of two. */
  private BigInteger divisor(IntType t) {
    if (t.bits() <= 32 && !profile.narrow() && r.nextBoolean()) {
      return BigInteger.valueOf(1 + r.nextInt(t.max().min(BigInteger.valueOf(1000)).intValue()));
    }
    int maxPower = Math.min(t.bits() - (t.signed() ? 2 : 1), 20);
    return BigInteger.ONE.shiftLeft(r.nextInt(maxPower + 1));
  }

  /** Left shifts keep the shifted canonical value below 80 bits (62 for rep4). */
  private int maxShift(IntType t) {
    if (t.bits() == 64) {
      return 15;
    }
    return t.bits() == 32 && profile.narrow() ? 20 : t.bits() - 1;
  }

  /** A boolean expression: comparisons of any type, combined with && || ! == ^. */
  Expr bool(int depth) {
    int d = depth - 1;
    int choice = depth <= 0 ? 0 : r.nextInt(7);
    if (choice <= 2) {
      IntType t = pick(profile.types());
      String op = pick(List.of("<", "<=", ">", ">=", "==", "!="));
      Expr x = integer(t, d);
      Expr y = integer(t, d);
      if (x.constant() && y.constant()) {
        x = variable(t);
      }
      return bool("(" + x.source() + " " + op + " " + y.source() + ")", x, y, compare(op));
    }
    Expr x = bool(d);
    if (choice == 3) {
      return bool("(!" + x.source() + ")", x, x, (a, b) -> BigInteger.ONE.subtract(a));
    }
    Expr y = bool(d);
    String op = pick(List.of("&&", "||", "==", "!=", "^", "&", "|"));
    BinaryOperator<BigInteger> f =
        switch (op) {
          case "&&", "&" -> BigInteger::and;
          case "||", "|" -> BigInteger::or;
          case "==" -> (a, b) -> a.equals(b) ? BigInteger.ONE : BigInteger.ZERO;
          default -> BigInteger::xor;
        };
    return bool("(" + x.source() + " " + op + " " + y.source() + ")", x, y, f);
  }

  private static BinaryOperator<BigInteger> compare(String op) {
    return (a, b) -> {
      int c = a.compareTo(b);
      boolean v =
          switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "==" -> c == 0;
            default -> c != 0;
          };
      return v ? BigInteger.ONE : BigInteger.ZERO;
    };
  }

  private static Expr bool(String source, Expr x, Expr y, BinaryOperator<BigInteger> f) {
    return new Expr(source, Optional.empty(), env -> f.apply(x.eval(env), y.eval(env)), false);
  }

  /** {@code x op y}, never on two constants (the checker folds those without a type). */
  private Expr binary(String op, IntType t, Expr x, Expr y, BinaryOperator<BigInteger> f) {
    Expr left = y.constant() ? variable(t, x) : x;
    return new Expr(
        "(" + left.source() + " " + op + " " + y.source() + ")",
        Optional.of(t),
        env -> t.wrap(f.apply(left.eval(env), y.eval(env))),
        false);
  }

  private static Expr unary(String source, IntType t, Expr x, UnaryOperator<BigInteger> f) {
    return new Expr(source, Optional.of(t), env -> f.apply(x.eval(env)), x.constant());
  }

  /**
   * A literal in [lo, hi], never a signed type's minimum: the checker types the operand of a unary
   * minus with the expected type, where 2^(N-1) does not fit.
   */
  private Expr literal(IntType t, BigInteger lo, BigInteger hi) {
    BigInteger drawn =
        switch (r.nextInt(4)) {
          case 0 -> lo;
          case 1 -> hi;
          default -> {
            BigInteger span = hi.subtract(lo).add(BigInteger.ONE);
            yield lo.add(new BigInteger(span.bitLength() + 8, new Random(r.nextLong())).mod(span));
          }
        };
    BigInteger v = drawn.equals(t.min()) && t.signed() ? drawn.add(BigInteger.ONE) : drawn;
    String source = v.signum() < 0 ? "(" + v + ")" : v.toString();
    return new Expr(source, Optional.of(t), env -> v, true);
  }

  /** {@code e} unless it is a constant, else a variable of {@code t}. */
  Expr variable(IntType t, Expr e) {
    return e.constant() ? variable(t) : e;
  }

  /** A variable, parameter or array element of type {@code t} (never a constant). */
  Expr variable(IntType t) {
    List<Var> candidates = scope.stream().filter(v -> v.type().equals(t)).toList();
    if (t.equals(arrayType) && r.nextInt(3) == 0) {
      if (inLoop) {
        return new Expr(
            RandomPrograms.ARRAY + "[i]",
            Optional.of(t),
            env -> env.get(RandomPrograms.ARRAY + "#" + env.get("i")),
            false);
      }
      int k = r.nextInt(RandomPrograms.ARRAY_LENGTH);
      return new Expr(
          RandomPrograms.ARRAY + "[" + k + "]",
          Optional.of(t),
          env -> env.get(RandomPrograms.ARRAY + "#" + k),
          false);
    }
    Var v = pick(candidates);
    return new Expr(v.name(), Optional.of(t), env -> env.get(v.name()), false);
  }
}
