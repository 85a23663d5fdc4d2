package io.parley.contracts.circuit;

import io.parley.contracts.check.Symbol;
import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.Span;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code parallel for} in a confidential function (language.md section 6.1, ADR 0053): the body is
 * compiled once for all iterations, as lanes of vector gates (circuit-ir.md section 10), instead of
 * once per iteration. The iterations must be independent: the loop variable only indexes arrays
 * (affine: {@code i}, {@code 2 * i + 1}, {@code blk * 8 + k}); an array declared outside the loop
 * is written only at positions that differ per lane and read there or where no lane writes; a
 * variable declared outside is only summed ({@code +=}, a sum over the lanes after the loop) and
 * not read in the loop. Anything else is a compile error naming the rule.
 */
final class ParallelLoops {
  /** An index {@code constant + sum coefficients[d] * i_d} over the lane dimensions. */
  record Affine(long[] coefficients, long constant) {
    Affine padded(int dims) {
      return new Affine(Arrays.copyOf(coefficients, dims), constant);
    }

    boolean sameAs(Affine o) {
      int dims = Math.max(coefficients.length, o.coefficients.length);
      return constant == o.constant
          && Arrays.equals(padded(dims).coefficients, o.padded(dims).coefficients);
    }

    boolean laneFree() {
      for (long c : coefficients) {
        if (c != 0) {
          return false;
        }
      }
      return true;
    }
  }

  /** A write of lane values (a handle) at an affine position of an array declared outside. */
  record Write(Affine at, int handle) {}

  private static final class Level {
    final int dim;
    final long start;
    final int size;
    final Set<Symbol> outer;
    Map<Symbol, List<CVal>> sums = new LinkedHashMap<>();

    /** Lane values already read from an array (by the array's identity and the index). */
    final Map<CVal.Arr, Map<String, CVal>> reads = new java.util.IdentityHashMap<>();

    Level(int dim, long start, int size, Set<Symbol> outer) {
      this.dim = dim;
      this.start = start;
      this.size = size;
      this.outer = outer;
    }
  }

  private final CircuitCodegen g;
  private final CircuitStatements statements;
  private final Deque<Level> levels = new ArrayDeque<>();
  private final Map<Symbol, Level> laneVariables = new HashMap<>();
  private Map<Symbol, List<Write>> overlays = new LinkedHashMap<>();

  ParallelLoops(CircuitCodegen g, CircuitStatements statements) {
    this.g = g;
    this.statements = statements;
  }

  boolean active() {
    return !levels.isEmpty();
  }

  private static CircuitCodegen.Failure fail(Span at, String message) {
    return new CircuitCodegen.Failure(at, "parallel for: " + message);
  }

  void loop(Ast.For f, long start, long end, Map<Symbol, CVal> env, boolean runtimeBranch) {
    if (end <= start) {
      return;
    }
    if (end - start > CircuitBuilder.MAX_LANES) {
      throw fail(f.span(), "more than " + CircuitBuilder.MAX_LANES + " iterations");
    }
    int size = (int) (end - start);
    try {
      g.b.pushLanes(size);
    } catch (CircuitBuilder.LimitException e) {
      throw fail(f.span(), e.getMessage());
    }
    Symbol.Local variable = (Symbol.Local) g.contract.symbolOf(f);
    Level level = new Level(g.b.laneDims().size() - 1, start, size, new HashSet<>(env.keySet()));
    levels.push(level);
    laneVariables.put(variable, level);
    try {
      statements.block(f.body(), env, runtimeBranch);
      finishSums(level, env);
      finishOverlays(level, env);
    } finally {
      laneVariables.remove(variable);
      levels.pop();
      g.b.popLanes();
    }
    env.keySet().retainAll(level.outer);
  }

  /** Whether {@code e} mentions the variable of an enclosing parallel loop. */
  boolean mentionsLane(Ast.Expr e) {
    if (laneVariables.isEmpty()) {
      return false;
    }
    boolean[] found = {false};
    NameWalker.names(e, n -> found[0] |= laneVariables.containsKey(g.contract.symbolOf(n)));
    return found[0];
  }

  /** Refuses a lane variable used as a value, and a variable that the loop sums. */
  void checkRead(Ast.Name n, Symbol s) {
    if (laneVariables.containsKey(s)) {
      throw fail(
          n.span(),
          "the loop variable '"
              + n.name()
              + "' can only index arrays (as "
              + n.name()
              + ", "
              + n.name()
              + " + 1, 2 * "
              + n.name()
              + ", ...)");
    }
    for (Level level : levels) {
      if (level.sums.containsKey(s)) {
        throw fail(
            n.span(), "'" + n.name() + "' is summed by the loop (+=); read it after the loop");
      }
    }
  }

