package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** Checks the body of one function: statements, places and the flow rules on them. */
final class StatementChecker {
  private final Env env;
  private final ExprChecker exprs;

  /** The last top-level statement: the only place a confidential function may return. */
  private Ast.Stmt finalReturn;

  StatementChecker(Env env, ExprChecker exprs) {
    this.env = env;
    this.exprs = exprs;
  }

  void function(FunctionInfo f) {
    env.enter(f);
    for (int i = 0; i < f.params().size(); i++) {
      Ast.Param p = f.decl().params().get(i);
      env.declare(p.span(), f.params().get(i), p);
    }
    List<Ast.Stmt> body = f.decl().body().statements();
    finalReturn = body.isEmpty() ? null : body.get(body.size() - 1);
    block(f.decl().body());
    if (f.returnsValue() && !alwaysReturns(f.decl().body())) {
      throw new CheckError(f.decl().span(), "missing return at end of function '" + f.name() + "'");
    }
  }

  static boolean alwaysReturns(Ast.Block block) {
    if (block.statements().isEmpty()) {
      return false;
    }
    Ast.Stmt last = block.statements().get(block.statements().size() - 1);
    return switch (last) {
      case Ast.Return r -> true;
      case Ast.Abort a -> true;
      case Ast.If i ->
          i.otherwise().isPresent()
              && alwaysReturns(i.then())
              && alwaysReturns(i.otherwise().get());
      default -> false;
    };
  }

  private void block(Ast.Block block) {
    env.scopes.push(new HashMap<>());
    try {
      for (Ast.Stmt s : block.statements()) {
        statement(s);
      }
    } finally {
      env.scopes.pop();
    }
  }

  private void statement(Ast.Stmt s) {
    switch (s) {
      case Ast.Let l -> let(l);
      case Ast.Assign a -> assign(a);
      case Ast.If i -> ifStatement(i);
      case Ast.While w -> whileStatement(w);
      case Ast.For f -> forStatement(f);
      case Ast.Return r -> returnStatement(r);
      case Ast.Emit e -> emit(e);
      case Ast.Require r -> {
        publicOnly(r, "require");
        Type t = exprs.value(r.condition(), null);
        if (!(t instanceof Type.Bool)) {
          throw new CheckError(
              r.condition().span(), "require needs a bool condition, found " + t.show());
        }
      }
      case Ast.Abort a -> publicOnly(a, "abort");
      case Ast.RevealTo r -> revealTo(r);
      case Ast.Start st -> throw new IllegalStateException("start is lowered before checking");
      case Ast.ExprStmt e -> {
        Type t = exprs.check(e.expr(), null);
        if (t instanceof Type.MapT) {
          throw new CheckError(e.span(), "a map can only be indexed, not used as a value");
        }
      }
    }
  }

  private void publicOnly(Ast.Stmt s, String what) {
    if (env.confidential()) {
      throw new CheckError(s.span(), what + " is not allowed in a confidential function");
    }
  }

  private void let(Ast.Let l) {
    Type declared = env.resolver.resolve(l.type());
    if (declared instanceof Type.MapT) {
      throw new CheckError(l.span(), "maps can only be state variables");
    }
    if (declared.secret() && !env.confidential()) {
      throw new CheckError(l.type().span(), TypeChecker.secretOutside(declared));
    }
    Type value = exprs.value(l.value(), declared);
    exprs.flowInto(l.value(), value, declared, l.value().span());
    env.declare(l.span(), new Symbol.Local(l.name(), declared, Symbol.Local.Kind.LET), l);
  }

  private void assign(Ast.Assign a) {
    Type target = place(a.target());
    Type value;
    if (a.op().equals("=")) {
      value = exprs.value(a.value(), target);
    } else {
      if (!(target instanceof Type.Int)) {
        throw new CheckError(
            a.span(), "'" + a.op() + "' needs an integer target, found " + target.show());
      }
      value = exprs.value(a.value(), target);
      if (value instanceof Type.Literal) {
        exprs.coerceLiteral(a.value(), (Type.Int) target);
        value = target.publicVersion();
      }
      if (!Type.sameBase(value, target)) {
        throw new CheckError(a.span(), "expected " + target.show() + ", found " + value.show());
      }
    }
    exprs.flowInto(a.value(), value, target, a.value().span());
    if (env.secretBranches > 0 && !target.secret()) {
      throw new CheckError(
          a.span(),
          "assignment to public '"
              + target.show()
              + "' inside a branch on a secret condition would"
              + " reveal the condition");
    }
  }

