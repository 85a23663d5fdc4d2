package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.Span;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Types expressions and enforces the information-flow rules on them (spec sections 3, 5, 6). */
final class ExprChecker {
  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%");
  private static final Set<String> BITWISE = Set.of("&", "|", "^");
  private static final Set<String> ORDER = Set.of("<", "<=", ">", ">=");
  private static final Set<String> BUILTINS =
      Set.of(
          "caller",
          "self",
          "value",
          "balance",
          "block_height",
          "block_time",
          "transfer",
          "len",
          "keccak256");

  private final Env env;

  ExprChecker(Env env) {
    this.env = env;
  }

  /** Checks a value expression (not a map) and coerces literals to {@code expected} if given. */
  Type value(Ast.Expr e, Type expected) {
    Type t = check(e, expected);
    if (t instanceof Type.MapT) {
      throw new CheckError(e.span(), "a map can only be indexed, not used as a value");
    }
    if (t instanceof Type.Void) {
      throw new CheckError(e.span(), "this call returns no value");
    }
    return t;
  }

  /**
   * Checks that a value of type {@code actual} (from {@code e}) may be stored as {@code target}.
   */
  Type flowInto(Ast.Expr e, Type actual, Type target, Span span) {
    if (actual instanceof Type.Literal) {
      if (!(target instanceof Type.Int ti)) {
        throw new CheckError(span, "expected " + target.show() + ", found an integer literal");
      }
      coerceLiteral(e, ti);
      return target;
    }
    if (!Type.sameBase(actual, target)) {
      throw new CheckError(span, "expected " + target.show() + ", found " + actual.show());
    }
    if (actual.secret() && !target.secret()) {
      throw new CheckError(
          span, "secret value cannot flow into public '" + target.show() + "' (use reveal)");
    }
    return target;
  }

  void coerceLiteral(Ast.Expr e, Type.Int target) {
    BigInteger v =
        Folder.fold(e, env.consts)
            .orElseThrow(() -> new CheckError(e.span(), "constant expression cannot be evaluated"));
    if (!target.fits(v)) {
      throw new CheckError(e.span(), "literal " + v + " does not fit in " + target.baseName());
    }
    env.types.put(e, target.publicVersion());
  }

  private Type record(Ast.Expr e, Type t) {
    env.types.put(e, t);
    return t;
  }

  Type check(Ast.Expr e, Type expected) {
    Type t =
        switch (e) {
          case Ast.IntLit lit -> literal(lit, expected);
          case Ast.BoolLit b -> new Type.Bool(false);
          case Ast.AddressLit a -> new Type.AddressT();
          case Ast.StringLit s -> {
            noConfidential(e.span(), "bytes values are");
            yield new Type.BytesT();
          }
          case Ast.Name n -> name(n);
          case Ast.Call c -> call(c);
          case Ast.StructLit s -> structLit(s);
          case Ast.ArrayLit a -> arrayLit(a, expected);
          case Ast.Reveal r -> reveal(r);
          case Ast.Index i -> index(i);
          case Ast.FieldAccess f -> field(f);
          case Ast.Unary u -> unary(u, expected);
          case Ast.Binary b -> binary(b, expected);
          case Ast.Cast c -> cast(c);
        };
    if (t instanceof Type.Literal && expected instanceof Type.Int ti) {
      coerceLiteral(e, ti);
      return ti.publicVersion();
    }
    return record(e, t);
  }

  private Type literal(Ast.IntLit lit, Type expected) {
    return new Type.Literal();
  }

