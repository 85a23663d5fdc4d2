package io.parley.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real validator networks on loopback, and hostile raw connections against them. */
class ValidatorNetworkTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final List<KeyPair> keys = TestValidators.keys(3);
  private final ValidatorSet validators = TestValidators.set(keys);
  private final Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
  private final List<ValidatorNetwork> networks = new ArrayList<>();
  private final List<ConcurrentLinkedQueue<String>> inboxes = new ArrayList<>();

  @BeforeEach
  void startThree() throws Exception {
    for (int i = 0; i < 3; i++) {
      addresses.put(i, new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
      inboxes.add(new ConcurrentLinkedQueue<>());
    }
    for (int i = 0; i < 3; i++) {
      networks.add(start(i));
    }
    await()
        .atMost(WAIT)
        .until(() -> networks.stream().allMatch(n -> n.connectedPeers().size() == 2));
  }

  @AfterEach
  void stop() {
    networks.forEach(ValidatorNetwork::close);
  }

  private ValidatorNetwork start(int index) throws InterruptedException {
    var config =
        new P2pConfig(
            TestValidators.CHAIN_ID,
            validators,
            keys.get(index),
            addresses.get(index),
            addresses,
            64 * 1024,
            1 << 20,
            Duration.ofSeconds(2),
            Duration.ofMillis(20),
            Duration.ofMillis(500),
            Duration.ofMillis(300));
    var inbox = inboxes.get(index);
    var network =
        new ValidatorNetwork(
            config, (from, payload) -> inbox.add(from + ":" + new String(payload.toArrayUnsafe())));
    network.start();
    return network;
  }

  @Test
  void validatorsAuthenticateAndExchangeFrames() {
    for (int i = 0; i < 3; i++) {
      networks.get(i).broadcast(Bytes.wrap(("hello from " + i).getBytes()));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(inboxes.get(0))
                  .containsExactlyInAnyOrder("1:hello from 1", "2:hello from 2");
              assertThat(inboxes.get(2))
                  .containsExactlyInAnyOrder("0:hello from 0", "1:hello from 1");
            });
    assertThat(networks.get(1).send(0, Bytes.wrap("direct".getBytes()))).isTrue();
    await().atMost(WAIT).until(() -> inboxes.get(0).contains("1:direct"));
  }

  @Test
  void garbageBytesDropOnlyTheirConnection() throws Exception {
    SplittableRandom random = new SplittableRandom(4);
    for (int attempt = 0; attempt < 5; attempt++) {
      byte[] garbage = new byte[200];
      random.nextBytes(garbage);
      try (Socket socket = connect(0)) {
        socket.getOutputStream().write(garbage);
        assertThat(readsToEnd(socket.getInputStream())).isTrue();
      }
    }
    assertStillTalking();
  }

  @Test
  void oversizedFramesAreRefused() throws Exception {
    try (Socket socket = connect(1)) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(64 * 1024 * 1024);
      out.write(new byte[1024]);
      assertThat(readsToEnd(socket.getInputStream())).isTrue();
    }
    assertStillTalking();
  }

  @Test
  void aPeerWithAnUnknownKeyIsRefused() throws Exception {
    KeyPair outsider = TestValidators.key("outsider");
    var forged = TestValidators.set(List.of(keys.get(0), outsider, keys.get(2)));
    Handshake impostor = Handshake.initiator(TestValidators.CHAIN_ID, forged, outsider, 2);
    try (Socket socket = connect(2)) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      writeFrame(out, impostor.hello());
      byte[] theirHello = readFrame(in);
      byte[] theirAuth = readFrame(in);
      writeFrame(out, impostor.onPeerHello(theirHello));
      assertThat(impostor.onPeerAuth(theirAuth).peerIndex()).isEqualTo(2);
      assertThat(readsToEnd(in)).isTrue(); // the node saw the bad AUTH and hung up
    }
    assertStillTalking();
  }

  @Test
  void reconnectsAfterAPeerRestarts() throws Exception {
    networks.get(2).close();
    await().atMost(WAIT).until(() -> !networks.get(0).connectedPeers().contains(2));
    networks.set(2, start(2));
    await()
        .atMost(WAIT)
        .until(
            () ->
                networks.get(0).connectedPeers().contains(2)
                    && networks.get(1).connectedPeers().contains(2));
  }

  @Test
  void aDisconnectedMisbehaverIsRefusedForItsBan() {
    networks.get(0).disconnect(1, "sent votes with bad signatures");
    assertThat(networks.get(0).connectedPeers()).doesNotContain(1);
    await().atMost(WAIT).until(() -> networks.get(0).connectedPeers().contains(1));
  }

  private void assertStillTalking() {
    networks.get(1).send(0, Bytes.wrap("still here".getBytes()));
    await().atMost(WAIT).until(() -> inboxes.get(0).contains("1:still here"));
  }

  private Socket connect(int index) throws IOException {
    Socket socket = new Socket();
    socket.connect(addresses.get(index), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** True once the server closes the connection (after reading and dropping what it sent). */
  private static boolean readsToEnd(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // discard the server's handshake frames
      }
      return true;
    } catch (java.net.SocketException reset) {
      return true; // a reset is also a hang-up
    }
  }

  private static void writeFrame(DataOutputStream out, byte[] frame) throws IOException {
    out.writeInt(frame.length);
    out.write(frame);
    out.flush();
  }

  private static byte[] readFrame(DataInputStream in) throws IOException {
    byte[] frame = new byte[in.readInt()];
    in.readFully(frame);
    return frame;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
