package io.parley.contracts.circuit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.zk.circuit.Interval;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a parley-circuit/1, /2 or /3 document (docs/spec/circuit-ir.md): numbers wires, tracks
 * each wire's interval and visibility exactly as the IR validator does, and refuses to exceed the
 * IR's limits.
 *
 * <p>Inside a parallel loop the builder has a lane grid ({@link #pushLanes}): a value that differs
 * per lane is a <em>handle</em>, an id from {@link #HANDLE_BASE} up naming a strided view of wires
 * (circuit-ir.md section 10), with one interval for every lane. Every operation with a handle
 * operand becomes one vector gate over the grid and returns a handle; operations on plain wires
 * only are scalar gates, computed once for all lanes. The code generator above passes handles
 * around as if they were wires.
 */
final class CircuitBuilder {
  static final int MAX_GATES = 1_000_000;

  /** Ids from here up are handles, not wires. */
  static final int HANDLE_BASE = 1 << 30;

  /** Lanes of one vector gate, and of all gates together (circuit-ir.md section 10). */
  static final int MAX_LANES = 1 << 20;

  static final int MAX_TOTAL_LANES = 1 << 23;

  /** A strided view of wires: lane (i_1..i_d) is wire {@code wire + sum steps[k] * i_k}. */
  /**
   * A handle: a strided view ({@code list} null), or a list of one wire per lane of the first
   * {@code list.length}-lane dimensions it was made over (lanes of inner dimensions repeat it).
   */
  record Handle(
      int wire, int[] steps, BigInteger lo, BigInteger hi, boolean secret, int[] list, int dims) {
    Handle(int wire, int[] steps, BigInteger lo, BigInteger hi, boolean secret) {
      this(wire, steps, lo, hi, secret, null, steps.length);
    }

    boolean isList() {
      return list != null;
    }
  }

  /** A vector gate whose output handles are being made (one per output of a lane). */
  private record Pending(int first, int perLane, int lanes, List<BigInteger[]> ranges) {}

  static final int COMPARE_BITS = 80;
  static final BigInteger COMPARE_LIMIT = BigInteger.ONE.shiftLeft(COMPARE_BITS);
  static final BigInteger DIV_LIMIT = BigInteger.ONE.shiftLeft(36);
  static final BigInteger RANGE_LIMIT = BigInteger.ONE.shiftLeft(125);

  /** A limit of the circuit IR was hit; the code generator adds the source position. */
  static final class LimitException extends RuntimeException {
    LimitException(String message) {
      super(message, null, false, false);
    }
  }

  private final ObjectMapper mapper = new ObjectMapper();
  private final ArrayNode inputs = mapper.createArrayNode();
  private final ArrayNode gates = mapper.createArrayNode();
  private final ArrayNode outputs = mapper.createArrayNode();
  private final ArrayNode recipients = mapper.createArrayNode();
  private final List<BigInteger> lo = new ArrayList<>();
  private final List<BigInteger> hi = new ArrayList<>();
  private final List<Boolean> secret = new ArrayList<>();
  private final Map<BigInteger, Integer> constants = new HashMap<>();
  private final List<Integer> laneDims = new ArrayList<>();
  private final List<Handle> handles = new ArrayList<>();
  private final List<Integer> blockStarts = new ArrayList<>();
  private Pending pending;
  private boolean vectors;
  private long totalLanes;
  private int gateCount;

  /** Enters a parallel loop of {@code size} lanes (a new innermost dimension of the grid). */
  void pushLanes(int size) {
    long lanes = (long) lanes() * size;
    if (laneDims.size() >= 3 || lanes > MAX_LANES) {
      throw new LimitException(
          "parallel loops nest at most 3 deep and make at most "
              + MAX_LANES
              + " lanes in all (this one would make "
              + lanes
              + ")");
    }
    laneDims.add(size);
  }

  void popLanes() {
    laneDims.remove(laneDims.size() - 1);
  }

  List<Integer> laneDims() {
    return List.copyOf(laneDims);
  }

  int lanes() {
    int n = 1;
    for (int d : laneDims) {
      n *= d;
    }
    return n;
  }

  static boolean isHandle(int id) {
    return id >= HANDLE_BASE;
  }

  Handle handle(int id) {
    return handles.get(id - HANDLE_BASE);
  }

  /** A handle viewing existing wires of one block: lane i is wire + sum steps[k] * i_k. */
  int view(int wire, int[] steps) {
    handles.add(new Handle(wire, steps.clone(), lo(wire), hi(wire), secret(wire)));
    return HANDLE_BASE + handles.size() - 1;
  }

  /**
   * A handle reading wire {@code wires[l]} in lane l of the first {@code dims} dimensions of the
   * grid (circuit-ir.md list operand): its interval is the hull of theirs (section 10.2).
   */
  int listView(int[] wires, int dims) {
    BigInteger min = lo(wires[0]);
    BigInteger max = hi(wires[0]);
    boolean anySecret = false;
    for (int w : wires) {
      min = min.min(lo(w));
      max = max.max(hi(w));
      anySecret |= secret(w);
    }
    handles.add(new Handle(wires[0], new int[0], min, max, anySecret, wires.clone(), dims));
    return HANDLE_BASE + handles.size() - 1;
  }

  /** Lanes of the first {@code dims} dimensions of the current grid. */
  int lanes(int dims) {
    int n = 1;
    for (int d = 0; d < dims; d++) {
      n *= laneDims.get(d);
    }
    return n;
  }

  /**
   * The handle {@code h} with grid dimension {@code dim} fixed at {@code v}: a handle over the
   * dimensions before it, or its wire when {@code dim} is 0.
   */
  int fixLast(int h, int dim, int v) {
    Handle handle = handle(h);
    if (handle.isList()) {
      if (handle.dims() <= dim) {
        return dim == 0 ? handle.list()[0] : h; // does not depend on this dimension
      }
      int inner = lanes(handle.dims()) / lanes(dim);
      int[] outer = new int[lanes(dim)];
      for (int l = 0; l < outer.length; l++) {
        outer[l] = handle.list()[l * inner + v * (inner / laneDims.get(dim))];
      }
      return dim == 0 ? outer[0] : listView(outer, dim);
    }
    int step = dim < handle.steps().length ? handle.steps()[dim] : 0;
    int wire = handle.wire() + step * v;
    return dim == 0 ? wire : view(wire, java.util.Arrays.copyOf(handle.steps(), dim));
  }

  /** The first wire of the block (an input or a gate's outputs) holding {@code wire}. */
  int blockOf(int wire) {
    int i = java.util.Collections.binarySearch(blockStarts, wire);
    return i >= 0 ? blockStarts.get(i) : blockStarts.get(-i - 2);
  }

  /** Whether {@code wire} lies in the block starting at {@code start}. */
  boolean inBlock(int start, int wire) {
    return wire >= start && blockOf(wire) == start;
  }

  int wires() {
    return lo.size();
  }

  int gateCount() {
    return gateCount;
  }

  BigInteger lo(int wire) {
    return isHandle(wire) ? handle(wire).lo() : lo.get(wire);
  }

  BigInteger hi(int wire) {
    return isHandle(wire) ? handle(wire).hi() : hi.get(wire);
  }

  Interval interval(int wire) {
    return new Interval(lo(wire), hi(wire));
  }

  boolean secret(int wire) {
    return isHandle(wire) ? handle(wire).secret() : secret.get(wire);
  }

  /** Declares an input of {@code count} elements; returns the first wire id. */
  int input(String name, String kind, String type, int count, BigInteger min, BigInteger max) {
    if (gateCount > 0) {
      throw new IllegalStateException("inputs must precede gates");
    }
    inputs.addObject().put("name", name).put("kind", kind).put("type", type);
    int first = wires();
    blockStarts.add(first);
    for (int i = 0; i < count; i++) {
      newWire(min, max, !kind.equals("public"));
    }
    return first;
  }

  private int newWire(BigInteger min, BigInteger max, boolean isSecret) {
    if (min.abs().compareTo(RANGE_LIMIT) > 0 || max.abs().compareTo(RANGE_LIMIT) > 0) {
      throw new LimitException(
          "a secret value needs "
              + (Math.max(min.bitLength(), max.bitLength()) + 1)
              + " bits, beyond the circuit IR's 125-bit range (use narrower types, e.g. no"
              + " secret u64 * secret u64)");
    }
    if (pending != null) {
      return laneOutput(min, max, isSecret);
    }
    lo.add(min);
    hi.add(max);
    secret.add(isSecret);
    return lo.size() - 1;
  }

  /** The next output handle of the pending vector gate; its wires exist once all are made. */
  private int laneOutput(BigInteger min, BigInteger max, boolean isSecret) {
    Pending p = pending;
    int r = p.ranges().size();
    p.ranges().add(new BigInteger[] {min, max});
    int[] steps = new int[laneDims.size()];
    int stride = p.perLane();
    for (int d = laneDims.size() - 1; d >= 0; d--) {
      steps[d] = stride;
      stride *= laneDims.get(d);
    }
    handles.add(new Handle(p.first() + r, steps, min, max, isSecret));
    if (r + 1 == p.perLane()) {
      pending = null;
      for (int lane = 0; lane < p.lanes(); lane++) {
        for (BigInteger[] range : p.ranges()) {
          lo.add(range[0]);
          hi.add(range[1]);
          secret.add(isSecret);
        }
      }
    }
    return HANDLE_BASE + handles.size() - 1;
  }

  private ObjectNode gate(String op, int... in) {
    return gateWith(op, 1, in);
  }

  /**
   * A gate with {@code perLane} outputs: a vector gate over the lane grid when an operand is a
   * handle (its outputs are then handles, see {@link #laneOutput}), else a scalar gate.
   */
  private ObjectNode gateWith(String op, int perLane, int... in) {
    if (++gateCount > MAX_GATES) {
      throw new LimitException("the circuit has more than " + MAX_GATES + " gates");
    }
    boolean vector = false;
    for (int w : in) {
      vector |= isHandle(w);
    }
    ObjectNode g = gates.addObject();
    g.put("id", wires());
    g.put("op", op);
    blockStarts.add(wires());
    if (vector) {
      int lanes = lanes();
      totalLanes += lanes;
      if (totalLanes > MAX_TOTAL_LANES) {
        throw new LimitException(
            "the circuit's vector gates have more than " + MAX_TOTAL_LANES + " lanes in all");
      }
      vectors = true;
      ArrayNode shape = g.putArray("shape");
      laneDims.forEach(shape::add);
      pending = new Pending(wires(), perLane, lanes, new ArrayList<>());
    }
    ArrayNode operands = g.putArray("in");
    for (int w : in) {
      if (vector && isHandle(w)) {
        operands.add(ref(handle(w)));
      } else {
        operands.add(w);
      }
    }
    return g;
  }

  private ObjectNode ref(Handle h) {
    if (h.isList()) {
      // one wire per lane of the current grid: lanes of dimensions inner to the list repeat it
      int lanes = lanes();
      int repeat = lanes / h.list().length;
      ObjectNode r = mapper.createObjectNode();
      ArrayNode wires = r.putArray("wires");
      for (int l = 0; l < lanes; l++) {
        wires.add(h.list()[l / repeat]);
      }
      return r;
    }
    ObjectNode r = mapper.createObjectNode().put("w", h.wire());
    ArrayNode steps = r.putArray("step");
    for (int d = 0; d < laneDims.size(); d++) {
      steps.add(d < h.steps().length ? h.steps()[d] : 0);
    }
    return r;
  }

  /**
   * The sum over the innermost lane dimension of {@code term} (a handle or a wire), plus {@code
   * base}: a vector {@code sum} gate over the outer dimensions (shape [1] when there are none)
   * whose operand is a run along the innermost one. Returns a handle of the outer grid, or a wire
   * when it has no dimension. Call while the innermost dimension is still pushed.
   */
  int sumInnermost(int base, int term) {
    if (isHandle(term) && handle(term).isList()) {
      term =
          addc(term, BigInteger.ZERO); // a run needs a strided operand: copy the list into a block
    }
    if (isHandle(base) && handle(base).isList()) {
      base = addc(base, BigInteger.ZERO);
    }
    int inner = laneDims.size() - 1;
    int size = laneDims.get(inner);
    List<Integer> outer = new ArrayList<>(laneDims.subList(0, inner));
    Handle h = isHandle(term) ? handle(term) : null;
    int by = h != null && inner < h.steps().length ? h.steps()[inner] : 0;
    if (++gateCount > MAX_GATES) {
      throw new LimitException("the circuit has more than " + MAX_GATES + " gates");
    }
    ObjectNode g = gates.addObject();
    g.put("id", wires());
    g.put("op", "sum");
    ArrayNode shape = g.putArray("shape");
    int lanes = 1;
    for (int d : outer) {
      shape.add(d);
      lanes *= d;
    }
    if (outer.isEmpty()) {
      shape.add(1);
    }
    totalLanes += lanes;
    vectors = true;
    blockStarts.add(wires());
    ArrayNode operands = g.putArray("in");
    operands.add(outerRef(base, outer.size()));
    ObjectNode run = outerRef(term, outer.size());
    run.put("run", size).put("by", by);
    operands.add(run);
    BigInteger[] baseRange = {lo(base), hi(base)};
    BigInteger tlo = lo(term).multiply(BigInteger.valueOf(size));
    BigInteger thi = hi(term).multiply(BigInteger.valueOf(size));
    boolean isSecret = secret(base) || secret(term);
    List<Integer> saved = new ArrayList<>(laneDims);
    laneDims.clear();
    laneDims.addAll(outer.isEmpty() ? List.of(1) : outer);
    pending = new Pending(wires(), 1, lanes, new ArrayList<>());
    int out = newWire(baseRange[0].add(tlo), baseRange[1].add(thi), isSecret);
    laneDims.clear();
    laneDims.addAll(saved);
    if (outer.isEmpty()) {
      return handle(out).wire();
    }
    return out;
  }

  /** A ref of {@code w} over the first {@code dims} dimensions (an object, even for a wire). */
  private ObjectNode outerRef(int w, int dims) {
    ObjectNode r = mapper.createObjectNode();
    int[] steps = isHandle(w) ? handle(w).steps() : new int[0];
    r.put("w", isHandle(w) ? handle(w).wire() : w);
    ArrayNode s = r.putArray("step");
    for (int d = 0; d < Math.max(dims, 1); d++) {
      s.add(d < dims && d < steps.length ? steps[d] : 0);
    }
    return r;
  }

  private boolean anySecret(int... in) {
    for (int w : in) {
      if (secret(w)) {
        return true;
      }
    }
    return false;
  }

  int constant(BigInteger c) {
    Integer existing = constants.get(c);
    if (existing != null) {
      return existing;
    }
    gate("const").put("c", c.toString());
    int w = newWire(c, c, false);
    constants.put(c, w);
    return w;
  }

  int add(int a, int b) {
    gate("add", a, b);
    return newWire(lo(a).add(lo(b)), hi(a).add(hi(b)), anySecret(a, b));
  }

  int sub(int a, int b) {
    gate("sub", a, b);
    return newWire(lo(a).subtract(hi(b)), hi(a).subtract(lo(b)), anySecret(a, b));
  }

  int neg(int a) {
    gate("neg", a);
    return newWire(hi(a).negate(), lo(a).negate(), anySecret(a));
  }

  int addc(int a, BigInteger c) {
    gate("addc", a).put("c", c.toString());
    return newWire(lo(a).add(c), hi(a).add(c), anySecret(a));
  }

  int mulc(int a, BigInteger c) {
    gate("mulc", a).put("c", c.toString());
    BigInteger x = lo(a).multiply(c);
    BigInteger y = hi(a).multiply(c);
    return newWire(x.min(y), x.max(y), anySecret(a));
  }

  int mul(int a, int b) {
    gate("mul", a, b);
    BigInteger[] p = {
      lo(a).multiply(lo(b)), lo(a).multiply(hi(b)), hi(a).multiply(lo(b)), hi(a).multiply(hi(b))
    };
    BigInteger min = p[0];
    BigInteger max = p[0];
    for (BigInteger v : p) {
      min = min.min(v);
      max = max.max(v);
    }
    return newWire(min, max, anySecret(a, b));
  }

  int compare(String op, int a, int b) {
    BigInteger dlo = lo(a).subtract(hi(b));
    BigInteger dhi = hi(a).subtract(lo(b));
    if (dlo.compareTo(COMPARE_LIMIT.negate()) < 0 || dhi.compareTo(COMPARE_LIMIT) >= 0) {
      throw new LimitException(
          "a comparison of values wider than 80 bits is beyond the circuit IR");
    }
    gate(op, a, b);
    return newWire(BigInteger.ZERO, BigInteger.ONE, anySecret(a, b));
  }

  int logic(String op, int... in) {
    gate(op, in);
    return newWire(BigInteger.ZERO, BigInteger.ONE, anySecret(in));
  }

  int select(int s, int a, int b) {
    gate("select", s, a, b);
    return newWire(lo(a).min(lo(b)), hi(a).max(hi(b)), anySecret(s, a, b));
  }

  /** {@code bits}: returns the first of {@code width} output wires (bit 0 first). */
  int bits(int a, int width) {
    checkNarrow(a, "bit decomposition");
    gateWith("bits", width, a).put("width", width);
    int first = -1;
    for (int i = 0; i < width; i++) {
      int w = newWire(BigInteger.ZERO, BigInteger.ONE, anySecret(a));
      first = i == 0 ? w : first;
    }
    return first;
  }

  int fromBits(List<Integer> bitWires, boolean signed, BigInteger min, BigInteger max) {
    gate("from_bits", bitWires.stream().mapToInt(Integer::intValue).toArray())
        .put("signed", signed);
    return newWire(min, max, anySecret(bitWires.stream().mapToInt(Integer::intValue).toArray()));
  }

  int wrap(int a, String type, BigInteger min, BigInteger max) {
    checkNarrow(a, "wrapping to " + type);
    gate("wrap", a).put("type", type);
    return newWire(min, max, anySecret(a));
  }

  int divc(int a, BigInteger c) {
    checkNarrow(a, "division");
    if (c.bitCount() != 1
        && (lo(a).compareTo(DIV_LIMIT.negate()) < 0 || hi(a).compareTo(DIV_LIMIT) >= 0)) {
      throw new LimitException(
          "division by a constant that is not a power of two needs operands below 2^36 (circuit IR limit)");
    }
    gate("divc", a).put("c", c.toString());
    return newWire(floorDiv(lo(a), c), floorDiv(hi(a), c), anySecret(a));
  }

  private static BigInteger floorDiv(BigInteger a, BigInteger c) {
    BigInteger[] qr = a.divideAndRemainder(c);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  private void checkNarrow(int a, String what) {
    if (lo(a).compareTo(COMPARE_LIMIT.negate()) < 0 || hi(a).compareTo(COMPARE_LIMIT) >= 0) {
      throw new LimitException(
          what
              + " of a value that needs more than 80 bits is beyond the circuit IR (use narrower"
              + " types, e.g. no secret u64 * secret u64)");
    }
  }

  void recipient(String name) {
    recipients.addObject().put("name", name);
  }

  void output(
      String name, List<Integer> wires, String type, String to, String address, String recipient) {
    ObjectNode o = outputs.addObject().put("name", name);
    if (type.endsWith("]")) {
      ArrayNode ws = o.putArray("wires");
      wires.forEach(ws::add);
    } else {
      o.put("wire", wires.get(0));
    }
    o.put("type", type).put("to", to);
    if (address != null) {
      o.put("address", address);
    }
    if (recipient != null) {
      o.put("recipient", recipient);
    }
  }

  String toJson(String name) {
    ObjectNode root = mapper.createObjectNode();
    boolean collections = false;
    for (var in : inputs) {
      collections |= in.path("kind").asText().equals("collection");
    }
    root.put(
        "format",
        vectors ? "parley-circuit/3" : collections ? "parley-circuit/2" : "parley-circuit/1");
    root.put("name", name);
    root.set("inputs", inputs);
    root.set("gates", gates);
    root.set("outputs", outputs);
    if (!recipients.isEmpty()) {
      root.set("recipients", recipients);
    }
    return root.toString();
  }
}
