package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.genesis.Genesis;
import io.parley.node.ParleyNode;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.TestNetwork;
import io.parley.node.testing.WebSocketTestClient;
import io.parley.sdk.rpc.RpcClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chain_subscribe("computation", ...)} on a real node while the 4 committee members compute
 * over their network: a subscription to one id sees queued then done and ends; one to the contract
 * sees the start and the change; every notification is valid by the served OpenRPC document.
 */
class ComputationSubscriptionTest {
  @TempDir Path dir;

  @Test
  void statusNotificationsFollowAComputationFromQueuedToDone() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Genesis genesis = Genesis.load(network.genesisFile());
    List<Thread> members = new ArrayList<>();
    try (ParleyNode node = network.start();
        WebSocketTestClient ws =
            WebSocketTestClient.connect(node.rpcAddress().orElseThrow().getPort())) {
      RpcClient http = TestNetwork.client(node);
      OpenRpcSchemas schemas = new OpenRpcSchemas(http.call("rpc.discover"));
      Address contract = ConfidentialFlow.deployAndGive(http, network.accounts());

      JsonNode unknown =
          ws.call("chain_subscribe", "computation", Map.of("id", "0x" + "11".repeat(32)));
      assertThat(unknown.get("error").get("code").asInt())
          .isEqualTo(ZkRpcMethods.COMPUTATION_NOT_FOUND);
      JsonNode both =
          ws.call(
              "chain_subscribe",
              "computation",
              Map.of("id", "0x" + "11".repeat(32), "contract", contract.toHexString()));
      assertThat(both.get("error").get("code").asInt()).isEqualTo(RpcErrors.INVALID_PARAMS);
      assertThat(both.get("error").get("message").asText())
          .contains("the filter of computation takes either id or contract");

      String byContract =
          ws.result("chain_subscribe", "computation", Map.of("contract", contract.toHexString()))
              .asText();
      SignedTransaction settle = ConfidentialFlow.settle(http, network.accounts().get(0), contract);
      Bytes32 id = ConfidentialFlow.computationId(settle);
      JsonNode started = result(schemas, ws.nextNotification(), byContract);
      assertThat(started.get("id").asText()).isEqualTo(id.toHexString());
      assertThat(started.get("status").asText()).isEqualTo("queued");
      assertThat(started.get("function").asText()).isEqualTo("add_up");
      assertThat(started.get("result").isNull()).isTrue();
      assertThat(started.get("blockNumber")).isEqualTo(started.get("startBlockNumber"));

      String byId =
          ws.result("chain_subscribe", "computation", Map.of("id", id.toHexString())).asText();
      JsonNode current = result(schemas, ws.nextNotification(), byId);
      assertThat(current.get("status").asText()).isEqualTo("queued");

      List<InetSocketAddress> committee = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        committee.add(new InetSocketAddress("127.0.0.1", NodeProcess.freePort()));
      }
      for (int j = 0; j < 4; j++) {
        members.add(
            ConfidentialFlow.member(
                dir.resolve("member-" + j),
                genesis,
                network.generated().directory(),
                j,
                TestNetwork.client(node),
                committee));
      }
      // the gifts' checks end too (the subscription by contract reports them): take the
      // settlement's
      await().atMost(Duration.ofSeconds(120)).until(() -> done(ws, id).size() == 2);
      List<JsonNode> done = done(ws, id);
      JsonNode doneById = null;
      JsonNode doneByContract = null;
      for (JsonNode n : done) {
        String subscription = n.get("params").get("subscription").asText();
        if (subscription.equals(byId)) {
          doneById = result(schemas, n, byId);
        } else {
          doneByContract = result(schemas, n, byContract);
        }
      }
      assertThat(doneById).isNotNull();
      assertThat(doneByContract).isEqualTo(doneById);
      assertThat(doneById.get("status").asText()).isEqualTo("done");
      assertThat(doneById.get("result").isTextual()).isTrue();
      assertThat(Long.decode(doneById.get("votes").asText())).isGreaterThanOrEqualTo(3);
      JsonNode record = http.call("zk_getComputation", id.toHexString());
      assertThat(doneById.get("result")).isEqualTo(record.get("result"));

      assertThat(ws.call("chain_unsubscribe", byId).get("error").get("code").asInt())
          .as("a final status ends the subscription")
          .isEqualTo(RpcErrors.SUBSCRIPTION_NOT_FOUND);
      assertThat(ws.result("chain_unsubscribe", byContract).asBoolean()).isTrue();
    } finally {
      for (Thread t : members) {
        t.interrupt();
      }
      for (Thread t : members) {
        t.join(10_000);
      }
    }
  }

  /** The notifications received so far that computation {@code id} is done. */
  private static List<JsonNode> done(WebSocketTestClient ws, Bytes32 id) {
    return ws.received().stream()
        .filter(n -> n.has("method"))
        .filter(n -> n.get("params").get("result").path("status").asText().equals("done"))
        .filter(n -> n.get("params").get("result").path("id").asText().equals(id.toHexString()))
        .toList();
  }

  private static JsonNode result(OpenRpcSchemas schemas, JsonNode notification, String id) {
    assertThat(schemas.validateComponent("Notification", notification))
        .as("%s", notification)
        .isEmpty();
    assertThat(notification.get("params").get("subscription").asText()).isEqualTo(id);
    JsonNode result = notification.get("params").get("result");
    assertThat(schemas.validateComponent("ComputationStatus", result)).as("%s", result).isEmpty();
    return result;
  }
}
