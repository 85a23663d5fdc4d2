package io.parley.zk.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.crypto.Hashing;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Vector gates (docs/spec/circuit-ir.md section 10): the spec's vectors, lane-by-lane meaning on
 * the Shamir engine at 4 and 7 members, the rules that keep every lane uniform, and a validation
 * whose work follows the document, not the lanes.
 */
public class VectorGatesTest {
  static final Path FILE = Path.of("../docs/spec/vectors/circuit-ir-3.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode vectors() throws IOException {
    return JSON.readTree(Files.readAllBytes(FILE));
  }

  static ValidatedCircuit circuit(String document) {
    return CircuitValidator.validate(
        CircuitParser.parse(document.getBytes(StandardCharsets.UTF_8)));
  }

  /** A vector case's inputs or outputs: name to decimal strings, as integers. */
  public static Map<String, BigInteger[]> values(JsonNode object) {
    Map<String, BigInteger[]> out = new LinkedHashMap<>();
    object
        .fields()
        .forEachRemaining(
            e -> {
              BigInteger[] v = new BigInteger[e.getValue().size()];
              for (int i = 0; i < v.length; i++) {
                v[i] = new BigInteger(e.getValue().get(i).asText());
              }
              out.put(e.getKey(), v);
            });
    return out;
  }

  static void assertOutputs(Map<String, BigInteger[]> actual, Map<String, BigInteger[]> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (String name : expected.keySet()) {
      assertThat(actual.get(name)).as(name).containsExactly(expected.get(name));
    }
  }

  @Test
  void validVectorsEvaluateToTheirOutputsInTheClearAndOnShamirCommittees() throws IOException {
    for (JsonNode c : vectors().get("valid")) {
      String document = c.get("document").asText();
      assertThat(
              Hashing.keccak256(Bytes.wrap(document.getBytes(StandardCharsets.UTF_8)))
                  .toHexString())
          .isEqualTo(c.get("circuitHash").asText());
      ValidatedCircuit circuit = circuit(document);
      Map<String, BigInteger[]> inputs = values(c.get("inputs"));
      Map<String, BigInteger[]> expected = values(c.get("outputs"));
      assertOutputs(PlaintextEvaluator.evaluate(circuit, inputs), expected);
      for (int n : new int[] {4, 7}) {
        assertOutputs(CircuitRunner.run(circuit, inputs, n, 7).outputs(), expected);
      }
    }
  }

  @Test
  void refusedVectorsFailWithTheirCodes() throws IOException {
    for (JsonNode c : vectors().get("refused")) {
      assertThatThrownBy(() -> circuit(c.get("document").asText()))
          .as(c.get("name").asText())
          .isInstanceOfSatisfying(
              CircuitException.class,
              e ->
                  assertThat(e.code())
                      .as(c.get("name").asText())
                      .isEqualTo(c.get("code").asText()));
    }
  }

  @Test
  void aVectorGateIsItsLanesAsScalarGates() throws IOException {
    // the same computation written lane by lane in version 2 gives the same outputs and rounds
    JsonNode c = vectors().get("valid").get(0);
    ValidatedCircuit vector = circuit(c.get("document").asText());
    ValidatedCircuit scalar = circuit(expanded(vector));
    assertThat(scalar.wires()).isEqualTo(vector.wires());
    assertThat(scalar.maxDepth()).isEqualTo(vector.maxDepth());
    assertThat(vector.elements()).isEqualTo(scalar.elements()).isEqualTo(42);
    for (int w = 0; w < vector.wires(); w++) {
      assertThat(vector.intervals()[w]).as("wire %d", w).isEqualTo(scalar.intervals()[w]);
      assertThat(vector.secret()[w]).isEqualTo(scalar.secret()[w]);
      assertThat(vector.depth()[w]).isEqualTo(scalar.depth()[w]);
    }
    SplittableRandom random = new SplittableRandom(3);
    for (int run = 0; run < 5; run++) {
      Map<String, BigInteger[]> inputs = new LinkedHashMap<>();
      inputs.put("a", randomU32(random, 4));
      inputs.put("b", randomU32(random, 3));
      inputs.put("bias", new BigInteger[] {BigInteger.valueOf(random.nextInt(256))});
      inputs.get("b")[1] = inputs.get("a")[random.nextInt(4)];
      CircuitRunner.Run v = CircuitRunner.run(vector, inputs, 4, run);
      CircuitRunner.Run s = CircuitRunner.run(scalar, inputs, 4, run);
      assertOutputs(v.outputs(), s.outputs());
      assertOutputs(v.outputs(), PlaintextEvaluator.evaluate(scalar, inputs));
      assertThat(v.rounds()).isEqualTo(s.rounds());
    }
  }

