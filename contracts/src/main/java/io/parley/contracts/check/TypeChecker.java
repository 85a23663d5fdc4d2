package io.parley.contracts.check;

import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.CompileError;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks declarations, statements and information flow (docs/spec/language.md sections 4 to 6).
 * Errors are collected per function: one error per function, in source order.
 */
public final class TypeChecker {
  private final SourceFile source;
  private final Ast.Contract contract;
  private final List<CompileError> errors = new ArrayList<>();
  private Env env;
  private ExprChecker exprs;

  private TypeChecker(SourceFile source, Ast.Contract contract) {
    this.source = source;
    this.contract = contract;
  }

  public static CheckedContract check(SourceFile source, Ast.Contract contract)
      throws CompileException {
    return new TypeChecker(source, contract).run();
  }

  private CheckedContract run() throws CompileException {
    List<Ast.StructDecl> structs = new ArrayList<>();
    for (Ast.Item item : contract.items()) {
      if (item instanceof Ast.StructDecl s) {
        structs.add(s);
      }
    }
    TypeResolver resolver = new TypeResolver(structs);
    guard(() -> resolver.structs());
    if (!errors.isEmpty()) {
      throw new CompileException(errors);
    }
    env = new Env(resolver, resolver.structs());
    exprs = new ExprChecker(env);
    guard(this::uniqueNames);
    for (Ast.Item item : contract.items()) {
      guard(() -> declare(item));
    }
    if (!errors.isEmpty()) {
      throw new CompileException(errors);
    }
    for (FunctionInfo f : env.functionList()) {
      guard(() -> new StatementChecker(env, exprs).function(f));
    }
    guard(this::noRecursion);
    guard(this::viewsDoNotWrite);
    if (!errors.isEmpty()) {
      errors.sort((a, b) -> a.line() != b.line() ? a.line() - b.line() : a.column() - b.column());
      throw new CompileException(errors);
    }
    return new CheckedContract(
        source,
        contract,
        env.structs,
        List.copyOf(env.states.values()),
        env.consts,
        List.copyOf(env.events.values()),
        env.functionList(),
        env.types,
        env.symbols);
  }

  private void guard(Runnable step) {
    try {
      step.run();
    } catch (CheckError e) {
      errors.add(CompileError.at(source, e.span(), e.getMessage()));
    }
  }

  private void uniqueNames() {
    Set<String> names = new HashSet<>();
    boolean init = false;
    for (Ast.Item item : contract.items()) {
      if (item instanceof Ast.FunctionDecl f && f.kind() == Ast.FunctionKind.INIT) {
        if (init) {
          throw new CheckError(item.span(), "a contract has at most one init");
        }
        init = true;
        continue;
      }
      if (!names.add(item.name())) {
        throw new CheckError(item.span(), "'" + item.name() + "' is declared twice");
      }
    }
  }

  private static IllegalStateException lowered() {
    return new IllegalStateException("parley-lang/2 declarations are lowered before checking");
  }

  private void declare(Ast.Item item) {
    switch (item) {
      case Ast.StructDecl s -> {}
      case Ast.StateDecl s -> {
        Type t = env.resolver.resolve(s.type());
        if (t.secret() && (s.name().equals("result") || s.name().matches("private_[0-9]+"))) {
          throw new CheckError(
              s.span(),
              "secret state cannot be named '" + s.name() + "': the name of a circuit output");
        }
        if (t.secret()) {
          circuitInterface(s.span(), t, "secret state '" + s.name() + "'");
        }
        env.states.put(s.name(), new Symbol.State(s.name(), t, env.states.size(), s));
      }
      case Ast.ConstDecl c -> constant(c);
      case Ast.EventDecl e -> event(e);
      case Ast.FunctionDecl f -> function(f);
      case Ast.CollectionDecl c -> throw lowered();
      case Ast.OnInput h -> throw lowered();
      case Ast.Callback cb -> throw lowered();
    }
  }

  private void constant(Ast.ConstDecl c) {
    Type t = env.resolver.resolve(c.type());
    BigInteger value;
    if (t instanceof Type.Int ti && !t.secret()) {
      value =
          Folder.fold(c.value(), env.consts)
              .orElseThrow(
                  () ->
                      new CheckError(
                          c.value().span(), "constant value must be a constant expression"));
      if (!ti.fits(value)) {
        throw new CheckError(
            c.value().span(), "literal " + value + " does not fit in " + ti.baseName());
      }
    } else if (t instanceof Type.Bool && !t.secret() && c.value() instanceof Ast.BoolLit b) {
      value = b.value() ? BigInteger.ONE : BigInteger.ZERO;
    } else if (t instanceof Type.AddressT && c.value() instanceof Ast.AddressLit a) {
      value = new BigInteger(1, a.value());
    } else {
      throw new CheckError(
          c.span(),
          "a const is an integer, bool or address given by a literal or constant expression");
    }
    env.consts.put(c.name(), new Symbol.Const(c.name(), t, value));
  }

