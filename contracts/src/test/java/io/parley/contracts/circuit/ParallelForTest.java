package io.parley.contracts.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.PlainCircuitEvaluator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code parallel for} (language.md section 6.1): each parallel function of Lanes.par computes what
 * the same code with plain loops computes, on seeded random inputs, as one vector gate per
 * operation of the body instead of one gate per iteration.
 */
class ParallelForTest {
  static final Path SOURCE = Path.of("src/test/resources/programs/Lanes.par");
  private static final ObjectMapper JSON = new ObjectMapper();

  static CompiledContract compiled() {
    return ContractTestKit.compile(SOURCE);
  }

  private static int gates(String json) throws Exception {
    return JSON.readTree(json).get("gates").size();
  }

  private static String format(String json) throws Exception {
    return JSON.readTree(json).get("format").asText();
  }

  @Test
  void parallelCircuitsAreVectorCircuitsThatSatisfyTheIrRules() throws Exception {
    CompiledContract c = compiled();
    for (String name : List.of("match", "mirror", "wrap", "sort", "pairs")) {
      String par = c.circuits().get(name + "Par");
      String seq = c.circuits().get(name + "Seq");
      CircuitRules.check(par);
      io.parley.zk.circuit.CircuitValidator.validate(
          io.parley.zk.circuit.CircuitParser.parse(
              par.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(format(par)).isEqualTo("parley-circuit/3");
      assertThat(format(seq)).isEqualTo("parley-circuit/1");
      if (!name.equals("pairs")) { // 4 lanes summed: as few gates either way
        assertThat(gates(par)).as(name).isLessThan(gates(seq));
      }
    }
  }

  @Test
  void parallelAndPlainLoopsAgreeOnRandomInputs() {
    CompiledContract c = compiled();
    SplittableRandom random = new SplittableRandom(53);
    for (int round = 0; round < 200; round++) {
      List<BigInteger> a = new ArrayList<>();
      List<BigInteger> b = new ArrayList<>();
      List<BigInteger> weight = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        a.add(u64(random, round));
      }
      for (int j = 0; j < 5; j++) {
        b.add(random.nextInt(3) == 0 ? a.get(random.nextInt(6)) : u64(random, round));
        weight.add(BigInteger.valueOf(random.nextLong(1L << 32)));
      }
      Map<String, Object> in = Map.of("a", a, "b", b, "weight", weight);
      assertThat(eval(c, "matchPar", in)).as("round %d", round).isEqualTo(eval(c, "matchSeq", in));

      List<BigInteger> xs = new ArrayList<>();
      List<BigInteger> small = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        xs.add(BigInteger.valueOf(random.nextInt()));
        small.add(BigInteger.valueOf(random.nextInt(1 << 16)));
      }
      assertThat(eval(c, "mirrorPar", Map.of("xs", xs)))
          .isEqualTo(eval(c, "mirrorSeq", Map.of("xs", xs)));
      assertThat(eval(c, "wrapPar", Map.of("xs", small)))
          .isEqualTo(eval(c, "wrapSeq", Map.of("xs", small)));
      Object sorted = eval(c, "sortPar", Map.of("xs", small));
      assertThat(sorted).isEqualTo(eval(c, "sortSeq", Map.of("xs", small)));
      assertThat(sorted).isEqualTo(small.stream().sorted().toList());
      List<BigInteger> two = small.subList(0, 2);
      List<BigInteger> other = small.subList(2, 4);
      assertThat(eval(c, "pairsPar", Map.of("xs", two, "ys", other)))
          .isEqualTo(eval(c, "pairsSeq", Map.of("xs", two, "ys", other)));
    }
  }

  private static BigInteger u64(SplittableRandom random, int round) {
    // small values in early rounds make repeats likely; then the full 64-bit range
    return round < 50
        ? BigInteger.valueOf(random.nextInt(4))
        : new BigInteger(64, new java.util.Random(random.nextLong()));
  }

  private static Object eval(CompiledContract c, String function, Map<String, Object> in) {
    return PlainCircuitEvaluator.evaluate(c.circuits().get(function), in).outputs().get("result");
  }
}
