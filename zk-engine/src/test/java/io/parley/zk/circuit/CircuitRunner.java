package io.parley.zk.circuit;

import io.parley.zk.field.FieldElement;
import io.parley.zk.interpreter.CircuitInputs;
import io.parley.zk.interpreter.CircuitResult;
import io.parley.zk.interpreter.Interpreter;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Lockstep;
import io.parley.zk.testing.TrustedDealer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test helper: runs a circuit on n members (dealer preprocessing) and opens every output. */
final class CircuitRunner {
  private CircuitRunner() {}

  record Run(Map<String, BigInteger[]> outputs, int rounds) {}

  static Run run(ValidatedCircuit circuit, Map<String, BigInteger[]> inputs, int n, long seed) {
    int t = (n - 1) / 3;
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, FieldElement[]>> secret = new ArrayList<>();
    List<Map<String, FieldElement[]>> state = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      secret.add(new HashMap<>());
      state.add(new HashMap<>());
    }
    Map<String, BigInteger[]> publicValues = new HashMap<>();
    for (Circuit.Input input : circuit.circuit().inputs()) {
      BigInteger[] values = inputs.get(input.name());
      if (input.kind() == Circuit.InputKind.PUBLIC) {
        publicValues.put(input.name(), values);
        continue;
      }
      List<Map<String, FieldElement[]>> target =
          input.kind() == Circuit.InputKind.SECRET ? secret : state;
      for (int i = 0; i < n; i++) {
        target.get(i).put(input.name(), new FieldElement[values.length]);
      }
      for (int e = 0; e < values.length; e++) {
        FieldElement[] shares = Shamir.share(FieldElement.of(values[e]), t, n, random);
        for (int i = 0; i < n; i++) {
          target.get(i).get(input.name())[e] = shares[i];
        }
      }
    }
    TrustedDealer dealer = new TrustedDealer(n, seed);
    List<Program<CircuitResult>> programs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      programs.add(
          Interpreter.program(
              circuit,
              new CircuitInputs(secret.get(i), state.get(i), publicValues),
              new OnlineContext(i, n, dealer.forParty(i))));
    }
    Lockstep.Run<CircuitResult> run = Lockstep.run(programs);
    ReedSolomon rs = new ReedSolomon(n, t);
    Map<String, BigInteger[]> outputs = new LinkedHashMap<>();
    CircuitResult first = run.results().get(0);
    outputs.putAll(first.publicOutputs());
    for (CircuitResult r : run.results()) {
      for (var e : r.publicOutputs().entrySet()) {
        if (!java.util.Arrays.equals(e.getValue(), first.publicOutputs().get(e.getKey()))) {
          throw new AssertionError("members disagree on " + e.getKey());
        }
      }
    }
    List<Map<String, FieldElement[]>> shared = new ArrayList<>();
    for (CircuitResult r : run.results()) {
      Map<String, FieldElement[]> m = new HashMap<>(r.addressShares());
      m.putAll(r.stateShares());
      shared.add(m);
    }
    for (String name : shared.get(0).keySet()) {
      int length = shared.get(0).get(name).length;
      BigInteger[] values = new BigInteger[length];
      for (int e = 0; e < length; e++) {
        FieldElement[] column = new FieldElement[n];
        for (int i = 0; i < n; i++) {
          column[i] = shared.get(i).get(name)[e];
        }
        values[e] = rs.decode(column).orElseThrow().value().toSignedBigInteger();
      }
      outputs.put(name, values);
    }
    return new Run(outputs, run.rounds());
  }
}
