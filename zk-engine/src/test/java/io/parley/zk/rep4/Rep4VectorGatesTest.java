package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.circuit.VectorGatesTest;
import io.parley.zk.rep4.circuit.Rep4Interpreter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vector-gate vectors of circuit-ir.md section 10 on the Fantastic Four interpreter. */
class Rep4VectorGatesTest {
  @Test
  void validVectorsGiveTheirOutputsOnRep4() throws Exception {
    JsonNode vectors =
        new ObjectMapper()
            .readTree(Files.readAllBytes(Path.of("../docs/spec/vectors/circuit-ir-3.json")));
    for (JsonNode c : vectors.get("valid")) {
      ValidatedCircuit circuit =
          CircuitValidator.validate(
              CircuitParser.parse(c.get("document").asText().getBytes(StandardCharsets.UTF_8)));
      Map<String, BigInteger[]> out =
          Rep4CircuitRunner.outputs(
              circuit, VectorGatesTest.values(c.get("inputs")), Map.of("a", 0, "b", 3, "x", 2), 11);
      Map<String, BigInteger[]> expected = VectorGatesTest.values(c.get("outputs"));
      assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (String name : expected.keySet()) {
        assertThat(out.get(name)).as(name).containsExactly(expected.get(name));
      }
    }
  }

