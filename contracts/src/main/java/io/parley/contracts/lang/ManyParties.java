package io.parley.contracts.lang;

import io.parley.contracts.lang.Ast.Block;
import io.parley.contracts.lang.Ast.Callback;
import io.parley.contracts.lang.Ast.CollectionDecl;
import io.parley.contracts.lang.Ast.Contract;
import io.parley.contracts.lang.Ast.Expr;
import io.parley.contracts.lang.Ast.FunctionDecl;
import io.parley.contracts.lang.Ast.FunctionKind;
import io.parley.contracts.lang.Ast.Item;
import io.parley.contracts.lang.Ast.NamedType;
import io.parley.contracts.lang.Ast.OnInput;
import io.parley.contracts.lang.Ast.Param;
import io.parley.contracts.lang.Ast.Stmt;
import io.parley.contracts.lang.Ast.TypeRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lowers the many-party declarations of {@code parley-lang/2} (docs/spec/language.md section 12) to
 * {@code parley-lang/1}: a collection becomes public bookkeeping state (owners, count) with
 * generated actions the chain runs when an input arrives or is withdrawn, and, in each confidential
 * function that reads it, extra parameters (the elements, the count, the presence bits) the chain
 * supplies; {@code start f(...)} becomes the event {@code start__f}; {@code on result}/{@code on
 * abort} become actions {@code result__f}/{@code abort__f}. Names with {@code __} are reserved for
 * this code, and transactions cannot call them.
 */
public final class ManyParties {
  public static final String INPUT = "input__";
  public static final String WITHDRAW = "withdraw__";
  public static final String REJECT = "reject__";
  public static final String VALID = "valid__";
  public static final String RESULT = "result__";
  public static final String ABORT = "abort__";
  public static final String START = "start__";
  public static final String ZERO = "0x0000000000000000000000000000000000000000";

  /** The lowered contract and what was lowered (for the ABI and the circuits). */
  public record Lowered(
      Contract contract,
      List<CollectionDecl> collections,
      Map<String, Set<String>> elementParamsByFunction) {
    public Lowered {
      collections = List.copyOf(collections);
      elementParamsByFunction = Map.copyOf(elementParamsByFunction);
    }

    /** The parameters of confidential function {@code f} that carry collection elements. */
    public Set<String> elementParams(String f) {
      return elementParamsByFunction.getOrDefault(f, Set.of());
    }

    public boolean usesVersion2() {
      return !collections.isEmpty()
          || contract.items().stream()
              .anyMatch(
                  i ->
                      i.name().startsWith(RESULT)
                          || i.name().startsWith(ABORT)
                          || i.name().startsWith(START));
    }
  }

  /** A compile error found while lowering; carries its position. */
  static final class Misuse extends RuntimeException {
    final transient Span span;

    Misuse(Span span, String message) {
      super(message, null, false, false);
      this.span = span;
    }
  }

  private final Map<String, CollectionDecl> collections = new LinkedHashMap<>();
  private final Map<String, FunctionDecl> confidential = new LinkedHashMap<>();
  private final Set<String> constants = new LinkedHashSet<>();

  private ManyParties() {}

  public static Lowered lower(SourceFile source, Contract contract) throws CompileException {
    try {
      return new ManyParties().run(contract);
    } catch (Misuse m) {
      throw new CompileException(CompileError.at(source, m.span, m.getMessage()));
    }
  }

  /** The circuit parameter that holds field {@code field} of every element of {@code c}. */
  public static String fieldParam(CollectionDecl c, String field) {
    return c.record() ? c.name() + "__" + field : c.name();
  }

