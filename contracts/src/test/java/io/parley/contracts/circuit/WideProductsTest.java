package io.parley.contracts.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.Interval;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.circuit.ValueType;
import io.parley.zk.protocol.WrapPlan;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Products of a secret i64 or u64 with a constant whose interval needs the 81 signed bits a wrap
 * admits ([-2^80, 2^80)), reduced on the committee: {@code x * 100000} (room on both sides of the
 * interval for a signed wrap's shift), {@code x * 131072} (reaches -2^80, no room on either side),
 * {@code x * -131071} (room below only), an unsigned product and narrowing casts of them.
 */
class WideProductsTest {
  static final String PRODUCTS =
      """
      const AUDITOR: address = 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf;
      confidential f(x: secret i64, u: secret u64) -> i64 {
        reveal_to(AUDITOR, x * 131072);
        reveal_to(AUDITOR, x * -131071);
        reveal_to(AUDITOR, u * 65535);
        reveal_to(AUDITOR, (x * 100000) as i8);
        reveal_to(AUDITOR, (x * 131072 + 1) as i16);
        reveal_to(AUDITOR, (x * 100000 + x * 16383) as i8);
        reveal_to(AUDITOR, (x * 64) as u8);
        return reveal(x * 100000);
      }""";

  /**
   * The 64-bit products are wrapped from operands of 81 bits, by every method of a wrap; the
   * narrowing casts wrap unreduced operands of up to 78 bits to 8 bits.
   */
  @Test
  void theProductsAreWrappedFromTheWidestOperandsAWrapAdmits() {
    String json = DeferredReductionTest.circuit(PRODUCTS);
    ValidatedCircuit c =
        CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8)));
    Set<String> wraps = new TreeSet<>();
    for (Circuit.Gate gate : c.circuit().gates()) {
      if (gate.op().equals("wrap")) {
        Interval operand = c.intervals()[gate.in().get(0)];
        ValueType type = gate.type().orElseThrow();
        WrapPlan plan = WrapPlan.of(operand.lo(), operand.hi(), type.width(), type.signed());
        wraps.add(
            (type.signed() ? "i" : "u")
                + type.width()
                + " of "
                + operand.signedBits()
                + " bits: "
                + plan.method());
      }
    }
    assertThat(wraps)
        .contains(
            "i64 of 81 bits: ADD_HALF",
            "i64 of 81 bits: SUBTRACT_HALF",
            "i64 of 81 bits: TOP_BIT",
            "u64 of 81 bits: UNSIGNED",
            "i8 of 78 bits: ADD_HALF",
            "u8 of 70 bits: UNSIGNED");
  }

  @ParameterizedTest(name = "{0} members")
  @ValueSource(ints = {4, 7})
  void wideProductsWrapAroundExactlyOnTheCommittee(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    DeployedContract d = kit.deploy(DeferredReductionTest.compiled(PRODUCTS), kit.account("owner"));
    long[][] arguments = {
      {Long.MAX_VALUE, -1}, {Long.MIN_VALUE, 0}, {-1, 1}, {92233720368547758L, 1L << 63}
    };
    for (long[] xu : arguments) {
      BigInteger x = BigInteger.valueOf(xu[0]);
      BigInteger u = new BigInteger(Long.toUnsignedString(xu[1]));
      DeployedContract.Computation run = d.run("f", Map.of("x", x, "u", u));
      assertThat(run.protocol()).isEqualTo("shamir-king");
      assertThat(run.outputs())
          .as("x=%d u=%d", x, u)
          .containsEntry("result", wrap(x.multiply(BigInteger.valueOf(100000)), 64, true))
          .containsEntry("private_0", wrap(x.shiftLeft(17), 64, true))
          .containsEntry("private_1", wrap(x.multiply(BigInteger.valueOf(-131071)), 64, true))
          .containsEntry("private_2", wrap(u.multiply(BigInteger.valueOf(65535)), 64, false))
          .containsEntry("private_3", wrap(x.multiply(BigInteger.valueOf(100000)), 8, true))
          .containsEntry("private_4", wrap(x.shiftLeft(17).add(BigInteger.ONE), 16, true))
          .containsEntry("private_5", wrap(x.multiply(BigInteger.valueOf(116383)), 8, true))
          .containsEntry("private_6", wrap(x.shiftLeft(6), 8, false));
    }
  }

  private static BigInteger wrap(BigInteger v, int bits, boolean signed) {
    return DeferredReductionTest.wrap(v, bits, signed);
  }
}
