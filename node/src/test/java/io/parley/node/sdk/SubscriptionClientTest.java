package io.parley.node.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import io.parley.sdk.tx.Transactions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's WebSocket client against an in-process node that commits a block at least every second:
 * a transaction followed to its final status, and a reader that falls behind its bounded queue
 * losing the subscription with a clear error instead of buffering without bound.
 */
class SubscriptionClientTest {
  @TempDir static Path dir;
  private static ParleyNode node;
  private static KeyPair alice;
  private static URI http;

  @BeforeAll
  static void start() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    alice = network.accounts().get(0);
    node = network.start();
    http = URI.create("http://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static SubscriptionClient connect() throws RpcClientException {
    return SubscriptionClient.connect(
        SubscriptionClient.webSocketUri(http), Duration.ofSeconds(10));
  }

  @Test
  void aTransactionIsFollowedUntilItIsCommitted() throws Exception {
    ParleyClient client = ParleyClient.connect(http.toString());
    try (SubscriptionClient ws = connect()) {
      SentTransaction sent =
          client.send(
              Transactions.transfer(KeyPair.random().address(), UInt256.valueOf(1_000)), alice);
      SubscriptionQueue status = ws.transaction(sent.hash().toHexString(), 16);
      List<String> seen = new ArrayList<>();
      JsonNode last;
      do {
        last = status.next(Duration.ofSeconds(30)).orElseThrow();
        seen.add(last.get("status").asText());
      } while (!"committed".equals(last.get("status").asText()));
      assertThat(seen).last().isEqualTo("committed");
      assertThat(last.get("receipt").get("status").asText()).isEqualTo("0x1");
      assertThat(status.failure()).contains("ended after its final status committed");
      assertThatThrownBy(() -> status.next(Duration.ZERO))
          .hasMessageContaining("ended after its final status committed");
      assertThat(ws.call("chain_id").get("chainId")).isNotNull();
    }
  }

  @Test
  void aReaderThatFallsBehindItsQueueLosesTheSubscriptionWithTheReason() throws Exception {
    try (SubscriptionClient ws = connect()) {
      SubscriptionQueue heads = ws.newHeads(1);
      await().atMost(Duration.ofSeconds(20)).until(() -> heads.failure().isPresent());
      assertThat(heads.next(Duration.ofSeconds(1))).as("the one queued head").isPresent();
      assertThatThrownBy(() -> heads.next(Duration.ofSeconds(1)))
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("more than 1 newHeads notifications were not read")
          .hasMessageContaining("subscribe with a larger capacity");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> node.webSocketStats().orElseThrow().subscriptions() == 0);
    }
  }

  @Test
  void aClosedConnectionOrAWrongUrlSaysSo() throws Exception {
    SubscriptionClient ws = connect();
    SubscriptionQueue heads = ws.newHeads(8);
    ws.close();
    assertThatThrownBy(() -> ws.newHeads(8))
        .hasMessageContaining("is closed: closed by the client");
    assertThat(heads.failure()).contains("closed by the client");
    assertThatThrownBy(
            () -> {
              while (true) { // heads queued before the close come first
                heads.next(Duration.ZERO).orElseThrow();
              }
            })
        .isInstanceOf(RpcClientException.class)
        .hasMessageEndingWith("(newHeads): closed by the client");
    assertThatThrownBy(() -> SubscriptionClient.connect(http, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ws:// or wss://");
  }
}