  /** The affine form of an index expression over the current lane dimensions. */
  Affine affine(Ast.Expr e, Map<Symbol, CVal> env) {
    int dims = g.b.laneDims().size();
    return switch (e) {
      case Ast.Name n when laneVariables.containsKey(g.contract.symbolOf(n)) -> {
        Level level = laneVariables.get(g.contract.symbolOf(n));
        long[] c = new long[dims];
        c[level.dim] = 1;
        yield new Affine(c, level.start);
      }
      case Ast.Binary b when b.op().equals("+") || b.op().equals("-") -> {
        Affine x = affine(b.left(), env).padded(dims);
        Affine y = affine(b.right(), env).padded(dims);
        long sign = b.op().equals("+") ? 1 : -1;
        long[] c = new long[dims];
        for (int d = 0; d < dims; d++) {
          c[d] = Math.addExact(x.coefficients()[d], sign * y.coefficients()[d]);
        }
        yield new Affine(c, Math.addExact(x.constant(), sign * y.constant()));
      }
      case Ast.Binary b when b.op().equals("*") -> {
        Affine x = affine(b.left(), env).padded(dims);
        Affine y = affine(b.right(), env).padded(dims);
        if (!x.laneFree() && !y.laneFree()) {
          throw fail(e.span(), "an index may not multiply two loop variables");
        }
        Affine lane = x.laneFree() ? y : x;
        long k = x.laneFree() ? x.constant() : y.constant();
        long[] c = new long[dims];
        for (int d = 0; d < dims; d++) {
          c[d] = Math.multiplyExact(lane.coefficients()[d], k);
        }
        yield new Affine(c, Math.multiplyExact(lane.constant(), k));
      }
      case Ast.Cast c -> affine(c.value(), env);
      default -> {
        if (mentionsLane(e)) {
          throw fail(
              e.span(),
              "an index with a loop variable must be affine (+, - and * by a constant only)");
        }
        CVal v = statements.expr(e, env);
        if (!(v instanceof CVal.Const k)) {
          throw fail(
              e.span(), "an index must be a compile-time constant or affine in loop variables");
        }
        yield new Affine(new long[dims], k.value().longValueExact());
      }
    };
  }

  /** {@code array[at]} in every lane. */
  CVal read(Ast.Index i, Affine at, Map<Symbol, CVal> env) {
    Symbol array = arraySymbol(i.target());
    List<Write> writes = array == null ? List.of() : overlays.getOrDefault(array, List.of());
    CVal.Arr base = (CVal.Arr) statements.expr(i.target(), env);
    for (Write w : writes) {
      if (w.at().sameAs(at)) {
        return new CVal.Wire(w.handle());
      }
    }
    BitSet reads = positions(i.span(), at, base.elements().size());
    for (Write w : writes) {
      if (reads.intersects(positions(i.span(), w.at(), base.elements().size()))) {
        throw fail(i.span(), "reads an element that another lane of the loop writes");
      }
    }
    return gather(i.span(), base, at);
  }

  /** {@code array[at] = value} in every lane; the array must be declared outside the loop. */
  void write(Ast.Index i, Affine at, CVal value, Map<Symbol, CVal> env) {
    Symbol array = arraySymbol(i.target());
    if (array == null || !levels.peek().outer.contains(array)) {
      throw fail(
          i.span(),
          "an array written at a loop variable's index must be a variable declared outside");
    }
    CVal.Arr base = (CVal.Arr) statements.expr(i.target(), env);
    int length = base.elements().size();
    BitSet at0 = positions(i.span(), at, length);
    if (at0.cardinality() != g.b.lanes()) {
      throw fail(i.span(), "several lanes write the same element (the index must differ per lane)");
    }
    List<Write> writes = new ArrayList<>(overlays.getOrDefault(array, List.of()));
    writes.removeIf(w -> w.at().sameAs(at));
    for (Write w : writes) {
      if (at0.intersects(positions(i.span(), w.at(), length))) {
        throw fail(i.span(), "writes elements that the loop also writes at another index");
      }
    }
    writes.add(new Write(at.padded(g.b.laneDims().size()), handleOf(value)));
    overlays.put(array, writes);
  }

