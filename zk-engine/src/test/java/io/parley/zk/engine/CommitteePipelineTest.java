package io.parley.zk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.interpreter.CircuitInputs;
import io.parley.zk.interpreter.CircuitResult;
import io.parley.zk.interpreter.Interpreter;
import io.parley.zk.messages.Committee;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.preprocessing.BatchPlan;
import io.parley.zk.session.ProtocolSession;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole path without a dealer: committee preprocessing, random bits, then a circuit. */
class CommitteePipelineTest {

  static <T> List<T> runAll(List<? extends ProtocolSession<T>> sessions, long seed) {
    new Simulation<>(sessions, Map.of(), seed).run();
    List<T> values = new ArrayList<>();
    for (ProtocolSession<T> s : sessions) {
      Outcome<T> o = s.outcome().orElseThrow();
      assertThat(o).as("seed %d", seed).isInstanceOf(Outcome.Completed.class);
      values.add(((Outcome.Completed<T>) o).value());
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void committeeRunsTheSpecExampleFromItsOwnPreprocessing(int n) throws Exception {
    ValidatedCircuit circuit;
    try (InputStream in = getClass().getResourceAsStream("/circuits/max-of-two.json")) {
      circuit = CircuitValidator.validate(CircuitParser.parse(in.readAllBytes()));
    }
    List<PrivateKey> keys = Fixtures.keys(n, 21);
    Committee committee = Fixtures.committee(keys);
    SplittableRandom random = new SplittableRandom(21);
    FieldElement[] bid0 = Shamir.share(FieldElement.of(7), committee.threshold(), n, random);
    FieldElement[] bid1 = Shamir.share(FieldElement.of(9), committee.threshold(), n, random);
    Map<String, BigInteger[]> publicValues =
        Map.of("reserve", new BigInteger[] {BigInteger.valueOf(8)});
    List<MemberPipeline> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add(new MemberPipeline(committee, i, keys.get(i), OnlineSession.Mode.MALICIOUS));
    }
    CircuitInputs dry =
        new CircuitInputs(
            Map.of("bids", new FieldElement[] {FieldElement.ZERO, FieldElement.ZERO}),
            Map.of(),
            publicValues);
    Requirements needs = Requirements.of(n, context -> Interpreter.program(circuit, dry, context));
    Bytes32 id = Fixtures.id(5);

    BatchPlan plan = needs.plan(n);
    BatchPlan withInputCheck = new BatchPlan(n, plan.triples(), plan.randoms() + 2, plan.squares());
    List<ProtocolSession<BatchOutput>> prep = new ArrayList<>();
    members.forEach(m -> prep.add(m.preprocessing(id, withInputCheck)));
    List<BatchOutput> batches = runAll(prep, 1);
    for (int i = 0; i < n; i++) {
      members.get(i).accept(batches.get(i));
    }
    List<ProtocolSession<Boolean>> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      checks.add(members.get(i).inputCheck(id, new FieldElement[] {bid0[i], bid1[i]}));
    }
    assertThat(runAll(checks, 4)).containsOnly(true);
    List<ProtocolSession<FieldElement[]>> bits = new ArrayList<>();
    members.forEach(m -> bits.add(m.bits(id, (int) needs.bits())));
    List<FieldElement[]> bitShares = runAll(bits, 2);
    for (int i = 0; i < n; i++) {
      members.get(i).acceptBits(bitShares.get(i));
    }
    List<ProtocolSession<CircuitResult>> online = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CircuitInputs inputs =
          new CircuitInputs(
              Map.of("bids", new FieldElement[] {bid0[i], bid1[i]}), Map.of(), publicValues);
      online.add(
          members.get(i).program(id, context -> Interpreter.program(circuit, inputs, context)));
    }
    List<CircuitResult> results = runAll(online, 3);
    FieldElement[] top = new FieldElement[n];
    for (int i = 0; i < n; i++) {
      assertThat(results.get(i).publicOutputs().get("second_wins")).containsExactly(BigInteger.ONE);
      top[i] = results.get(i).stateShares().get("top_bid")[0];
    }
    assertThat(new ReedSolomon(n, committee.threshold()).decode(top).orElseThrow().value())
        .isEqualTo(FieldElement.of(9));
    assertThat(members.get(0).store().availableTriples()).isZero();
    assertThat(members.get(0).store().availableBits()).isZero();
  }
}
