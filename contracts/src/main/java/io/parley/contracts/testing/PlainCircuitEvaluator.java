package io.parley.contracts.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a parley-circuit/1, /2 or /3 document in the clear, with the exact integer semantics of
 * docs/spec/circuit-ir.md. A stand-in for the MPC committee in authors' tests: it checks a
 * confidential function's logic, not its secrecy. Inputs and outputs are {@link BigInteger}s (bool
 * as 0/1) or lists of them.
 */
public final class PlainCircuitEvaluator {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Outputs by name, and for each the destination ("public", "address", "state"). */
  public record Result(Map<String, Object> outputs, Map<String, String> destinations) {}

  private PlainCircuitEvaluator() {}

  public static Result evaluate(String circuitJson, Map<String, Object> inputs) {
    JsonNode root;
    try {
      root = MAPPER.readTree(circuitJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("circuit is not JSON: " + e.getMessage(), e);
    }
    List<BigInteger> wires = new ArrayList<>();
    for (JsonNode input : root.get("inputs")) {
      String name = input.get("name").asText();
      Object value = inputs.get(name);
      if (value == null) {
        throw new IllegalArgumentException("missing input '" + name + "'");
      }
      String type = input.get("type").asText();
      if (type.endsWith("]")) {
        for (Object element : (List<?>) value) {
          wires.add(checked(name, type.substring(0, type.indexOf('[')), integer(name, element)));
        }
      } else {
        wires.add(checked(name, type, integer(name, value)));
      }
    }
    for (JsonNode gate : root.get("gates")) {
      apply(gate, wires);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    Map<String, String> destinations = new LinkedHashMap<>();
    for (JsonNode output : root.get("outputs")) {
      String name = output.get("name").asText();
      String type = output.get("type").asText();
      if (output.has("wires")) {
        List<BigInteger> values = new ArrayList<>();
        for (JsonNode w : output.get("wires")) {
          values.add(checked(name, type.substring(0, type.indexOf('[')), wires.get(w.asInt())));
        }
        outputs.put(name, List.copyOf(values));
      } else {
        outputs.put(name, checked(name, type, wires.get(output.get("wire").asInt())));
      }
      destinations.put(name, output.get("to").asText());
    }
    return new Result(outputs, destinations);
  }

  /** An argument as an integer: BigInteger, Long, Integer, or Boolean as 0/1. */
  static BigInteger integer(String name, Object value) {
    return switch (value) {
      case BigInteger b -> b;
      case Long l -> BigInteger.valueOf(l);
      case Integer i -> BigInteger.valueOf(i);
      case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
      default -> throw new IllegalArgumentException("'" + name + "' is not an integer: " + value);
    };
  }

  private static BigInteger checked(String name, String type, BigInteger v) {
    BigInteger[] range = range(type);
    if (v.compareTo(range[0]) < 0 || v.compareTo(range[1]) > 0) {
      throw new IllegalArgumentException("'" + name + "' = " + v + " is outside " + type);
    }
    return v;
  }

  static BigInteger[] range(String type) {
    if (type.equals("bool")) {
      return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
    }
    int bits = Integer.parseInt(type.substring(1));
    if (type.charAt(0) == 'i') {
      BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
      return new BigInteger[] {half.negate(), half.subtract(BigInteger.ONE)};
    }
    return new BigInteger[] {
      BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
    };
  }

  /** A gate; a vector gate (parley-circuit/3) as its lanes, each a scalar gate (section 10). */
  private static void apply(JsonNode gate, List<BigInteger> w) {
    if (!gate.has("shape")) {
      List<BigInteger> in = new ArrayList<>();
      for (JsonNode operand : gate.get("in")) {
        in.add(w.get(operand.asInt()));
      }
      apply(gate, in, w);
      return;
    }
    JsonNode shape = gate.get("shape");
    int lanes = 1;
    for (JsonNode d : shape) {
      lanes *= d.asInt();
    }
    int[] index = new int[shape.size()];
    for (int lane = 0; lane < lanes; lane++) {
      int rest = lane;
      for (int d = shape.size() - 1; d >= 0; d--) {
        index[d] = rest % shape.get(d).asInt();
        rest /= shape.get(d).asInt();
      }
      List<BigInteger> in = new ArrayList<>();
      for (JsonNode operand : gate.get("in")) {
        if (!operand.isObject()) {
          in.add(w.get(operand.asInt()));
          continue;
        }
        if (operand.has("wires")) {
          in.add(w.get(operand.get("wires").get(lane).asInt()));
          continue;
        }
        long at = operand.get("w").asLong();
        for (int d = 0; d < index.length; d++) {
          at += operand.get("step").get(d).asLong() * index[d];
        }
        int run = operand.has("run") ? operand.get("run").asInt() : 1;
        long by = operand.has("by") ? operand.get("by").asLong() : 0;
        for (int m = 0; m < run; m++) {
          in.add(w.get((int) (at + by * m)));
        }
      }
      apply(gate, in, w);
    }
  }

  private static void apply(JsonNode gate, List<BigInteger> in, List<BigInteger> w) {
    BigInteger c = gate.has("c") ? new BigInteger(gate.get("c").asText()) : null;
    String op = gate.get("op").asText();
    switch (op) {
      case "const" -> w.add(c);
      case "add" -> w.add(in.get(0).add(in.get(1)));
      case "sub" -> w.add(in.get(0).subtract(in.get(1)));
      case "neg" -> w.add(in.get(0).negate());
      case "addc" -> w.add(in.get(0).add(c));
      case "mulc" -> w.add(in.get(0).multiply(c));
      case "mul", "and" -> w.add(in.get(0).multiply(in.get(1)));
      case "sum" -> w.add(in.stream().reduce(BigInteger.ZERO, BigInteger::add));
      case "dot" -> {
        BigInteger acc = BigInteger.ZERO;
        int k = in.size() / 2;
        for (int i = 0; i < k; i++) {
          acc = acc.add(in.get(i).multiply(in.get(k + i)));
        }
        w.add(acc);
      }
      case "lt" -> w.add(bool(in.get(0).compareTo(in.get(1)) < 0));
      case "le" -> w.add(bool(in.get(0).compareTo(in.get(1)) <= 0));
      case "eq" -> w.add(bool(in.get(0).equals(in.get(1))));
      case "not" -> w.add(BigInteger.ONE.subtract(in.get(0)));
      case "or" -> w.add(in.get(0).add(in.get(1)).subtract(in.get(0).multiply(in.get(1))));
      case "xor" ->
          w.add(in.get(0).add(in.get(1)).subtract(in.get(0).multiply(in.get(1)).shiftLeft(1)));
      case "select" -> w.add(in.get(0).signum() != 0 ? in.get(1) : in.get(2));
      case "bits" -> {
        int width = gate.get("width").asInt();
        BigInteger v = in.get(0).mod(BigInteger.ONE.shiftLeft(width));
        for (int i = 0; i < width; i++) {
          w.add(bool(v.testBit(i)));
        }
      }
      case "from_bits" -> {
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < in.size(); i++) {
          v = v.add(in.get(i).shiftLeft(i));
        }
        if (gate.get("signed").asBoolean() && in.get(in.size() - 1).signum() != 0) {
          v = v.subtract(BigInteger.ONE.shiftLeft(in.size()));
        }
        w.add(v);
      }
      case "wrap" -> {
        String type = gate.get("type").asText();
        int bits = Integer.parseInt(type.substring(1));
        BigInteger m = BigInteger.ONE.shiftLeft(bits);
        BigInteger v = in.get(0).mod(m);
        if (type.charAt(0) == 'i' && v.testBit(bits - 1)) {
          v = v.subtract(m);
        }
        w.add(v);
      }
      case "divc" -> {
        BigInteger[] qr = in.get(0).divideAndRemainder(c);
        w.add(qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0]);
      }
      default -> throw new IllegalArgumentException("unknown gate op '" + op + "'");
    }
  }

  private static BigInteger bool(boolean b) {
    return b ? BigInteger.ONE : BigInteger.ZERO;
  }
}
