package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.Span;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Declarations of the contract and the state of the function being checked. */
final class Env {
  final TypeResolver resolver;
  final Map<String, Type.Struct> structs;
  final Map<String, Symbol.State> states = new LinkedHashMap<>();
  final Map<String, Symbol.Const> consts = new LinkedHashMap<>();
  final Map<String, EventInfo> events = new LinkedHashMap<>();
  final Map<String, FunctionInfo> functions = new LinkedHashMap<>();
  final IdentityHashMap<Ast.Expr, Type> types = new IdentityHashMap<>();
  final IdentityHashMap<Object, Symbol> symbols = new IdentityHashMap<>();

  /** Per function: calls made and whether it changes state (directly). */
  final Map<String, Set<String>> calls = new HashMap<>();

  final Map<String, Span> writeSites = new HashMap<>();

  // ---- the function being checked ----
  FunctionInfo current;
  final Deque<Map<String, Symbol.Local>> scopes = new ArrayDeque<>();
  int secretBranches;

  Env(TypeResolver resolver, Map<String, Type.Struct> structs) {
    this.resolver = resolver;
    this.structs = structs;
  }

  void enter(FunctionInfo function) {
    current = function;
    scopes.clear();
    scopes.push(new HashMap<>());
    secretBranches = 0;
    calls.put(function.name(), new LinkedHashSet<>());
  }

  boolean confidential() {
    return current.kind() == Ast.FunctionKind.CONFIDENTIAL;
  }

  boolean view() {
    return current.kind() == Ast.FunctionKind.VIEW;
  }

  Optional<Symbol.Local> local(String name) {
    for (Map<String, Symbol.Local> scope : scopes) {
      Symbol.Local s = scope.get(name);
      if (s != null) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  void declare(Span span, Symbol.Local local, Object node) {
    String name = local.name();
    if (local(name).isPresent()) {
      throw new CheckError(span, "'" + name + "' is already declared in this function");
    }
    if (states.containsKey(name) || consts.containsKey(name) || functions.containsKey(name)) {
      throw new CheckError(span, "'" + name + "' shadows a contract-level declaration");
    }
    scopes.peek().put(name, local);
    symbols.put(node, local);
  }

  void recordWrite(Span span) {
    writeSites.putIfAbsent(current.name(), span);
  }

  List<FunctionInfo> functionList() {
    return List.copyOf(functions.values());
  }
}
