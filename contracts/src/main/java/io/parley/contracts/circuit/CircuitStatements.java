package io.parley.contracts.circuit;

import io.parley.contracts.check.Symbol;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.Ast;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements and expressions of a confidential function, evaluated into circuit values. An integer
 * value may be unreduced (congruent to the source's value modulo 2^bits, ADR 0039): every use whose
 * result depends on the representative reduces it first with {@link Ops#fit}.
 */
final class CircuitStatements {
  private final CircuitCodegen g;
  private final Ops ops;
  private final DeferredReduction reduction;
  private final ParallelLoops parallel;

  CircuitStatements(CircuitCodegen g) {
    this.g = g;
    this.ops = g.ops;
    this.reduction = g.reduction;
    this.parallel = new ParallelLoops(g, this);
  }

  private CircuitCodegen.Failure fail(Ast.Expr e, String message) {
    return new CircuitCodegen.Failure(e.span(), message);
  }

  /**
   * Runs a block on {@code env}. {@code runtimeBranch} is true inside a branch whose condition is
   * known only at run time (outputs are not allowed there).
   */
  void block(Ast.Block block, Map<Symbol, CVal> env, boolean runtimeBranch) {
    for (Ast.Stmt s : block.statements()) {
      statement(s, env, runtimeBranch);
    }
  }

  private void statement(Ast.Stmt s, Map<Symbol, CVal> env, boolean runtimeBranch) {
    try {
      switch (s) {
        case Ast.Let l -> {
          Symbol.Local symbol = (Symbol.Local) g.contract.symbolOf(l);
          env.put(symbol, reduction.settle(expr(l.value(), env), symbol.type()));
        }
        case Ast.Assign a -> assign(a, env);
        case Ast.If i -> ifStatement(i, env, runtimeBranch);
        case Ast.For f -> forLoop(f, env, runtimeBranch);
        case Ast.Return r when parallel.active() ->
            throw new CircuitCodegen.Failure(r.span(), "return inside a parallel for");
        case Ast.RevealTo r when parallel.active() ->
            throw new CircuitCodegen.Failure(
                r.span(), "reveal_to inside a parallel for (outputs are made after the loop)");
        case Ast.Return r -> {
          CVal v = expr(r.value().orElseThrow(), env);
          g.output("result", v, g.function.returns(), "public", null, r.span());
        }
        case Ast.RevealTo r -> {
          if (runtimeBranch) {
            throw new CircuitCodegen.Failure(
                r.span(),
                "reveal_to inside a branch on a run-time condition: circuit outputs are static");
          }
          Type t = g.contract.typeOf(r.value());
          String name = "private_" + g.privateOutputs++;
          if (g.contract.symbolOf(r.address()) instanceof Symbol.Local recipient) {
            g.output(name, expr(r.value(), env), t, "address", null, recipient.name(), r.span());
          } else {
            BigInteger address = g.fold(r.address()).orElseGet(() -> constAddress(r.address()));
            g.output(
                name,
                expr(r.value(), env),
                t,
                "address",
                CircuitCodegen.hexAddress(address),
                r.span());
          }
        }
        default ->
            throw new CircuitCodegen.Failure(
                s.span(), "statement not allowed in a confidential function");
      }
    } catch (CircuitBuilder.LimitException e) {
      throw new CircuitCodegen.Failure(s.span(), e.getMessage());
    }
  }

  private BigInteger constAddress(Ast.Expr e) {
    if (e instanceof Ast.AddressLit a) {
      return new BigInteger(1, a.value());
    }
    return ((Symbol.Const) g.contract.symbolOf(e)).value();
  }

  private void assign(Ast.Assign a, Map<Symbol, CVal> env) {
    Type t = g.contract.typeOf(a.target());
    if (parallel.active()
        && a.target() instanceof Ast.Name n
        && parallel.sum(n, a.op(), () -> expr(a.value(), env))) {
      return;
    }
    CVal value = expr(a.value(), env);
    if (!a.op().equals("=")) {
      value =
          arithmetic(a.op().substring(0, 1), expr(a.target(), env), value, (Type.Int) t, a.value());
    }
    value = reduction.settle(value, t);
    update(a.target(), value, env);
  }

  /** Replaces the value at a place (a local or secret state, or an element of one). */
  private void update(Ast.Expr target, CVal value, Map<Symbol, CVal> env) {
    switch (target) {
      case Ast.Name n -> {
        Symbol s = g.contract.symbolOf(n);
        parallel.checkAssign(n);
        env.put(s, value);
        if (s instanceof Symbol.State st) {
          g.assignedState.add(st);
        }
      }
      case Ast.Index i when parallel.mentionsLane(i.index()) ->
          parallel.write(i, parallel.affine(i.index(), env), value, env);
      case Ast.Index i -> {
        parallel.checkElementWrite(i);
        CVal.Arr arr = (CVal.Arr) expr(i.target(), env);
        int index = constantIndex(i, arr, env);
        List<CVal> elements = new ArrayList<>(arr.elements());
        elements.set(index, value);
        update(i.target(), new CVal.Arr(elements), env);
      }
      default -> throw fail(target, "structs are not supported in confidential functions");
    }
  }

  private void ifStatement(Ast.If i, Map<Symbol, CVal> env, boolean runtimeBranch) {
    CVal condition = expr(i.condition(), env);
    if (condition instanceof CVal.Const c) {
      if (c.value().signum() != 0) {
        block(i.then(), env, runtimeBranch);
      } else if (i.otherwise().isPresent()) {
        block(i.otherwise().get(), env, runtimeBranch);
      }
      return;
    }
    ParallelLoops.BranchState before = parallel.save();
    Map<Symbol, CVal> thenEnv = new LinkedHashMap<>(env);
    block(i.then(), thenEnv, true);
    ParallelLoops.BranchState thenState = parallel.save();
    parallel.restore(before);
    Map<Symbol, CVal> elseEnv = new LinkedHashMap<>(env);
    if (i.otherwise().isPresent()) {
      block(i.otherwise().get(), elseEnv, true);
    }
    ParallelLoops.BranchState elseState = parallel.save();
    for (Map.Entry<Symbol, CVal> entry : env.entrySet()) {
      Symbol s = entry.getKey();
      env.put(s, ops.select(condition, thenEnv.get(s), elseEnv.get(s)));
    }
    if (parallel.active()) {
      parallel.merge(i, condition, before, thenState, elseState, env);
    }
  }

  private void forLoop(Ast.For f, Map<Symbol, CVal> env, boolean runtimeBranch) {
    CVal from = expr(f.from(), env);
    CVal to = expr(f.to(), env);
    if (!(from instanceof CVal.Const start) || !(to instanceof CVal.Const end)) {
      throw new CircuitCodegen.Failure(
          f.span(), "loop bounds in a confidential function must be compile-time constants");
    }
    if (f.parallel()) {
      parallel.loop(
          f, start.value().longValueExact(), end.value().longValueExact(), env, runtimeBranch);
      return;
    }
    Symbol.Local variable = (Symbol.Local) g.contract.symbolOf(f);
    for (BigInteger v = start.value(); v.compareTo(end.value()) < 0; v = v.add(BigInteger.ONE)) {
      if (++g.iterations > CircuitCodegen.MAX_ITERATIONS) {
        throw new CircuitCodegen.Failure(
            f.span(), "loops unroll to more than " + CircuitCodegen.MAX_ITERATIONS + " iterations");
      }
      env.put(variable, new CVal.Const(v));
      block(f.body(), env, runtimeBranch);
    }
  }

  CVal expr(Ast.Expr e, Map<Symbol, CVal> env) {
    Type t = g.contract.typeOf(e);
    if (t instanceof Type.Int) {
      var folded = g.fold(e);
      if (folded.isPresent()) {
        return new CVal.Const(folded.get());
      }
    }
    return switch (e) {
      case Ast.BoolLit b -> Ops.bool(b.value());
      case Ast.Name n -> name(n, env);
      case Ast.ArrayLit a -> {
        List<CVal> elements = new ArrayList<>();
        Type element = ((Type.Array) t).element();
        for (Ast.Expr x : a.elements()) {
          elements.add(reduction.settle(expr(x, env), element));
        }
        yield new CVal.Arr(elements);
      }
      case Ast.Reveal r -> expr(r.value(), env);
      case Ast.Index i when parallel.mentionsLane(i.index()) ->
          parallel.read(i, parallel.affine(i.index(), env), env);
      case Ast.Index i -> {
        CVal target = expr(i.target(), env);
        if (!(target instanceof CVal.Arr arr)) {
          throw fail(e, "only arrays can be indexed in a confidential function");
        }
        yield arr.elements().get(constantIndex(i, arr, env));
      }
      case Ast.Unary u -> {
        CVal v = expr(u.operand(), env);
        yield u.op().equals("!") ? ops.not(v) : reduction.neg(v, (Type.Int) t);
      }
      case Ast.Binary b -> binary(b, t, env);
      case Ast.Cast c ->
          reduction.cast(expr(c.value(), env), g.contract.typeOf(c.value()), (Type.Int) t);
      default -> throw fail(e, "this expression is not supported in a confidential function");
    };
  }

  private CVal name(Ast.Name n, Map<Symbol, CVal> env) {
    Symbol s = g.contract.symbolOf(n);
    if (parallel.active()) {
      parallel.checkRead(n, s);
    }
    if (s instanceof Symbol.Const c) {
      return new CVal.Const(c.value());
    }
    CVal v = env.get(s);
    if (v == null) {
      throw fail(n, "'" + n.name() + "' has no value here");
    }
    return v;
  }

  private int constantIndex(Ast.Index i, CVal.Arr arr, Map<Symbol, CVal> env) {
    CVal index = expr(i.index(), env);
    if (!(index instanceof CVal.Const c)) {
      throw fail(
          i.index(), "array index in a confidential function must be a compile-time constant");
    }
    if (c.value().signum() < 0
        || c.value().compareTo(BigInteger.valueOf(arr.elements().size())) >= 0) {
      throw fail(
          i.index(),
          "array index " + c.value() + " is out of bounds (length " + arr.elements().size() + ")");
    }
    return c.value().intValue();
  }

  private CVal binary(Ast.Binary b, Type t, Map<Symbol, CVal> env) {
    String op = b.op();
    CVal x = expr(b.left(), env);
    CVal y = expr(b.right(), env);
    return switch (op) {
      case "&&" -> ops.logic("and", x, y);
      case "||" -> ops.logic("or", x, y);
      case "==", "!=", "<", "<=", ">", ">=" -> {
        Type operands = g.contract.typeOf(b.left());
        yield ops.compare(op, ops.fit(x, operands), ops.fit(y, operands));
      }
      case "&", "|", "^" -> {
        String logic = op.equals("&") ? "and" : op.equals("|") ? "or" : "xor";
        yield t instanceof Type.Bool
            ? ops.logic(logic, x, y)
            : ops.bitwise(logic, x, y, (Type.Int) t);
      }
      case "<<", ">>" -> shift(op, x, y, (Type.Int) t, b);
      default -> arithmetic(op, x, y, (Type.Int) t, b.right());
    };
  }

  private CVal arithmetic(String op, CVal x, CVal y, Type.Int t, Ast.Expr right) {
    return switch (op) {
      case "+" -> reduction.add(x, y, t);
      case "-" -> reduction.sub(x, y, t);
      case "*" -> reduction.mul(x, y, t);
      default -> {
        if (!(y instanceof CVal.Const c) || c.value().signum() <= 0) {
          throw fail(
              right, "in a confidential function, '" + op + "' needs a positive constant divisor");
        }
        CVal dividend = ops.fit(x, t);
        yield ops.fit(
            op.equals("/")
                ? ops.divide(dividend, c.value(), t)
                : ops.remainder(dividend, c.value(), t),
            t);
      }
    };
  }

  private CVal shift(String op, CVal x, CVal y, Type.Int t, Ast.Binary b) {
    if (!(y instanceof CVal.Const c)
        || c.value().signum() < 0
        || c.value().intValue() >= t.bits()
        || c.value().bitLength() > 8) {
      throw fail(
          b.right(),
          "in a confidential function, the shift amount must be a constant below " + t.bits());
    }
    BigInteger factor = BigInteger.ONE.shiftLeft(c.value().intValue());
    if (op.equals("<<")) {
      return reduction.mul(x, new CVal.Const(factor), t);
    }
    CVal shifted = ops.fit(x, t);
    if (shifted instanceof CVal.Const k) {
      return new CVal.Const(k.value().shiftRight(c.value().intValue()));
    }
    return new CVal.Wire(g.b.divc(ops.wire(shifted), factor));
  }
}
