package io.parley.zk.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.engine.MemberPipeline;
import io.parley.zk.engine.Requirements;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.interpreter.CircuitInputs;
import io.parley.zk.interpreter.CircuitResult;
import io.parley.zk.interpreter.Interpreter;
import io.parley.zk.messages.Committee;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** The full member pipeline (prep, bits, circuit) over real TLS links, one node per member. */
class NetworkPipelineTest {
  @Test
  void committeeRunsACircuitEndToEndOverTheNetwork() throws Exception {
    int n = 4;
    ValidatedCircuit circuit;
    try (InputStream in = getClass().getResourceAsStream("/circuits/max-of-two.json")) {
      circuit = CircuitValidator.validate(CircuitParser.parse(in.readAllBytes()));
    }
    List<PrivateKey> keys = Fixtures.keys(n, 12);
    Committee committee = Fixtures.committee(keys);
    List<InetSocketAddress> addresses = NetworkTest.freeAddresses(n);
    SplittableRandom random = new SplittableRandom(12);
    FieldElement[] bid0 = Shamir.share(FieldElement.of(70), 1, n, random);
    FieldElement[] bid1 = Shamir.share(FieldElement.of(9), 1, n, random);
    Map<String, BigInteger[]> publicValues = Map.of("reserve", new BigInteger[] {BigInteger.TEN});
    CircuitInputs dry =
        new CircuitInputs(
            Map.of("bids", new FieldElement[] {FieldElement.ZERO, FieldElement.ZERO}),
            Map.of(),
            publicValues);
    Requirements needs = Requirements.of(n, context -> Interpreter.program(circuit, dry, context));
    Bytes32 id = Fixtures.id(12);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<CommitteeNetwork> networks = new ArrayList<>();
    List<Future<CircuitResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int self = i;
        TrafficCounters counters = new TrafficCounters();
        CommitteeNode node = new CommitteeNode(counters);
        CommitteeNetwork network =
            new CommitteeNetwork(
                committee,
                i,
                TlsIdentity.create(i, keys.get(i)),
                addresses,
                node.listener(),
                counters);
        node.attach(network);
        networks.add(network);
        network.start();
        CircuitInputs inputs =
            new CircuitInputs(
                Map.of("bids", new FieldElement[] {bid0[i], bid1[i]}), Map.of(), publicValues);
        results.add(
            pool.submit(
                () -> {
                  if (!network.awaitConnected(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not connected");
                  }
                  MemberPipeline pipeline =
                      new MemberPipeline(
                          committee, self, keys.get(self), OnlineSession.Mode.MALICIOUS);
                  Duration timeout = Duration.ofSeconds(30);
                  Outcome<BatchOutput> prep =
                      node.run(
                          pipeline.preprocessing(id, needs.plan(n)),
                          MemberPipeline.derive(id, "prep"),
                          "prep",
                          timeout);
                  pipeline.accept(((Outcome.Completed<BatchOutput>) prep).value());
                  Outcome<FieldElement[]> bits =
                      node.run(
                          pipeline.bits(id, (int) needs.bits()),
                          MemberPipeline.derive(id, "bits"),
                          "bits",
                          timeout);
                  pipeline.acceptBits(((Outcome.Completed<FieldElement[]>) bits).value());
                  Outcome<CircuitResult> online =
                      node.run(
                          pipeline.program(id, c -> Interpreter.program(circuit, inputs, c)),
                          MemberPipeline.derive(id, "online"),
                          "online",
                          timeout);
                  assertThat(counters.totals("prep").bytesSent()).isPositive();
                  return ((Outcome.Completed<CircuitResult>) online).value();
                }));
      }
      for (Future<CircuitResult> f : results) {
        CircuitResult r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.publicOutputs().get("second_wins")).containsExactly(BigInteger.ZERO);
      }
    } finally {
      networks.forEach(CommitteeNetwork::close);
      pool.shutdownNow();
    }
  }
}