  private Type name(Ast.Name n) {
    var local = env.local(n.name());
    if (local.isPresent()) {
      if (env.confidential() && local.get().type() instanceof Type.AddressT) {
        throw new CheckError(
            n.span(),
            "address parameter '"
                + n.name()
                + "' of a confidential function can only name the recipient of reveal_to");
      }
      env.symbols.put(n, local.get());
      return local.get().type();
    }
    Symbol.State state = env.states.get(n.name());
    if (state != null) {
      env.symbols.put(n, state);
      if (state.secret() && !env.confidential()) {
        String current = env.current.name();
        for (String prefix : new String[] {"result__", "abort__"}) {
          if (current.startsWith(prefix)) {
            throw new CheckError(
                n.span(),
                "on "
                    + prefix.substring(0, prefix.length() - 2)
                    + " '"
                    + current.substring(prefix.length())
                    + "' cannot read secret state '"
                    + n.name()
                    + "'");
          }
        }
        throw new CheckError(
            n.span(),
            "secret state '" + n.name() + "' can only be used in a confidential function");
      }
      if (!state.secret() && env.confidential()) {
        throw new CheckError(
            n.span(),
            "confidential function cannot read public state '"
                + n.name()
                + "'; pass it as a public argument");
      }
      return state.type();
    }
    Symbol.Const c = env.consts.get(n.name());
    if (c != null) {
      env.symbols.put(n, c);
      return c.type();
    }
    throw new CheckError(n.span(), "unknown name '" + n.name() + "'");
  }

  private Type call(Ast.Call c) {
    if (BUILTINS.contains(c.name())) {
      return builtin(c);
    }
    FunctionInfo f = env.functions.get(c.name());
    if (f == null) {
      throw new CheckError(c.span(), "unknown function '" + c.name() + "'");
    }
    if (f.kind() != Ast.FunctionKind.FN) {
      throw new CheckError(
          c.span(),
          "cannot call "
              + f.kind().keyword()
              + " '"
              + c.name()
              + "'; only fn helpers can be called");
    }
    noConfidential(c.span(), "calls to fn helpers are");
    arguments(c, f.params().stream().map(Symbol.Local::type).toList());
    env.calls.get(env.current.name()).add(f.name());
    return f.returns();
  }

  private void arguments(Ast.Call c, List<Type> params) {
    if (c.args().size() != params.size()) {
      throw new CheckError(
          c.span(),
          "'" + c.name() + "' takes " + params.size() + " argument(s), found " + c.args().size());
    }
    for (int i = 0; i < params.size(); i++) {
      Ast.Expr arg = c.args().get(i);
      flowInto(arg, value(arg, params.get(i)), params.get(i), arg.span());
    }
  }

  private Type builtin(Ast.Call c) {
    noConfidential(c.span(), "builtin '" + c.name() + "' is");
    Type u256 = new Type.Int(256, false, false);
    Type u64 = new Type.Int(64, false, false);
    switch (c.name()) {
      case "caller", "self" -> {
        arguments(c, List.of());
        return new Type.AddressT();
      }
      case "value" -> {
        arguments(c, List.of());
        return u256;
      }
      case "block_height", "block_time" -> {
        arguments(c, List.of());
        return u64;
      }
      case "balance" -> {
        arguments(c, List.of(new Type.AddressT()));
        return u256;
      }
      case "transfer" -> {
        if (env.view()) {
          throw new CheckError(c.span(), "view '" + env.current.name() + "' cannot transfer value");
        }
        env.recordWrite(c.span());
        arguments(c, List.of(new Type.AddressT(), u256));
        return new Type.Void();
      }
      case "keccak256" -> {
        arguments(c, List.of(new Type.BytesT()));
        return u256;
      }
      default -> {
        if (c.args().size() != 1) {
          throw new CheckError(c.span(), "'len' takes 1 argument, found " + c.args().size());
        }
        Type t = value(c.args().get(0), null);
        if (!(t instanceof Type.BytesT || t instanceof Type.Array)) {
          throw new CheckError(c.span(), "len needs bytes or an array, found " + t.show());
        }
        return new Type.Int(32, false, false);
      }
    }
  }

  private Type structLit(Ast.StructLit s) {
    Type.Struct type = env.structs.get(s.name());
    if (type == null) {
      throw new CheckError(s.span(), "unknown struct '" + s.name() + "'");
    }
    Set<String> seen = new HashSet<>();
    for (Ast.FieldInit f : s.fields()) {
      int index = type.indexOf(f.name());
      if (index < 0) {
        throw new CheckError(f.span(), "struct " + s.name() + " has no field '" + f.name() + "'");
      }
      if (!seen.add(f.name())) {
        throw new CheckError(f.span(), "field '" + f.name() + "' given twice");
      }
      Type ft = type.fields().get(index).type();
      flowInto(f.value(), value(f.value(), ft), ft, f.span());
    }
    if (seen.size() != type.fields().size()) {
      throw new CheckError(
          s.span(), "struct " + s.name() + " needs every field: " + type.describeFields());
    }
    return type;
  }