  private Lowered run(Contract contract) {
    Map<String, OnInput> hooks = new LinkedHashMap<>();
    List<String> declared = new ArrayList<>();
    for (Item item : contract.items()) {
      if (!(item instanceof OnInput) && !(item instanceof Callback)) {
        declared.add(item.name());
      }
    }
    for (Item item : contract.items()) {
      switch (item) {
        case CollectionDecl c -> {
          if (collections.put(c.name(), c) != null
              || declared.stream().filter(c.name()::equals).count() > 1) {
            throw new Misuse(c.span(), "duplicate name '" + c.name() + "'");
          }
          checkFields(c);
        }
        case FunctionDecl f when f.kind() == FunctionKind.CONFIDENTIAL ->
            confidential.put(f.name(), f);
        case Ast.ConstDecl k -> constants.add(k.name());
        default -> {}
      }
    }
    for (Item item : contract.items()) {
      if (item instanceof OnInput h) {
        if (!collections.containsKey(h.name())) {
          throw new Misuse(h.span(), "on input '" + h.name() + "': no collection of that name");
        }
        if (hooks.put(h.name(), h) != null) {
          throw new Misuse(h.span(), "duplicate on input '" + h.name() + "'");
        }
        noReturn(h.body());
      }
    }
    List<Item> out = new ArrayList<>();
    Set<String> callbacks = new LinkedHashSet<>();
    Set<String> started = new LinkedHashSet<>();
    Map<String, Set<String>> elementParams = new LinkedHashMap<>();
    for (Item item : contract.items()) {
      switch (item) {
        case CollectionDecl c ->
            out.addAll(bookkeeping(c, Optional.ofNullable(hooks.get(c.name()))));
        case OnInput h -> {}
        case Callback cb -> {
          String key = (cb.onAbort() ? ABORT : RESULT) + cb.name();
          if (!callbacks.add(key)) {
            throw new Misuse(
                cb.span(),
                "duplicate on " + (cb.onAbort() ? "abort" : "result") + " '" + cb.name() + "'");
          }
          checkCallback(cb);
          FunctionDecl f =
              new FunctionDecl(
                  cb.span(), FunctionKind.ACTION, key, cb.params(), Optional.empty(), cb.body());
          out.add(new Rewriter(false, f, started).function(f));
        }
        case FunctionDecl f -> {
          boolean conf = f.kind() == FunctionKind.CONFIDENTIAL;
          Rewriter r = new Rewriter(conf, f, started);
          FunctionDecl lowered = r.function(f);
          if (conf && !r.used.isEmpty()) {
            List<Param> params = new ArrayList<>(lowered.params());
            Set<String> mine = new LinkedHashSet<>();
            for (CollectionDecl c : r.used) {
              params.addAll(collectionParams(c));
              c.fields().forEach(fd -> mine.add(fieldParam(c, fd.name())));
            }
            elementParams.put(f.name(), mine);
            lowered =
                new FunctionDecl(f.span(), f.kind(), f.name(), params, f.returns(), lowered.body());
          }
          out.add(lowered);
        }
        default -> out.add(item);
      }
    }
    for (String f : started) {
      out.add(startEvent(confidential.get(f)));
    }
    return new Lowered(
        new Contract(contract.span(), contract.name(), out),
        List.copyOf(collections.values()),
        elementParams);
  }

  private void checkFields(CollectionDecl c) {
    Set<String> names = new LinkedHashSet<>();
    for (Ast.Field f : c.fields()) {
      if (c.record() && f.name().equals("value")) {
        throw new Misuse(
            f.span(), "field name 'value' is reserved for collections of single values");
      }
      if (!names.add(f.name())) {
        throw new Misuse(
            f.span(), "duplicate field '" + f.name() + "' in collection '" + c.name() + "'");
      }
      if (!(f.type() instanceof NamedType n)
          || n.secret()
          || !n.dimensions().isEmpty()
          || !(n.base().equals("bool") || n.base().matches("[ui](8|16|32|64)"))) {
        throw new Misuse(
            f.type().span(),
            "element of collection '"
                + c.name()
                + "' must be an integer of up to 64 bits or bool (written without 'secret')");
      }
    }
    c.where()
        .ifPresent(
            w ->
                names(
                    w,
                    n -> {
                      if (!names.contains(n.name()) && !constants.contains(n.name())) {
                        throw new Misuse(
                            n.span(),
                            "where clause of '"
                                + c.name()
                                + "' may use only "
                                + (c.record() ? "its fields" : "value")
                                + " and constants, found '"
                                + n.name()
                                + "'");
                      }
                    }));
  }

