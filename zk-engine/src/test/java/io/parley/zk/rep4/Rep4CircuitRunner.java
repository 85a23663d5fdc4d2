package io.parley.zk.rep4;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.rep4.circuit.Rep4CircuitInputs;
import io.parley.zk.rep4.circuit.Rep4CircuitResult;
import io.parley.zk.rep4.circuit.Rep4Interpreter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Test helper: runs a circuit on the four in-process rep4 parties of {@link Rep4Net}. Secret inputs
 * are dealt by their owners; state comes in as Shares (from an earlier run, or dealt here by a
 * trusted helper from clear values).
 */
final class Rep4CircuitRunner {
  private Rep4CircuitRunner() {}

  static final byte[] KEY_SEED = {4, 2};

  /** State shares of clear values: party 1 holds component 0 = v, every other component is 0. */
  static List<Shares> dealState(long[] values) {
    List<Shares> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      out.add(Shares.constant(i, values));
    }
    return out;
  }

  static List<Outcome<Rep4CircuitResult>> run(
      ValidatedCircuit circuit,
      Map<String, BigInteger[]> values,
      Map<String, Integer> owners,
      List<Map<String, Shares>> state,
      Rep4Net.Interceptor interceptor,
      long seed) {
    Map<String, BigInteger[]> publicValues = new HashMap<>();
    List<Map<String, BigInteger[]>> own = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      own.add(new HashMap<>());
    }
    for (Circuit.Input input : circuit.circuit().inputs()) {
      switch (input.kind()) {
        case PUBLIC -> publicValues.put(input.name(), values.get(input.name()));
        case SECRET ->
            own.get(owners.get(input.name())).put(input.name(), values.get(input.name()));
        case STATE -> {}
      }
    }
    return new Rep4Net()
        .run(
            true,
            KEY_SEED,
            i ->
                Rep4Interpreter.program(
                    circuit,
                    new Rep4CircuitInputs(owners, own.get(i), state.get(i), publicValues),
                    Rep4Net.context(i, true, KEY_SEED, Bytes32.ZERO)),
            interceptor,
            seed);
  }

  /** Runs honestly with state dealt from clear values; every output by name, recombined. */
  static Map<String, BigInteger[]> outputs(
      ValidatedCircuit circuit,
      Map<String, BigInteger[]> values,
      Map<String, Integer> owners,
      long seed) {
    List<Map<String, Shares>> state = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      state.add(new HashMap<>());
    }
    for (Circuit.Input input : circuit.circuit().inputs()) {
      if (input.kind() == Circuit.InputKind.STATE) {
        long[] v = longs(values.get(input.name()));
        List<Shares> dealt = dealState(v);
        for (int i = 0; i < 4; i++) {
          state.get(i).put(input.name(), dealt.get(i));
        }
      }
    }
    List<Outcome<Rep4CircuitResult>> outcomes =
        run(circuit, values, owners, state, Rep4Net.honest(), seed);
    List<Rep4CircuitResult> results = new ArrayList<>();
    for (Outcome<Rep4CircuitResult> o : outcomes) {
      if (!(o instanceof Outcome.Completed<Rep4CircuitResult> done)) {
        throw new AssertionError("party did not complete: " + o);
      }
      results.add(done.value());
    }
    Map<String, BigInteger[]> out = new HashMap<>(results.get(0).publicOutputs());
    for (Rep4CircuitResult r : results) {
      for (var e : r.publicOutputs().entrySet()) {
        if (!java.util.Arrays.equals(e.getValue(), out.get(e.getKey()))) {
          throw new AssertionError("parties disagree on " + e.getKey());
        }
      }
    }
    for (String name : results.get(0).addressShares().keySet()) {
      out.put(name, recombine(results, r -> r.addressShares().get(name)));
    }
    for (String name : results.get(0).stateShares().keySet()) {
      out.put(name, recombine(results, r -> r.stateShares().get(name)));
    }
    return out;
  }

  /** x = x_0 (held by party 1) + x_1 + x_2 + x_3 (held by party 0), read as signed. */
  static BigInteger[] recombine(
      List<Rep4CircuitResult> results,
      java.util.function.Function<Rep4CircuitResult, Shares> pick) {
    long[] c0 = pick.apply(results.get(1)).componentCopy(0);
    Shares p0 = pick.apply(results.get(0));
    BigInteger[] out = new BigInteger[c0.length];
    for (int e = 0; e < c0.length; e++) {
      long v = c0[e];
      for (int m = 1; m < 4; m++) {
        v += p0.componentCopy(m)[e];
      }
      out[e] = BigInteger.valueOf(v);
    }
    return out;
  }

  static long[] longs(BigInteger[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i].longValueExact();
    }
    return out;
  }
}
