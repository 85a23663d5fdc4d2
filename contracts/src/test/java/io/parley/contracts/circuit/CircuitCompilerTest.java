package io.parley.contracts.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.CompiledContract;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import io.parley.contracts.testing.PlainCircuitEvaluator;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Confidential functions compile to circuits that satisfy the IR's validation rules and compute
 * what the source says (checked against Java on seeded random inputs, with wrap-around).
 */
class CircuitCompilerTest {
  static final Path SOURCE = Path.of("src/test/resources/programs/Secrets.par");

  @Test
  void everyCircuitSatisfiesTheIrRules() throws Exception {
    CompiledContract c = ContractCompiler2.compile(SOURCE);
    assertThat(c.circuits()).containsOnlyKeys("keep", "logic", "maximum", "mix");
    for (String json : c.circuits().values()) {
      CircuitRules.check(json);
    }
    for (Path example : List.of(Path.of("examples/Payroll.par"))) {
      for (String json : ContractCompiler2.compile(example).circuits().values()) {
        CircuitRules.check(json);
      }
    }
  }

  static BigInteger wrap(long v, int bits, boolean signed) {
    BigInteger m = BigInteger.ONE.shiftLeft(bits);
    BigInteger r = BigInteger.valueOf(v).mod(m);
    return signed && r.testBit(bits - 1) ? r.subtract(m) : r;
  }

  @Test
  void circuitsComputeTheSourceSemanticsOnRandomInputs() {
    long seed = 77L;
    SplittableRandom random = new SplittableRandom(seed);
    CompiledContract c = ContractCompiler2.compile(SOURCE);
    for (int round = 0; round < 300; round++) {
      String ctx = "seed " + seed + " round " + round;
      int[] xs = random.ints(4, -1000, 1000).toArray();
      var max =
          PlainCircuitEvaluator.evaluate(
              c.circuits().get("maximum"),
              Map.of("xs", List.of(xs[0], xs[1], xs[2], xs[3]), "best", 0));
      int expected = Math.max(Math.max(xs[0], xs[1]), Math.max(xs[2], xs[3]));
      assertThat(max.outputs())
          .as(ctx)
          .containsEntry("result", BigInteger.valueOf(expected))
          .containsEntry("best", BigInteger.valueOf(expected));

      int a = random.nextInt(-32768, 32768);
      int b = random.nextInt(-32768, 32768);
      int k = random.nextInt(-32768, 32768);
      var mix =
          PlainCircuitEvaluator.evaluate(c.circuits().get("mix"), Map.of("a", a, "b", b, "k", k));
      BigInteger s = wrap((long) a * b + k, 16, true);
      assertThat(mix.outputs().get("result"))
          .as(ctx)
          .isEqualTo(
              List.of(
                  s,
                  BigInteger.valueOf(wrap(a - b, 16, true).intValue() / 4),
                  BigInteger.valueOf(a % 3)));

      int x = random.nextInt(256);
      int y = random.nextInt(256);
      boolean f = random.nextBoolean();
      var logic =
          PlainCircuitEvaluator.evaluate(c.circuits().get("logic"), Map.of("a", x, "b", y, "f", f));
      int v = (x & y) ^ (x | 15);
      v = f && x < y ? (v << 1) & 0xFF : v >> 2;
      assertThat(logic.outputs())
          .as(ctx)
          .containsEntry("private_0", BigInteger.valueOf(v))
          .containsEntry("result", BigInteger.valueOf((v + 200) & 0xFF));
    }
  }

  @Test
  void secretStateCarriesAcrossComputationsInTheTestKit() {
    ContractTestKit kit = new ContractTestKit();
    DeployedContract d = kit.deploy(SOURCE, kit.account("me"));
    d.compute("maximum", Map.of("xs", List.of(3, 9, -2, 4)));
    d.compute("keep", Map.of("delta", -10));
    assertThat(d.secretState()).containsEntry("best", BigInteger.valueOf(-1));
  }

  @Test
  void secretIfBecomesSelectAndLoopsUnroll() throws Exception {
    String json = ContractCompiler2.compile(SOURCE).circuits().get("maximum");
    assertThat(json).contains("\"op\":\"select\"").doesNotContain("\"op\":\"wrap\"");
    long compares = json.split("\"op\":\"lt\"", -1).length - 1;
    assertThat(compares).isEqualTo(3);
  }

  /** Compiles a file or fails the test with the compiler's message. */
  static final class ContractCompiler2 {
    static CompiledContract compile(Path p) {
      return ContractTestKit.compile(p);
    }
  }
}
