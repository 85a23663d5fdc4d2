package io.parley.contracts.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An independent check of the parley-circuit/1..3 validation rules (docs/spec/circuit-ir.md section
 * 6) on compiler output: keys, wire numbering, operand order, intervals and range limits.
 */
final class CircuitRules {
  static final BigInteger B80 = BigInteger.ONE.shiftLeft(80);
  static final BigInteger B125 = BigInteger.ONE.shiftLeft(125);
  static final Set<String> OPS =
      Set.of(
          "const",
          "add",
          "sub",
          "neg",
          "addc",
          "mulc",
          "mul",
          "sum",
          "dot",
          "lt",
          "le",
          "eq",
          "not",
          "and",
          "or",
          "xor",
          "select",
          "bits",
          "from_bits",
          "wrap",
          "divc");

  private CircuitRules() {}

  static void check(String json) throws Exception {
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.get("format").asText())
        .isIn("parley-circuit/1", "parley-circuit/2", "parley-circuit/3");
    assertThat(root.get("name").asText()).matches("[A-Za-z0-9_.-]{1,64}");
    List<BigInteger[]> iv = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode in : root.get("inputs")) {
      assertThat(names.add(in.get("name").asText())).isTrue();
      String type = in.get("type").asText();
      int n =
          type.endsWith("]")
              ? Integer.parseInt(type.substring(type.indexOf('[') + 1, type.length() - 1))
              : 1;
      String scalar = type.endsWith("]") ? type.substring(0, type.indexOf('[')) : type;
      for (int i = 0; i < n; i++) {
        iv.add(io.parley.contracts.testing.PlainCircuitEvaluatorAccess.range(scalar));
      }
    }
    int index = 0;
    for (JsonNode g : root.get("gates")) {
      String op = g.get("op").asText();
      assertThat(OPS).contains(op);
      assertThat(g.get("id").asInt()).as("gate %d id", index).isEqualTo(iv.size());
      int first = iv.size();
      BigInteger c = g.has("c") ? new BigInteger(g.get("c").asText()) : null;
      if (c != null) {
        assertThat(c.abs()).isLessThan(B125);
      }
      // a vector gate (section 10) is checked lane by lane, as the scalar gates it stands for
      for (List<Integer> operands : lanes(g)) {
        List<BigInteger[]> in = new ArrayList<>();
        for (int w : operands) {
          assertThat(w).as("gate %d operand defined", index).isBetween(0, first - 1);
          in.add(iv.get(w));
        }
        List<BigInteger[]> out = apply(op, in, c, g);
        for (BigInteger[] r : out) {
          assertThat(r[0].abs()).as("gate %d range", index).isLessThanOrEqualTo(B125);
          assertThat(r[1].abs()).as("gate %d range", index).isLessThanOrEqualTo(B125);
        }
        iv.addAll(out);
      }
      index++;
    }
    for (JsonNode o : root.get("outputs")) {
      String type = o.get("type").asText();
      String scalar = type.endsWith("]") ? type.substring(0, type.indexOf('[')) : type;
      BigInteger[] range = io.parley.contracts.testing.PlainCircuitEvaluatorAccess.range(scalar);
      List<Integer> wires = new ArrayList<>();
      if (o.has("wires")) {
        o.get("wires").forEach(w -> wires.add(w.asInt()));
      } else {
        wires.add(o.get("wire").asInt());
      }
      for (int w : wires) {
        assertThat(iv.get(w)[0])
            .as("output %s range", o.get("name"))
            .isGreaterThanOrEqualTo(range[0]);
        assertThat(iv.get(w)[1]).as("output %s range", o.get("name")).isLessThanOrEqualTo(range[1]);
      }
    }
  }

  /** The operand wires of each lane of a gate (one lane for a scalar gate). */
  private static List<List<Integer>> lanes(JsonNode g) {
    List<List<Integer>> out = new ArrayList<>();
    if (!g.has("shape")) {
      List<Integer> in = new ArrayList<>();
      g.get("in").forEach(w -> in.add(w.asInt()));
      out.add(in);
      return out;
    }
    JsonNode shape = g.get("shape");
    int lanes = 1;
    for (JsonNode d : shape) {
      lanes *= d.asInt();
    }
    for (int lane = 0; lane < lanes; lane++) {
      int[] index = new int[shape.size()];
      int rest = lane;
      for (int d = shape.size() - 1; d >= 0; d--) {
        index[d] = rest % shape.get(d).asInt();
        rest /= shape.get(d).asInt();
      }
      List<Integer> in = new ArrayList<>();
      for (JsonNode operand : g.get("in")) {
        if (!operand.isObject()) {
          in.add(operand.asInt());
          continue;
        }
        if (operand.has("wires")) {
          in.add(operand.get("wires").get(lane).asInt());
          continue;
        }
        int at = operand.get("w").asInt();
        for (int d = 0; d < index.length; d++) {
          at += operand.get("step").get(d).asInt() * index[d];
        }
        int run = operand.has("run") ? operand.get("run").asInt() : 1;
        int by = operand.has("by") ? operand.get("by").asInt() : 0;
        for (int m = 0; m < run; m++) {
          in.add(at + by * m);
        }
      }
      out.add(in);
    }
    return out;
  }

  private static List<BigInteger[]> apply(
      String op, List<BigInteger[]> in, BigInteger c, JsonNode g) {
    BigInteger[] bool = {BigInteger.ZERO, BigInteger.ONE};
    return switch (op) {
      case "const" -> List.<BigInteger[]>of(new BigInteger[] {c, c});
      case "add" ->
          List.<BigInteger[]>of(
              new BigInteger[] {in.get(0)[0].add(in.get(1)[0]), in.get(0)[1].add(in.get(1)[1])});
      case "sub" ->
          List.<BigInteger[]>of(
              new BigInteger[] {
                in.get(0)[0].subtract(in.get(1)[1]), in.get(0)[1].subtract(in.get(1)[0])
              });
      case "neg" ->
          List.<BigInteger[]>of(new BigInteger[] {in.get(0)[1].negate(), in.get(0)[0].negate()});
      case "addc" ->
          List.<BigInteger[]>of(new BigInteger[] {in.get(0)[0].add(c), in.get(0)[1].add(c)});
      case "mulc" -> {
        BigInteger a = in.get(0)[0].multiply(c);
        BigInteger b = in.get(0)[1].multiply(c);
        yield List.<BigInteger[]>of(new BigInteger[] {a.min(b), a.max(b)});
      }
      case "mul" -> {
        BigInteger[] x = in.get(0);
        BigInteger[] y = in.get(1);
        BigInteger[] p = {
          x[0].multiply(y[0]), x[0].multiply(y[1]), x[1].multiply(y[0]), x[1].multiply(y[1])
        };
        BigInteger lo = p[0];
        BigInteger hi = p[0];
        for (BigInteger v : p) {
          lo = lo.min(v);
          hi = hi.max(v);
        }
        yield List.<BigInteger[]>of(new BigInteger[] {lo, hi});
      }
      case "lt", "le", "eq" -> {
        BigInteger dlo = in.get(0)[0].subtract(in.get(1)[1]);
        BigInteger dhi = in.get(0)[1].subtract(in.get(1)[0]);
        assertThat(dlo).isGreaterThanOrEqualTo(B80.negate());
        assertThat(dhi).isLessThan(B80);
        yield List.<BigInteger[]>of(bool);
      }
      case "not", "and", "or", "xor" -> {
        for (BigInteger[] x : in) {
          assertThat(x[0].signum()).isGreaterThanOrEqualTo(0);
          assertThat(x[1]).isLessThanOrEqualTo(BigInteger.ONE);
        }
        yield List.<BigInteger[]>of(bool);
      }
      case "select" -> {
        assertThat(in.get(0)[1]).isLessThanOrEqualTo(BigInteger.ONE);
        yield List.<BigInteger[]>of(
            new BigInteger[] {in.get(1)[0].min(in.get(2)[0]), in.get(1)[1].max(in.get(2)[1])});
      }
      case "bits" -> {
        narrow(in.get(0));
        List<BigInteger[]> out = new ArrayList<>();
        for (int i = 0; i < g.get("width").asInt(); i++) {
          out.add(bool);
        }
        yield out;
      }
      case "from_bits" -> {
        int w = in.size();
        yield List.<BigInteger[]>of(
            io.parley.contracts.testing.PlainCircuitEvaluatorAccess.range(
                (g.get("signed").asBoolean() ? "i" : "u") + w));
      }
      case "wrap" -> {
        narrow(in.get(0));
        yield List.<BigInteger[]>of(
            io.parley.contracts.testing.PlainCircuitEvaluatorAccess.range(g.get("type").asText()));
      }
      case "divc" -> {
        narrow(in.get(0));
        BigInteger lo = floor(in.get(0)[0], c);
        BigInteger hi = floor(in.get(0)[1], c);
        yield List.<BigInteger[]>of(new BigInteger[] {lo, hi});
      }
      case "sum" -> {
        BigInteger lo = BigInteger.ZERO;
        BigInteger hi = BigInteger.ZERO;
        for (BigInteger[] x : in) {
          lo = lo.add(x[0]);
          hi = hi.add(x[1]);
        }
        yield List.<BigInteger[]>of(new BigInteger[] {lo, hi});
      }
      default -> throw new AssertionError("op not produced by the compiler: " + op);
    };
  }

  private static void narrow(BigInteger[] x) {
    assertThat(x[0]).isGreaterThanOrEqualTo(B80.negate());
    assertThat(x[1]).isLessThan(B80);
  }

  private static BigInteger floor(BigInteger a, BigInteger c) {
    BigInteger[] qr = a.divideAndRemainder(c);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }
}
