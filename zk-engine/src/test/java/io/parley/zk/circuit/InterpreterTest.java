package io.parley.zk.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterpreterTest {
  static byte[] resource(String name) throws IOException {
    try (InputStream in = InterpreterTest.class.getResourceAsStream("/circuits/" + name)) {
      return in.readAllBytes();
    }
  }

  static BigInteger[] values(long... v) {
    BigInteger[] out = new BigInteger[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = BigInteger.valueOf(v[i]);
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void workedExampleOfTheSpecGivesTheDocumentedOutputs(int n) throws IOException {
    ValidatedCircuit c =
        CircuitValidator.validate(CircuitParser.parse(resource("max-of-two.json")));
    assertThat(c.maxDepth()).isEqualTo(4);
    Map<String, BigInteger[]> in = Map.of("bids", values(7, 9), "reserve", values(8));
    CircuitRunner.Run run = CircuitRunner.run(c, in, n, 5);
    assertThat(run.outputs().get("second_wins")).containsExactly(values(1));
    assertThat(run.outputs().get("top_bid")).containsExactly(values(9));
    assertThat(PlaintextEvaluator.evaluate(c, in).get("top_bid")).containsExactly(values(9));
  }

  private static final String[] OPS = {
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
    "divc",
    "const"
  };

  /** A random circuit over small types; wide wires are wrapped back to i16. */
  static String randomCircuit(SplittableRandom r, int gates) {
    StringBuilder g = new StringBuilder();
    List<long[]> wires = new ArrayList<>(); // {lo, hi, isBool}
    String inputs =
        """
        [{"name":"a","kind":"secret","type":"i16[3]"},{"name":"b","kind":"secret","type":"u8[2]"},
         {"name":"p","kind":"public","type":"i16"},{"name":"f","kind":"secret","type":"bool[2]"},
         {"name":"s","kind":"state","type":"i16"}]""";
    long[][] initial = {
      {-32768, 32767, 0},
      {-32768, 32767, 0},
      {-32768, 32767, 0},
      {0, 255, 0},
      {0, 255, 0},
      {-32768, 32767, 0},
      {0, 1, 1},
      {0, 1, 1},
      {-32768, 32767, 0}
    };
    for (long[] w : initial) {
      wires.add(w);
    }
    int made = 0;
    while (made < gates) {
      String op = OPS[r.nextInt(OPS.length)];
      int a = r.nextInt(wires.size());
      int b = r.nextInt(wires.size());
      int s = pickBool(r, wires);
      int s2 = pickBool(r, wires);
      String gate;
      long[] out = {-(1L << 40), 1L << 40, 0};
      switch (op) {
        case "not", "and", "or", "xor" -> {
          gate = op.equals("not") ? in(op, s) : in(op, s, s2);
          out = new long[] {0, 1, 1};
        }
        case "lt", "le", "eq" -> {
          gate = in(op, a, b);
          out = new long[] {0, 1, 1};
        }
        case "select" -> gate = in(op, s, a, b);
        case "neg" -> gate = in(op, a);
        case "bits" -> {
          int w = 1 + r.nextInt(8);
          gate = "{\"op\":\"bits\",\"in\":[" + a + "],\"width\":" + w + "}";
          g.append(gate).append(",\n");
          for (int i = 0; i < w; i++) {
            wires.add(new long[] {0, 1, 1});
          }
          made++;
          continue;
        }
        case "from_bits" -> {
          gate =
              "{\"op\":\"from_bits\",\"in\":["
                  + s
                  + ","
                  + s2
                  + "],\"signed\":"
                  + r.nextBoolean()
                  + "}";
          out = new long[] {-2, 3, 0};
        }
        case "divc" ->
            gate = "{\"op\":\"divc\",\"in\":[" + a + "],\"c\":\"" + (1 + r.nextInt(9)) + "\"}";
        case "const" -> gate = "{\"op\":\"const\",\"c\":\"" + (r.nextInt(200) - 100) + "\"}";
        case "addc", "mulc" ->
            gate =
                "{\"op\":\"" + op + "\",\"in\":[" + a + "],\"c\":\"" + (r.nextInt(20) - 10) + "\"}";
        case "sum" -> gate = in(op, a, b, s);
        case "dot" -> gate = in(op, a, s, b, s2);
        case "wrap" -> gate = "{\"op\":\"wrap\",\"in\":[" + a + "],\"type\":\"i8\"}";
        default -> gate = in(op, a, b);
      }
      g.append(gate).append(",\n");
      wires.add(out);
      // every non-boolean result is wrapped to i16 so intervals stay small
      if (out[2] == 0) {
        g.append("{\"op\":\"wrap\",\"in\":[")
            .append(wires.size() - 1)
            .append("],\"type\":\"i16\"},\n");
        wires.add(new long[] {-32768, 32767, 0});
      }
      made++;
    }
    String gatesJson = g.substring(0, g.length() - 2);
    StringBuilder outputs = new StringBuilder();
    int count = wires.size();
    outputs
        .append("{\"name\":\"o1\",\"wire\":")
        .append(count - 1)
        .append(",\"type\":\"i16\",\"to\":\"public\"},");
    outputs
        .append("{\"name\":\"o2\",\"wire\":")
        .append(lastI16(wires, count - 3))
        .append(",\"type\":\"i16\",\"to\":\"state\"},");
    outputs
        .append("{\"name\":\"o3\",\"wire\":")
        .append(pickBool(r, wires))
        .append(
            ",\"type\":\"bool\",\"to\":\"address\",\"address\":\"0x00000000000000000000000000000000000000aa\"}");
    return "{\"format\":\"parley-circuit/1\",\"name\":\"fuzz\",\"inputs\":"
        + inputs
        + ",\"gates\":["
        + gatesJson
        + "],\"outputs\":["
        + outputs
        + "]}";
  }

  private static int lastI16(List<long[]> wires, int from) {
    for (int i = from; i >= 0; i--) {
      if (wires.get(i)[0] == -32768 && wires.get(i)[1] == 32767) {
        return i;
      }
    }
    return 0;
  }

  private static int pickBool(SplittableRandom r, List<long[]> wires) {
    while (true) {
      int i = r.nextInt(wires.size());
      if (wires.get(i)[2] == 1) {
        return i;
      }
    }
  }

  private static String in(String op, int... operands) {
    StringBuilder b = new StringBuilder("{\"op\":\"" + op + "\",\"in\":[");
    for (int i = 0; i < operands.length; i++) {
      b.append(i == 0 ? "" : ",").append(operands[i]);
    }
    return b.append("]}").toString();
  }

  @Test
  void randomCircuitsMatchThePlaintextSemantics() {
    int checked = 0;
    for (long seed = 1; seed <= 12; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      String json = randomCircuit(r, 12);
      ValidatedCircuit c;
      try {
        c = CircuitValidator.validate(CircuitParser.parse(json.getBytes()));
      } catch (CircuitException e) {
        throw new AssertionError(
            "seed " + seed + " generated an invalid circuit: " + e.getMessage() + "\n" + json, e);
      }
      Map<String, BigInteger[]> in = new HashMap<>();
      in.put("a", values(r.nextInt(65536) - 32768, -32768, 32767));
      in.put("b", values(r.nextInt(256), 0));
      in.put("p", values(r.nextInt(65536) - 32768));
      in.put("f", values(r.nextInt(2), 1));
      in.put("s", values(r.nextInt(65536) - 32768));
      Map<String, BigInteger[]> expected = PlaintextEvaluator.evaluate(c, in);
      CircuitRunner.Run run = CircuitRunner.run(c, in, seed % 2 == 0 ? 4 : 7, seed);
      for (String name : expected.keySet()) {
        assertThat(run.outputs().get(name))
            .as("seed %d output %s\n%s", seed, name, json)
            .containsExactly(expected.get(name));
      }
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }
}