  /** Checks an assignable place and returns its type. */
  private Type place(Ast.Expr target) {
    Ast.Expr root = target;
    while (root instanceof Ast.Index || root instanceof Ast.FieldAccess) {
      root = root instanceof Ast.Index i ? i.target() : ((Ast.FieldAccess) root).target();
    }
    if (!(root instanceof Ast.Name n)) {
      throw new CheckError(target.span(), "this expression is not assignable");
    }
    if (env.confidential()
        && env.states.get(n.name()) instanceof Symbol.State st
        && !st.secret()
        && env.local(n.name()).isEmpty()) {
      throw new CheckError(
          n.span(), "confidential function cannot assign public state '" + n.name() + "'");
    }
    Type t = exprs.check(target, null);
    Symbol symbol = env.symbols.get(n);
    switch (symbol) {
      case Symbol.Local l when !l.mutable() ->
          throw new CheckError(
              n.span(),
              (l.kind() == Symbol.Local.Kind.PARAM ? "parameter '" : "loop variable '")
                  + n.name()
                  + "' is immutable");
      case Symbol.Const c ->
          throw new CheckError(n.span(), "cannot assign constant '" + n.name() + "'");
      case Symbol.State s -> {
        if (env.view()) {
          throw new CheckError(
              n.span(),
              "view '" + env.current.name() + "' cannot assign state variable '" + n.name() + "'");
        }
        env.recordWrite(n.span());
      }
      default -> {}
    }
    if (t instanceof Type.MapT) {
      throw new CheckError(target.span(), "a map cannot be assigned as a whole");
    }
    if (target instanceof Ast.Index i && exprs.check(i.target(), null) instanceof Type.BytesT) {
      throw new CheckError(target.span(), "bytes are immutable");
    }
    return t;
  }

  private void ifStatement(Ast.If i) {
    Type c = exprs.value(i.condition(), null);
    if (!(c instanceof Type.Bool)) {
      throw new CheckError(i.condition().span(), "if needs a bool condition, found " + c.show());
    }
    boolean secret = c.secret();
    if (secret) {
      env.secretBranches++;
    }
    try {
      block(i.then());
      i.otherwise().ifPresent(this::block);
    } finally {
      if (secret) {
        env.secretBranches--;
      }
    }
  }

  private void whileStatement(Ast.While w) {
    Type c = exprs.value(w.condition(), null);
    if (!(c instanceof Type.Bool)) {
      throw new CheckError(w.condition().span(), "while needs a bool condition, found " + c.show());
    }
    if (c.secret()) {
      throw new CheckError(
          w.condition().span(),
          "while loop condition depends on a secret value; loops in confidential functions must have"
              + " constant bounds");
    }
    if (env.confidential()) {
      throw new CheckError(
          w.span(),
          "while loops are not allowed in confidential functions; use for with constant bounds");
    }
    block(w.body());
  }

  private void forStatement(Ast.For f) {
    if (f.parallel() && !env.confidential()) {
      throw new CheckError(
          f.span(), "parallel for is only for confidential functions (it makes vector gates)");
    }
    Type from = exprs.value(f.from(), null);
    Type to = exprs.value(f.to(), from instanceof Type.Literal ? null : from);
    if (from instanceof Type.Literal && !(to instanceof Type.Literal)) {
      from = exprs.value(f.from(), to);
    }
    Type type;
    if (from instanceof Type.Literal && to instanceof Type.Literal) {
      type = new Type.Int(64, false, false);
      exprs.coerceLiteral(f.from(), (Type.Int) type);
      exprs.coerceLiteral(f.to(), (Type.Int) type);
    } else {
      if (!Type.sameBase(from, to) || !(from instanceof Type.Int fi) || !fi.small()) {
        throw new CheckError(
            f.span(), "for bounds must be integers of the same type of at most 64 bits");
      }
      type = from.publicVersion();
    }
    if (from.secret() || to.secret()) {
      throw new CheckError(f.span(), "loop bound depends on a secret value");
    }
    env.scopes.push(new HashMap<>());
    try {
      env.declare(f.span(), new Symbol.Local(f.variable(), type, Symbol.Local.Kind.LOOP), f);
      block(f.body());
    } finally {
      env.scopes.pop();
    }
  }

