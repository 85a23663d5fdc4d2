package io.parley.node.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NettyWebSocketTransport} under a {@link SubscriptionClient}, against a running node whose
 * validator commits a block at least every second: heads, the message cap, the node's close code.
 */
class NettyWebSocketTransportTest {
  @TempDir static Path dir;
  private static ParleyNode node;
  private static NettyClients clients;
  private static int maxBodyBytes;

  @BeforeAll
  static void start() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    maxBodyBytes = network.config().rpc().maxBodyBytes();
    node = network.start();
    clients = new NettyClients();
  }

  @AfterAll
  static void stop() {
    clients.close();
    node.close();
  }

  @AfterEach
  void everyConnectionIsGone() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.webSocketStats().orElseThrow().connections() == 0);
  }

  private static URI webSocket() {
    return URI.create("ws://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/");
  }

  @Test
  void newHeadsArriveInHeightOrder() throws Exception {
    try (SubscriptionClient ws = clients.subscriptionClient(webSocket(), Duration.ofSeconds(10));
        SubscriptionQueue heads = ws.newHeads(SubscriptionClient.DEFAULT_CAPACITY)) {
      long first = height(heads.next(Duration.ofSeconds(10)));
      long second = height(heads.next(Duration.ofSeconds(10)));
      assertThat(second).isEqualTo(first + 1);
      assertThat(ws.call("chain_head").get("number").asText()).startsWith("0x");
    }
  }

  private static long height(Optional<JsonNode> header) {
    assertThat(header).as("a head within 10 s").isPresent();
    return Long.decode(header.get().get("number").asText());
  }

  @Test
  void messageOverTheCapFailsTheConnection() throws Exception {
    // The subscription's id fits in 256 bytes; a header does not.
    try (SubscriptionClient ws =
            SubscriptionClient.connect(
                webSocket(), Duration.ofSeconds(10), new NettyWebSocketTransport(clients, 256));
        SubscriptionQueue heads = ws.newHeads(16)) {
      assertThatThrownBy(
              () -> {
                while (true) {
                  heads.next(Duration.ofSeconds(10));
                }
              })
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("failed:")
          .hasMessageContaining("256");
    }
  }

  @Test
  void closeByTheNodeReachesSubscriptionsWithItsCode() throws Exception {
    // A message over the node's body limit makes it close the connection with 1009.
    String tooLarge = "x".repeat(maxBodyBytes + 1);
    try (SubscriptionClient ws = clients.subscriptionClient(webSocket(), Duration.ofSeconds(10))) {
      SubscriptionQueue heads = ws.newHeads(SubscriptionClient.DEFAULT_CAPACITY);
      assertThatThrownBy(() -> ws.call("chain_head", tooLarge))
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("closed by the node with code 1009");
      assertThatThrownBy(
              () -> {
                while (true) {
                  heads.next(Duration.ofSeconds(10));
                }
              })
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("closed by the node with code 1009");
      assertThatThrownBy(() -> ws.call("chain_head"))
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("is closed: closed by the node with code 1009");
    }
  }

  @Test
  void unreachablePortCannotOpen() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("ws://127.0.0.1:" + closedPort + "/");
    assertThatThrownBy(() -> clients.subscriptionClient(nowhere, Duration.ofSeconds(5)))
        .isInstanceOf(RpcClientException.class)
        .hasMessageStartingWith("cannot open a WebSocket to " + nowhere);
  }
}
