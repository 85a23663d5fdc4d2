package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.rep4.circuit.Rep4CircuitInputs;
import io.parley.zk.rep4.circuit.Rep4CircuitResult;
import io.parley.zk.rep4.circuit.Rep4Interpreter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** A cheating party in a circuit run is blamed; circuits rep4 cannot run exactly are refused. */
class Rep4CircuitAdversaryTest {
  /** Rounds: input 0, echo 1, the layer's multiplication 2, the opening 3. */
  private static final int MULTIPLY_STEP = 2;

  private static final String PRODUCT =
      """
      {"format":"parley-circuit/1","name":"product","inputs":[
        {"name":"x","kind":"secret","type":"i24[3]"},{"name":"y","kind":"secret","type":"i24[3]"}],
       "gates":[{"id":6,"op":"dot","in":[0,1,2,3,4,5]},{"id":7,"op":"mul","in":[0,5]}],
       "outputs":[{"name":"z","wires":[6,7],"type":"i64[2]","to":"public"}]}
      """;

  @Test
  void wrongValueInAMultiplicationRoundIsBlamedOnTheCheater() {
    ValidatedCircuit c = Rep4CircuitTest.parse(PRODUCT);
    Map<String, BigInteger[]> in =
        Map.of(
            "x", Rep4CircuitTest.values(-5, 70000, 123456),
            "y", Rep4CircuitTest.values(9, -3, 4_000_000));
    BigInteger[] expected = {
      BigInteger.valueOf(-45 - 210000 + 123456L * 4_000_000L), BigInteger.valueOf(-5L * 4_000_000L)
    };
    BlameVerifier verifier = Blames.verifier(Rep4Net.COMMITTEE);
    for (int cheater = 0; cheater < 4; cheater++) {
      int bad = cheater;
      Rep4Net.Interceptor offset =
          (from, to, e) ->
              from == bad && e.step() == MULTIPLY_STEP && Tamper.hasValues(e)
                  ? List.of(Tamper.rewrite(e, (p, v) -> v[v.length - 1] += 1, (p, d) -> {}))
                  : List.of(e);
      List<Map<String, Shares>> noState = List.of(Map.of(), Map.of(), Map.of(), Map.of());
      List<Outcome<Rep4CircuitResult>> outcomes =
          Rep4CircuitRunner.run(c, in, Map.of("x", 0, "y", 3), noState, offset, 50 + cheater);
      int blamed = 0;
      for (int i = 0; i < 4; i++) {
        Outcome<Rep4CircuitResult> o = outcomes.get(i);
        if (i == cheater) {
          continue;
        }
        if (o instanceof Outcome.Completed<Rep4CircuitResult> done) {
          assertThat(done.value().publicOutputs().get("z")).containsExactly(expected);
          continue;
        }
        assertThat(o).as("party %d", i).isInstanceOf(Outcome.Aborted.class);
        Accusation a = ((Outcome.Aborted<Rep4CircuitResult>) o).accusation();
        assertThat(a).as("party %d", i).isInstanceOf(Accusation.Proven.class);
        Blame blame = ((Accusation.Proven) a).blame();
        assertThat(blame.accused()).as("party %d", i).isEqualTo(cheater);
        assertThat(verifier.verify(blame).valid()).isTrue();
        blamed++;
      }
      assertThat(blamed).as("cheater %d", cheater).isPositive();
    }
  }

  private static ValidatedCircuit withGate(String inputType, String gate) {
    return Rep4CircuitTest.parse(
        "{\"format\":\"parley-circuit/1\",\"name\":\"g\",\"inputs\":["
            + "{\"name\":\"x\",\"kind\":\"secret\",\"type\":\""
            + inputType
            + "\"}],\"gates\":["
            + gate
            + "],\"outputs\":[{\"name\":\"o\",\"wire\":0,\"type\":\""
            + inputType
            + "\",\"to\":\"public\"}]}");
  }