  @Test
  void everyLaneHasTheIntervalOfLaneZero() {
    // a sum over a run of 3 booleans is 0..3: declared bool it is refused like its scalar form
    String doc =
        document(
            "{\"op\":\"eq\",\"shape\":[2,3],\"in\":[{\"w\":0,\"step\":[1,0]},{\"w\":2,\"step\":[0,1]}]},"
                + "{\"op\":\"sum\",\"shape\":[2],\"in\":[{\"w\":5,\"step\":[3],\"run\":3,\"by\":1}]}",
            "{\"name\":\"hits\",\"wires\":[11,12],\"type\":\"bool[2]\",\"to\":\"public\"}");
    assertThatThrownBy(() -> circuit(doc))
        .isInstanceOfSatisfying(
            CircuitException.class, e -> assertThat(e.code()).isEqualTo("E_OUTPUT_RANGE"));
    assertThat(circuit(doc.replace("bool[2]", "u2[2]")).intervals()[12])
        .isEqualTo(Interval.of(0, 3));
  }

  @Test
  void aMillionLaneGateIsOneGateOfTheDocument() {
    // 1,000 x 1,000 equality tests: a document of a few hundred bytes, a million wires
    String doc =
        "{\"format\":\"parley-circuit/3\",\"name\":\"million\",\"inputs\":["
            + "{\"name\":\"x\",\"kind\":\"secret\",\"type\":\"u64[1000]\"},"
            + "{\"name\":\"y\",\"kind\":\"secret\",\"type\":\"u64[1000]\"}],\"gates\":["
            + "{\"op\":\"eq\",\"shape\":[1000,1000],\"in\":[{\"w\":0,\"step\":[1,0]},{\"w\":1000,\"step\":[0,1]}]},"
            + "{\"op\":\"sum\",\"shape\":[1],\"in\":[{\"w\":2000,\"step\":[0],\"run\":65536,\"by\":1}]}],"
            + "\"outputs\":[{\"name\":\"some\",\"wire\":1002000,\"type\":\"u32\",\"to\":\"public\"}]}";
    assertThat(doc.length()).isLessThan(600);
    ValidatedCircuit circuit = circuit(doc);
    assertThat(circuit.wires()).isEqualTo(2000 + 1_000_000 + 1);
    assertThat(circuit.elements()).isEqualTo(1_000_001);
    assertThat(circuit.element(999_999).in()).containsExactly(999, 1999);
    assertThat(circuit.elementOutput(1_000_000)).isEqualTo(1_002_000);
    assertThat(circuit.secret()[1_001_999]).isTrue();
    assertThat(circuit.depth()[1_002_000]).isEqualTo(1);
  }

  @Test
  void wireLimitsFollowTheVersion() {
    String gates =
        "{\"op\":\"add\",\"shape\":[1048576],\"in\":[0,0]},{\"op\":\"add\",\"shape\":[1048576],\"in\":[0,0]}";
    String doc = document(gates, "");
    assertThat(circuit(doc).wires()).isEqualTo(5 + 2 * 1_048_576);
    String eight =
        String.join(
            ",",
            java.util.Collections.nCopies(8, "{\"op\":\"add\",\"shape\":[1048576],\"in\":[0,0]}"));
    assertThatThrownBy(() -> circuit(document(eight, "")))
        .isInstanceOfSatisfying(
            CircuitException.class, e -> assertThat(e.code()).isEqualTo("E_LIMIT"));
  }

