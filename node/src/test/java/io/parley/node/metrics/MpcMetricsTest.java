package io.parley.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.base.types.Address;
import io.parley.genesis.Genesis;
import io.parley.node.ParleyNode;
import io.parley.node.cli.ParleyCommand;
import io.parley.node.mpc.MemberService;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.MetricsScrape;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.PrometheusText;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A confidential computation seen through metrics: a validator with its metrics port, member 0 as
 * {@code parley mpc-node} (in this process) with its own metrics port, members 1-3 as {@link
 * MemberService}s, all over the real committee network on loopback. Scrapes are parsed strictly;
 * labels take only fixed words.
 */
class MpcMetricsTest {
  private static final MetricsServerConfig ANY_PORT = new MetricsServerConfig("127.0.0.1", 0);
  private static final Set<String> LABEL_NAMES =
      Set.of("outcome", "protocol", "phase", "status", "method", "le");

  @TempDir Path dir;

  @Test
  void memberAndValidatorMetricsFollowAComputationToDone() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Genesis genesis = Genesis.load(network.genesisFile());
    Path keys = network.generated().directory();
    List<Thread> members = new ArrayList<>();
    try (ParleyNode node = ParleyNode.start(network.config().withMetrics(ANY_PORT))) {
      RpcClient client = TestNetwork.client(node);
      String rpc = "http://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/";
      Address contract = ConfidentialFlow.deployAndGive(client, network.accounts());
      List<InetSocketAddress> committee = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        committee.add(new InetSocketAddress("127.0.0.1", NodeProcess.freePort()));
      }
      int metricsPort = NodeProcess.freePort();
      members.add(
          ConfidentialFlow.start(
              "mpc-node-0",
              () ->
                  ParleyCommand.execute(
                      "mpc-node",
                      "--genesis-file",
                      network.genesisFile().toString(),
                      "--key-file",
                      keys.resolve("mpc-0/key").toString(),
                      "--encryption-key-file",
                      keys.resolve("mpc-0/encryption.key").toString(),
                      "--data-dir",
                      dir.resolve("member-0").toString(),
                      "--rpc",
                      rpc,
                      "--poll-millis",
                      "50",
                      "--committee-addresses",
                      committee.stream()
                          .map(a -> "127.0.0.1:" + a.getPort())
                          .collect(Collectors.joining(",")),
                      "--metrics-enabled",
                      "true",
                      "--metrics-port",
                      String.valueOf(metricsPort))));
      InetSocketAddress memberMetrics = new InetSocketAddress("127.0.0.1", metricsPort);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> get(memberMetrics, "/liveness") == 200);
      assertThat(get(memberMetrics, "/readiness")).isEqualTo(503); // the committee is not up

      for (int j = 1; j < 4; j++) {
        members.add(
            ConfidentialFlow.member(
                dir.resolve("member-" + j), genesis, keys, j, TestNetwork.client(node), committee));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> get(memberMetrics, "/readiness") == 200);

      // the two gifts' checks (each a computation), then the settlement: three in all
      ConfidentialFlow.awaitChecks(client, Duration.ofSeconds(120));
      ConfidentialFlow.settle(client, network.accounts().get(0), contract);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  sample(
                          MetricsScrape.parsed(memberMetrics),
                          "parley_mpc_computations_finished_total",
                          Map.of("outcome", "completed"))
                      == 3.0);
      PrometheusText scrape = MetricsScrape.parsed(memberMetrics);
      assertThat(scrape.value("parley_mpc_computations_started_total")).isEqualTo(3);
      assertThat(scrape.value("parley_mpc_secret_inputs_stored_total")).isEqualTo(2);
      assertThat(scrape.value("parley_mpc_processed_height")).isPositive();
      assertThat(scrape.value("parley_mpc_validator_head")).isPositive();
      assertThat(scrape.familyOf("parley_mpc_computation_duration_seconds_count").type())
          .isEqualTo("histogram");
      assertThat(
              scrape.value(
                  "parley_mpc_computation_duration_seconds_count", Map.of("outcome", "completed")))
          .isEqualTo(3);
      PrometheusText.Sample rounds =
          scrape.familyOf("parley_mpc_computation_rounds_count").samples().stream()
              .filter(s -> s.name().equals("parley_mpc_computation_rounds_count"))
              .findFirst()
              .orElseThrow();
      assertThat(rounds.value()).isEqualTo(3);
      assertThat(scrape.value("parley_mpc_computation_rounds_sum", rounds.labels())).isPositive();
      assertThat(scrape.value("parley_mpc_sent_bytes_total", Map.of("phase", "online")))
          .isPositive();
      assertThat(scrape.value("parley_mpc_sent_messages_total", Map.of("phase", "online")))
          .isPositive();
      assertThat(scrape.value("parley_mpc_received_bytes_total", Map.of("phase", "online")))
          .isPositive();
      assertOnlyFixedLabels(scrape);

      InetSocketAddress validatorMetrics = node.metricsAddress().orElseThrow();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  MetricsScrape.parsed(validatorMetrics)
                          .value("parley_computations", Map.of("status", "done"))
                      == 3.0);
      PrometheusText validator = MetricsScrape.parsed(validatorMetrics);
      assertThat(validator.familyOf("parley_computations").type()).isEqualTo("gauge");
      assertThat(validator.value("parley_computations", Map.of("status", "queued"))).isZero();
      assertThat(validator.value("parley_computations", Map.of("status", "failed"))).isZero();
      assertOnlyFixedLabels(validator);
    } finally {
      for (Thread t : members) {
        t.interrupt();
      }
      for (Thread t : members) {
        t.join(10_000);
      }
    }
  }

  /** A sample's value, 0 while its series does not exist yet. */
  private static double sample(PrometheusText scrape, String name, Map<String, String> labels) {
    return scrape.samples().stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .mapToDouble(PrometheusText.Sample::value)
        .findFirst()
        .orElse(0);
  }

  private static void assertOnlyFixedLabels(PrometheusText scrape) {
    for (PrometheusText.Sample s : scrape.samples()) {
      assertThat(LABEL_NAMES).as(s.toString()).containsAll(s.labels().keySet());
      for (String v : s.labels().values()) {
        assertThat(v).as(s.toString()).matches("[A-Za-z0-9_.+-]+");
      }
    }
  }

  private static int get(InetSocketAddress address, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }
}
