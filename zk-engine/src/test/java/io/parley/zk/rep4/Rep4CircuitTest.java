package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.PlaintextEvaluator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.rep4.circuit.Rep4CircuitResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Circuits on the rep4 fast path give the outputs of the plaintext reference semantics. */
class Rep4CircuitTest {
  static ValidatedCircuit parse(String json) {
    return CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  static BigInteger[] values(long... v) {
    BigInteger[] out = new BigInteger[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = BigInteger.valueOf(v[i]);
    }
    return out;
  }

  private static void assertMatchesPlaintext(
      ValidatedCircuit c, Map<String, BigInteger[]> in, Map<String, Integer> owners, long seed) {
    Map<String, BigInteger[]> expected = PlaintextEvaluator.evaluate(c, in);
    Map<String, BigInteger[]> actual = Rep4CircuitRunner.outputs(c, in, owners, seed);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (String name : expected.keySet()) {
      assertThat(actual.get(name))
          .as("seed %d output %s", seed, name)
          .containsExactly(expected.get(name));
    }
  }

  @Test
  void workedExampleOfTheSpecGivesTheDocumentedOutputs() throws IOException {
    ValidatedCircuit c;
    try (InputStream s = getClass().getResourceAsStream("/circuits/max-of-two.json")) {
      c = CircuitValidator.validate(CircuitParser.parse(s.readAllBytes()));
    }
    Map<String, BigInteger[]> in = Map.of("bids", values(5, 9), "reserve", values(3));
    Map<String, BigInteger[]> out = Rep4CircuitRunner.outputs(c, in, Map.of("bids", 2), 1);
    assertThat(out.get("second_wins")).containsExactly(values(1));
    assertThat(out.get("top_bid")).containsExactly(values(9));
    for (long seed = 2; seed < 6; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      Map<String, BigInteger[]> random =
          Map.of(
              "bids", values(r.nextLong(1L << 32), r.nextLong(1L << 32)),
              "reserve", values(r.nextLong(1L << 32)));
      assertMatchesPlaintext(c, random, Map.of("bids", (int) seed % 4), seed);
    }
  }

  @Test
  void handWrittenCircuitWithEveryLocalAndBooleanOpMatchesThePlaintext() {
    String json =
        """
        {"format":"parley-circuit/1","name":"mix","inputs":[
          {"name":"a","kind":"secret","type":"i32[2]"},
          {"name":"f","kind":"secret","type":"bool[3]"},
          {"name":"p","kind":"public","type":"i16"},
          {"name":"s","kind":"state","type":"i40"}],
         "gates":[
          {"id":7,"op":"dot","in":[0,1,2,3]},
          {"id":8,"op":"xor","in":[2,3]},
          {"id":9,"op":"or","in":[3,4]},
          {"id":10,"op":"not","in":[8]},
          {"id":11,"op":"eq","in":[0,1]},
          {"id":12,"op":"le","in":[6,0]},
          {"id":13,"op":"from_bits","in":[8,9,10],"signed":true},
          {"id":14,"op":"select","in":[9,0,5]},
          {"id":15,"op":"sum","in":[6,13,14]},
          {"id":16,"op":"mulc","in":[15],"c":"-3"},
          {"id":17,"op":"addc","in":[16],"c":"11"},
          {"id":18,"op":"wrap","in":[13],"type":"i8"},
          {"id":19,"op":"mul","in":[5,5]},
          {"id":20,"op":"sub","in":[6,0]},
          {"id":21,"op":"neg","in":[20]},
          {"id":22,"op":"lt","in":[21,7]},
          {"id":23,"op":"const","c":"-5"},
          {"id":24,"op":"mul","in":[23,5]},
          {"id":25,"op":"and","in":[22,11]},
          {"id":26,"op":"divc","in":[17],"c":"1"}],
         "outputs":[
          {"name":"dot","wire":7,"type":"i64","to":"public"},
          {"name":"flags","wires":[8,9,10,11,12,22,25],"type":"bool[7]","to":"public"},
          {"name":"mix","wires":[13,18,24,26],"type":"i64[4]","to":"public"},
          {"name":"sq","wire":19,"type":"i64","to":"state"},
          {"name":"neg","wire":21,"type":"i64","to":"address",
           "address":"0x00000000000000000000000000000000000000aa"}]}
        """;
    ValidatedCircuit c = parse(json);
    for (long seed = 1; seed <= 4; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      long a0 = r.nextLong(-(1L << 31), 1L << 31);
      long a1 = seed == 2 ? a0 : r.nextLong(-(1L << 31), 1L << 31);
      Map<String, BigInteger[]> in = new HashMap<>();
      in.put("a", values(a0, a1));
      in.put("f", values(r.nextInt(2), r.nextInt(2), r.nextInt(2)));
      in.put("p", values(r.nextInt(65536) - 32768));
      in.put("s", values(r.nextLong(-(1L << 39), 1L << 39)));
      assertMatchesPlaintext(c, in, Map.of("a", 0, "f", 3), seed);
    }
  }

  @Test
  void randomCircuitsMatchThePlaintextSemantics() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      String json = RandomRep4Circuits.generate(r, 24);
      ValidatedCircuit c = parse(json);
      Map<String, BigInteger[]> in = new HashMap<>();
      in.put("a", values(r.nextInt(65536) - 32768, -32768, 32767));
      in.put("b", values(r.nextInt(256), 0));
      in.put("p", values(r.nextInt(65536) - 32768));
      in.put("f", values(r.nextInt(2), 1));
      in.put("s", values(r.nextInt(65536) - 32768));
      assertMatchesPlaintext(c, in, Map.of("a", 0, "b", 1, "f", (int) (seed % 4)), seed);
    }
  }

  @Test
  void stateSharesCarryFromOneRunToTheNext() {
    ValidatedCircuit c =
        parse(
            """
            {"format":"parley-circuit/1","name":"counter","inputs":[
              {"name":"total","kind":"state","type":"i32"},
              {"name":"delta","kind":"secret","type":"i16"}],
             "gates":[{"id":2,"op":"add","in":[0,1]},{"id":3,"op":"wrap","in":[2],"type":"i32"},
                      {"id":4,"op":"lt","in":[3,0]}],
             "outputs":[{"name":"total","wire":3,"type":"i32","to":"state"},
                        {"name":"fell","wire":4,"type":"bool","to":"public"}]}
            """);
    List<Shares> dealt = Rep4CircuitRunner.dealState(new long[] {Integer.MAX_VALUE - 5});
    List<Map<String, Shares>> state = new ArrayList<>();
    for (Shares s : dealt) {
      state.add(Map.of("total", s));
    }
    long[] deltas = {3, 4, -10};
    long[] fell = {0, 1, 0}; // wraps past the top, then back below the bottom
    long expected = Integer.MAX_VALUE - 5;
    for (int run = 0; run < deltas.length; run++) {
      List<Outcome<Rep4CircuitResult>> outcomes =
          Rep4CircuitRunner.run(
              c,
              Map.of("delta", values(deltas[run])),
              Map.of("delta", run % 4),
              state,
              Rep4Net.honest(),
              60 + run);
      List<Rep4CircuitResult> results = new ArrayList<>();
      state = new ArrayList<>();
      for (Outcome<Rep4CircuitResult> o : outcomes) {
        Rep4CircuitResult r = ((Outcome.Completed<Rep4CircuitResult>) o).value();
        results.add(r);
        state.add(Map.of("total", r.stateShares().get("total")));
        assertThat(r.publicOutputs().get("fell")).containsExactly(values(fell[run]));
      }
      expected = (int) (expected + deltas[run]);
      assertThat(Rep4CircuitRunner.recombine(results, r -> r.stateShares().get("total")))
          .containsExactly(values(expected));
    }
  }

  @Test
  void roundsFollowTheCostModelOfTheSpec() throws IOException {
    ValidatedCircuit c;
    try (InputStream s = getClass().getResourceAsStream("/circuits/max-of-two.json")) {
      c = CircuitValidator.validate(CircuitParser.parse(s.readAllBytes()));
    }
    List<Map<String, Shares>> noState = List.of(Map.of(), Map.of(), Map.of(), Map.of());
    List<Outcome<Rep4CircuitResult>> outcomes =
        Rep4CircuitRunner.run(
            c,
            Map.of("bids", values(7, 9), "reserve", values(8)),
            Map.of("bids", 1),
            noState,
            Rep4Net.honest(),
            3);
    // input + echo, lt on 33 bits (5 + ceil(log2 32)), select, le on 33 bits, and, opening
    for (Outcome<Rep4CircuitResult> o : outcomes) {
      assertThat(((Outcome.Completed<Rep4CircuitResult>) o).rounds())
          .isEqualTo(2 + 10 + 1 + 10 + 1 + 1);
    }
  }
}
