package io.parley.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.node.ParleyNode;
import io.parley.node.testing.MetricsScrape;
import io.parley.node.testing.PrometheusText;
import io.parley.node.testing.TestNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics port answers anything but {@code GET /metrics} with a precise status, and nothing a
 * request sends changes a metric. The node is quiet (no block without a transaction), so two
 * scrapes with bad requests between them must be identical.
 */
class MetricsBadInputTest {
  @TempDir Path dir;

  /** Sends raw bytes on a new connection and returns what the server wrote until it closed. */
  private static String exchange(InetSocketAddress address, String request) throws IOException {
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String statusLine(String response) {
    return response.substring(0, response.indexOf("\r\n"));
  }

  private static String request(String method, String path) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  }

  @Test
  void refusesWhatIsNotAScrapeAndChangesNothing() throws Exception {
    TestNetwork network = TestNetwork.createQuiet(dir, 1);
    try (ParleyNode node =
        ParleyNode.start(network.config().withMetrics(new MetricsServerConfig("127.0.0.1", 0)))) {
      InetSocketAddress metrics = node.metricsAddress().orElseThrow();
      String before = MetricsScrape.text(metrics);

      for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
        String response = exchange(metrics, request(method, "/metrics"));
        assertThat(statusLine(response)).as(method).isEqualTo("HTTP/1.1 405 Method Not Allowed");
        assertThat(response).as(method).containsIgnoringCase("\r\nallow: GET\r\n");
      }
      String rpcCall = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_head\"}";
      String post =
          exchange(
              metrics,
              "POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + rpcCall.length()
                  + "\r\n\r\n"
                  + rpcCall);
      assertThat(statusLine(post)).isEqualTo("HTTP/1.1 405 Method Not Allowed");

      for (String path : new String[] {"/", "/metric", "/metrics/", "/metrics/x", "/liveness"}) {
        assertThat(statusLine(exchange(metrics, request("GET", path))))
            .as(path)
            .isEqualTo("HTTP/1.1 404 Not Found");
      }
      assertThat(statusLine(exchange(metrics, request("DELETE", "/nothing"))))
          .isEqualTo("HTTP/1.1 404 Not Found");

      String oversized =
          exchange(
              metrics,
              "POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + "Content-Length: "
                  + (MetricsServer.MAX_BODY_BYTES + 1)
                  + "\r\n\r\n");
      assertThat(statusLine(oversized)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
      assertThat(statusLine(exchange(metrics, request("GET", "/" + "m".repeat(5_000)))))
          .isEqualTo("HTTP/1.1 414 Request-URI Too Long");
      assertThat(
              statusLine(
                  exchange(
                      metrics,
                      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: "
                          + "f".repeat(10_000)
                          + "\r\n\r\n")))
          .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
      assertThat(statusLine(exchange(metrics, "GET /metrics HTTP/x.y\r\nHost: 127.0.0.1\r\n\r\n")))
          .isEqualTo("HTTP/1.1 400 Bad Request");

      String after = MetricsScrape.text(metrics);
      assertThat(PrometheusText.parse(after).samples())
          .containsExactlyElementsOf(PrometheusText.parse(before).samples());
      assertThat(after).isEqualTo(before);
      // A query string is allowed, and the port still serves after all of the above.
      String withQuery = exchange(metrics, request("GET", "/metrics?name[]=parley_chain_height"));
      assertThat(statusLine(withQuery)).isEqualTo("HTTP/1.1 200 OK");
    }
  }
}