  private void event(Ast.EventDecl e) {
    List<EventInfo.Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int indexed = 0;
    for (Ast.EventField f : e.fields()) {
      Type t = env.resolver.resolve(f.type());
      if (!(t instanceof Type.Int
              || t instanceof Type.Bool
              || t instanceof Type.AddressT
              || t instanceof Type.BytesT)
          || t.secret()) {
        throw new CheckError(
            f.span(), "event fields are integers, bool, address or bytes, not " + t.show());
      }
      if (!names.add(f.name())) {
        throw new CheckError(f.span(), "duplicate event field '" + f.name() + "'");
      }
      if (f.indexed() && ++indexed > 3) {
        throw new CheckError(f.span(), "an event has at most 3 indexed fields");
      }
      fields.add(new EventInfo.Field(f.name(), t, f.indexed()));
    }
    env.events.put(e.name(), new EventInfo(e.name(), env.events.size(), fields));
  }

  private void function(Ast.FunctionDecl f) {
    boolean confidential = f.kind() == Ast.FunctionKind.CONFIDENTIAL;
    List<Symbol.Local> params = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Ast.Param p : f.params()) {
      Type t = env.resolver.resolve(p.type());
      if (!names.add(p.name())) {
        throw new CheckError(p.span(), "duplicate parameter '" + p.name() + "'");
      }
      if (t instanceof Type.MapT) {
        throw new CheckError(p.span(), "maps can only be state variables");
      }
      if (confidential && t instanceof Type.AddressT) {
        // a recipient: named by reveal_to, supplied in the clear when the computation starts
      } else if (confidential) {
        circuitInterface(p.span(), t, "parameter '" + p.name() + "'");
      } else if (t.secret()) {
        throw new CheckError(p.span(), secretOutside(t));
      }
      params.add(new Symbol.Local(p.name(), t, Symbol.Local.Kind.PARAM));
    }
    Type returns = new Type.Void();
    if (f.returns().isPresent()) {
      if (f.kind() == Ast.FunctionKind.INIT) {
        throw new CheckError(f.span(), "init returns no value");
      }
      returns = env.resolver.resolve(f.returns().get());
      if (returns instanceof Type.MapT) {
        throw new CheckError(f.returns().get().span(), "a function cannot return a map");
      }
      if (returns.secret()) {
        throw new CheckError(
            f.returns().get().span(),
            confidential
                ? "a confidential function returns public values (use reveal in the body)"
                : secretOutside(returns));
      }
      if (confidential) {
        circuitInterface(f.returns().get().span(), returns, "return type");
      }
    } else if (f.kind() == Ast.FunctionKind.VIEW) {
      throw new CheckError(f.span(), "view '" + f.name() + "' must declare a return type");
    }
    env.functions.put(f.name(), new FunctionInfo(f, params, returns));
  }

  static String secretOutside(Type t) {
    return "secret type '"
        + t.show()
        + "' is only allowed in confidential functions and secret state";
  }

  /** Types a circuit can take as input or give as output (circuit-ir.md section 2). */
  private static void circuitInterface(io.parley.contracts.lang.Span span, Type t, String what) {
    Type element = t instanceof Type.Array a ? a.element() : t;
    boolean ok = element instanceof Type.Bool || element instanceof Type.Int i && i.bits() <= 64;
    if (!ok) {
      throw new CheckError(
          span,
          what
              + " of a confidential function must be an integer of at most 64 bits, bool, or a"
              + " one-dimensional array of them, not "
              + t.show());
    }
  }

  private void noRecursion() {
    Map<String, Set<String>> calls = env.calls;
    for (String start : calls.keySet()) {
      List<String> path = new ArrayList<>();
      path.add(start);
      String cycle = findCycle(start, start, calls, path, new HashSet<>());
      if (cycle != null) {
        Ast.FunctionDecl decl = env.functions.get(start).decl();
        throw new CheckError(decl.span(), "recursive call cycle: " + cycle);
      }
    }
  }

  private static String findCycle(
      String start,
      String at,
      Map<String, Set<String>> calls,
      List<String> path,
      Set<String> seen) {
    for (String next : calls.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        return String.join(" -> ", path) + " -> " + start;
      }
      if (seen.add(next)) {
        path.add(next);
        String found = findCycle(start, next, calls, path, seen);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }

  private void viewsDoNotWrite() {
    for (FunctionInfo f : env.functionList()) {
      if (f.kind() != Ast.FunctionKind.VIEW) {
        continue;
      }
      for (String callee : reachable(f.name())) {
        if (env.writeSites.containsKey(callee)) {
          throw new CheckError(
              f.decl().span(),
              "view '" + f.name() + "' calls '" + callee + "', which changes state");
        }
      }
    }
  }

  private Set<String> reachable(String from) {
    Set<String> seen = new HashSet<>();
    List<String> work = new ArrayList<>(env.calls.getOrDefault(from, Set.of()));
    while (!work.isEmpty()) {
      String next = work.remove(work.size() - 1);
      if (seen.add(next)) {
        work.addAll(env.calls.getOrDefault(next, Set.of()));
      }
    }
    return seen;
  }
}
