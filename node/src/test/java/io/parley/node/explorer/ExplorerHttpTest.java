package io.parley.node.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explorer on a running node's RPC port, spoken to in raw HTTP/1.1 so that nothing normalises
 * the paths on the way: content types, the security headers, GET and HEAD only, no path escapes,
 * the Host allowlist, and JSON-RPC unchanged beside it.
 */
class ExplorerHttpTest {
  @TempDir static Path dir;
  private static ParleyNode node;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    node = TestNetwork.createQuiet(dir, 1).start();
    port = node.rpcAddress().orElseThrow().getPort();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Answer(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static Answer send(String method, String path, String host, String... extraHeaders)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      request.append("Host: ").append(host).append("\r\nConnection: close\r\n");
      for (String h : extraHeaders) {
        request.append(h).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Answer get(String path) throws IOException {
    return send("GET", path, "127.0.0.1:" + port);
  }

  private static Answer parse(byte[] raw) {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    String[] lines = all.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = new byte[raw.length - end - 4];
    System.arraycopy(raw, end + 4, body, 0, body.length);
    return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ExplorerSite.class.getResourceAsStream("site/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void servesThePageAndItsFilesWithTheirTypesAndAPolicyOfThisOriginOnly() throws IOException {
    for (String path : new String[] {"/explorer", "/explorer/", "/explorer/index.html?x=1"}) {
      Answer page = get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
      assertThat(page.body()).isEqualTo(resource("index.html"));
      assertThat(page.header("content-security-policy"))
          .isEqualTo(ExplorerResponses.CONTENT_SECURITY_POLICY)
          .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
          .doesNotContain("unsafe", "*", "http");
      assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(page.header("x-frame-options")).isEqualTo("DENY");
      assertThat(page.header("cross-origin-resource-policy")).isEqualTo("same-origin");
    }
    Answer script = get("/explorer/js/main.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(script.body()).isEqualTo(resource("js/main.js"));
    assertThat(get("/explorer/explorer.css").header("content-type"))
        .isEqualTo("text/css; charset=utf-8");
    assertThat(get("/explorer/favicon.svg").header("content-type")).isEqualTo("image/svg+xml");
  }

  @Test
  void headAnswersTheHeadersWithoutTheBodyAndAnEtagSavesTheTransfer() throws IOException {
    Answer head = send("HEAD", "/explorer/js/rpc.js", "127.0.0.1:" + port);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("content-length"))
        .isEqualTo(Integer.toString(resource("js/rpc.js").length));
    assertThat(head.body()).isEmpty();
    String etag = head.header("etag");
    Answer again =
        send("GET", "/explorer/js/rpc.js", "127.0.0.1:" + port, "If-None-Match: " + etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
  void onlyGetAndHeadAreAccepted(String method) throws IOException {
    Answer refused = send(method, "/explorer/index.html", "127.0.0.1:" + port);
    assertThat(refused.status()).isEqualTo(405);
    assertThat(refused.header("allow")).isEqualTo("GET, HEAD");
    assertThat(refused.text()).doesNotContain("<html");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/explorer/../pom.xml",
        "/explorer/../../../../etc/passwd",
        "/explorer/%2e%2e/%2e%2e/etc/passwd",
        "/explorer/..%2f..%2fetc%2fpasswd",
        "/explorer/js/../../logback.xml",
        "/explorer/logback.xml",
        "/explorer/openrpc.json",
        "/explorer/ExplorerSite.class",
        "/explorer/js/"
      })
  void pathsOutsideTheListAreNotFound(String path) throws IOException {
    Answer missing = get(path);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).isEqualTo("not found\n");
  }

  @Test
  void aPathThatIsNoUriIsABadRequest() throws IOException {
    Answer bad = get("/explorer/..\\..\\logback.xml");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("malformed request URI");
  }

  @Test
  void anOpaqueRequestTargetIsABadRequest() throws IOException {
    Answer bad = get("mailto:explorer");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("malformed request URI");
  }

  @Test
  void aHostOutsideTheAllowlistIsRefusedAsForJsonRpc() throws IOException {
    Answer rebound = send("GET", "/explorer/", "attacker.example:" + port);
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(rebound.text()).doesNotContain("<html");
    assertThat(send("GET", "/explorer/", "localhost:" + port).status()).isEqualTo(200);
  }

  @Test
  void jsonRpcAndHealthAreServedBesideTheExplorer() throws Exception {
    assertThat(TestNetwork.client(node).call("chain_id").get("chainId").asText())
        .isEqualTo("0x539");
    assertThat(get("/liveness").status()).isEqualTo(200);
    assertThat(get("/explorerx").status()).as("not the explorer's").isEqualTo(404);
    assertThat(get("/explorerx").header("content-type")).isEqualTo("application/json");
  }
}
