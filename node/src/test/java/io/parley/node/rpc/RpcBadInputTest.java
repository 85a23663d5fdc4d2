package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Signature;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of bad input: each request gets its precise error, nothing changes on the chain, and the
 * node keeps serving.
 */
class RpcBadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static ParleyNode node;
  private static RpcClient client;
  private static KeyPair alice;
  private static KeyPair carol;
  private static URI endpoint;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 2);
    alice = network.accounts().get(0);
    carol = network.accounts().get(1);
    node = network.start();
    client = TestNetwork.client(node);
    endpoint = client.endpoint();
    // One committed transfer, so that nonce 0 is used.
    SignedTransaction first = TestNetwork.transfer(alice, 0, KeyPair.random().address(), 5);
    client.call("tx_send", first.encoded().toHexString());
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> node.chain().transactionLocation(first.hash()).isPresent());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Case(String name, String body, int httpStatus, int code, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static String call(String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  private static String send(Bytes raw) {
    return call("tx_send", "[\"" + raw.toHexString() + "\"]");
  }

  static Stream<Case> cases() {
    KeyPair key = KeyPair.random();
    Address bob = key.address();
    SignedTransaction good = TestNetwork.transfer(alice, 1, bob, 1);
    // Changing a signed field makes the signature recover another, unfunded, sender.
    SignedTransaction tampered =
        new SignedTransaction(
            Transaction.transfer(
                TestNetwork.CHAIN_ID, 1, bob, UInt256.valueOf(2), UInt256.ONE, 21_000),
            good.signature());
    Signature sig = good.signature();
    SignedTransaction highS =
        new SignedTransaction(
            good.transaction(),
            new Signature(
                sig.r(),
                Bytes32.leftPad(
                    Bytes.wrap(
                            io.parley.base.crypto.Secp256k1.CURVE_ORDER
                                .subtract(sig.s().toUnsignedBigInteger())
                                .toByteArray())
                        .trimLeadingZeros()),
                1 - sig.recoveryId()));
    SignedTransaction zeroR =
        new SignedTransaction(
            good.transaction(), new Signature(Bytes32.ZERO, sig.s(), sig.recoveryId()));
    SignedTransaction wrongChain =
        Transaction.transfer(999, 1, bob, UInt256.ONE, UInt256.ONE, 21_000).sign(alice);
    SignedTransaction replayed = TestNetwork.transfer(alice, 0, bob, 1);
    SignedTransaction farAhead = TestNetwork.transfer(alice, 5_000, bob, 1);
    SignedTransaction broke = TestNetwork.transfer(key, 0, alice.address(), 1);
    SignedTransaction cheap =
        Transaction.transfer(TestNetwork.CHAIN_ID, 1, bob, UInt256.ONE, UInt256.ZERO, 21_000)
            .sign(alice);
    SignedTransaction lowGas =
        Transaction.transfer(TestNetwork.CHAIN_ID, 1, bob, UInt256.ONE, UInt256.ONE, 20_999)
            .sign(alice);
    String unknownHash = "\"0x" + "ab".repeat(32) + "\"";
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("malformed JSON", "{\"jsonrpc\":", 200, -32700, "parse error"));
    cases.add(new Case("not an object", "42", 200, -32600, "must be a JSON object"));
    cases.add(
        new Case(
            "missing jsonrpc",
            "{\"id\":1,\"method\":\"chain_head\"}",
            200,
            -32600,
            "jsonrpc must be \"2.0\""));
    cases.add(new Case("empty batch", "[]", 200, -32600, "empty batch"));
    cases.add(
        new Case(
            "batch too large",
            "["
                + String.join(",", java.util.Collections.nCopies(101, call("chain_head", "[]")))
                + "]",
            200,
            -32600,
            "exceeds the limit of 100"));
    cases.add(
        new Case(
            "unknown method",
            call("chain_nope", "[]"),
            200,
            -32601,
            "method not found: chain_nope"));
    cases.add(
        new Case(
            "params of a wrong type",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_head\",\"params\":7}",
            200,
            -32600,
            "params must be an array or an object"));
    cases.add(new Case("hash not hex", call("tx_get", "[\"0xzz\"]"), 200, -32602, "not valid hex"));
    cases.add(
        new Case(
            "hash of 31 bytes",
            call("tx_get", "[\"0x" + "00".repeat(31) + "\"]"),
            200,
            -32602,
            "32-byte hash"));
    cases.add(
        new Case(
            "address as a number",
            call("state_getAccount", "[12]"),
            200,
            -32602,
            "'address' must be a string"));
    cases.add(
        new Case(
            "missing parameter",
            call("state_getAccount", "[]"),
            200,
            -32602,
            "missing parameter 'address'"));
    cases.add(
        new Case(
            "too many parameters",
            call("chain_head", "[1]"),
            200,
            -32602,
            "takes at most 0 parameters"));
    cases.add(
        new Case(
            "unknown named parameter",
            call("tx_get", "{\"hsh\":\"0x00\"}"),
            200,
            -32602,
            "unknown parameter 'hsh'"));
    cases.add(
        new Case(
            "bad block selector",
            call("chain_getBlockByNumber", "[\"pending\"]"),
            200,
            -32602,
            "must be \"latest\""));
    cases.add(
        new Case(
            "unknown block",
            call("chain_getBlockByNumber", "[\"0x3e7\"]"),
            200,
            4040,
            "block 999 not found"));
    cases.add(
        new Case(
            "unknown block hash",
            call("chain_getBlockByHash", "[" + unknownHash + "]"),
            200,
            4040,
            "no block with hash"));
    cases.add(
        new Case(
            "unknown transaction",
            call("tx_get", "[" + unknownHash + "]"),
            200,
            4041,
            "not found"));
    cases.add(
        new Case(
            "unknown receipt",
            call("tx_getReceipt", "[" + unknownHash + "]"),
            200,
            4041,
            "not found"));
    cases.add(
        new Case(
            "tx bytes not RLP",
            send(Bytes.fromHexString("0xdeadbeef")),
            200,
            4001,
            "malformed transaction"));
    cases.add(
        new Case(
            "tampered field (recovers an unfunded sender)",
            send(tampered.encoded()),
            200,
            4007,
            "balance 0 cannot pay"));
    cases.add(
        new Case("high-s signature", send(highS.encoded()), 200, 4003, "signature is invalid"));
    cases.add(
        new Case("signature with r = 0", send(zeroR.encoded()), 200, 4003, "signature is invalid"));
    cases.add(
        new Case(
            "trailing garbage after the transaction",
            send(Bytes.concatenate(good.encoded(), Bytes.of(0))),
            200,
            4001,
            "non-canonical"));
    cases.add(
        new Case(
            "wrong chain id",
            send(wrongChain.encoded()),
            200,
            4004,
            "chain id 999 does not match"));
    cases.add(
        new Case(
            "replayed nonce",
            send(replayed.encoded()),
            200,
            4005,
            "below the account's next nonce 1"));
    cases.add(
        new Case(
            "nonce far ahead",
            send(farAhead.encoded()),
            200,
            4006,
            "ahead of the account's next nonce"));
    cases.add(new Case("insufficient balance", send(broke.encoded()), 200, 4007, "balance 0"));
    cases.add(
        new Case("gas price below minimum", send(cheap.encoded()), 200, 4010, "below the minimum"));
    cases.add(
        new Case(
            "gas limit below intrinsic",
            send(lowGas.encoded()),
            200,
            4011,
            "below the intrinsic gas 21000"));
    cases.add(
        new Case(
            "transaction one byte over the maximum",
            send(Bytes.wrap(new byte[128 * 1024 + 1])),
            200,
            4002,
            "transaction is 131073 bytes, more than the chain's maximum of 131072"));
    cases.add(
        new Case(
            "transaction far over the maximum",
            send(Bytes.wrap(new byte[300 * 1024])),
            200,
            4002,
            "transaction is 307200 bytes, more than the chain's maximum of 131072"));
    cases.add(
        new Case(
            "oversized body",
            "{\"x\":\"" + "a".repeat(1100 * 1024) + "\"}",
            413,
            -32600,
            "request body exceeds the limit of 1048576 bytes"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputGetsAPreciseErrorAndChangesNothing(Case c) throws Exception {
    var headBefore = node.chain().head();
    var aliceBefore = node.chain().account(alice.address());
    int mempoolBefore = node.mempool().size();

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(c.body()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(c.name()).isEqualTo(c.httpStatus());
    JsonNode body = JSON.readTree(response.body());
    JsonNode error = body.isArray() ? body.get(0).get("error") : body.get("error");
    assertThat(error).as(c.name() + ": " + response.body()).isNotNull();
    assertThat(error.get("code").asInt()).as(c.name() + ": " + response.body()).isEqualTo(c.code());
    assertThat(error.get("message").asText()).as(c.name()).contains(c.message());

    assertThat(node.mempool().size()).as("mempool unchanged").isEqualTo(mempoolBefore);
    assertThat(node.chain().account(alice.address())).isEqualTo(aliceBefore);
    assertThat(node.chain().head().stateRoot()).isEqualTo(headBefore.stateRoot());
    assertThat(client.call("chain_head").get("number").asText()).startsWith("0x");
  }

  @Test
  void duplicateTransactionIsRejectedTheSecondTime() throws Exception {
    SignedTransaction tx = TestNetwork.transfer(carol, 0, KeyPair.random().address(), 1);
    client.call("tx_send", tx.encoded().toHexString());
    JsonNode second = client.post(send(tx.encoded()));
    assertThat(second.get("error").get("code").asInt()).isEqualTo(4008);
    assertThat(second.get("error").get("message").asText()).contains("already");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> node.chain().transactionLocation(tx.hash()).isPresent());
    JsonNode third = client.post(send(tx.encoded()));
    assertThat(third.get("error").get("code").asInt()).isEqualTo(4008);
    assertThat(third.get("error").get("message").asText()).contains("already committed");
  }

  @Test
  void hostsOutsideTheAllowlistAreRefused() throws Exception {
    // java.net.http will not send a forged Host header, so speak HTTP/1.1 by hand.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", endpoint.getPort())) {
      socket
          .getOutputStream()
          .write(
              "GET /liveness HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String response =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(response).startsWith("HTTP/1.1 403").contains("host not allowed");
    }
  }

  @Test
  void healthEndpointsAnswer() throws Exception {
    for (String path : List.of("/liveness", "/readiness")) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.getPort() + path))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("UP");
    }
  }

  @Test
  void notificationsGetNoResponseAndBatchesAnswerEachCall() throws Exception {
    String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"chain_head\"}";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(notification))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(204);
    JsonNode batch =
        client.post(
            "["
                + call("eth_chainId", "[]")
                + ","
                + notification
                + ",{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"x\"}]");
    assertThat(batch).hasSize(2);
    assertThat(batch.get(0).get("result").asText()).isEqualTo("0x539");
    assertThat(batch.get(1).get("error").get("code").asInt()).isEqualTo(-32601);
  }
}
