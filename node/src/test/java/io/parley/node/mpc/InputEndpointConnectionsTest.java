package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.InMemoryMemberStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The input endpoint holds at most {@link EndpointConnections#PER_ADDRESS} connections of one
 * client address (and {@link EndpointConnections#TOTAL} in all): the next one is closed at once,
 * the open ones are untouched, and a freed place can be taken again.
 */
class InputEndpointConnectionsTest {
  @Test
  void aClientBeyondItsConnectionsIsClosedAndTheOthersStay() throws Exception {
    try (InputEndpoint endpoint =
        new InputEndpoint(
            new OffChainDeliveries(new InMemoryMemberStore(), 131_072),
            () -> 0,
            PrivateKey.random(),
            131_072 - 8_192)) {
      InetSocketAddress at = endpoint.start(new InetSocketAddress("127.0.0.1", 0));
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < EndpointConnections.PER_ADDRESS; i++) {
          held.add(new Socket(at.getAddress(), at.getPort()));
        }
        Socket over = new Socket(at.getAddress(), at.getPort());
        held.add(over);
        assertThat(readsEnd(over)).as("the connection over the cap is closed").isTrue();
        for (Socket s : held.subList(0, EndpointConnections.PER_ADDRESS)) {
          assertThat(readsEnd(s)).as("a connection within the cap stays open").isFalse();
        }
        held.get(0).close();
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () -> {
                  try (Socket again = new Socket(at.getAddress(), at.getPort())) {
                    assertThat(readsEnd(again)).isFalse();
                  }
                });
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  /** True if the server closed the connection (end of stream within 300 ms), false if it waits. */
  private static boolean readsEnd(Socket s) throws IOException {
    s.setSoTimeout(300);
    InputStream in = s.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }
}
