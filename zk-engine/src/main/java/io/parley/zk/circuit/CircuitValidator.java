package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The validation rules of docs/spec/circuit-ir.md section 6, reporting the first violation. */
public final class CircuitValidator {
  public static final int MAX_GATES = 1_000_000;
  public static final int MAX_WIRES = 2_000_000;

  /** Wires of a version-3 document (vector gates make more of them). */
  public static final int MAX_WIRES_3 = 1 << 23;

  /** Lanes of all gates of a version-3 document together (a scalar gate is one lane). */
  public static final int MAX_LANES_3 = 1 << 23;

  /** Ops whose vector operands may be runs of wires. */
  private static final Set<String> RUN_OPS = Set.of("sum", "dot");

  public static final int MAX_ELEMENTS = 65_536;
  public static final int MAX_DEPTH = 4_096;
  public static final int FIELD_BITS = 125;
  public static final int COMPARE_BITS = 80;
  public static final int DIVIDE_BITS = 36;

  /** Ops evaluated locally on shares (depth unchanged); the interpreter batches the others. */
  public static final Set<String> LOCAL =
      Set.of("const", "add", "sub", "neg", "addc", "mulc", "sum", "from_bits", "not");

  private static final Map<String, Set<String>> FIELDS =
      Map.ofEntries(
          Map.entry("const", Set.of("c")),
          Map.entry("add", Set.of()),
          Map.entry("sub", Set.of()),
          Map.entry("neg", Set.of()),
          Map.entry("addc", Set.of("c")),
          Map.entry("mulc", Set.of("c")),
          Map.entry("mul", Set.of()),
          Map.entry("sum", Set.of()),
          Map.entry("dot", Set.of()),
          Map.entry("lt", Set.of()),
          Map.entry("le", Set.of()),
          Map.entry("eq", Set.of()),
          Map.entry("not", Set.of()),
          Map.entry("and", Set.of()),
          Map.entry("or", Set.of()),
          Map.entry("xor", Set.of()),
          Map.entry("select", Set.of()),
          Map.entry("bits", Set.of("width")),
          Map.entry("from_bits", Set.of("signed")),
          Map.entry("wrap", Set.of("type")),
          Map.entry("divc", Set.of("c")));

  private CircuitValidator() {}

  public static ValidatedCircuit validate(Circuit circuit) {
    if (circuit.gates().size() > MAX_GATES) {
      throw new CircuitException("E_LIMIT", "more than " + MAX_GATES + " gates");
    }
    Set<String> names = new HashSet<>();
    WireTable table = new WireTable();
    List<Interval> intervals = table.intervalList();
    List<Boolean> secret = table.secretList();
    for (Circuit.Input input : circuit.inputs()) {
      if (!names.add(input.name())) {
        throw new CircuitException("E_NAME", "duplicate input name '" + input.name() + "'");
      }
      table.add(
          input.type().interval(),
          input.kind() != Circuit.InputKind.PUBLIC,
          0,
          input.type().length());
    }
    int inputWires = intervals.size();
    if (inputWires > MAX_ELEMENTS) {
      throw new CircuitException("E_LIMIT", "more than " + MAX_ELEMENTS + " input elements");
    }
    int maxWires = circuit.version() >= 3 ? MAX_WIRES_3 : MAX_WIRES;
    int[] firstOutput = new int[circuit.gates().size()];
    int[] firstElement = new int[circuit.gates().size()];
    int[] blockStart = new int[circuit.inputs().size() + circuit.gates().size()];
    int blocks = 0;
    for (int i = 0, wire = 0; i < circuit.inputs().size(); i++) {
      blockStart[blocks++] = wire;
      wire += circuit.inputs().get(i).type().length();
    }
    long lanes = 0;
    int maxDepth = 0;
    for (int g = 0; g < circuit.gates().size(); g++) {
      Circuit.Gate gate = circuit.gates().get(g);
      String where = "gate " + g + " (" + gate.op() + ")";
      firstOutput[g] = intervals.size();
      firstElement[g] = (int) lanes;
      Circuit.Gate element = gate;
      WireTable.Extra extra = table.extra();
      if (gate.vector()) {
        lanes += gate.lanes();
        if (lanes > MAX_LANES_3) {
          throw new CircuitException("E_LIMIT", "more than " + MAX_LANES_3 + " lanes in all");
        }
        checkRefs(gate, where, firstOutput[g], blockStart, blocks);
        element = gate.element(0);
        if (gate.refs().stream().anyMatch(Circuit.Ref::isList)) {
          extra = table.extra();
          element = hulls(gate, table, extra);
        }
      } else {
        lanes++;
      }
      GateRules.Result r =
          GateRules.apply(
              element, where, table.intervalList(extra), table.secretList(extra), FIELDS);
      boolean anySecret = false;
      int d = 0;
      for (int w : element.in()) {
        anySecret |= extra.secret(w);
        d = Math.max(d, extra.depth(w));
      }
      if (anySecret && !LOCAL.contains(gate.op())) {
        d++;
      }
      if (d > MAX_DEPTH) {
        throw new CircuitException("E_LIMIT", where + ": interactive depth over " + MAX_DEPTH);
      }
      maxDepth = Math.max(maxDepth, d);
      if (gate.id().isPresent() && gate.id().get() != firstOutput[g]) {
        throw new CircuitException(
            "E_ID",
            where + ": id " + gate.id().get() + " but the gate's wire is " + firstOutput[g]);
      }
      for (Interval out : r.outputs()) {
        if (!out.fitsMagnitude(FIELD_BITS)) {
          throw new CircuitException(
              "E_RANGE",
              where + ": result needs " + out.signedBits() + " bits, limit " + FIELD_BITS);
        }
      }
      long added = (long) gate.lanes() * r.outputs().size();
      if (intervals.size() + added > maxWires) {
        throw new CircuitException("E_LIMIT", "more than " + maxWires + " wires");
      }
      if (r.outputs().size() == 1) {
        table.add(r.outputs().get(0), anySecret, d, gate.lanes());
      } else {
        for (int lane = 0; lane < gate.lanes(); lane++) {
          for (Interval out : r.outputs()) {
            table.add(out, anySecret, d, 1);
          }
        }
      }
      blockStart[blocks++] = firstOutput[g];
    }
    Set<String> outputNames = new HashSet<>();
    int outputElements = 0;
    for (Circuit.Output output : circuit.outputs()) {
      String where = "output '" + output.name() + "'";
      if (!outputNames.add(output.name())) {
        throw new CircuitException("E_NAME", "duplicate output name '" + output.name() + "'");
      }
      for (int w : output.wires()) {
        if (w >= intervals.size()) {
          throw new CircuitException("E_WIRE_UNDEFINED", where + ": wire " + w + " is not defined");
        }
        if (!intervals.get(w).within(output.type().interval())) {
          throw new CircuitException(
              "E_OUTPUT_RANGE", where + ": wire " + w + " may exceed the output type; use wrap");
        }
      }
      outputElements += output.wires().size();
    }
    if (outputElements > MAX_ELEMENTS) {
      throw new CircuitException("E_LIMIT", "more than " + MAX_ELEMENTS + " output elements");
    }
    return new ValidatedCircuit(
        circuit,
        table.intervals(),
        table.secrets(),
        table.depths(),
        firstOutput,
        inputWires,
        maxDepth,
        firstElement);
  }

