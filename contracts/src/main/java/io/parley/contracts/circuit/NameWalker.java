package io.parley.contracts.circuit;

import io.parley.contracts.lang.Ast;
import java.util.function.Consumer;

/** Visits every name used in a block. */
final class NameWalker {
  private NameWalker() {}

  static void names(Ast.Block block, Consumer<Ast.Name> visit) {
    for (Ast.Stmt s : block.statements()) {
      statement(s, visit);
    }
  }

  static void names(Ast.Expr e, Consumer<Ast.Name> visit) {
    expr(e, visit);
  }

  private static void statement(Ast.Stmt s, Consumer<Ast.Name> v) {
    switch (s) {
      case Ast.Let l -> expr(l.value(), v);
      case Ast.Assign a -> {
        expr(a.target(), v);
        expr(a.value(), v);
      }
      case Ast.If i -> {
        expr(i.condition(), v);
        names(i.then(), v);
        i.otherwise().ifPresent(b -> names(b, v));
      }
      case Ast.While w -> {
        expr(w.condition(), v);
        names(w.body(), v);
      }
      case Ast.For f -> {
        expr(f.from(), v);
        expr(f.to(), v);
        names(f.body(), v);
      }
      case Ast.Return r -> r.value().ifPresent(e -> expr(e, v));
      case Ast.Emit e -> e.args().forEach(a -> expr(a, v));
      case Ast.Require r -> expr(r.condition(), v);
      case Ast.Abort a -> {}
      case Ast.RevealTo r -> {
        expr(r.address(), v);
        expr(r.value(), v);
      }
      case Ast.ExprStmt e -> expr(e.expr(), v);
      case Ast.Start st -> st.args().forEach(a -> expr(a, v));
    }
  }

  private static void expr(Ast.Expr e, Consumer<Ast.Name> v) {
    switch (e) {
      case Ast.Name n -> v.accept(n);
      case Ast.Call c -> c.args().forEach(a -> expr(a, v));
      case Ast.StructLit s -> s.fields().forEach(f -> expr(f.value(), v));
      case Ast.ArrayLit a -> a.elements().forEach(x -> expr(x, v));
      case Ast.Reveal r -> expr(r.value(), v);
      case Ast.Index i -> {
        expr(i.target(), v);
        expr(i.index(), v);
      }
      case Ast.FieldAccess f -> expr(f.target(), v);
      case Ast.Unary u -> expr(u.operand(), v);
      case Ast.Binary b -> {
        expr(b.left(), v);
        expr(b.right(), v);
      }
      case Ast.Cast c -> expr(c.value(), v);
      default -> {}
    }
  }
}
