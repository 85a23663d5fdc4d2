package io.parley.contracts.lang;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The syntax tree of a contract (docs/spec/language.md section 2). Nodes are records; the type
 * checker annotates them by identity, so structurally equal nodes stay distinct.
 */
public final class Ast {
  private Ast() {}

  /** A type as written in the source. */
  public sealed interface TypeRef {
    Span span();
  }

  /** {@code [secret] base [N]...}; {@code base} is a built-in type name or a struct name. */
  public record NamedType(Span span, String base, boolean secret, List<Integer> dimensions)
      implements TypeRef {
    public NamedType {
      dimensions = List.copyOf(dimensions);
    }
  }

  public record MapTypeRef(Span span, TypeRef key, TypeRef value) implements TypeRef {}

  public record Contract(Span span, String name, List<Item> items) {
    public Contract {
      items = List.copyOf(items);
    }
  }

  public sealed interface Item {
    Span span();

    String name();
  }

  public record StructDecl(Span span, String name, List<Field> fields) implements Item {
    public StructDecl {
      fields = List.copyOf(fields);
    }
  }

  public record Field(Span span, String name, TypeRef type) {}

  public record EventDecl(Span span, String name, List<EventField> fields) implements Item {
    public EventDecl {
      fields = List.copyOf(fields);
    }
  }

  public record EventField(Span span, String name, TypeRef type, boolean indexed) {}

  public record ConstDecl(Span span, String name, TypeRef type, Expr value) implements Item {}

  public record StateDecl(Span span, String name, TypeRef type) implements Item {}

  /**
   * {@code secret inputs NAME[CAPACITY]: T [one per owner] [where PREDICATE];} (parley-lang/2): a
   * collection of secret inputs submitted by many accounts. A scalar element type is one field
   * named {@code value}; a record element {@code (a: T, b: U)} lists its fields ({@code record}).
   */
  public record CollectionDecl(
      Span span,
      String name,
      int capacity,
      List<Field> fields,
      boolean record,
      boolean onePerOwner,
      Optional<Expr> where,
      String whereText)
      implements Item {
    public CollectionDecl {
      fields = List.copyOf(fields);
    }
  }

  /** {@code on input NAME { ... }}: public rules for submitting to (and withdrawing from) NAME. */
  public record OnInput(Span span, String name, Block body) implements Item {}

  /**
   * {@code on result f(...) { ... }} or {@code on abort f(reason: u8) { ... }}: public code run
   * when the committee's computation of {@code f} ends.
   */
  public record Callback(Span span, String name, boolean onAbort, List<Param> params, Block body)
      implements Item {
    public Callback {
      params = List.copyOf(params);
    }
  }

  public enum FunctionKind {
    INIT,
    ACTION,
    VIEW,
    FN,
    CONFIDENTIAL;

    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public record FunctionDecl(
      Span span,
      FunctionKind kind,
      String name,
      List<Param> params,
      Optional<TypeRef> returns,
      Block body)
      implements Item {
    public FunctionDecl {
      params = List.copyOf(params);
    }
  }

  public record Param(Span span, String name, TypeRef type) {}

  public record Block(Span span, List<Stmt> statements) {
    public Block {
      statements = List.copyOf(statements);
    }
  }

  /** Statements. */
  public sealed interface Stmt {
    Span span();
  }

  public record Let(Span span, String name, TypeRef type, Expr value) implements Stmt {}

  /** {@code target op value}; op is one of {@code = += -= *=}. */
  public record Assign(Span span, Expr target, String op, Expr value) implements Stmt {}

  public record If(Span span, Expr condition, Block then, Optional<Block> otherwise)
      implements Stmt {}

  public record While(Span span, Expr condition, Block body) implements Stmt {}

  public record For(Span span, String variable, Expr from, Expr to, Block body, boolean parallel)
      implements Stmt {
    public For(Span span, String variable, Expr from, Expr to, Block body) {
      this(span, variable, from, to, body, false);
    }
  }

  public record Return(Span span, Optional<Expr> value) implements Stmt {}

  public record Emit(Span span, String event, List<Expr> args) implements Stmt {
    public Emit {
      args = List.copyOf(args);
    }
  }

  public record Require(Span span, Expr condition, byte[] message) implements Stmt {}

  public record Abort(Span span, byte[] message) implements Stmt {}

  public record RevealTo(Span span, Expr address, Expr value) implements Stmt {}

  public record ExprStmt(Span span, Expr expr) implements Stmt {}

  /** {@code start f(args);}: starts a confidential computation (parley-lang/2). */
  public record Start(Span span, String function, List<Expr> args) implements Stmt {
    public Start {
      args = List.copyOf(args);
    }
  }

  /** Expressions. */
  public sealed interface Expr {
    Span span();
  }

  public record IntLit(Span span, BigInteger value) implements Expr {}

  public record BoolLit(Span span, boolean value) implements Expr {}

  public record AddressLit(Span span, byte[] value) implements Expr {}

  public record StringLit(Span span, byte[] value) implements Expr {}

  public record Name(Span span, String name) implements Expr {}

  public record Call(Span span, String name, List<Expr> args) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  public record StructLit(Span span, String name, List<FieldInit> fields) implements Expr {
    public StructLit {
      fields = List.copyOf(fields);
    }
  }

  public record FieldInit(Span span, String name, Expr value) {}

  public record ArrayLit(Span span, List<Expr> elements) implements Expr {
    public ArrayLit {
      elements = List.copyOf(elements);
    }
  }

  public record Reveal(Span span, Expr value) implements Expr {}

  public record Index(Span span, Expr target, Expr index) implements Expr {}

  public record FieldAccess(Span span, Expr target, String field) implements Expr {}

  public record Unary(Span span, String op, Expr operand) implements Expr {}

  public record Binary(Span span, String op, Expr left, Expr right) implements Expr {}

  public record Cast(Span span, Expr value, TypeRef type) implements Expr {}
}