  private void checkCallback(Callback cb) {
    FunctionDecl f = confidential.get(cb.name());
    String what = cb.onAbort() ? "on abort" : "on result";
    if (f == null) {
      throw new Misuse(
          cb.span(), what + " '" + cb.name() + "': no confidential function of that name");
    }
    String takes = show(cb.params().stream().map(Param::type).toList());
    if (cb.onAbort()) {
      if (!takes.equals("(u8)")) {
        throw new Misuse(
            cb.span(), "on abort '" + cb.name() + "' takes (reason: u8), found " + takes);
      }
      return;
    }
    String reveals = show(f.returns().stream().toList());
    if (!takes.equals(reveals)) {
      throw new Misuse(
          cb.span(),
          "on result '" + cb.name() + "' takes " + takes + ", the function reveals " + reveals);
    }
  }

  private static String show(List<TypeRef> types) {
    List<String> parts = new ArrayList<>();
    for (TypeRef t : types) {
      parts.add(show(t));
    }
    return "(" + String.join(", ", parts) + ")";
  }

  public static String show(TypeRef t) {
    return switch (t) {
      case NamedType n -> {
        StringBuilder b = new StringBuilder(n.secret() ? "secret " : "").append(n.base());
        n.dimensions().forEach(d -> b.append('[').append(d).append(']'));
        yield b.toString();
      }
      case Ast.MapTypeRef m -> "map<" + show(m.key()) + "," + show(m.value()) + ">";
    };
  }

  private static List<Param> collectionParams(CollectionDecl c) {
    List<Param> params = new ArrayList<>();
    for (Ast.Field f : c.fields()) {
      NamedType element = (NamedType) f.type();
      params.add(
          new Param(
              f.span(),
              fieldParam(c, f.name()),
              new NamedType(f.span(), element.base(), true, List.of(c.capacity()))));
    }
    params.add(
        new Param(
            c.span(), c.name() + "__count", new NamedType(c.span(), "u32", false, List.of())));
    params.add(
        new Param(
            c.span(),
            c.name() + "__present",
            new NamedType(c.span(), "bool", false, List.of(c.capacity()))));
    return params;
  }

