package io.parley.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The validator network on loopback: authentication, delivery, reconnects and bad peers. */
class P2pNetworkTest {
  private static final Bytes32 GENESIS = Bytes32.fromHexStringLenient("0x1234");
  private final List<KeyPair> keys = List.of(KeyPair.random(), KeyPair.random(), KeyPair.random());
  private final ValidatorSet validators =
      new ValidatorSet(keys.stream().map(k -> Validator.of(k.publicKey())).toList());
  private final Map<Integer, InetSocketAddress> addresses = new HashMap<>();
  private final List<P2pNetwork> started = new ArrayList<>();

  record Received(int from, int type, Bytes payload) {}

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private P2pConfig config(int self, KeyPair key, ValidatorSet set, Bytes32 genesis, int maxFrame) {
    return new P2pConfig(
        addresses.get(self), self, key, set, addresses, genesis, maxFrame, 1024, 2_000, 50, 400);
  }

  private P2pNetwork start(P2pConfig config, ConcurrentLinkedQueue<Received> inbox)
      throws Exception {
    P2pNetwork network =
        new P2pNetwork(
            config, (peer, type, payload) -> inbox.add(new Received(peer, type, payload)));
    network.start();
    started.add(network);
    return network;
  }

  @AfterEach
  void stopAll() {
    started.forEach(P2pNetwork::close);
  }

  private List<ConcurrentLinkedQueue<Received>> mesh() throws Exception {
    for (int i = 0; i < 3; i++) {
      addresses.put(i, new InetSocketAddress("127.0.0.1", freePort()));
    }
    List<ConcurrentLinkedQueue<Received>> inboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ConcurrentLinkedQueue<Received> inbox = new ConcurrentLinkedQueue<>();
      inboxes.add(inbox);
      start(config(i, keys.get(i), validators, GENESIS, 1 << 20), inbox);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> started.stream().allMatch(n -> n.connectedPeers() == 2));
    return inboxes;
  }

  @Test
  void authenticatedPeersExchangeMessagesBothWays() throws Exception {
    List<ConcurrentLinkedQueue<Received>> inbox = mesh();
    started.get(0).broadcast(7, Bytes.of(1, 2, 3));
    started.get(2).send(1, 9, Bytes.fromHexString("0xbeef"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> inbox.get(1).size() == 2 && inbox.get(2).size() == 1);
    assertThat(inbox.get(2)).containsExactly(new Received(0, 7, Bytes.of(1, 2, 3)));
    assertThat(inbox.get(1))
        .contains(
            new Received(0, 7, Bytes.of(1, 2, 3)),
            new Received(2, 9, Bytes.fromHexString("0xbeef")));
  }

  @Test
  void aRestartedPeerIsRedialled() throws Exception {
    List<ConcurrentLinkedQueue<Received>> inbox = mesh();
    started.get(0).close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !started.get(1).isConnected(0));
    ConcurrentLinkedQueue<Received> fresh = new ConcurrentLinkedQueue<>();
    start(config(0, keys.get(0), validators, GENESIS, 1 << 20), fresh);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> started.get(1).isConnected(0) && started.get(2).isConnected(0));
    started.get(2).send(0, 1, Bytes.of(42));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fresh.contains(new Received(2, 1, Bytes.of(42))));
    assertThat(inbox.get(0)).isEmpty();
  }

  @Test
  void garbageAndOversizedFramesAreDroppedAndTheNodeKeepsGoing() throws Exception {
    List<ConcurrentLinkedQueue<Received>> inbox = mesh();
    P2pNetwork target = started.get(0);
    long before = target.droppedPeers();
    try (Socket garbage = new Socket("127.0.0.1", addresses.get(0).getPort())) {
      OutputStream out = garbage.getOutputStream();
      out.write(new byte[] {0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8}); // a well-framed non-handshake
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> target.droppedPeers() > before);
    }
    long afterGarbage = target.droppedPeers();
    try (Socket huge = new Socket("127.0.0.1", addresses.get(0).getPort())) {
      huge.getOutputStream().write(new byte[] {0x7f, 0, 0, 0, 1, 2, 3}); // announces ~2 GiB
      huge.getOutputStream().flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> target.droppedPeers() > afterGarbage);
    }
    started.get(1).send(0, 3, Bytes.of(3));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> inbox.get(0).contains(new Received(1, 3, Bytes.of(3))));
  }

  @Test
  void aPeerWithAnUnknownKeyOrAnotherChainIsRefused() throws Exception {
    mesh();
    P2pNetwork target = started.get(0);
    // A rogue that claims to be validator 2 with its own key.
    KeyPair rogue = KeyPair.random();
    ValidatorSet rogueView =
        new ValidatorSet(
            List.of(validators.get(0), validators.get(1), Validator.of(rogue.publicKey())));
    Map<Integer, InetSocketAddress> rogueAddresses = new HashMap<>(addresses);
    rogueAddresses.put(2, new InetSocketAddress("127.0.0.1", freePort()));
    long before = target.droppedPeers();
    P2pNetwork impostor =
        new P2pNetwork(
            new P2pConfig(
                rogueAddresses.get(2),
                2,
                rogue,
                rogueView,
                Map.of(0, addresses.get(0)),
                GENESIS,
                1 << 20,
                16,
                2_000,
                50,
                400),
            (p, t, b) -> {});
    started.add(impostor);
    impostor.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> target.droppedPeers() > before);
    // the dialler may hold a session from the target's half of the handshake until the target's
    // close reaches it: the refusal shows as the session ending, not as one never opened
    await().atMost(Duration.ofSeconds(10)).until(() -> !impostor.isConnected(0));

    // The real validator 2, but configured for another chain.
    long beforeChain = target.droppedPeers();
    Map<Integer, InetSocketAddress> other = new HashMap<>(addresses);
    other.put(2, new InetSocketAddress("127.0.0.1", freePort()));
    P2pNetwork otherChain =
        new P2pNetwork(
            new P2pConfig(
                other.get(2),
                2,
                keys.get(2),
                validators,
                Map.of(0, addresses.get(0)),
                Bytes32.fromHexStringLenient("0x99"),
                1 << 20,
                16,
                2_000,
                50,
                400),
            (p, t, b) -> {});
    started.add(otherChain);
    otherChain.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> target.droppedPeers() > beforeChain);
    await().atMost(Duration.ofSeconds(10)).until(() -> !otherChain.isConnected(0));
  }
}