  @Test
  void circuitsRep4CannotRunExactlyAreRefusedWithEBackend() {
    assertBackend(
        withGate("i32", "{\"op\":\"divc\",\"in\":[0],\"c\":\"3\"}"),
        "gate 0 (divc): a division by a constant that is not a power of two is not supported on"
            + " rep4, use the Shamir engine");
    assertBackend(
        withGate("u64", "{\"op\":\"add\",\"in\":[0,0]}"),
        "gate 0 (add): result needs 66 bits, more than 64 bits are not supported on rep4, use the"
            + " Shamir engine");
    assertBackend(
        withGate("i40", "{\"op\":\"mul\",\"in\":[0,0]}"),
        "gate 0 (mul): result needs 80 bits, more than 64 bits are not supported on rep4, use the"
            + " Shamir engine");
    assertBackend(
        withGate(
            "i64",
            "{\"op\":\"addc\",\"in\":[0],\"c\":\"9223372036854775808\"},"
                + "{\"op\":\"lt\",\"in\":[0,1]}"),
        "gate 1 (lt): a comparison of operands spanning 65 bits (their range wider than 2^64) is"
            + " not supported on rep4, use the Shamir engine");
    assertBackend(
        withGate("u64", "{\"op\":\"divc\",\"in\":[0],\"c\":\"4\"}"),
        "gate 0 (divc): a division by 2^j of a value that needs 65 bits (at most 63) is not"
            + " supported on rep4, use the Shamir engine");
  }

  @Test
  void supportedCircuitsPassTheCheck() {
    Rep4Interpreter.check(withGate("i32", "{\"op\":\"wrap\",\"in\":[0],\"type\":\"i32\"}"));
    Rep4Interpreter.check(withGate("i62", "{\"op\":\"mulc\",\"in\":[0],\"c\":\"2\"}"));
    Rep4Interpreter.check(withGate("i32", "{\"op\":\"divc\",\"in\":[0],\"c\":\"1\"}"));
    Rep4Interpreter.check(withGate("i32", "{\"op\":\"divc\",\"in\":[0],\"c\":\"1024\"}"));
    Rep4Interpreter.check(withGate("i32", "{\"op\":\"wrap\",\"in\":[0],\"type\":\"u8\"}"));
    Rep4Interpreter.check(withGate("i32", "{\"op\":\"bits\",\"in\":[0],\"width\":64}"));
    // u64 and i64 values are residues of the ring: equality and sums that stay within 2^64
    Rep4Interpreter.check(withGate("u64", "{\"op\":\"eq\",\"in\":[0,0]}"));
    // and less-than of two u64 (or two i64): an unsigned comparison of words
    Rep4Interpreter.check(withGate("u64", "{\"op\":\"lt\",\"in\":[0,0]}"));
    Rep4Interpreter.check(withGate("i64", "{\"op\":\"le\",\"in\":[0,0]}"));
    // bits and wrap read the low bits of the residue: any operand
    Rep4Interpreter.check(withGate("u64", "{\"op\":\"wrap\",\"in\":[0],\"type\":\"u8\"}"));
    Rep4Interpreter.check(withGate("i64", "{\"op\":\"bits\",\"in\":[0],\"width\":64}"));
    Rep4Interpreter.check(withGate("i64", "{\"op\":\"addc\",\"in\":[0],\"c\":\"1\"}"));
  }

  private static void assertBackend(ValidatedCircuit c, String message) {
    assertThatThrownBy(() -> Rep4Interpreter.check(c))
        .isInstanceOf(CircuitException.class)
        .hasMessage("E_BACKEND: " + message);
    List<Rep4Program<Rep4CircuitResult>> none = new ArrayList<>();
    assertThatThrownBy(
            () ->
                none.add(
                    Rep4Interpreter.program(
                        c,
                        new Rep4CircuitInputs(Map.of("x", 0), Map.of(), Map.of(), Map.of()),
                        Rep4Net.context(1, true, Rep4CircuitRunner.KEY_SEED, Bytes32.ZERO))))
        .isInstanceOf(CircuitException.class)
        .extracting(e -> ((CircuitException) e).code())
        .isEqualTo("E_BACKEND");
    assertThat(none).isEmpty();
  }
}