  /** Public state and generated actions for one collection (docs/spec/language.md 12.2). */
  private static List<Item> bookkeeping(CollectionDecl c, Optional<OnInput> hook) {
    String n = c.name();
    int cap = c.capacity();
    String full = "collection '" + n + "' is full (capacity " + cap + ")";
    StringBuilder s = new StringBuilder();
    s.append("state ").append(n).append("__owner: map<u32, address>;\n");
    s.append("state ").append(n).append("__stored: u32;\n");
    s.append("state ").append(n).append("__next: u32;\n");
    if (c.onePerOwner()) {
      s.append("state ").append(n).append("__slot: map<address, u32>;\n");
    }
    s.append("fn ")
        .append(n)
        .append("__take() -> u32 {\n")
        .append("  if ")
        .append(n)
        .append("__next < ")
        .append(cap)
        .append(" {\n")
        .append("    ")
        .append(n)
        .append("__next += 1;\n")
        .append("    return ")
        .append(n)
        .append("__next;\n  }\n")
        .append("  let found__: u32 = 0;\n")
        .append("  for i__ in 0..")
        .append(cap)
        .append(" {\n")
        .append("    if found__ == 0 && ")
        .append(n)
        .append("__owner[i__ as u32] == ")
        .append(ZERO)
        .append(" { found__ = i__ as u32 + 1; }\n  }\n")
        .append("  return found__;\n}\n");
    // input: returns the element index the secret part goes to
    s.append("action ").append(INPUT).append(n).append("(target__: u32) -> u32 {\n  hook__();\n");
    if (c.onePerOwner()) {
      s.append("  require(target__ == 0, \"collection '")
          .append(n)
          .append("' keeps one input per owner: a new input replaces yours\");\n")
          .append("  let at__: u32 = ")
          .append(n)
          .append("__slot[caller()];\n")
          .append("  if at__ == 0 {\n")
          .append("    require(")
          .append(n)
          .append("__stored < ")
          .append(cap)
          .append(", \"")
          .append(full)
          .append("\");\n")
          .append("    at__ = ")
          .append(n)
          .append("__take();\n")
          .append("    ")
          .append(n)
          .append("__slot[caller()] = at__;\n")
          .append("    ")
          .append(n)
          .append("__owner[at__ - 1] = caller();\n")
          .append("    ")
          .append(n)
          .append("__stored += 1;\n  }\n")
          .append("  return at__ - 1;\n}\n");
    } else {
      s.append("  if target__ != 0 {\n")
          .append("    require(target__ <= ")
          .append(cap)
          .append(" && ")
          .append(n)
          .append("__owner[target__ - 1] == caller(), \"no input of yours at that index of '")
          .append(n)
          .append("'\");\n")
          .append("    return target__ - 1;\n  }\n")
          .append("  require(")
          .append(n)
          .append("__stored < ")
          .append(cap)
          .append(", \"")
          .append(full)
          .append("\");\n")
          .append("  let at__: u32 = ")
          .append(n)
          .append("__take();\n")
          .append("  ")
          .append(n)
          .append("__owner[at__ - 1] = caller();\n")
          .append("  ")
          .append(n)
          .append("__stored += 1;\n")
          .append("  return at__ - 1;\n}\n");
    }
    // withdraw: returns the index freed
    s.append("action ")
        .append(WITHDRAW)
        .append(n)
        .append("(target__: u32) -> u32 {\n  hook__();\n");
    if (c.onePerOwner()) {
      s.append("  let at__: u32 = ")
          .append(n)
          .append("__slot[caller()];\n")
          .append(
              "  require(target__ == 0 || target__ == at__, \"no input of yours at that index of '")
          .append(n)
          .append("'\");\n");
    } else {
      s.append("  let at__: u32 = target__;\n");
    }
    s.append("  require(at__ != 0 && at__ <= ")
        .append(cap)
        .append(" && ")
        .append(n)
        .append("__owner[at__ - 1] == caller(), \"no input of yours in '")
        .append(n)
        .append("'\");\n")
        .append("  free__(at__);\n  return at__ - 1;\n}\n");
    // reject: the committee found the input invalid on arrival; run by the chain
    s.append("action ")
        .append(REJECT)
        .append(n)
        .append("(index__: u32) {\n")
        .append("  require(index__ < ")
        .append(cap)
        .append(" && ")
        .append(n)
        .append("__owner[index__] != ")
        .append(ZERO)
        .append(", \"no input at that index\");\n")
        .append("  free__(index__ + 1);\n}\n");
    s.append("fn ").append(n).append("__free(at__: u32) {\n");
    if (c.onePerOwner()) {
      s.append("  ").append(n).append("__slot[").append(n).append("__owner[at__ - 1]] = 0;\n");
    }
    s.append("  ")
        .append(n)
        .append("__owner[at__ - 1] = ")
        .append(ZERO)
        .append(";\n")
        .append("  ")
        .append(n)
        .append("__stored -= 1;\n}\n");
    s.append(ValidityCircuit.source(c));
    List<Item> items = new ArrayList<>();
    for (Item item : Parser.parseSynthetic(s.toString().replace("free__(", n + "__free("))) {
      items.add(splice(item, hook, c));
    }
    return items;
  }

