package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
          Rep4CircuitRunner.outputs(circuit, values(c.get("inputs")), Map.of("a", 0, "b", 3), 11);
      Map<String, BigInteger[]> expected = values(c.get("outputs"));
      assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (String name : expected.keySet()) {
        assertThat(out.get(name)).as(name).containsExactly(expected.get(name));
      }
    }
  }

  private static Map<String, BigInteger[]> values(JsonNode object) {
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
}
