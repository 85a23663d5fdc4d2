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
 * Builds a parley-circuit/1 document (docs/spec/circuit-ir.md): numbers wires, tracks each wire's
 * interval and visibility exactly as the IR validator does, and refuses to exceed the IR's limits.
 */
final class CircuitBuilder {
  static final int MAX_GATES = 1_000_000;
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
  private int gateCount;

  int wires() {
    return lo.size();
  }

  int gateCount() {
    return gateCount;
  }

  BigInteger lo(int wire) {
    return lo.get(wire);
  }

  BigInteger hi(int wire) {
    return hi.get(wire);
  }

  Interval interval(int wire) {
    return new Interval(lo.get(wire), hi.get(wire));
  }

  boolean secret(int wire) {
    return secret.get(wire);
  }

  /** Declares an input of {@code count} elements; returns the first wire id. */
  int input(String name, String kind, String type, int count, BigInteger min, BigInteger max) {
    if (gateCount > 0) {
      throw new IllegalStateException("inputs must precede gates");
    }
    inputs.addObject().put("name", name).put("kind", kind).put("type", type);
    int first = wires();
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
    lo.add(min);
    hi.add(max);
    secret.add(isSecret);
    return lo.size() - 1;
  }

  private ObjectNode gate(String op, int... in) {
    if (++gateCount > MAX_GATES) {
      throw new LimitException("the circuit has more than " + MAX_GATES + " gates");
    }
    ObjectNode g = gates.addObject();
    g.put("id", wires());
    g.put("op", op);
    ArrayNode operands = g.putArray("in");
    for (int w : in) {
      operands.add(w);
    }
    return g;
  }

  private boolean anySecret(int... in) {
    for (int w : in) {
      if (secret.get(w)) {
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
    gate("bits", a).put("width", width);
    int first = wires();
    for (int i = 0; i < width; i++) {
      newWire(BigInteger.ZERO, BigInteger.ONE, anySecret(a));
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
    root.put("format", collections ? "parley-circuit/2" : "parley-circuit/1");
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
