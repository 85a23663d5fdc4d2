package io.parley.contracts.examples;

import io.parley.contracts.CompiledContract;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The size of one confidential function of an example without running it: compile time, bundle and
 * circuit bytes, document gates, lanes (the scalar gates they stand for) and depth. For circuits
 * too large for {@link CircuitCost}'s dry run.
 */
record CircuitSize(
    long compileMillis, int bundleBytes, int circuitBytes, int gates, int lanes, int depth) {

  static CircuitSize of(Path source, String function) {
    long begin = System.nanoTime();
    CompiledContract compiled = ContractTestKit.compile(source);
    long compileMillis = (System.nanoTime() - begin) / 1_000_000;
    String document = compiled.bundle().circuits().get(function);
    ValidatedCircuit circuit =
        CircuitValidator.validate(CircuitParser.parse(document.getBytes(StandardCharsets.UTF_8)));
    return new CircuitSize(
        compileMillis,
        compiled.bundle().encode().size(),
        document.length(),
        circuit.circuit().gates().size(),
        circuit.elements(),
        circuit.maxDepth());
  }

  @Override
  public String toString() {
    return String.format(
        "compile %d ms, bundle %,d bytes, circuit %,d bytes, %d gates, %,d lanes, depth %d",
        compileMillis, bundleBytes, circuitBytes, gates, lanes, depth);
  }
}