  /** {@code target += value} for a variable declared outside the innermost loop. */
  boolean sum(Ast.Name target, String op, java.util.function.Supplier<CVal> value) {
    if (levels.isEmpty()) {
      return false;
    }
    Symbol s = g.contract.symbolOf(target);
    Level level = levels.peek();
    if (!level.outer.contains(s)) {
      return false;
    }
    if (!op.equals("+=")) {
      throw fail(
          target.span(),
          "'"
              + target.name()
              + "' is declared outside the loop: the loop may only add to it (+=), not "
              + op);
    }
    CVal term = value.get();
    level.sums.computeIfAbsent(s, k -> new ArrayList<>()).add(term);
    return true;
  }

  /** Refuses an assignment (other than +=) of a variable declared outside the loop. */
  void checkAssign(Ast.Name target) {
    if (!levels.isEmpty() && levels.peek().outer.contains(g.contract.symbolOf(target))) {
      throw fail(
          target.span(),
          "'" + target.name() + "' is declared outside the loop: the loop may only add to it (+=)");
    }
  }

  /** Refuses a write at a constant index of an array declared outside: every lane would make it. */
  void checkElementWrite(Ast.Index i) {
    Symbol array = arraySymbol(i.target());
    if (!levels.isEmpty() && array != null && levels.peek().outer.contains(array)) {
      throw fail(
          i.span(),
          "every lane would write this element of an array declared outside the loop; index it"
              + " by the loop variable");
    }
  }

  /** The state a branch changes: the writes and the sums of the innermost loop. */
  record BranchState(Map<Symbol, List<Write>> overlays, Map<Symbol, List<CVal>> sums) {}

  BranchState save() {
    Map<Symbol, List<CVal>> sums = new LinkedHashMap<>();
    if (!levels.isEmpty()) {
      levels.peek().sums.forEach((k, v) -> sums.put(k, new ArrayList<>(v)));
    }
    Map<Symbol, List<Write>> o = new LinkedHashMap<>();
    overlays.forEach((k, v) -> o.put(k, new ArrayList<>(v)));
    return new BranchState(o, sums);
  }

  void restore(BranchState state) {
    BranchState copy = copy(state);
    overlays = copy.overlays();
    if (!levels.isEmpty()) {
      levels.peek().sums = copy.sums();
    }
  }

  private static BranchState copy(BranchState s) {
    Map<Symbol, List<CVal>> sums = new LinkedHashMap<>();
    s.sums().forEach((k, v) -> sums.put(k, new ArrayList<>(v)));
    Map<Symbol, List<Write>> o = new LinkedHashMap<>();
    s.overlays().forEach((k, v) -> o.put(k, new ArrayList<>(v)));
    return new BranchState(o, sums);
  }

  /**
   * After {@code if condition {..} else {..}}: every element written and every term summed in
   * either branch becomes a selection by the condition (the other branch's value, or 0 for a sum).
   */
  void merge(
      Ast.If at,
      CVal condition,
      BranchState before,
      BranchState then,
      BranchState otherwise,
      Map<Symbol, CVal> env) {
    restore(before);
    Set<Symbol> summed = new HashSet<>(then.sums().keySet());
    summed.addAll(otherwise.sums().keySet());
    for (Symbol s : summed) {
      CVal t = newTerms(then.sums(), before.sums(), s);
      CVal o = newTerms(otherwise.sums(), before.sums(), s);
      levels
          .peek()
          .sums
          .computeIfAbsent(s, k -> new ArrayList<>())
          .add(g.ops.select(condition, t, o));
    }
    Set<Symbol> written = new HashSet<>(then.overlays().keySet());
    written.addAll(otherwise.overlays().keySet());
    for (Symbol s : written) {
      List<Write> merged = new ArrayList<>();
      List<Affine> patterns = new ArrayList<>();
      for (Write w : then.overlays().getOrDefault(s, List.of())) {
        patterns.add(w.at());
      }
      for (Write w : otherwise.overlays().getOrDefault(s, List.of())) {
        if (patterns.stream().noneMatch(p -> p.sameAs(w.at()))) {
          patterns.add(w.at());
        }
      }
      CVal.Arr base = (CVal.Arr) env.get(s);
      for (Affine p : patterns) {
        CVal t = valueAt(then.overlays(), s, p, base, at);
        CVal o = valueAt(otherwise.overlays(), s, p, base, at);
        merged.add(new Write(p, handleOf(g.ops.select(condition, t, o))));
      }
      overlays.put(s, merged);
    }
  }

