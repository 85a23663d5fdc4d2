package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.node.testing.Tokens;
import io.parley.node.testing.WebSocketTestClient;
import io.parley.sdk.rpc.RpcClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds of the WebSocket side, each with its precise error or close code, on a node with small
 * limits: connections, subscriptions, message size, unsent bytes (a client that does not read), and
 * the checks of the upgrade itself. Bad input changes nothing.
 */
class WebSocketLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WebSocketLimits LIMITS = new WebSocketLimits(4, 4, 128 * 1024);

  @TempDir static Path dir;
  private static ParleyNode node;
  private static RpcClient http;
  private static KeyPair sender;
  private static int port;
  private static int maxBodyBytes;

  @BeforeAll
  static void start() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    sender = network.accounts().get(0);
    maxBodyBytes = network.config().rpc().maxBodyBytes();
    node = network.start(LIMITS);
    http = TestNetwork.client(node);
    port = node.rpcAddress().orElseThrow().getPort();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @AfterEach
  void everyConnectionIsGone() {
    await().atMost(Duration.ofSeconds(15)).until(() -> stats().connections() == 0);
  }

  private static Subscriptions.Stats stats() {
    return node.webSocketStats().orElseThrow();
  }

  private static int code(JsonNode answer) {
    return answer.get("error").get("code").asInt();
  }

  @Test
  void aSubscriptionOverTheLimitIsRefusedWith4061AndChangesNothing() throws Exception {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(port)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < LIMITS.maxSubscriptions(); i++) {
        ids.add(ws.result("chain_subscribe", "newHeads").asText());
      }
      JsonNode refused = ws.call("chain_subscribe", "events");
      assertThat(code(refused)).isEqualTo(RpcErrors.SUBSCRIPTION_LIMIT);
      assertThat(refused.get("error").get("message").asText())
          .isEqualTo(
              "this connection already has 4 subscriptions, the limit"
                  + " (--rpc-ws-max-subscriptions); unsubscribe first");
      assertThat(stats().subscriptions()).isEqualTo(LIMITS.maxSubscriptions());

      assertThat(ws.result("chain_unsubscribe", ids.getFirst()).asBoolean()).isTrue();
      assertThat(ws.result("chain_subscribe", "events").asText()).startsWith("0x");
    }
  }

  @Test
  void malformedMessagesGetPreciseErrorsAndChangeNothing() throws Exception {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(port)) {
      String id = ws.result("chain_subscribe", "newHeads").asText();
      ws.send("{not json");
      assertThat(code(ws.nextAnswer())).isEqualTo(RpcErrors.PARSE_ERROR);
      ws.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
      JsonNode binary = ws.nextAnswer();
      assertThat(code(binary)).isEqualTo(RpcErrors.INVALID_REQUEST);
      assertThat(binary.get("error").get("message").asText()).contains("binary messages");
      ws.send("{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"chain_head\"}");
      assertThat(code(ws.nextAnswer())).isEqualTo(RpcErrors.INVALID_REQUEST);
      JsonNode unknownKind = ws.call("chain_subscribe", "newBlocks");
      assertThat(code(unknownKind)).isEqualTo(RpcErrors.INVALID_PARAMS);
      assertThat(unknownKind.get("error").get("message").asText())
          .isEqualTo(
              "chain_subscribe: unknown kind 'newBlocks'; the kinds are newHeads, events,"
                  + " transaction and computation");
      assertThat(code(ws.call("chain_subscribe", "events", Map.of("topics", List.of("0x12")))))
          .isEqualTo(RpcErrors.INVALID_PARAMS);
      assertThat(code(ws.call("chain_unsubscribe", "0xdead")))
          .isEqualTo(RpcErrors.SUBSCRIPTION_NOT_FOUND);

      assertThat(stats().subscriptions()).as("only the first subscription").isEqualTo(1);
      JsonNode head = ws.nextNotification();
      assertThat(head.get("params").get("subscription").asText()).isEqualTo(id);
      assertThat(ws.isOpen()).isTrue();
    }
  }

  @Test
  void aFrameLargerThanTheBodyLimitClosesWith1009() throws Exception {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(port)) {
      ws.send(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[maxBodyBytes + 1])));
      assertThat(ws.awaitClose().code()).isEqualTo(1009);
    }
  }

  @Test
  void aMessageOfSeveralFramesLargerThanTheBodyLimitClosesWith1009() throws Exception {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(port)) {
      byte[] half = " ".repeat(maxBodyBytes / 2 + 1).getBytes(StandardCharsets.US_ASCII);
      ws.send(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(half)));
      ws.send(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(half)));
      WebSocketTestClient.Close close = ws.awaitClose();
      assertThat(close.code()).isEqualTo(1009);
      assertThat(close.reason())
          .isEqualTo("message larger than " + maxBodyBytes + " bytes (--rpc-max-body-bytes)");
    }
  }

  @Test
  void textThatIsNotUtf8ClosesWith1007() throws Exception {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(port)) {
      byte[] invalid = {'"', (byte) 0xc3, (byte) 0x28, '"'};
      ws.send(new TextWebSocketFrame(Unpooled.wrappedBuffer(invalid)));
      assertThat(ws.awaitClose().code()).isEqualTo(1007);
    }
  }

  /**
   * Two clients subscribe alike; one stops reading while blocks full of token transfers keep
   * coming. The node queues at most the bound for it and closes it with 1008; when it reads again
   * it finds consecutive heads followed by that close frame. The client that reads keeps its
   * subscriptions and misses no head.
   */
  @Test
  void aClientThatDoesNotReadIsClosedWith1008AndItsQueueStaysBounded() throws Exception {
    long closedBefore = stats().slowConsumersClosed();
    Address token = Tokens.deploy(http, sender);
    Address receiver = KeyPair.random().address();
    try (WebSocketTestClient slow = WebSocketTestClient.connectWithReceiveBuffer(port, 4096);
        WebSocketTestClient reader = WebSocketTestClient.connect(port)) {
      String slowHeads = subscribeHeadsAndEvents(slow);
      String readerHeads = subscribeHeadsAndEvents(reader);
      slow.pauseReading();
      long[] nonce = {Tokens.nonce(http, sender)};
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                List<String> methods = new ArrayList<>();
                List<Object[]> params = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                  methods.add("tx_send");
                  params.add(
                      new Object[] {
                        Tokens.action(sender, nonce[0]++, token, "transfer", receiver, 1)
                            .encoded()
                            .toHexString()
                      });
                }
                http.batch(methods, params);
                return stats().slowConsumersClosed() > closedBefore;
              });
      assertThat(stats().largestPendingBytes()).isLessThanOrEqualTo(LIMITS.maxPendingBytes());
      assertThat(stats().connections()).as("only the reader is left").isEqualTo(1);

      slow.resumeReading();
      WebSocketTestClient.Close close = slow.awaitClose();
      assertThat(close.code()).isEqualTo(1008);
      assertThat(close.reason()).isEqualTo("slow consumer: more than 131072 bytes unsent");
      assertConsecutive(heads(slow, slowHeads));

      long last =
          Long.decode(
              Tokens.commit(
                      http,
                      Tokens.action(
                          sender, Tokens.nonce(http, sender), token, "transfer", receiver, 1))
                  .get("blockNumber")
                  .asText());
      await().atMost(Duration.ofSeconds(20)).until(() -> heads(reader, readerHeads).contains(last));
      assertConsecutive(heads(reader, readerHeads));
      assertThat(reader.isOpen()).isTrue();
    }
  }

  private static String subscribeHeadsAndEvents(WebSocketTestClient ws) throws Exception {
    String heads = ws.result("chain_subscribe", "newHeads").asText();
    for (int i = 1; i < LIMITS.maxSubscriptions(); i++) {
      ws.result("chain_subscribe", "events");
    }
    return heads;
  }

  private static List<Long> heads(WebSocketTestClient ws, String subscription) {
    return ws.received().stream()
        .filter(n -> n.has("method"))
        .filter(n -> n.get("params").get("subscription").asText().equals(subscription))
        .map(n -> Long.decode(n.get("params").get("result").get("number").asText()))
        .toList();
  }

  private static void assertConsecutive(List<Long> heights) {
    assertThat(heights).isNotEmpty();
    for (int i = 1; i < heights.size(); i++) {
      assertThat(heights.get(i))
          .as("heads in order, none missing")
          .isEqualTo(heights.get(i - 1) + 1);
    }
  }

  @Test
  void anUpgradeOverTheConnectionLimitIsRefusedWith503And4291() throws Exception {
    List<WebSocketTestClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < LIMITS.maxConnections(); i++) {
        open.add(WebSocketTestClient.connect(port));
      }
      Answer refused = upgrade("/", "127.0.0.1:" + port, null);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.code()).isEqualTo(RpcErrors.WEBSOCKET_CONNECTION_LIMIT);
      assertThat(refused.message())
          .isEqualTo("too many WebSocket connections: the limit is 4 (--rpc-ws-max-connections)");
      assertThatThrownBy(() -> WebSocketTestClient.connect(port))
          .as("a WebSocket client is refused too")
          .isInstanceOf(Exception.class);

      open.removeFirst().close();
      await().atMost(Duration.ofSeconds(10)).until(() -> stats().connections() < 4);
      open.add(WebSocketTestClient.connect(port));
      assertThat(open.getLast().result("eth_chainId").asText()).isEqualTo("0x539");
    } finally {
      open.forEach(WebSocketTestClient::close);
    }
  }

  @Test
  void theUpgradeChecksHostOriginAndPathAsHttpDoes() throws Exception {
    String host = "127.0.0.1:" + port;
    Answer foreignHost = upgrade("/", "evil.example:" + port, null);
    assertThat(foreignHost.status()).isEqualTo(403);
    assertThat(foreignHost.code()).isEqualTo(RpcErrors.INVALID_REQUEST);

    Answer foreignOrigin = upgrade("/", host, "http://evil.example");
    assertThat(foreignOrigin.status()).isEqualTo(403);
    assertThat(foreignOrigin.message()).isEqualTo("origin not allowed; see --rpc-cors-origins");

    assertThat(upgrade("/ws", host, null).status()).isEqualTo(404);
    assertThat(upgrade("/", host, "http://" + host).status()).as("its own origin").isEqualTo(101);
    assertThat(upgrade("/", host, null).status()).as("no origin").isEqualTo(101);
  }

  @Test
  void subscriptionsOverHttpAnswer4060() throws Exception {
    JsonNode answer =
        http.post(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_subscribe\",\"params\":[\"newHeads\"]}");
    assertThat(code(answer)).isEqualTo(RpcErrors.SUBSCRIPTION_NEEDS_WEBSOCKET);
  }

  private record Answer(int status, int code, String message) {}

  /** A raw upgrade request: its status, and the JSON-RPC error of a refusal. */
  private static Answer upgrade(String path, String host, String origin) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  + (origin == null ? "" : "Origin: " + origin + "\r\n")
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      int status = Integer.parseInt(in.readLine().split(" ")[1]);
      int length = 0;
      for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      if (status == 101 || length == 0) {
        return new Answer(status, 0, "");
      }
      char[] body = new char[length];
      int read = 0;
      while (read < length) {
        read += in.read(body, read, length - read);
      }
      JsonNode error = JSON.readTree(new String(body)).get("error");
      return new Answer(status, error.get("code").asInt(), error.get("message").asText());
    }
  }
}
