package io.parley.contracts.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import io.parley.contracts.testing.PlainCircuitEvaluator;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.rep4.circuit.Rep4Support;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deferred reduction (ADR 0039) on the contract of {@code parley bench confidential}: a sum of 256
 * secret u64 values is reduced once, before it is revealed, instead of after every addition.
 */
class DeferredReductionTest {
  static final Path SUM = Path.of("src/test/resources/contracts/ConfidentialSum.par");

  static long count(String json, String op) {
    return json.split("\"op\":\"" + op + "\"", -1).length - 1;
  }

  @Test
  void aSumOf256U64IsReducedOnce() {
    String json = ContractTestKit.compile(SUM).circuits().get("sum");
    assertThat(count(json, "wrap")).isEqualTo(1);
    assertThat(count(json, "add")).isEqualTo(255);
  }

  @Test
  void theReducedSumIsExactAndCheapOnTheCommittee() {
    ContractTestKit kit = new ContractTestKit().useCommittee(4);
    Address owner = kit.account("owner");
    DeployedContract sum = kit.deploy(SUM, owner);
    BigInteger expected = BigInteger.ZERO;
    for (int k = 0; k < 100; k++) {
      long amount = Long.MAX_VALUE - k * 1_000_003L;
      assertThat(sum.submit(kit.account("p" + k), "amounts", BigInteger.valueOf(amount)).accepted())
          .isTrue();
      expected = expected.add(BigInteger.valueOf(amount));
    }
    assertThat(sum.call(owner, "total").success()).isTrue();
    DeployedContract.Computation run = sum.lastStarted().computation().orElseThrow();
    System.out.println("ConfidentialSum over 100 inputs: " + run.report());
    assertThat(sum.query("total_of")).isEqualTo(expected.mod(BigInteger.ONE.shiftLeft(64)));
    assertThat(run.rounds()).as(run.report()).isLessThanOrEqualTo(20);
  }

  static String circuit(String body) {
    return compiled(body).circuits().get("f");
  }

