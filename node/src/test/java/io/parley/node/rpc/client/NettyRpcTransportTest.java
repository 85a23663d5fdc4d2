package io.parley.node.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.node.ParleyNode;
import io.parley.node.rpc.RpcErrors;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NettyRpcTransport} under an {@link RpcClient}, against a running node's RPC server. */
class NettyRpcTransportTest {
  @TempDir static Path dir;
  private static ParleyNode node;
  private static NettyClients clients;
  private static RpcClient client;

  @BeforeAll
  static void start() throws Exception {
    node = TestNetwork.create(dir, 1).start();
    clients = new NettyClients();
    client = clients.rpcClient(url("/"), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    client.close();
    clients.close();
    node.close();
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + path);
  }

  @Test
  void callReturnsTheResultTheJdkClientGets() throws Exception {
    JsonNode chainId = client.call("eth_chainId");
    assertThat(chainId).isEqualTo(TestNetwork.client(node).call("eth_chainId"));
    assertThat(client.call("chain_head").get("number").asText()).startsWith("0x");
  }

  @Test
  void batchAnswersEachCallInOrder() throws Exception {
    List<Object> results =
        client.batch(
            List.of("chain_head", "no_such_method", "eth_chainId"),
            List.of(new Object[0], new Object[0], new Object[0]));
    assertThat(results.get(0)).isInstanceOf(JsonNode.class);
    assertThat(results.get(1))
        .isInstanceOfSatisfying(
            RpcClientException.class,
            e -> assertThat(e.code()).isEqualTo(RpcErrors.METHOD_NOT_FOUND));
    assertThat(results.get(2)).isEqualTo(client.call("eth_chainId"));
  }

  @Test
  void jsonRpcErrorKeepsItsCodeAndMessage() {
    assertThatThrownBy(() -> client.call("no_such_method"))
        .isInstanceOfSatisfying(
            RpcClientException.class,
            e -> assertThat(e.code()).isEqualTo(RpcErrors.METHOD_NOT_FOUND));
    assertThatThrownBy(() -> client.call("chain_getBlockByNumber", "not a number"))
        .isInstanceOfSatisfying(
            RpcClientException.class,
            e -> assertThat(e.code()).isEqualTo(RpcErrors.INVALID_PARAMS));
  }

  @Test
  void refusalWithAnHttpErrorStatusIsReadAsItsJsonRpcError() {
    // The node answers 404 with a JSON-RPC error body: the caller sees that error, as with the JDK.
    try (RpcClient wrongPath = clients.rpcClient(url("/elsewhere"), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> wrongPath.call("chain_head"))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> {
                assertThat(e.code()).isEqualTo(RpcErrors.INVALID_REQUEST);
                assertThat(e.getMessage()).contains("not found");
              });
    }
  }

  @Test
  void notificationOnlyBatchGetsNoBody() throws Exception {
    assertThat(client.post("[{\"jsonrpc\":\"2.0\",\"method\":\"chain_head\"}]").isNull()).isTrue();
  }

  @Test
  void manyThreadsShareFewConnections() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(12);
    try (RpcClient few =
        new RpcClient(
            new NettyRpcTransport(
                clients, url("/"), Duration.ofSeconds(20), NettyClients.MAX_MESSAGE_BYTES, 3))) {
      List<Future<JsonNode>> answers = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        answers.add(threads.submit(() -> few.call("chain_head")));
      }
      for (Future<JsonNode> answer : answers) {
        assertThat(answer.get().has("number")).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void unreachablePortIsReportedAsSuch() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");
    try (RpcClient unreachable = clients.rpcClient(nowhere, Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> unreachable.call("chain_head"))
          .isInstanceOf(RpcClientException.class)
          .hasMessageStartingWith("cannot reach the node at " + nowhere);
    }
  }

  @Test
  void closedClientRefusesCalls() {
    RpcClient closed = clients.rpcClient(url("/"), Duration.ofSeconds(5));
    closed.close();
    assertThatThrownBy(() -> closed.call("chain_head"))
        .isInstanceOf(RpcClientException.class)
        .hasMessageContaining("is closed");
  }
}