  /** Interval.signedBits (per lane on the hot path) is the smallest k with [lo, hi] in 2^(k-1). */
  @Test
  void signedBitsIsTheSmallestTwosComplementWidth() {
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 2_000; i++) {
      BigInteger a = new BigInteger(random.nextInt(1, 90), new java.util.Random(random.nextLong()));
      BigInteger b = new BigInteger(random.nextInt(1, 90), new java.util.Random(random.nextLong()));
      a = random.nextBoolean() ? a.negate() : a;
      b = random.nextBoolean() ? b.negate() : b;
      Interval interval = new Interval(a.min(b), a.max(b));
      int k = 1;
      while (interval.lo().compareTo(BigInteger.ONE.shiftLeft(k - 1).negate()) < 0
          || interval.hi().compareTo(BigInteger.ONE.shiftLeft(k - 1)) >= 0) {
        k++;
      }
      assertThat(interval.signedBits()).as("%s", interval).isEqualTo(k);
    }
    assertThat(Interval.of(-1, 0).signedBits()).isEqualTo(1);
    assertThat(Interval.of(-129, 127).signedBits()).isEqualTo(9);
  }

  /** docs/spec/vectors/verify-circuit-ir.py, written from the spec alone, agrees on every case. */
  @Test
  void anIndependentImplementationFromTheSpecAgrees() throws Exception {
    Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
    boolean available;
    try {
      available = probe.waitFor() == 0;
    } finally {
      probe.destroy();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(available, "python3 is not installed");
    Process run =
        new ProcessBuilder("python3", "../docs/spec/vectors/verify-circuit-ir.py")
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(output).isZero();
    assertThat(output).contains("ok   bank-like").contains("ok   too-many-lanes E_LIMIT");
  }

  private static String document(String gates, String outputs) {
    return "{\"format\":\"parley-circuit/3\",\"name\":\"v\",\"inputs\":["
        + "{\"name\":\"a\",\"kind\":\"secret\",\"type\":\"u8[2]\"},"
        + "{\"name\":\"b\",\"kind\":\"secret\",\"type\":\"u8[3]\"}],\"gates\":["
        + gates
        + "],\"outputs\":["
        + outputs
        + "]}";
  }

  private static BigInteger[] randomU32(SplittableRandom random, int n) {
    BigInteger[] v = new BigInteger[n];
    for (int i = 0; i < n; i++) {
      v[i] = BigInteger.valueOf(random.nextLong(1L << 32));
    }
    return v;
  }

  private static String text(ValueType t) {
    return (t.signed() ? "i" : "u") + t.width() + (t.array() ? "[" + t.length() + "]" : "");
  }

  /** The version-2 document of a circuit's elements (section 10.2 applied by hand). */
  static String expanded(ValidatedCircuit circuit) throws IOException {
    var root = JSON.createObjectNode();
    Circuit c = circuit.circuit();
    root.put("format", "parley-circuit/2");
    root.put("name", c.name());
    var inputs = root.putArray("inputs");
    for (Circuit.Input i : c.inputs()) {
      inputs
          .addObject()
          .put("name", i.name())
          .put("kind", i.kind().name().toLowerCase(java.util.Locale.ROOT))
          .put("type", text(i.type()));
    }
    var gates = root.putArray("gates");
    for (int e = 0; e < circuit.elements(); e++) {
      Circuit.Gate g = circuit.element(e);
      var n = gates.addObject();
      n.put("op", g.op());
      var in = n.putArray("in");
      g.in().forEach(in::add);
      g.constant().ifPresent(k -> n.put("c", k.toString()));
      g.width().ifPresent(w -> n.put("width", w));
      g.signed().ifPresent(s -> n.put("signed", s));
      g.type().ifPresent(t -> n.put("type", text(t)));
    }
    var outputs = root.putArray("outputs");
    for (Circuit.Output o : c.outputs()) {
      var n = outputs.addObject().put("name", o.name());
      var wires = n.putArray("wires");
      o.wires().forEach(wires::add);
      n.put("type", text(o.type())).put("to", "public");
      if (!o.type().array()) {
        n.remove("wires");
        n.put("wire", o.wires().get(0));
      }
    }
    return JSON.writeValueAsString(root);
  }
}
