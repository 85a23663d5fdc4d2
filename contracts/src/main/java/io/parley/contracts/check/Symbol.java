package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import java.math.BigInteger;

/** What a name refers to. Locals are compared by identity: each declaration is one symbol. */
public sealed interface Symbol {
  String name();

  Type type();

  /** A parameter, a {@code let} local or a loop variable. */
  final class Local implements Symbol {
    public enum Kind {
      PARAM,
      LET,
      LOOP
    }

    private final String name;
    private final Type type;
    private final Kind kind;

    public Local(String name, Type type, Kind kind) {
      this.name = name;
      this.type = type;
      this.kind = kind;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Type type() {
      return type;
    }

    public Kind kind() {
      return kind;
    }

    public boolean mutable() {
      return kind == Kind.LET;
    }

    @Override
    public String toString() {
      return name + ": " + type.show();
    }
  }

  /** A state variable; {@code index} is its declaration order among state variables. */
  record State(String name, Type type, int index, Ast.StateDecl decl) implements Symbol {
    public boolean secret() {
      return type.secret();
    }
  }

  /**
   * A compile-time constant: integer and bool values as BigInteger (bool 0/1), addresses as their
   * unsigned value.
   */
  record Const(String name, Type type, BigInteger value) implements Symbol {}
}
