package io.parley.contracts.examples;

import io.parley.contracts.CompiledContract;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Requirements;
import io.parley.zk.field.FieldElement;
import io.parley.zk.interpreter.CircuitInputs;
import io.parley.zk.interpreter.Interpreter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The static cost of one confidential function of an example, for the cost reports of the example
 * tests: compile time, bundle size, gates, interactive depth, and what the Shamir engine's online
 * program consumes (a dry run on zeros: consumption never depends on values). {@code onlineRounds}
 * counts the openings of the online phase only; the kit's {@code rounds} add the input check,
 * preprocessing and output phases. {@code multiplications} are the Beaver triples the online phase
 * consumes (one per secret product, and the products inside comparisons, equality tests and bit
 * decompositions); {@code randomBits} the shared random bits (each one more triple in
 * preprocessing).
 */
record CircuitCost(
    long compileMillis,
    int bundleBytes,
    int circuitBytes,
    int gates,
    int depth,
    int onlineRounds,
    long multiplications,
    long randomBits) {

  static CircuitCost of(Path source, String function, int members) {
    long begin = System.nanoTime();
    CompiledContract compiled = ContractTestKit.compile(source);
    long compileMillis = (System.nanoTime() - begin) / 1_000_000;
    String document = compiled.bundle().circuits().get(function);
    ValidatedCircuit circuit =
        CircuitValidator.validate(CircuitParser.parse(document.getBytes(StandardCharsets.UTF_8)));
    Map<String, FieldElement[]> secret = new HashMap<>();
    Map<String, FieldElement[]> state = new HashMap<>();
    Map<String, BigInteger[]> publicValues = new HashMap<>();
    for (Circuit.Input in : circuit.circuit().inputs()) {
      int length = in.type().length();
      switch (in.kind()) {
        case SECRET -> secret.put(in.name(), zeros(length));
        case STATE, COLLECTION -> state.put(in.name(), zeros(length));
        case PUBLIC -> {
          BigInteger[] values = new BigInteger[length];
          Arrays.fill(values, BigInteger.ZERO);
          publicValues.put(in.name(), values);
        }
      }
    }
    Requirements needs =
        Requirements.of(
            members,
            context ->
                Interpreter.program(
                    circuit, new CircuitInputs(secret, state, publicValues), context),
            true);
    return new CircuitCost(
        compileMillis,
        compiled.bundle().encode().size(),
        document.length(),
        circuit.circuit().gates().size(),
        circuit.maxDepth(),
        needs.rounds(),
        needs.triples(),
        needs.bits());
  }

  private static FieldElement[] zeros(int length) {
    FieldElement[] out = new FieldElement[length];
    Arrays.fill(out, FieldElement.ZERO);
    return out;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "compiled in %,d ms, bundle %,d bytes (circuit %,d), %,d gates, depth %d; Shamir online:"
            + " %d rounds, %,d multiplications, %,d random bits",
        compileMillis,
        bundleBytes,
        circuitBytes,
        gates,
        depth,
        onlineRounds,
        multiplications,
        randomBits);
  }
}