  private Type arrayLit(Ast.ArrayLit a, Type expected) {
    Type element = expected instanceof Type.Array arr ? arr.element() : null;
    if (element == null) {
      for (Ast.Expr e : a.elements()) {
        Type t = value(e, null);
        if (!(t instanceof Type.Literal)) {
          element = t;
          break;
        }
      }
    }
    if (element == null) {
      throw new CheckError(a.span(), "cannot infer the element type of this array; declare it");
    }
    if (expected instanceof Type.Array arr && arr.length() != a.elements().size()) {
      throw new CheckError(
          a.span(), "expected " + arr.length() + " elements, found " + a.elements().size());
    }
    boolean secret = false;
    for (Ast.Expr e : a.elements()) {
      Type t = value(e, element);
      secret |= t.secret();
      Type target = element.secret() || !t.secret() ? element : element.secretVersion();
      flowInto(e, t, target, e.span());
    }
    Type elem = secret ? element.secretVersion() : element;
    return new Type.Array(elem, a.elements().size());
  }

  private Type reveal(Ast.Reveal r) {
    if (!env.confidential()) {
      throw new CheckError(r.span(), "reveal is only available in confidential functions");
    }
    Type t = value(r.value(), null);
    if (t instanceof Type.Literal) {
      throw new CheckError(r.span(), "reveal of a constant; write the constant");
    }
    return t.publicVersion();
  }

  private Type index(Ast.Index i) {
    Type target = check(i.target(), null);
    switch (target) {
      case Type.MapT m -> {
        Type key = value(i.index(), m.key());
        flowInto(i.index(), key, m.key(), i.index().span());
        return m.value();
      }
      case Type.Array a -> {
        indexValue(i.index());
        return a.element();
      }
      case Type.BytesT b -> {
        indexValue(i.index());
        return new Type.Int(8, false, false);
      }
      default -> throw new CheckError(i.span(), "cannot index a value of type " + target.show());
    }
  }

  private void indexValue(Ast.Expr index) {
    Type t = value(index, new Type.Int(32, false, false));
    if (!(t instanceof Type.Int ti) || !ti.small()) {
      throw new CheckError(index.span(), "array index must be an integer of at most 64 bits");
    }
    if (t.secret()) {
      throw new CheckError(index.span(), "array index depends on a secret value");
    }
  }

  private Type field(Ast.FieldAccess f) {
    Type target = value(f.target(), null);
    if (!(target instanceof Type.Struct s)) {
      throw new CheckError(f.span(), "'." + f.field() + "' needs a struct, found " + target.show());
    }
    int index = s.indexOf(f.field());
    if (index < 0) {
      throw new CheckError(f.span(), "struct " + s.name() + " has no field '" + f.field() + "'");
    }
    return s.fields().get(index).type();
  }

  private Type unary(Ast.Unary u, Type expected) {
    Type t = value(u.operand(), u.op().equals("-") ? expected : null);
    if (u.op().equals("!")) {
      if (!(t instanceof Type.Bool)) {
        throw new CheckError(u.span(), "'!' needs bool, found " + t.show());
      }
      return t;
    }
    if (t instanceof Type.Literal) {
      return t;
    }
    if (!(t instanceof Type.Int ti) || !ti.signed()) {
      throw new CheckError(u.span(), "unary '-' needs a signed integer, found " + t.show());
    }
    return t;
  }

