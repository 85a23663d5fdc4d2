package io.parley.mpc.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.IdentityBinding;
import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.testing.TestCommittee;
import io.parley.zk.messages.Committee;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committee links authenticate members by their genesis keys. */
class NetworkTest {
  @Test
  void certificateNotBoundToTheMembersGenesisKeyIsRejected() throws Exception {
    List<PrivateKey> keys = TestCommittee.keys(4, 1);
    Committee committee = TestCommittee.committee(keys);
    PrivateKey outsider = TestCommittee.keys(1, 99).get(0);
    TlsIdentity impostor = TlsIdentity.create(2, outsider);
    TlsIdentity genuine = TlsIdentity.create(2, keys.get(2));
    assertThat(IdentityBinding.verify(genuine.certificate(), 2, committee.members().get(2)))
        .isTrue();
    assertThat(IdentityBinding.verify(impostor.certificate(), 2, committee.members().get(2)))
        .isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new CommitteeTrustManager(committee, java.util.OptionalInt.empty())
                    .checkClientTrusted(
                        new java.security.cert.X509Certificate[] {impostor.certificate()}, "EC"))
        .isInstanceOf(java.security.cert.CertificateException.class);
    new CommitteeTrustManager(committee, java.util.OptionalInt.of(2))
        .checkServerTrusted(new java.security.cert.X509Certificate[] {genuine.certificate()}, "EC");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new CommitteeTrustManager(committee, java.util.OptionalInt.of(1))
                    .checkServerTrusted(
                        new java.security.cert.X509Certificate[] {genuine.certificate()}, "EC"))
        .hasMessageContaining("expected member 1");
  }

  /**
   * A member that is down when a step's message is sent gets it when it comes back (a restarted
   * member joins an attempt the others started), and awaitConnected waits for a lost link again.
   */
  @Test
  void framesForAMemberThatIsDownAreDeliveredWhenItIsBack() throws Exception {
    List<PrivateKey> keys = TestCommittee.keys(4, 1);
    Committee committee = TestCommittee.committee(keys);
    List<java.net.InetSocketAddress> addresses = TestCommittee.freeAddresses(4);
    java.util.concurrent.LinkedBlockingQueue<io.parley.zk.messages.Envelope> atThree =
        new java.util.concurrent.LinkedBlockingQueue<>();
    List<CommitteeNetwork> up = new java.util.ArrayList<>();
    try {
      for (int j = 0; j < 3; j++) {
        CommitteeNetwork n =
            new CommitteeNetwork(
                committee,
                j,
                TlsIdentity.create(j, keys.get(j)),
                addresses,
                (from, e) -> {},
                new TrafficCounters());
        n.start();
        up.add(n);
      }
      org.apache.tuweni.bytes.Bytes32 session = org.apache.tuweni.bytes.Bytes32.random();
      io.parley.zk.messages.Envelope envelope =
          io.parley.zk.messages.Envelope.unsigned(
              session,
              0,
              0,
              3,
              io.parley.zk.messages.Kind.values()[0],
              new io.parley.zk.field.FieldElement[0]);
      var sent = up.get(0).send(3, envelope);
      assertThat(up.get(0).awaitConnected(300, java.util.concurrent.TimeUnit.MILLISECONDS))
          .isFalse();
      assertThat(sent).isNotDone();
      CommitteeNetwork three =
          new CommitteeNetwork(
              committee,
              3,
              TlsIdentity.create(3, keys.get(3)),
              addresses,
              (from, e) -> atThree.add(e),
              new TrafficCounters());
      three.start();
      up.add(three);
      io.parley.zk.messages.Envelope got = atThree.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got.computation()).isEqualTo(session);
      sent.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(up.get(0).awaitConnected(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      // member 3 goes away again: the link is waited for anew
      three.close();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> !up.get(0).awaitConnected(100, java.util.concurrent.TimeUnit.MILLISECONDS));
    } finally {
      up.forEach(CommitteeNetwork::close);
    }
  }

  /**
   * A dialled member that closes the connection during the TLS handshake (it is restarting, or it
   * has not read the block that gave the dialler its seat, ADR 0056, and does not trust it yet):
   * the dialler dials again, as after a refused connection, instead of leaving the link down.
   */
  @Test
  void aDiallerWhoseHandshakeFailsDialsAgain() throws Exception {
    List<PrivateKey> keys = TestCommittee.keys(4, 1);
    Committee committee = TestCommittee.committee(keys);
    List<java.net.InetSocketAddress> addresses = TestCommittee.freeAddresses(4);
    List<CommitteeNetwork> up = new java.util.ArrayList<>();
    java.net.ServerSocket refusing = new java.net.ServerSocket();
    refusing.setReuseAddress(true);
    refusing.bind(addresses.get(0));
    java.util.concurrent.atomic.AtomicInteger closed =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread closer =
        new Thread(
            () -> {
              while (!refusing.isClosed()) {
                try (java.net.Socket s = refusing.accept()) {
                  closed.incrementAndGet(); // accepted, then closed before any TLS byte
                } catch (java.io.IOException e) {
                  return;
                }
              }
            });
    closer.start();
    try {
      for (int j = 1; j < 4; j++) {
        up.add(network(committee, j, keys.get(j), addresses));
      }
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> closed.get() >= 3);
      refusing.close();
      closer.join();
      up.add(network(committee, 0, keys.get(0), addresses));
      for (CommitteeNetwork n : up) {
        assertThat(n.awaitConnected(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      refusing.close();
      up.forEach(CommitteeNetwork::close);
    }
  }

  private static CommitteeNetwork network(
      Committee committee, int j, PrivateKey key, List<java.net.InetSocketAddress> addresses)
      throws Exception {
    CommitteeNetwork n =
        new CommitteeNetwork(
            committee,
            j,
            TlsIdentity.create(j, key),
            addresses,
            (from, e) -> {},
            new TrafficCounters());
    n.start();
    return n;
  }
}
