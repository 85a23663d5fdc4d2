package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client address holds at most {@code --rpc-max-connections-per-address} connections: the next
 * is answered 429 with error 4292 and closed, and a slot freed is a slot available again.
 */
class ConnectionsPerAddressTest {
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}";

  @TempDir Path dir;

  @Test
  void theConnectionBeyondTheCapIsRefusedWith429AndTheOthersStillWork() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    try (ParleyNode node = network.start(network.config().rpc().withMaxConnectionsPerAddress(3))) {
      int port = node.rpcAddress().orElseThrow().getPort();
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = connect(port);
          held.add(s);
          // answered: the node has counted it (a connect returns before the node accepts it)
          assertThat(exchange(s)).startsWith("HTTP/1.1 200");
        }
        try (Socket fourth = connect(port)) {
          String answer = exchange(fourth);
          assertThat(answer)
              .startsWith("HTTP/1.1 429")
              .contains("\"code\":4292")
              .contains("too many connections from 127.0.0.1: at most 3");
          assertThat(fourth.getInputStream().read()).isEqualTo(-1); // closed after the answer
        }
        // the connections inside the cap are still served
        assertThat(exchange(held.get(0))).startsWith("HTTP/1.1 200").contains("\"result\"");
        held.remove(0).close();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  try (Socket again = connect(port)) {
                    assertThat(exchange(again)).startsWith("HTTP/1.1 200");
                  }
                });
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  private static Socket connect(int port) throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Sends one keep-alive request and reads one whole response (headers and body). */
  private static String exchange(Socket s) throws Exception {
    byte[] body = CALL.getBytes(StandardCharsets.UTF_8);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder text = new StringBuilder();
    int length = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return text.toString();
      }
      text.append((char) c);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0 && length < 0) {
        String headers = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("content-length:");
        length = Integer.parseInt(headers.substring(at + 15).split("\r\n")[0].trim());
      }
      if (length >= 0 && text.length() >= end + 4 + length) {
        return text.toString();
      }
    }
  }
}