  private Type binary(Ast.Binary b, Type expected) {
    String op = b.op();
    if (op.equals("&&") || op.equals("||")) {
      Type l = value(b.left(), null);
      Type r = value(b.right(), null);
      if (!(l instanceof Type.Bool) || !(r instanceof Type.Bool)) {
        throw new CheckError(
            b.span(), "'" + op + "' needs bool operands, found " + l.show() + " and " + r.show());
      }
      return new Type.Bool(l.secret() || r.secret());
    }
    if (op.equals("<<") || op.equals(">>")) {
      return shift(b, expected);
    }
    Type hint = ARITHMETIC.contains(op) || BITWISE.contains(op) ? expected : null;
    Type l = value(b.left(), null);
    Type r = value(b.right(), null);
    if (l instanceof Type.Literal && r instanceof Type.Literal) {
      if (ORDER.contains(op) || op.equals("==") || op.equals("!=")) {
        throw new CheckError(b.span(), "comparison of two constants; write the result");
      }
      if (Folder.fold(b, env.consts).isEmpty()) {
        throw new CheckError(
            b.span(), "constant expression cannot be evaluated (division by zero?)");
      }
      return hint instanceof Type.Int ? hint : new Type.Literal();
    }
    if (l instanceof Type.Literal) {
      requireIntFor(b, r);
      coerceLiteral(b.left(), (Type.Int) r);
      l = r.publicVersion();
    } else if (r instanceof Type.Literal) {
      requireIntFor(b, l);
      coerceLiteral(b.right(), (Type.Int) l);
      r = l.publicVersion();
    }
    if (!Type.sameBase(l, r)) {
      throw new CheckError(
          b.span(),
          "'" + op + "' needs operands of the same type, found " + l.show() + " and " + r.show());
    }
    boolean secret = l.secret() || r.secret();
    if (ARITHMETIC.contains(op)) {
      requireIntFor(b, l);
      return secret ? l.secretVersion() : l;
    }
    if (BITWISE.contains(op)) {
      if (!(l instanceof Type.Int) && !(l instanceof Type.Bool)) {
        throw new CheckError(b.span(), "'" + op + "' needs integers or bools, found " + l.show());
      }
      return secret ? l.secretVersion() : l;
    }
    if (ORDER.contains(op)) {
      requireIntFor(b, l);
      return new Type.Bool(secret);
    }
    if (!(l instanceof Type.Int || l instanceof Type.Bool || l instanceof Type.AddressT)) {
      throw new CheckError(b.span(), "'" + op + "' is not defined on " + l.show());
    }
    return new Type.Bool(secret);
  }

  private Type shift(Ast.Binary b, Type expected) {
    Type l = value(b.left(), null);
    Type r = value(b.right(), null);
    if (l instanceof Type.Literal && r instanceof Type.Literal) {
      return expected instanceof Type.Int ? expected : new Type.Literal();
    }
    if (l instanceof Type.Literal) {
      throw new CheckError(b.left().span(), "give the shifted constant a type with 'as'");
    }
    requireIntFor(b, l);
    if (r instanceof Type.Literal) {
      coerceLiteral(b.right(), new Type.Int(32, false, false));
    } else if (!(r instanceof Type.Int ri) || !ri.small()) {
      throw new CheckError(b.right().span(), "shift amount must be an integer of at most 64 bits");
    } else if (r.secret()) {
      throw new CheckError(b.right().span(), "shift amount depends on a secret value");
    }
    return l;
  }

  private static void requireIntFor(Ast.Binary b, Type t) {
    if (!(t instanceof Type.Int)) {
      throw new CheckError(b.span(), "'" + b.op() + "' needs integers, found " + t.show());
    }
  }

  private Type cast(Ast.Cast c) {
    Type target = env.resolver.resolve(c.type());
    Type source = value(c.value(), target instanceof Type.Int ? target : null);
    if (!(target instanceof Type.Int)) {
      throw new CheckError(
          c.span(), "'as' converts between integer types, not to " + target.show());
    }
    if (source instanceof Type.Literal) {
      return target;
    }
    if (!(source instanceof Type.Int)) {
      throw new CheckError(c.span(), "'as' converts integers, found " + source.show());
    }
    if (target.secret() && !env.confidential()) {
      throw new CheckError(c.span(), "secret types are only allowed in confidential functions");
    }
    return source.secret() ? target.secretVersion() : target;
  }

  private void noConfidential(Span span, String what) {
    if (env.confidential()) {
      throw new CheckError(span, what + " not available in a confidential function");
    }
  }
}
