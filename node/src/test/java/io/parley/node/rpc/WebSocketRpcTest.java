package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.contracts.abi.AbiBuilder;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.node.testing.Tokens;
import io.parley.node.testing.WebSocketTestClient;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON-RPC and subscriptions over a real WebSocket connection (Netty's client) to a running node
 * whose validator commits a block at least every second: every notification is checked against its
 * schema in the served OpenRPC document and against what HTTP answers.
 */
class WebSocketRpcTest {
  private static final String TRANSFER = AbiBuilder.topic("Transfer(address,address,u256)");
  private static final String APPROVAL = AbiBuilder.topic("Approval(address,address,u256)");

  @TempDir static Path dir;
  private static ParleyNode node;
  private static RpcClient http;
  private static OpenRpcSchemas schemas;
  private static KeyPair alice;
  private static KeyPair carol;
  private static KeyPair dave;

  @BeforeAll
  static void start() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 3);
    alice = network.accounts().get(0);
    carol = network.accounts().get(1);
    dave = network.accounts().get(2);
    node = network.start();
    http = TestNetwork.client(node);
    schemas = new OpenRpcSchemas(http.call("rpc.discover"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @AfterEach
  void everyConnectionIsGone() {
    await().atMost(Duration.ofSeconds(10)).until(() -> stats().connections() == 0);
    assertThat(stats().subscriptions()).isZero();
  }

  private static Subscriptions.Stats stats() {
    return node.webSocketStats().orElseThrow();
  }

  private static WebSocketTestClient connect() throws Exception {
    return WebSocketTestClient.connect(node.rpcAddress().orElseThrow().getPort());
  }

  /** A notification of {@code subscription}, its envelope and result valid by the document. */
  private static JsonNode result(JsonNode notification, String subscription, String schema) {
    assertThat(schemas.validateComponent("Notification", notification))
        .as("%s", notification)
        .isEmpty();
    assertThat(notification.get("params").get("subscription").asText()).isEqualTo(subscription);
    JsonNode result = notification.get("params").get("result");
    assertThat(schemas.validateComponent(schema, result)).as("%s", result).isEmpty();
    return result;
  }

  @Test
  void callsAndBatchesAreAnsweredAsOverHttp() throws Exception {
    try (WebSocketTestClient ws = connect()) {
      assertThat(ws.result("chain_id")).isEqualTo(http.call("chain_id"));
      assertThat(ws.result("chain_getBlockByNumber", "earliest"))
          .isEqualTo(http.call("chain_getBlockByNumber", "earliest"));
      ws.send(
          "[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_chainId\"},"
              + "{\"jsonrpc\":\"2.0\",\"method\":\"chain_head\"},"
              + "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"no_such_method\"}]");
      JsonNode batch = ws.nextAnswer();
      assertThat(batch).hasSize(2);
      assertThat(batch.get(0).get("result").asText()).isEqualTo(http.call("eth_chainId").asText());
      assertThat(batch.get(1).get("error").get("code").asInt())
          .isEqualTo(RpcErrors.METHOD_NOT_FOUND);
    }
  }

  @Test
  void newHeadsNotifiesEachCommittedHeaderInOrder() throws Exception {
    try (WebSocketTestClient ws = connect()) {
      String id = ws.result("chain_subscribe", "newHeads").asText();
      long after = node.chain().head().height();
      List<JsonNode> heads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        heads.add(result(ws.nextNotification(), id, "Header"));
      }
      long first = Long.decode(heads.get(0).get("number").asText());
      assertThat(first)
          .as("no later block than the one after the head")
          .isLessThanOrEqualTo(after + 1);
      for (int i = 0; i < heads.size(); i++) {
        JsonNode head = heads.get(i);
        assertThat(Long.decode(head.get("number").asText())).isEqualTo(first + i);
        if (i > 0) {
          assertThat(head.get("parentHash")).isEqualTo(heads.get(i - 1).get("hash"));
        }
        JsonNode block = http.call("chain_getBlockByNumber", head.get("number").asText());
        head.fieldNames().forEachRemaining(f -> assertThat(head.get(f)).isEqualTo(block.get(f)));
      }
    }
  }

  @Test
  void eventsReachOnlyTheSubscriptionsWhoseContractAndTopicsMatch() throws Exception {
    Address bob = KeyPair.random().address();
    Address other = KeyPair.random().address();
    Address tokenA = deployToken();
    Address tokenB = deployToken();
    String bobWord = Bytes32.leftPad(bob.bytes()).toHexString();
    try (WebSocketTestClient ws = connect()) {
      String toBobOnA =
          ws.result(
                  "chain_subscribe",
                  "events",
                  Map.of(
                      "address",
                      tokenA.toHexString(),
                      "topics",
                      java.util.Arrays.asList(TRANSFER, null, List.of(bobWord))))
              .asText();
      String anyOnB =
          ws.result("chain_subscribe", "events", Map.of("address", List.of(tokenB.toHexString())))
              .asText();
      String approvals =
          ws.result("chain_subscribe", "events", Map.of("topics", List.of(APPROVAL))).asText();

      SignedTransaction onB = call(tokenB, "transfer", other, 1);
      SignedTransaction toOther = call(tokenA, "transfer", other, 2);
      SignedTransaction approval = call(tokenA, "approve", bob, 5);
      SignedTransaction toBob = call(tokenA, "transfer", bob, 3);

      // Notifications come in chain order on one connection: once toBobOnA has its event, every
      // event committed before it has been delivered to whichever subscription it matched.
      List<JsonNode> all = new ArrayList<>();
      while (all.stream().noneMatch(n -> subscription(n).equals(toBobOnA))) {
        all.add(ws.nextNotification());
      }
      assertThat(eventsOf(all, toBobOnA)).containsExactly(toBob.hash().toHexString());
      assertThat(eventsOf(all, anyOnB)).containsExactly(onB.hash().toHexString());
      assertThat(eventsOf(all, approvals)).containsExactly(approval.hash().toHexString());
      all.forEach(n -> result(n, subscription(n), "ContractEvent"));
      assertThat(all)
          .as("the transfer to another account matched no filter")
          .noneMatch(n -> eventOf(n).equals(toOther.hash().toHexString()));

      JsonNode event = all.getLast().get("params").get("result");
      JsonNode receipt = http.call("tx_getReceipt", toBob.hash().toHexString());
      JsonNode inReceipt =
          receipt.get("events").get(Integer.decode(event.get("eventIndex").asText()));
      assertThat(event.get("source")).isEqualTo(inReceipt.get("source"));
      assertThat(event.get("topics")).isEqualTo(inReceipt.get("topics"));
      assertThat(event.get("data")).isEqualTo(inReceipt.get("data"));
      assertThat(event.get("blockHash")).isEqualTo(receipt.get("blockHash"));
      assertThat(event.get("transactionIndex")).isEqualTo(receipt.get("transactionIndex"));
    }
  }

  @Test
  void transactionStatusGoesFromPendingToCommittedWithItsReceiptAndThenEnds() throws Exception {
    long nonce = nonce(carol);
    SignedTransaction gapped = TestNetwork.transfer(carol, nonce + 1, alice.address(), 7);
    http.call("tx_send", gapped.encoded().toHexString());
    try (WebSocketTestClient ws = connect()) {
      String id =
          ws.result("chain_subscribe", "transaction", Map.of("hash", gapped.hash().toHexString()))
              .asText();
      JsonNode pending = result(ws.nextNotification(), id, "TransactionStatus");
      assertThat(pending.get("status").asText()).isEqualTo("pending");
      assertThat(pending.get("receipt").isNull()).isTrue();

      SignedTransaction first = TestNetwork.transfer(carol, nonce, alice.address(), 7);
      http.call("tx_send", first.encoded().toHexString());
      JsonNode committed = result(ws.nextNotification(), id, "TransactionStatus");
      assertThat(committed.get("status").asText()).isEqualTo("committed");
      assertThat(committed.get("receipt"))
          .isEqualTo(http.call("tx_getReceipt", gapped.hash().toHexString()));
      JsonNode ended = ws.call("chain_unsubscribe", id);
      assertThat(ended.get("error").get("code").asInt())
          .isEqualTo(RpcErrors.SUBSCRIPTION_NOT_FOUND);

      String again =
          ws.result("chain_subscribe", "transaction", Map.of("hash", first.hash().toHexString()))
              .asText();
      JsonNode already = result(ws.nextNotification(), again, "TransactionStatus");
      assertThat(already.get("status").asText()).isEqualTo("committed");

      JsonNode unknown =
          ws.call("chain_subscribe", "transaction", Map.of("hash", "0x" + "ab".repeat(32)));
      assertThat(unknown.get("error").get("code").asInt())
          .isEqualTo(RpcErrors.TRANSACTION_NOT_FOUND);
      assertThat(stats().subscriptions()).as("final statuses end their subscriptions").isZero();
    }
  }

  @Test
  void aTransactionThatLeavesTheMempoolWithoutACommitIsDropped() throws Exception {
    SignedTransaction gapped = TestNetwork.transfer(dave, nonce(dave) + 1, alice.address(), 3);
    http.call("tx_send", gapped.encoded().toHexString());
    try (WebSocketTestClient ws = connect()) {
      String id =
          ws.result("chain_subscribe", "transaction", Map.of("hash", gapped.hash().toHexString()))
              .asText();
      assertThat(result(ws.nextNotification(), id, "TransactionStatus").get("status").asText())
          .isEqualTo("pending");
      node.mempool().drop(gapped);
      JsonNode dropped = result(ws.nextNotification(), id, "TransactionStatus");
      assertThat(dropped.get("status").asText()).isEqualTo("dropped");
      assertThat(dropped.get("receipt").isNull()).isTrue();
    }
  }

  @Test
  void noNotificationOfASubscriptionFollowsTheAnswerToItsUnsubscribe() throws Exception {
    try (WebSocketTestClient ws = connect()) {
      String stopped = ws.result("chain_subscribe", "newHeads").asText();
      String kept = ws.result("chain_subscribe", "newHeads").asText();
      while (!subscription(ws.nextNotification()).equals(stopped)) {
        // wait for the first head of the subscription to stop
      }
      JsonNode answer = ws.call("chain_unsubscribe", stopped);
      assertThat(answer.get("result").asBoolean()).isTrue();
      int keptAfter = 0;
      while (keptAfter < 2) {
        if (subscription(ws.nextNotification()).equals(kept)) {
          keptAfter++;
        }
      }
      List<JsonNode> received = ws.received();
      List<JsonNode> afterAnswer = received.subList(received.indexOf(answer) + 1, received.size());
      assertThat(afterAnswer).isNotEmpty().noneMatch(n -> subscription(n).equals(stopped));
      assertThat(ws.call("chain_unsubscribe", stopped).get("error").get("code").asInt())
          .isEqualTo(RpcErrors.SUBSCRIPTION_NOT_FOUND);
    }
  }

  @Test
  void aComputationSubscriptionNeedsAKnownIdOrAContract() throws Exception {
    try (WebSocketTestClient ws = connect()) {
      JsonNode unknown =
          ws.call("chain_subscribe", "computation", Map.of("id", "0x" + "11".repeat(32)));
      assertThat(unknown.get("error").get("code").asInt())
          .isEqualTo(ZkRpcMethods.COMPUTATION_NOT_FOUND);
      JsonNode none = ws.call("chain_subscribe", "computation", Map.of());
      assertThat(none.get("error").get("code").asInt()).isEqualTo(RpcErrors.INVALID_PARAMS);
      assertThat(stats().subscriptions()).isZero();
    }
  }

  private static String subscription(JsonNode notification) {
    return notification.get("params").get("subscription").asText();
  }

  private static List<String> eventsOf(List<JsonNode> notifications, String subscription) {
    return notifications.stream()
        .filter(n -> subscription(n).equals(subscription))
        .map(WebSocketRpcTest::eventOf)
        .toList();
  }

  private static String eventOf(JsonNode notification) {
    return notification.get("params").get("result").get("transactionHash").asText();
  }

  private static long nonce(KeyPair account) throws RpcClientException {
    return Tokens.nonce(http, account);
  }

  private static Address deployToken() throws Exception {
    return Tokens.deploy(http, alice);
  }

  /** Calls a Token action as alice and waits until it is committed. */
  private static SignedTransaction call(Address token, String action, Address to, long amount)
      throws Exception {
    SignedTransaction tx = Tokens.action(alice, nonce(alice), token, action, to, amount);
    Tokens.commit(http, tx);
    return tx;
  }
}
