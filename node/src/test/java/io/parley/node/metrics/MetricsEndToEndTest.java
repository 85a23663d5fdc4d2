package io.parley.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.NodeStartException;
import io.parley.node.ParleyNode;
import io.parley.node.testing.MetricsScrape;
import io.parley.node.testing.PrometheusText;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (RocksDB, Netty, ephemeral ports) with its metrics port: transactions sent over
 * JSON-RPC show up in the scraped Prometheus text, which is parsed strictly.
 */
class MetricsEndToEndTest {
  private static final MetricsServerConfig ANY_PORT = new MetricsServerConfig("127.0.0.1", 0);

  @TempDir Path dir;

  @Test
  void committedTransactionsHeightAndRpcCallsAppearInTheScrape() throws Exception {
    TestNetwork network = TestNetwork.createQuiet(dir, 1);
    KeyPair alice = network.accounts().get(0);
    Address bob = KeyPair.random().address();
    try (ParleyNode node = ParleyNode.start(network.config().withMetrics(ANY_PORT))) {
      InetSocketAddress metrics = node.metricsAddress().orElseThrow();
      assertThat(metrics.getAddress().isLoopbackAddress()).isTrue();
      PrometheusText before = MetricsScrape.parsed(metrics);
      assertThat(types(before))
          .containsAllEntriesOf(
              Map.of(
                  "parley_chain_height", "gauge",
                  "parley_consensus_height", "gauge",
                  "parley_consensus_round", "gauge",
                  "parley_mempool_transactions", "gauge",
                  "parley_mempool_bytes", "gauge",
                  "parley_block_commit_seconds", "histogram"));
      assertThat(before.familyOf("parley_transactions_committed_total").type())
          .isEqualTo("counter");
      assertThat(before.familyOf("parley_blocks_committed_total").type()).isEqualTo("counter");
      // Labelled families appear with their first series: no RPC call yet, so no RPC family.
      assertThat(before.families())
          .doesNotContainKeys("parley_rpc_request_duration_seconds", "parley_rpc_errors_total");
      assertThat(before.families().values()).allSatisfy(f -> assertThat(f.help()).isNotBlank());
      assertThat(before.value("parley_chain_height")).isZero();
      assertThat(before.value("parley_consensus_height")).isEqualTo(1);
      assertThat(before.value("parley_transactions_committed_total")).isZero();
      assertThat(before.families()).doesNotContainKey("parley_p2p_peers"); // one validator

      RpcClient client = TestNetwork.client(node);
      List<SignedTransaction> sent =
          List.of(TestNetwork.transfer(alice, 0, bob, 5), TestNetwork.transfer(alice, 1, bob, 6));
      for (SignedTransaction tx : sent) {
        client.call("tx_send", tx.encoded().toHexString());
      }
      for (SignedTransaction tx : sent) {
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreException(RpcClientException.class)
            .until(() -> client.call("tx_getReceipt", tx.hash().toHexString()) != null);
      }
      assertThatThrownBy(() -> client.call("metrics_noSuchMethod"))
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("method not found");

      PrometheusText after = MetricsScrape.parsed(metrics);
      double height = after.value("parley_chain_height");
      assertThat(height).isPositive().isEqualTo(node.chain().head().height());
      assertThat(after.value("parley_consensus_height")).isEqualTo(height + 1);
      assertThat(after.value("parley_consensus_round")).isZero();
      assertThat(after.value("parley_transactions_committed_total")).isEqualTo(2);
      double blocks = after.value("parley_blocks_committed_total");
      assertThat(blocks).isBetween(1.0, 2.0).isEqualTo(height);
      assertThat(after.value("parley_block_commit_seconds_count")).isEqualTo(blocks);
      assertHistogramConsistent(after.familyOf("parley_block_commit_seconds_count"));

      PrometheusText.Family rpc = after.familyOf("parley_rpc_request_duration_seconds_count");
      assertHistogramConsistent(rpc);
      assertThat(after.familyOf("parley_rpc_errors_total").type()).isEqualTo("counter");
      assertThat(after.value("parley_rpc_request_duration_seconds_count", method("tx_send")))
          .isEqualTo(2);
      assertThat(after.value("parley_rpc_request_duration_seconds_count", method("unknown")))
          .isEqualTo(1);
      assertThat(after.value("parley_rpc_errors_total", method("unknown"))).isEqualTo(1);
      Set<String> methodLabels =
          after.samples().stream()
              .map(s -> s.labels().get("method"))
              .filter(m -> m != null)
              .collect(Collectors.toSet());
      assertThat(methodLabels)
          .contains("tx_send", "tx_getReceipt", "unknown")
          .doesNotContain("metrics_noSuchMethod");
    }
  }