  /** 20,000 u64 summands pass 2^78 once: one reduction there, one before the output. */
  @Test
  void aLongSumIsReducedWhenItsIntervalReachesTheBound() {
    String json =
        circuit(
            """
            confidential f(x: secret u64) -> u64 {
              let t: secret u64 = 0;
              for i in 0..20000 { t += x; }
              return reveal(t);
            }""");
    assertThat(count(json, "wrap")).isEqualTo(2);
    BigInteger x = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(12345));
    assertThat(PlainCircuitEvaluator.evaluate(json, Map.of("x", x)).outputs().get("result"))
        .isEqualTo(x.multiply(BigInteger.valueOf(20000)).mod(BigInteger.ONE.shiftLeft(64)));
  }

  /**
   * A u8 product grows by 8 bits a step; before it would pass rep4's 2^62 the running product is
   * reduced (once in ten steps, where every step used to wrap), and the circuit stays on rep4.
   */
  @Test
  void aNarrowProductIsReducedBeforeItLeavesRep4sRing() {
    String json =
        circuit(
            """
            confidential f(x: secret u8) -> u8 {
              let t: secret u8 = x;
              for i in 0..10 { t *= x; }
              return reveal(t);
            }""");
    assertThat(count(json, "wrap")).isEqualTo(2);
    Rep4Support.check(
        CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8))));
    for (int x = 0; x < 256; x++) {
      assertThat(PlainCircuitEvaluator.evaluate(json, Map.of("x", x)).outputs().get("result"))
          .isEqualTo(BigInteger.valueOf(x).pow(11).mod(BigInteger.valueOf(256)));
    }
  }

  /** A wire compared twice, or compared and output, is reduced once. */
  @Test
  void aValueIsReducedOnceForAllItsUses() {
    String json =
        circuit(
            """
            const AUDITOR: address = 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf;
            confidential f(a: secret i32, b: secret i32) -> bool {
              let s: secret i32 = a + b;
              reveal_to(AUDITOR, s);
              return reveal(s < a && s != b);
            }""");
    assertThat(count(json, "wrap")).isEqualTo(1);
    var out =
        PlainCircuitEvaluator.evaluate(json, Map.of("a", Integer.MAX_VALUE, "b", 1)).outputs();
    assertThat(out)
        .containsEntry("private_0", BigInteger.valueOf(Integer.MIN_VALUE))
        .containsEntry("result", BigInteger.ONE);
  }

  static BigInteger wrap(BigInteger v, int bits, boolean signed) {
    BigInteger m = BigInteger.ONE.shiftLeft(bits);
    BigInteger r = v.mod(m);
    return signed && r.testBit(bits - 1) ? r.subtract(m) : r;
  }

  static final String NARROW_USES =
      """
      const AUDITOR: address = 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf;
      state kept: secret i16;
      confidential f(a: secret i16, b: secret i16, c: secret u8) -> bool {
        let s: secret i16 = a * b + a;
        let x: secret i16 = s ^ b;
        let q: secret i16 = s / 8;
        let h: secret i16 = s >> 2;
        let w: secret i32 = s as i32;
        let n: secret u8 = s as u8;
        if s > 0 { n += c; }
        kept = s + s;
        reveal_to(AUDITOR, x);
        reveal_to(AUDITOR, q);
        reveal_to(AUDITOR, h);
        reveal_to(AUDITOR, w);
        reveal_to(AUDITOR, n);
        return reveal(s == a);
      }""";

  /**
   * Every kind of use of an unreduced value (bitwise, division, shift, widening and narrowing cast,
   * comparison, selection, secret state, outputs) on the real engine's rep4 backend.
   */
  @Test
  void unreducedValuesAreUsedExactlyOnRep4() {
    ContractTestKit kit = new ContractTestKit().useCommittee(4);
    DeployedContract d = kit.deploy(compiled(NARROW_USES), kit.account("owner"));
    long[][] arguments = {{-32768, -32768, 255}, {32767, -2, 7}, {-3, 5, 200}, {181, 181, 1}};
    for (long[] abc : arguments) {
      BigInteger a = BigInteger.valueOf(abc[0]);
      BigInteger b = BigInteger.valueOf(abc[1]);
      BigInteger s = wrap(a.multiply(b).add(a), 16, true);
      BigInteger n =
          wrap(s.add(s.signum() > 0 ? BigInteger.valueOf(abc[2]) : BigInteger.ZERO), 8, false);
      DeployedContract.Computation run = d.run("f", Map.of("a", a, "b", b, "c", abc[2]));
      assertThat(run.protocol()).isEqualTo("rep4");
      assertThat(run.outputs())
          .as("a=%d b=%d c=%d", abc[0], abc[1], abc[2])
          .containsEntry("private_0", s.xor(b))
          .containsEntry("private_1", s.divide(BigInteger.valueOf(8)))
          .containsEntry("private_2", s.shiftRight(2))
          .containsEntry("private_3", s)
          .containsEntry("private_4", n)
          .containsEntry("result", s.equals(a) ? BigInteger.ONE : BigInteger.ZERO);
      assertThat(d.secretState()).containsEntry("kept", wrap(s.add(s), 16, true));
    }
  }

  static final String WIDE_USES =
      """
      const AUDITOR: address = 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf;
      state kept: secret u64;
      confidential f(a: secret i64, b: secret i64, c: secret u64) -> bool {
        let s: secret i64 = a + b + a + b - 5;
        let x: secret i64 = s & b;
        let q: secret i64 = s / 1024;
        let h: secret i64 = s >> 40;
        let u: secret u64 = (s as u64) * 4096 + c;
        let n: secret i32 = s as i32;
        if s < b { n -= 1; }
        kept = u + c;
        reveal_to(AUDITOR, x);
        reveal_to(AUDITOR, q);
        reveal_to(AUDITOR, h);
        reveal_to(AUDITOR, u);
        reveal_to(AUDITOR, n);
        return reveal(s != a);
      }""";

  /** The same kinds of use of unreduced 64-bit values on the Shamir engine. */
  @Test
  void unreducedValuesAreUsedExactlyOnShamir() {
    ContractTestKit kit = new ContractTestKit().useCommittee(4);
    DeployedContract d = kit.deploy(compiled(WIDE_USES), kit.account("owner"));
    BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
    BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
    BigInteger[][] arguments = {
      {min, min, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)},
      {max, max.subtract(BigInteger.TEN), BigInteger.valueOf(3)},
      {BigInteger.valueOf(-7), BigInteger.valueOf(2), BigInteger.ZERO}
    };
    for (BigInteger[] abc : arguments) {
      BigInteger a = abc[0];
      BigInteger b = abc[1];
      BigInteger s = wrap(a.add(b).add(a).add(b).subtract(BigInteger.valueOf(5)), 64, true);
      BigInteger u = wrap(s.shiftLeft(12).add(abc[2]), 64, false);
      BigInteger n = wrap(s.compareTo(b) < 0 ? s.subtract(BigInteger.ONE) : s, 32, true);
      DeployedContract.Computation run = d.run("f", Map.of("a", a, "b", b, "c", abc[2]));
      assertThat(run.protocol()).isEqualTo("shamir-king");
      assertThat(run.outputs())
          .as("a=%d b=%d c=%d", a, b, abc[2])
          .containsEntry("private_0", s.and(b))
          .containsEntry("private_1", s.divide(BigInteger.valueOf(1024)))
          .containsEntry("private_2", s.shiftRight(40))
          .containsEntry("private_3", u)
          .containsEntry("private_4", n)
          .containsEntry("result", s.equals(a) ? BigInteger.ZERO : BigInteger.ONE);
      assertThat(d.secretState()).containsEntry("kept", wrap(u.add(abc[2]), 64, false));
    }
  }

  static CompiledContract compiled(String body) {
    try {
      return ContractCompiler.compile(new SourceFile("D.par", "contract D {\n" + body + "\n}\n"));
    } catch (CompileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
