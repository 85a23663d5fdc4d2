package io.parley.node.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NettyRpcTransport}'s bounds against a small JDK HTTP server that misbehaves on purpose: an
 * answer too large, an answer that never comes, and keep-alive reuse seen from the server.
 */
class NettyRpcTransportLimitsTest {
  private static final int CAP = 4096;
  private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}";

  private final CountDownLatch release = new CountDownLatch(1);
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private HttpServer server;
  private NettyClients clients;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/large", e -> answer(e, "\"" + "x".repeat(CAP) + "\"", false));
    server.createContext("/chunked", e -> answer(e, "\"" + "x".repeat(CAP) + "\"", true));
    server.createContext("/silent", silent());
    server.createContext(
        "/ok",
        e -> {
          clientPorts.add(e.getRemoteAddress().getPort());
          answer(e, ANSWER, false);
        });
    server.start();
    clients = new NettyClients();
  }

  @AfterEach
  void stop() {
    release.countDown();
    clients.close();
    server.stop(0);
  }

  private static void answer(HttpExchange exchange, String body, boolean chunked)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, chunked ? 0 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private HttpHandler silent() {
    return exchange -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    };
  }

  private RpcClient client(String path, Duration timeout) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return new RpcClient(new NettyRpcTransport(clients, uri, timeout, CAP, 4));
  }

  @Test
  void responseLargerThanTheCapIsRefused() {
    for (String path : new String[] {"/large", "/chunked"}) {
      try (RpcClient client = client(path, Duration.ofSeconds(5))) {
        assertThatThrownBy(() -> client.call("chain_head"))
            .as(path)
            .isInstanceOf(RpcClientException.class)
            .hasMessage("response from " + client.endpoint() + " is larger than " + CAP + " bytes");
      }
    }
  }

  @Test
  void nodeThatNeverAnswersTimesOut() {
    Duration timeout = Duration.ofMillis(500);
    try (RpcClient client = client("/silent", timeout)) {
      assertThatThrownBy(() -> client.call("chain_head"))
          .isInstanceOf(RpcClientException.class)
          .hasMessage("no answer from " + client.endpoint() + " within " + timeout);
    }
  }

  @Test
  void sequentialCallsReuseOneConnection() throws Exception {
    try (RpcClient client = client("/ok", Duration.ofSeconds(5))) {
      for (int i = 0; i < 5; i++) {
        assertThat(client.call("chain_head").asText()).isEqualTo("0x1");
      }
    }
    assertThat(clientPorts).hasSize(1);
  }
}
