package io.parley.zk.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Signer;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.protocol.Vectors;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.TrustedDealer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** The same online protocol over real Netty TLS 1.3 links on loopback. */
class NetworkTest {
  static List<InetSocketAddress> freeAddresses(int n) throws IOException {
    List<InetSocketAddress> out = new ArrayList<>();
    List<ServerSocket> sockets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ServerSocket s = new ServerSocket(0);
      sockets.add(s);
      out.add(new InetSocketAddress("127.0.0.1", s.getLocalPort()));
    }
    for (ServerSocket s : sockets) {
      s.close();
    }
    return out;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {4, 7})
  void membersComputeOverMutuallyAuthenticatedTls(int n) throws Exception {
    List<PrivateKey> keys = Fixtures.keys(n, 1);
    Committee committee = Fixtures.committee(keys);
    List<InetSocketAddress> addresses = freeAddresses(n);
    TrustedDealer dealer = new TrustedDealer(n, 3);
    SplittableRandom random = new SplittableRandom(4);
    FieldElement[] x = Shamir.share(FieldElement.of(-20), committee.threshold(), n, random);
    FieldElement[] y = Shamir.share(FieldElement.of(35), committee.threshold(), n, random);
    Bytes32 id = Fixtures.id(9);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<CommitteeNetwork> networks = new ArrayList<>();
    List<Future<Outcome<FieldElement[]>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        TrafficCounters counters = new TrafficCounters();
        CommitteeNode node = new CommitteeNode(counters);
        CommitteeNetwork network =
            new CommitteeNetwork(
                committee,
                i,
                TlsIdentity.create(i, keys.get(i)),
                addresses,
                node.listener(),
                counters);
        node.attach(network);
        networks.add(network);
        network.start();
        SecureArithmetic a = new SecureArithmetic(new OnlineContext(i, n, dealer.forParty(i)));
        Comparisons c = new Comparisons(a);
        FieldElement[] xs = {x[i]};
        FieldElement[] ys = {y[i]};
        Program<FieldElement[]> program =
            Program.all(List.of(a.multiply(xs, ys), c.lessThanZero(Vectors.subtract(xs, ys), 33)))
                .then(parts -> a.open(new FieldElement[] {parts.get(0)[0], parts.get(1)[0]}));
        OnlineSession<FieldElement[]> session =
            new OnlineSession<>(
                committee, i, id, program, Signer.with(keys.get(i)), OnlineSession.Mode.MALICIOUS);
        results.add(
            pool.submit(
                () -> {
                  if (!network.awaitConnected(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("member not connected");
                  }
                  return node.run(session, id, "online", Duration.ofSeconds(30));
                }));
      }
      for (Future<Outcome<FieldElement[]>> f : results) {
        Outcome<FieldElement[]> outcome = f.get(60, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        FieldElement[] v = ((Outcome.Completed<FieldElement[]>) outcome).value();
        assertThat(v[0]).isEqualTo(FieldElement.of(-700));
        assertThat(v[1]).isEqualTo(FieldElement.ONE);
      }
    } finally {
      networks.forEach(CommitteeNetwork::close);
      pool.shutdownNow();
    }
  }

  @Test
  void certificateNotBoundToTheMembersGenesisKeyIsRejected() throws Exception {
    List<PrivateKey> keys = Fixtures.keys(4, 1);
    Committee committee = Fixtures.committee(keys);
    PrivateKey outsider = Fixtures.keys(1, 99).get(0);
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
}