  /** Puts the author's {@code on input} body and {@code where} predicate into generated code. */
  private static Item splice(Item item, Optional<OnInput> hook, CollectionDecl c) {
    if (!(item instanceof FunctionDecl f)) {
      return item;
    }
    List<Stmt> body = new ArrayList<>();
    for (Stmt st : f.body().statements()) {
      if (st instanceof Ast.ExprStmt e
          && e.expr() instanceof Ast.Call call
          && call.name().equals("hook__")) {
        hook.ifPresent(h -> body.addAll(h.body().statements()));
      } else if (st instanceof Ast.Return r
          && r.value().isPresent()
          && r.value().get() instanceof Ast.Reveal rv
          && rv.value() instanceof Ast.Name nm
          && nm.name().equals("where__")) {
        Expr predicate = ValidityCircuit.predicate(c, rv.span());
        body.add(new Ast.Return(r.span(), Optional.of(new Ast.Reveal(rv.span(), predicate))));
      } else {
        body.add(st);
      }
    }
    return new FunctionDecl(
        f.span(), f.kind(), f.name(), f.params(), f.returns(), new Block(f.body().span(), body));
  }

  private static Ast.EventDecl startEvent(FunctionDecl f) {
    List<Ast.EventField> fields = new ArrayList<>();
    for (Param p : f.params()) {
      fields.add(new Ast.EventField(p.span(), p.name(), p.type(), false));
    }
    return new Ast.EventDecl(f.span(), START + f.name(), fields);
  }

  private static void noReturn(Block b) {
    for (Stmt s : b.statements()) {
      switch (s) {
        case Ast.Return r ->
            throw new Misuse(r.span(), "return is not allowed in an on input block");
        case Ast.If i -> {
          noReturn(i.then());
          i.otherwise().ifPresent(ManyParties::noReturn);
        }
        case Ast.While w -> noReturn(w.body());
        case Ast.For f -> noReturn(f.body());
        default -> {}
      }
    }
  }

  private static void names(Expr e, java.util.function.Consumer<Ast.Name> v) {
    switch (e) {
      case Ast.Name n -> v.accept(n);
      case Ast.Call c -> c.args().forEach(a -> names(a, v));
      case Ast.StructLit s -> s.fields().forEach(f -> names(f.value(), v));
      case Ast.ArrayLit a -> a.elements().forEach(x -> names(x, v));
      case Ast.Reveal r -> names(r.value(), v);
      case Ast.Index i -> {
        names(i.target(), v);
        names(i.index(), v);
      }
      case Ast.FieldAccess f -> names(f.target(), v);
      case Ast.Unary u -> names(u.operand(), v);
      case Ast.Binary b -> {
        names(b.left(), v);
        names(b.right(), v);
      }
      case Ast.Cast c -> names(c.value(), v);
      default -> {}
    }
  }

  /** Rewrites one function's body: collection reads and {@code start}. */
  private final class Rewriter {
    private final boolean conf;
    private final FunctionDecl function;
    private final Set<String> started;
    final Set<CollectionDecl> used = new LinkedHashSet<>();

    Rewriter(boolean conf, FunctionDecl function, Set<String> started) {
      this.conf = conf;
      this.function = function;
      this.started = started;
    }

    FunctionDecl function(FunctionDecl f) {
      for (Param p : f.params()) {
        if (collections.containsKey(p.name())) {
          throw new Misuse(p.span(), "parameter '" + p.name() + "' has the name of a collection");
        }
      }
      return new FunctionDecl(
          f.span(), f.kind(), f.name(), f.params(), f.returns(), block(f.body()));
    }