  /**
   * u64 values are residues of the ring: equality of two of them is a zero test of the word and
   * exact, a selected u64 with its top bit set opens as itself; a less-than of two u64 is refused.
   */
  @Test
  void sixtyFourBitEqualityIsExactOnRep4() {
    String doc =
        "{\"format\":\"parley-circuit/3\",\"name\":\"ids\",\"inputs\":["
            + "{\"name\":\"x\",\"kind\":\"secret\",\"type\":\"u64[3]\"},"
            + "{\"name\":\"y\",\"kind\":\"secret\",\"type\":\"u64[2]\"}],\"gates\":["
            + "{\"op\":\"eq\",\"shape\":[3,2],\"in\":[{\"w\":0,\"step\":[1,0]},{\"w\":3,\"step\":[0,1]}]},"
            + "{\"op\":\"sum\",\"shape\":[3],\"in\":[{\"w\":5,\"step\":[2],\"run\":2,\"by\":1}]},"
            + "{\"op\":\"mul\",\"shape\":[3],\"in\":[{\"w\":6,\"step\":[2]},{\"w\":0,\"step\":[1]}]}],"
            + "\"outputs\":[{\"name\":\"hits\",\"wires\":[11,12,13],\"type\":\"u8[3]\",\"to\":\"public\"},"
            + "{\"name\":\"found\",\"wires\":[14,15,16],\"type\":\"u64[3]\",\"to\":\"public\"}]}";
    ValidatedCircuit circuit =
        CircuitValidator.validate(CircuitParser.parse(doc.getBytes(StandardCharsets.UTF_8)));
    BigInteger top = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(5));
    BigInteger low = BigInteger.valueOf(-5).add(BigInteger.ONE.shiftLeft(64)).shiftRight(1);
    Map<String, BigInteger[]> in =
        Map.of(
            "x", new BigInteger[] {top, low, BigInteger.valueOf(7)},
            "y", new BigInteger[] {low.add(BigInteger.ONE.shiftLeft(63)), top});
    Map<String, BigInteger[]> out =
        Rep4CircuitRunner.outputs(circuit, in, Map.of("x", 1, "y", 2), 5);
    assertThat(out.get("hits")).containsExactly(BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO);
    assertThat(out.get("found")).containsExactly(top, BigInteger.ZERO, BigInteger.ZERO);
  }

  /**
   * A less-than of two u64 (or two i64) needs a 65-bit difference: rep4 compares the words as
   * unsigned (shifted by -2^63 for i64), checked on random values and the edges of the range.
   */
  @Test
  void sixtyFourBitLessThanIsExactOnRep4() {
    java.util.Random random = new java.util.Random(64);
    for (String type : List.of("u64", "i64")) {
      boolean signed = type.equals("i64");
      BigInteger lo = signed ? BigInteger.ONE.shiftLeft(63).negate() : BigInteger.ZERO;
      List<BigInteger> edges =
          List.of(
              lo,
              lo.add(BigInteger.ONE),
              lo.add(BigInteger.ONE.shiftLeft(63)).subtract(BigInteger.ONE),
              lo.add(BigInteger.ONE.shiftLeft(63)),
              lo.add(BigInteger.ONE.shiftLeft(64)).subtract(BigInteger.ONE));
      int k = 40;
      BigInteger[] x = new BigInteger[k];
      BigInteger[] y = new BigInteger[k];
      for (int i = 0; i < k; i++) {
        x[i] = i < 25 ? edges.get(i / 5) : lo.add(new BigInteger(64, random));
        y[i] = i < 25 ? edges.get(i % 5) : i % 3 == 0 ? x[i] : lo.add(new BigInteger(64, random));
      }
      String doc =
          "{\"format\":\"parley-circuit/3\",\"name\":\"less\",\"inputs\":["
              + "{\"name\":\"x\",\"kind\":\"secret\",\"type\":\"T[40]\"},"
              + "{\"name\":\"y\",\"kind\":\"secret\",\"type\":\"T[40]\"}],\"gates\":["
              + "{\"op\":\"lt\",\"shape\":[40],\"in\":[{\"w\":0,\"step\":[1]},{\"w\":40,\"step\":[1]}]},"
              + "{\"op\":\"le\",\"shape\":[40],\"in\":[{\"w\":0,\"step\":[1]},{\"w\":40,\"step\":[1]}]}],"
              + "\"outputs\":[{\"name\":\"lt\",\"wires\":"
              + range(80, 40)
              + ",\"type\":\"bool[40]\",\"to\":\"public\"},{\"name\":\"le\",\"wires\":"
              + range(120, 40)
              + ",\"type\":\"bool[40]\",\"to\":\"public\"}]}";
      ValidatedCircuit circuit =
          CircuitValidator.validate(
              CircuitParser.parse(doc.replace("T[", type + "[").getBytes(StandardCharsets.UTF_8)));
      Rep4Interpreter.check(circuit);
      Map<String, BigInteger[]> out =
          Rep4CircuitRunner.outputs(circuit, Map.of("x", x, "y", y), Map.of("x", 1, "y", 2), 7);
      for (int i = 0; i < k; i++) {
        int c = x[i].compareTo(y[i]);
        assertThat(out.get("lt")[i]).as(type + " " + x[i] + " < " + y[i]).isEqualTo(bit(c < 0));
        assertThat(out.get("le")[i]).as(type + " " + x[i] + " <= " + y[i]).isEqualTo(bit(c <= 0));
      }
    }
  }

  /**
   * Casts of u64 values, top bit set or not, to narrower types and their 64 bits: rep4 reads the
   * low bits of the residue, so the operand needs no bound.
   */
  @Test
  void wrapAndBitsOfSixtyFourBitValuesAreExactOnRep4() {
    java.util.Random random = new java.util.Random(8);
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    BigInteger[] x = new BigInteger[6];
    x[0] = two64.subtract(BigInteger.ONE);
    x[1] = BigInteger.ONE.shiftLeft(63);
    x[2] = BigInteger.valueOf(0x80ff);
    for (int i = 3; i < x.length; i++) {
      x[i] = new BigInteger(64, random);
    }
    String doc =
        "{\"format\":\"parley-circuit/1\",\"name\":\"casts\",\"inputs\":["
            + "{\"name\":\"x\",\"kind\":\"secret\",\"type\":\"u64[6]\"}],\"gates\":["
            + gates("{\"op\":\"wrap\",\"in\":[I],\"type\":\"u8\"}", 6)
            + ","
            + gates("{\"op\":\"wrap\",\"in\":[I],\"type\":\"i16\"}", 6)
            + ",{\"op\":\"bits\",\"in\":[0],\"width\":64}],"
            + "\"outputs\":[{\"name\":\"u8\",\"wires\":"
            + range(6, 6)
            + ",\"type\":\"u8[6]\",\"to\":\"public\"},{\"name\":\"i16\",\"wires\":"
            + range(12, 6)
            + ",\"type\":\"i16[6]\",\"to\":\"public\"},{\"name\":\"bits\",\"wires\":"
            + range(18, 64)
            + ",\"type\":\"bool[64]\",\"to\":\"public\"}]}";
    ValidatedCircuit circuit =
        CircuitValidator.validate(CircuitParser.parse(doc.getBytes(StandardCharsets.UTF_8)));
    Rep4Interpreter.check(circuit);
    Map<String, BigInteger[]> out =
        Rep4CircuitRunner.outputs(circuit, Map.of("x", x), Map.of("x", 1), 9);
    for (int i = 0; i < x.length; i++) {
      assertThat(out.get("u8")[i]).isEqualTo(x[i].mod(BigInteger.valueOf(256)));
      long low = x[i].longValue() & 0xffff;
      assertThat(out.get("i16")[i]).isEqualTo(BigInteger.valueOf((short) low));
    }
    for (int b = 0; b < 64; b++) {
      assertThat(out.get("bits")[b]).as("bit " + b).isEqualTo(bit(x[0].testBit(b)));
    }
  }

  private static String gates(String template, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : ",").append(template.replace("[I]", "[" + i + "]"));
    }
    return s.toString();
  }

  private static BigInteger bit(boolean b) {
    return b ? BigInteger.ONE : BigInteger.ZERO;
  }

  private static String range(int from, int count) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : ",").append(from + i);
    }
    return s.append("]").toString();
  }

  /** A wrap to u64 of a negative i32 opens as the unsigned word (2^64 - 5 for -5). */
  @Test
  void wrapToSixtyFourBitsOpensUnsigned() {
    String doc =
        "{\"format\":\"parley-circuit/1\",\"name\":\"w\",\"inputs\":["
            + "{\"name\":\"x\",\"kind\":\"secret\",\"type\":\"i32[2]\"}],\"gates\":["
            + "{\"op\":\"wrap\",\"in\":[0],\"type\":\"u64\"},"
            + "{\"op\":\"wrap\",\"in\":[1],\"type\":\"u64\"}],"
            + "\"outputs\":[{\"name\":\"w\",\"wires\":[2,3],\"type\":\"u64[2]\",\"to\":\"public\"}]}";
    ValidatedCircuit circuit =
        CircuitValidator.validate(CircuitParser.parse(doc.getBytes(StandardCharsets.UTF_8)));
    Map<String, BigInteger[]> out =
        Rep4CircuitRunner.outputs(
            circuit,
            Map.of("x", new BigInteger[] {BigInteger.valueOf(-5), BigInteger.valueOf(12)}),
            Map.of("x", 0),
            3);
    assertThat(out.get("w"))
        .containsExactly(
            BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(5)), BigInteger.valueOf(12));
  }
}