  private void returnStatement(Ast.Return r) {
    FunctionInfo f = env.current;
    if (env.confidential() && r != finalReturn) {
      throw new CheckError(
          r.span(), "in a confidential function, return must be the last statement of the body");
    }
    if (r.value().isEmpty()) {
      if (f.returnsValue()) {
        throw new CheckError(r.span(), "'" + f.name() + "' must return " + f.returns().show());
      }
      return;
    }
    if (!f.returnsValue()) {
      throw new CheckError(r.span(), "'" + f.name() + "' returns no value");
    }
    Ast.Expr e = r.value().get();
    Type t = exprs.value(e, f.returns());
    if (t.secret()) {
      throw new CheckError(
          e.span(), "secret value returned without reveal; write 'return reveal(...)'");
    }
    exprs.flowInto(e, t, f.returns(), e.span());
  }

  private void emit(Ast.Emit e) {
    if (env.confidential()) {
      throw new CheckError(
          e.span(), "emit is not allowed in a confidential function (events are public)");
    }
    if (env.view()) {
      throw new CheckError(e.span(), "view '" + env.current.name() + "' cannot emit events");
    }
    EventInfo event = env.events.get(e.event());
    if (event == null) {
      throw new CheckError(e.span(), "unknown event '" + e.event() + "'");
    }
    if (e.args().size() != event.fields().size()) {
      throw new CheckError(
          e.span(),
          "event "
              + event.name()
              + " has "
              + event.fields().size()
              + " field(s), found "
              + e.args().size());
    }
    for (int i = 0; i < e.args().size(); i++) {
      Ast.Expr arg = e.args().get(i);
      Type ft = event.fields().get(i).type();
      exprs.flowInto(arg, exprs.value(arg, ft), ft, arg.span());
    }
    env.recordWrite(e.span());
  }

  private void revealTo(Ast.RevealTo r) {
    if (!env.confidential()) {
      throw new CheckError(r.span(), "reveal_to is only available in confidential functions");
    }
    if (env.secretBranches > 0) {
      throw new CheckError(
          r.span(), "reveal_to inside a branch on a secret condition would reveal the condition");
    }
    Optional<Symbol.Local> recipient =
        r.address() instanceof Ast.Name n
            ? env.local(n.name())
                .filter(
                    l -> l.kind() == Symbol.Local.Kind.PARAM && l.type() instanceof Type.AddressT)
            : Optional.empty();
    boolean constant =
        r.address() instanceof Ast.AddressLit
            || r.address() instanceof Ast.Name n
                && env.consts.containsKey(n.name())
                && env.consts.get(n.name()).type() instanceof Type.AddressT;
    if (recipient.isPresent()) {
      env.symbols.put(r.address(), recipient.get());
      env.types.put(r.address(), recipient.get().type());
    } else if (!constant) {
      throw new CheckError(
          r.address().span(),
          "reveal_to address must be an address parameter of this confidential function, an"
              + " address literal or a const");
    } else {
      exprs.value(r.address(), null);
    }
    Type t = exprs.value(r.value(), null);
    if (t instanceof Type.Literal) {
      throw new CheckError(r.value().span(), "reveal_to of a constant reveals nothing");
    }
    if (!(t instanceof Type.Int || t instanceof Type.Bool || t instanceof Type.Array)) {
      throw new CheckError(r.value().span(), "reveal_to needs an integer, bool or array value");
    }
  }
}