    private Block block(Block b) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : b.statements()) {
        out.add(stmt(s));
      }
      return new Block(b.span(), out);
    }

    private Stmt stmt(Stmt s) {
      return switch (s) {
        case Ast.Let l -> new Ast.Let(l.span(), l.name(), l.type(), expr(l.value()));
        case Ast.Assign a -> new Ast.Assign(a.span(), expr(a.target()), a.op(), expr(a.value()));
        case Ast.If i ->
            new Ast.If(
                i.span(), expr(i.condition()), block(i.then()), i.otherwise().map(this::block));
        case Ast.While w -> new Ast.While(w.span(), expr(w.condition()), block(w.body()));
        case Ast.For f ->
            new Ast.For(
                f.span(),
                f.variable(),
                expr(f.from()),
                expr(f.to()),
                block(f.body()),
                f.parallel());
        case Ast.Return r -> new Ast.Return(r.span(), r.value().map(this::expr));
        case Ast.Emit e ->
            new Ast.Emit(e.span(), e.event(), e.args().stream().map(this::expr).toList());
        case Ast.Require r -> new Ast.Require(r.span(), expr(r.condition()), r.message());
        case Ast.RevealTo r -> new Ast.RevealTo(r.span(), expr(r.address()), expr(r.value()));
        case Ast.ExprStmt e -> new Ast.ExprStmt(e.span(), expr(e.expr()));
        case Ast.Abort a -> a;
        case Ast.Start st -> start(st);
      };
    }

    private Stmt start(Ast.Start st) {
      if (function.kind() != FunctionKind.ACTION) {
        throw new Misuse(st.span(), "start is only allowed in an action or an on-result block");
      }
      FunctionDecl f = confidential.get(st.function());
      if (f == null) {
        throw new Misuse(st.span(), "start: no confidential function '" + st.function() + "'");
      }
      for (Param p : f.params()) {
        NamedType t = (NamedType) p.type();
        if (t.secret()) {
          throw new Misuse(
              st.span(),
              "start "
                  + f.name()
                  + ": parameter '"
                  + p.name()
                  + "' is secret; secret values come from secret inputs, not from a start");
        }
        if (!t.dimensions().isEmpty()) {
          throw new Misuse(
              st.span(),
              "start "
                  + f.name()
                  + ": parameter '"
                  + p.name()
                  + "' is an array; a start passes integers, bools and addresses");
        }
      }
      if (st.args().size() != f.params().size()) {
        throw new Misuse(
            st.span(),
            "start "
                + f.name()
                + " takes "
                + f.params().size()
                + " argument(s), got "
                + st.args().size());
      }
      started.add(f.name());
      return new Ast.Emit(st.span(), START + f.name(), st.args().stream().map(this::expr).toList());
    }

    private Expr expr(Expr e) {
      return switch (e) {
        case Ast.Name n when collections.containsKey(n.name()) -> whole(n);
        case Ast.FieldAccess f
            when f.target() instanceof Ast.Name n && collections.containsKey(n.name()) ->
            member(collections.get(n.name()), f, Optional.empty());
        case Ast.Index i
            when i.target() instanceof Ast.FieldAccess f
                && f.target() instanceof Ast.Name n
                && collections.containsKey(n.name()) ->
            member(collections.get(n.name()), f, Optional.of(expr(i.index())));
        case Ast.FieldAccess f
            when f.target() instanceof Ast.Index i
                && i.target() instanceof Ast.Name n
                && collections.containsKey(n.name()) ->
            element(collections.get(n.name()), i, Optional.of(f));
        case Ast.Index i
            when i.target() instanceof Ast.Name n && collections.containsKey(n.name()) ->
            element(collections.get(n.name()), i, Optional.empty());
        case Ast.Call c ->
            new Ast.Call(c.span(), c.name(), c.args().stream().map(this::expr).toList());
        case Ast.StructLit s ->
            new Ast.StructLit(
                s.span(),
                s.name(),
                s.fields().stream()
                    .map(f -> new Ast.FieldInit(f.span(), f.name(), expr(f.value())))
                    .toList());
        case Ast.ArrayLit a ->
            new Ast.ArrayLit(a.span(), a.elements().stream().map(this::expr).toList());
        case Ast.Reveal r -> new Ast.Reveal(r.span(), expr(r.value()));
        case Ast.Index i -> new Ast.Index(i.span(), expr(i.target()), expr(i.index()));
        case Ast.FieldAccess f -> new Ast.FieldAccess(f.span(), expr(f.target()), f.field());
        case Ast.Unary u -> new Ast.Unary(u.span(), u.op(), expr(u.operand()));
        case Ast.Binary b -> new Ast.Binary(b.span(), b.op(), expr(b.left()), expr(b.right()));
        case Ast.Cast c -> new Ast.Cast(c.span(), expr(c.value()), c.type());
        default -> e;
      };
    }

    private Misuse secretOutside(Span span, String name) {
      return new Misuse(
          span, "secret input '" + name + "' can only be used by a confidential function");
    }

    private static Misuse readWhole(Span span, CollectionDecl c) {
      return new Misuse(
          span,
          "collection '"
              + c.name()
              + "' has fields; read them as "
              + c.name()
              + "[i]."
              + c.fields().get(0).name());
    }

    /** {@code bids} alone: the elements of a scalar collection, in a confidential function. */
    private Expr whole(Ast.Name n) {
      CollectionDecl c = collections.get(n.name());
      if (!conf) {
        throw secretOutside(n.span(), c.name());
      }
      if (c.record()) {
        throw readWhole(n.span(), c);
      }
      used.add(c);
      return new Ast.Name(n.span(), fieldParam(c, "value"));
    }

    /** {@code bids[i]} or {@code staff[i].salary}. */
    private Expr element(CollectionDecl c, Ast.Index i, Optional<Ast.FieldAccess> field) {
      if (!conf) {
        throw secretOutside(i.span(), c.name());
      }
      String fieldName;
      if (c.record()) {
        if (field.isEmpty()) {
          throw readWhole(i.span(), c);
        }
        fieldName = field.get().field();
        if (c.fields().stream().noneMatch(f -> f.name().equals(fieldName))) {
          throw new Misuse(
              field.get().span(), "collection '" + c.name() + "' has no field '" + fieldName + "'");
        }
      } else {
        if (field.isPresent()) {
          throw new Misuse(
              field.get().span(), "collection '" + c.name() + "' holds single values, not records");
        }
        fieldName = "value";
      }
      used.add(c);
      Expr read =
          new Ast.Index(
              i.span(), new Ast.Name(i.span(), fieldParam(c, fieldName)), expr(i.index()));
      return read;
    }

    /** {@code bids.count}, {@code bids.present[i]}, {@code bids.owner[i]}. */
    private Expr member(CollectionDecl c, Ast.FieldAccess f, Optional<Expr> index) {
      String what = f.field() + (index.isPresent() ? "[i]" : "");
      switch (what) {
        case "count" -> {
          if (conf) {
            used.add(c);
            return new Ast.Name(f.span(), c.name() + "__count");
          }
          return new Ast.Name(f.span(), c.name() + "__stored");
        }
        case "present[i]" -> {
          if (!conf) {
            return new Ast.Binary(
                f.span(),
                "!=",
                new Ast.Index(f.span(), new Ast.Name(f.span(), c.name() + "__owner"), index.get()),
                new Ast.AddressLit(f.span(), new byte[20]));
          }
          used.add(c);
          return new Ast.Index(
              f.span(), new Ast.Name(f.span(), c.name() + "__present"), index.get());
        }
        case "owner[i]" -> {
          if (conf) {
            throw new Misuse(
                f.span(),
                "owners of '"
                    + c.name()
                    + "' are public: read them in public code (on result), not in a confidential"
                    + " function");
          }
          return new Ast.Index(f.span(), new Ast.Name(f.span(), c.name() + "__owner"), index.get());
        }
        default ->
            throw new Misuse(
                f.span(),
                "collection '"
                    + c.name()
                    + "' has count, present[i] and owner[i], not '"
                    + f.field()
                    + "'");
      }
    }
  }
}
