package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.SourceFile;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A contract that passed the type and information-flow checks, with the type of every expression
 * and the symbol of every name, by node identity.
 */
public record CheckedContract(
    SourceFile source,
    Ast.Contract ast,
    Map<String, Type.Struct> structs,
    List<Symbol.State> states,
    Map<String, Symbol.Const> consts,
    List<EventInfo> events,
    List<FunctionInfo> functions,
    IdentityHashMap<Ast.Expr, Type> types,
    IdentityHashMap<Object, Symbol> symbols) {

  public String name() {
    return ast.name();
  }

  public Type typeOf(Ast.Expr e) {
    Type t = types.get(e);
    if (t == null) {
      throw new IllegalStateException("expression was not type checked at " + e.span());
    }
    return t;
  }

  /** The symbol of a {@code Name}, {@code Let}, {@code For} or {@code Param} node. */
  public Symbol symbolOf(Object node) {
    Symbol s = symbols.get(node);
    if (s == null) {
      throw new IllegalStateException("name was not resolved: " + node);
    }
    return s;
  }

  public Optional<FunctionInfo> function(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public Optional<EventInfo> event(String name) {
    return events.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
