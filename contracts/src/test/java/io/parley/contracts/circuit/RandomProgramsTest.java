package io.parley.contracts.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.circuit.RandomPrograms.Profile;
import io.parley.contracts.circuit.RandomPrograms.Program;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import io.parley.contracts.testing.PlainCircuitEvaluator;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random confidential functions ({@link RandomPrograms}) compute exactly the language's
 * wrap-around semantics, computed in plain Java: on the plaintext evaluator for many programs and
 * arguments, and on committees of the real engine for a few, so that the engine's {@code wrap} and
 * {@code bits} gates on unreduced operands (ADR 0039) are exercised on rep4 and on Shamir.
 */
class RandomProgramsTest {
  static final int PROGRAMS = 300;
  static final int RUNS = 16;

  static CompiledContract compile(Program p, long seed) {
    try {
      return ContractCompiler.compile(new SourceFile("R.par", p.source()));
    } catch (CompileException e) {
      return fail("seed " + seed + " does not compile: " + e.getMessage() + "\n" + p.source());
    }
  }

  static Profile profile(long seed) {
    return seed % 3 == 0 ? Profile.NARROW : Profile.ALL;
  }

  @Test
  void randomProgramsComputeTheWrapAroundSemantics() {
    for (long seed = 0; seed < PROGRAMS; seed++) {
      Program p = RandomPrograms.generate(seed, profile(seed));
      String circuit = compile(p, seed).circuits().get(RandomPrograms.FUNCTION);
      SplittableRandom r = new SplittableRandom(seed);
      for (int run = 0; run < RUNS; run++) {
        Map<String, Object> args = RandomPrograms.arguments(r, p, true);
        assertThat(PlainCircuitEvaluator.evaluate(circuit, args).outputs())
            .as("seed %d, arguments %s, program:%n%s", seed, args, p.source())
            .isEqualTo(p.meaning().apply(args));
      }
    }
  }

  /** Runs program {@code seed} on a committee of the kit and returns the protocol it ran on. */
  static String runOnCommittee(long seed, int members) {
    Program p = RandomPrograms.generate(seed, profile(seed));
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    Address owner = kit.account("owner");
    DeployedContract contract = kit.deploy(compile(p, seed), owner);
    Map<String, Object> args = RandomPrograms.arguments(new SplittableRandom(seed), p, false);
    DeployedContract.Computation run = contract.run(RandomPrograms.FUNCTION, args);
    assertThat(run.outputs())
        .as("seed %d on %d members, arguments %s, program:%n%s", seed, members, args, p.source())
        .isEqualTo(p.meaning().apply(args));
    return run.protocol();
  }

  @Test
  void narrowProgramsRunUnreducedOnRep4() {
    for (long seed : new long[] {0, 3, 6, 9}) {
      assertThat(runOnCommittee(seed, 4)).as("seed %d", seed).isEqualTo("rep4");
    }
  }

  @Test
  void programsRunUnreducedOnShamir() {
    for (long seed : new long[] {1, 2, 4}) {
      assertThat(runOnCommittee(seed, 4)).as("seed %d", seed).isEqualTo("shamir-king");
    }
    assertThat(runOnCommittee(5, 7)).isEqualTo("shamir-king");
  }
}
