package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/** Exact folding of constant integer expressions (literals, constants and their arithmetic). */
public final class Folder {
  static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(512);

  private Folder() {}

  /** The value of a constant expression, or empty if it is not constant. */
  public static Optional<BigInteger> fold(Ast.Expr e, Map<String, Symbol.Const> consts) {
    try {
      return Optional.ofNullable(value(e, consts));
    } catch (ArithmeticException ex) {
      return Optional.empty();
    }
  }

  private static BigInteger value(Ast.Expr e, Map<String, Symbol.Const> consts) {
    return switch (e) {
      case Ast.IntLit lit -> lit.value();
      case Ast.Name n -> {
        Symbol.Const c = consts.get(n.name());
        yield c != null && c.type() instanceof Type.Int ? c.value() : null;
      }
      case Ast.Unary u when u.op().equals("-") -> {
        BigInteger v = value(u.operand(), consts);
        yield v == null ? null : v.negate();
      }
      case Ast.Binary b -> {
        BigInteger l = value(b.left(), consts);
        BigInteger r = l == null ? null : value(b.right(), consts);
        yield r == null ? null : apply(b.op(), l, r);
      }
      default -> null;
    };
  }

  /** Applies an arithmetic operator exactly; null for operators that are not arithmetic. */
  static BigInteger apply(String op, BigInteger l, BigInteger r) {
    BigInteger v =
        switch (op) {
          case "+" -> l.add(r);
          case "-" -> l.subtract(r);
          case "*" -> l.multiply(r);
          case "/" -> l.divide(r);
          case "%" -> l.remainder(r);
          case "&" -> l.and(r);
          case "|" -> l.or(r);
          case "^" -> l.xor(r);
          case "<<" -> r.signum() < 0 || r.bitLength() > 10 ? null : l.shiftLeft(r.intValue());
          case ">>" -> r.signum() < 0 || r.bitLength() > 10 ? null : l.shiftRight(r.intValue());
          default -> null;
        };
    if (v != null && v.abs().compareTo(LIMIT) > 0) {
      throw new ArithmeticException("constant too large");
    }
    return v;
  }
}