  private CVal newTerms(Map<Symbol, List<CVal>> branch, Map<Symbol, List<CVal>> before, Symbol s) {
    List<CVal> all = branch.getOrDefault(s, List.of());
    int old = before.getOrDefault(s, List.of()).size();
    CVal total = new CVal.Const(BigInteger.ZERO);
    for (CVal term : all.subList(old, all.size())) {
      total = g.ops.add(total, term);
    }
    return total;
  }

  private CVal valueAt(
      Map<Symbol, List<Write>> state, Symbol s, Affine p, CVal.Arr base, Ast.If at) {
    for (Write w : state.getOrDefault(s, List.of())) {
      if (w.at().sameAs(p)) {
        return new CVal.Wire(w.handle());
      }
    }
    return gather(at.span(), base, p);
  }

  private int handleOf(CVal value) {
    int w = g.ops.wire(value);
    return CircuitBuilder.isHandle(w) ? w : g.b.view(w, new int[g.b.laneDims().size()]);
  }

  private Symbol arraySymbol(Ast.Expr target) {
    return target instanceof Ast.Name n ? g.contract.symbolOf(n) : null;
  }

  /** The positions an affine index takes over all lanes; out of bounds is a compile error. */
  private BitSet positions(Span at, Affine index, int length) {
    BitSet out = new BitSet(length);
    List<Integer> dims = g.b.laneDims();
    Affine a = index.padded(dims.size());
    List<Integer> moving = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      if (a.coefficients()[d] != 0) {
        moving.add(d);
      }
    }
    int[] counter = new int[moving.size()];
    while (true) {
      long p = a.constant();
      for (int k = 0; k < moving.size(); k++) {
        p += a.coefficients()[moving.get(k)] * counter[k];
      }
      if (p < 0 || p >= length) {
        throw fail(at, "index " + p + " is out of bounds (length " + length + ")");
      }
      out.set((int) p);
      int k = moving.size() - 1;
      while (k >= 0 && ++counter[k] == dims.get(moving.get(k))) {
        counter[k--] = 0;
      }
      if (k < 0) {
        return out;
      }
    }
  }

  /**
   * The elements of {@code base} at an affine index as lane values: one constant, wires of one
   * block in steps (a view, no gate), or else a list of one wire per lane (circuit-ir.md section
   * 10: any wires, with the hull of their intervals).
   */
  private CVal gather(Span at, CVal.Arr base, Affine index) {
    Affine a = index.padded(g.b.laneDims().size());
    String key = Arrays.toString(a.coefficients()) + "+" + a.constant();
    Map<String, CVal> cache = levels.peek().reads.computeIfAbsent(base, b -> new HashMap<>());
    CVal cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    CVal value;
    try {
      value = strided(at, base, index);
    } catch (CircuitCodegen.Failure notStrided) {
      value = listed(at, base, index);
    }
    cache.put(key, value);
    return value;
  }

  /** A list handle: lane l reads the element at the index's value in lane l. */
  private CVal listed(Span at, CVal.Arr base, Affine index) {
    List<Integer> dims = g.b.laneDims();
    Affine a = index.padded(dims.size());
    positions(at, a, base.elements().size()); // bounds
    int lanes = g.b.lanes();
    int[] wires = new int[lanes];
    int[] counter = new int[dims.size()];
    for (int lane = 0; lane < lanes; lane++) {
      long p = a.constant();
      for (int d = 0; d < dims.size(); d++) {
        p += a.coefficients()[d] * counter[d];
      }
      CVal e = base.elements().get((int) p);
      if (e instanceof CVal.Wire w && CircuitBuilder.isHandle(w.id())) {
        throw notOneBlock(at);
      }
      wires[lane] = g.ops.wire(e);
      for (int d = dims.size() - 1; d >= 0 && ++counter[d] == dims.get(d); d--) {
        counter[d] = 0;
      }
    }
    // the list goes into the document once: copied into one block, read strided after that
    return new CVal.Wire(g.b.addc(g.b.listView(wires, dims.size()), BigInteger.ZERO));
  }

  private CVal strided(Span at, CVal.Arr base, Affine index) {
    List<Integer> dims = g.b.laneDims();
    Affine a = index.padded(dims.size());
    BitSet reached = positions(at, a, base.elements().size());
    CVal origin = base.elements().get((int) a.constant());
    if (origin instanceof CVal.Const c) {
      for (int p = reached.nextSetBit(0); p >= 0; p = reached.nextSetBit(p + 1)) {
        if (!base.elements().get(p).equals(c)) {
          throw notOneBlock(at);
        }
      }
      return c;
    }
    if (!(origin instanceof CVal.Wire w0) || CircuitBuilder.isHandle(w0.id())) {
      throw notOneBlock(at);
    }
    // wires must be affine in the position: w(p) = w0 + sigma * (p - p0)
    int p0 = (int) a.constant();
    long sigma = 0;
    boolean known = false;
    int block = g.b.blockOf(w0.id());
    for (int p = reached.nextSetBit(0); p >= 0; p = reached.nextSetBit(p + 1)) {
      if (!(base.elements().get(p) instanceof CVal.Wire w) || CircuitBuilder.isHandle(w.id())) {
        throw notOneBlock(at);
      }
      if (p != p0 && !known) {
        long diff = (long) w.id() - w0.id();
        if (diff % (p - p0) != 0) {
          throw notOneBlock(at);
        }
        sigma = diff / (p - p0);
        known = true;
      }
      if ((long) w.id() != w0.id() + sigma * (p - p0) || !g.b.inBlock(block, w.id())) {
        throw notOneBlock(at);
      }
    }
    int[] steps = new int[dims.size()];
    for (int d = 0; d < dims.size(); d++) {
      steps[d] = Math.toIntExact(sigma * a.coefficients()[d]);
    }
    return new CVal.Wire(g.b.view(w0.id(), steps));
  }

  private CircuitCodegen.Failure notOneBlock(Span at) {
    return fail(
        at,
        "the elements read here are values of this loop's own lanes (an array declared in the"
            + " loop body); only arrays declared outside the loop can be read at a loop variable's"
            + " index");
  }

  /** Turns the loop's sums into values (or into terms of the enclosing loop's sums). */
  private void finishSums(Level level, Map<Symbol, CVal> env) {
    Level enclosing = levels.size() > 1 ? levels.stream().skip(1).findFirst().orElseThrow() : null;
    for (Map.Entry<Symbol, List<CVal>> e : level.sums.entrySet()) {
      Symbol s = e.getKey();
      CVal term = new CVal.Const(BigInteger.ZERO);
      for (CVal t : e.getValue()) {
        term = g.ops.add(term, t);
      }
      boolean passOn = enclosing != null && enclosing.outer.contains(s);
      CVal start = passOn ? new CVal.Const(BigInteger.ZERO) : env.get(s);
      CVal total;
      if (term instanceof CVal.Const c) {
        total =
            g.ops.add(start, new CVal.Const(c.value().multiply(BigInteger.valueOf(level.size))));
      } else {
        total = new CVal.Wire(g.b.sumInnermost(g.ops.wire(start), g.ops.wire(term)));
      }
      if (passOn) {
        enclosing.sums.computeIfAbsent(s, k -> new ArrayList<>()).add(total);
      } else {
        env.put(s, g.reduction.settle(total, s.type()));
      }
    }
  }

  /**
   * Writes of this loop's lanes become, for each value of its variable, writes of the enclosing
   * loop's lanes, or plain elements when no loop encloses it.
   */
  private void finishOverlays(Level level, Map<Symbol, CVal> env) {
    Map<Symbol, List<Write>> next = new LinkedHashMap<>();
    for (Map.Entry<Symbol, List<Write>> e : overlays.entrySet()) {
      List<Write> kept = new ArrayList<>();
      List<CVal> elements = new ArrayList<>(((CVal.Arr) env.get(e.getKey())).elements());
      for (Write w : e.getValue()) {
        if (w.at().coefficients().length <= level.dim) {
          kept.add(w);
          continue;
        }
        Affine at = w.at();
        long c = at.coefficients()[level.dim];
        for (int v = 0; v < level.size; v++) {
          long position = at.constant() + c * v;
          int fixed = g.b.fixLast(w.handle(), level.dim, v);
          if (level.dim == 0) {
            elements.set((int) position, new CVal.Wire(fixed));
          } else {
            long[] outerCoefficients = Arrays.copyOf(at.coefficients(), level.dim);
            kept.add(new Write(new Affine(outerCoefficients, position), fixed));
          }
        }
      }
      if (level.dim == 0) {
        env.put(e.getKey(), new CVal.Arr(elements));
      } else {
        next.put(e.getKey(), kept);
      }
    }
    overlays = next;
  }
}