  /**
   * Every wire a vector operand names must be defined before the gate and lie in one block (one
   * input's elements or one gate's outputs), so that all lanes see operands of the same interval,
   * visibility and depth.
   */
  /**
   * Lane 0 of a gate with list operands, each list replaced by a wire of {@code extra} that has the
   * hull of the list's intervals, is secret if any listed wire is, and has their largest depth
   * (circuit-ir.md section 10.2): what every lane of the gate is validated with.
   */
  private static Circuit.Gate hulls(Circuit.Gate gate, WireTable table, WireTable.Extra extra) {
    List<Integer> in = new ArrayList<>();
    int[] index0 = new int[gate.shape().size()];
    for (Circuit.Ref ref : gate.refs()) {
      if (!ref.isList()) {
        ref.addWires(index0, 0, in);
        continue;
      }
      Interval hull = table.interval(ref.list().get(0));
      boolean anySecret = false;
      int depth = 0;
      for (int w : ref.list()) {
        Interval i = table.interval(w);
        if (i != hull) {
          hull = hull.hull(i);
        }
        anySecret |= table.secret(w);
        depth = Math.max(depth, table.depth(w));
      }
      in.add(extra.add(hull, anySecret, depth));
    }
    return new Circuit.Gate(
        gate.op(),
        in,
        gate.constant(),
        gate.width(),
        gate.signed(),
        gate.type(),
        java.util.Optional.empty());
  }

  private static void checkRefs(
      Circuit.Gate gate, String where, int firstOutput, int[] blockStart, int blocks) {
    List<Integer> shape = gate.shape();
    for (int k = 0; k < gate.refs().size(); k++) {
      Circuit.Ref ref = gate.refs().get(k);
      if (ref.isList()) {
        for (int w : ref.list()) {
          if (w >= firstOutput) {
            throw new CircuitException(
                "E_WIRE_UNDEFINED",
                where + ": operand " + k + " lists wire " + w + ", not defined before the gate");
          }
        }
        continue;
      }
      if (ref.run() > 0 && !RUN_OPS.contains(gate.op())) {
        throw new CircuitException(
            "E_VECTOR", where + ": operand " + k + ": a run only in sum or dot");
      }
      long min = ref.wire();
      long max = ref.wire();
      for (int d = 0; d < shape.size(); d++) {
        long span = (long) ref.step().get(d) * (shape.get(d) - 1);
        min += Math.min(0, span);
        max += Math.max(0, span);
      }
      if (ref.run() > 0) {
        long span = (long) ref.by() * (ref.run() - 1);
        min += Math.min(0, span);
        max += Math.max(0, span);
      }
      if (min < 0 || max >= firstOutput) {
        throw new CircuitException(
            "E_WIRE_UNDEFINED",
            where
                + ": operand "
                + k
                + " names wires "
                + min
                + ".."
                + max
                + ", not all defined before the gate");
      }
      if (block(blockStart, blocks, (int) min) != block(blockStart, blocks, (int) max)) {
        throw new CircuitException(
            "E_VECTOR",
            where
                + ": operand "
                + k
                + " names wires "
                + min
                + ".."
                + max
                + " of more than one input or gate");
      }
    }
  }

  /** The index of the block holding {@code wire}: the last block starting at or before it. */
  private static int block(int[] blockStart, int blocks, int wire) {
    int lo = 0;
    int hi = blocks - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (blockStart[mid] <= wire) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  static BigInteger floorDiv(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }
}