  @Test
  void callsOfUnknownMethodsShareOneSeries() throws Exception {
    TestNetwork network = TestNetwork.createQuiet(dir, 1);
    try (ParleyNode node = ParleyNode.start(network.config().withMetrics(ANY_PORT))) {
      RpcClient client = TestNetwork.client(node);
      for (int i = 0; i < 20; i++) {
        String name = "made_up_" + i;
        assertThatThrownBy(() -> client.call(name)).isInstanceOf(RpcClientException.class);
      }
      PrometheusText text = MetricsScrape.parsed(node.metricsAddress().orElseThrow());
      assertThat(text.value("parley_rpc_request_duration_seconds_count", method("unknown")))
          .isEqualTo(20);
      assertThat(text.value("parley_rpc_errors_total", method("unknown"))).isEqualTo(20);
      assertThat(text.samples())
          .noneMatch(s -> s.labels().getOrDefault("method", "").startsWith("made_up_"));
    }
  }

  @Test
  void aTakenMetricsPortStopsTheStartWithTheSettingToChange() throws Exception {
    TestNetwork network = TestNetwork.createQuiet(dir, 1);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  ParleyNode.start(
                      network
                          .config()
                          .withMetrics(new MetricsServerConfig("127.0.0.1", taken.getLocalPort()))))
          .isInstanceOf(NodeStartException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--metrics-port")
          .hasMessageContaining("--metrics-enabled=false");
    }
    // The failed start released the database: the node starts, here without a metrics port.
    try (ParleyNode node = network.start()) {
      assertThat(node.metricsAddress()).isEmpty();
      assertThat(node.rpcAddress()).isPresent();
    }
  }

  static Map<String, String> method(String name) {
    return Map.of("method", name);
  }

  private static Map<String, String> types(PrometheusText text) {
    return text.families().values().stream()
        .collect(Collectors.toMap(PrometheusText.Family::name, PrometheusText.Family::type));
  }

  /** Buckets grow with their bound and the +Inf bucket equals the count, for every series. */
  private static void assertHistogramConsistent(PrometheusText.Family histogram) {
    assertThat(histogram.type()).isEqualTo("histogram");
    Map<Map<String, String>, List<PrometheusText.Sample>> bySeries =
        histogram.samples().stream()
            .filter(s -> s.name().endsWith("_bucket"))
            .collect(
                Collectors.groupingBy(
                    s -> withoutLe(s.labels()), java.util.LinkedHashMap::new, Collectors.toList()));
    assertThat(bySeries).isNotEmpty();
    bySeries.forEach(
        (labels, buckets) -> {
          double previousBound = Double.NEGATIVE_INFINITY;
          double previousCount = 0;
          for (PrometheusText.Sample bucket : buckets) {
            double bound =
                Double.parseDouble(bucket.labels().get("le").replace("+Inf", "Infinity"));
            assertThat(bound).isGreaterThan(previousBound);
            assertThat(bucket.value()).isGreaterThanOrEqualTo(previousCount);
            previousBound = bound;
            previousCount = bucket.value();
          }
          assertThat(previousBound).isInfinite();
          assertThat(histogram.value(histogram.name() + "_count", labels)).hasValue(previousCount);
          assertThat(histogram.value(histogram.name() + "_sum", labels)).isPresent();
        });
  }

  private static Map<String, String> withoutLe(Map<String, String> labels) {
    return labels.entrySet().stream()
        .filter(e -> !e.getKey().equals("le"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
