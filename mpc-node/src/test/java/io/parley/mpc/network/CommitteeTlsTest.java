package io.parley.mpc.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.testing.TestCommittee;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * The committee links use the JDK's TLS by default and BoringSSL on request, and a member of each
 * kind authenticate each other and exchange envelopes: the choice is local to a member.
 */
class CommitteeTlsTest {
  @Test
  void theJdkByDefaultBoringSslOnRequest() {
    assumeTrue(OpenSsl.isAvailable(), "BoringSSL's native library loads here");
    assertThat(CommitteeTls.provider()).isEqualTo(SslProvider.JDK);
    System.setProperty(CommitteeTls.PROPERTY, "boringssl");
    try {
      assertThat(CommitteeTls.provider()).isEqualTo(SslProvider.OPENSSL);
    } finally {
      System.clearProperty(CommitteeTls.PROPERTY);
    }
  }

  @Test
  void aJdkMemberAndABoringSslMemberAuthenticateEachOtherAndTalk() throws Exception {
    assumeTrue(OpenSsl.isAvailable(), "BoringSSL's native library loads here");
    List<PrivateKey> keys = TestCommittee.keys(4, 5);
    Committee committee = TestCommittee.committee(keys);
    List<InetSocketAddress> addresses = TestCommittee.freeAddresses(4);
    LinkedBlockingQueue<Envelope> atZero = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<Envelope> atOne = new LinkedBlockingQueue<>();
    CommitteeNetwork jdk =
        new CommitteeNetwork(
            committee,
            0,
            TlsIdentity.create(0, keys.get(0)),
            addresses,
            (from, e) -> atZero.add(e),
            new TrafficCounters());
    System.setProperty(CommitteeTls.PROPERTY, "boringssl");
    CommitteeNetwork boring;
    try {
      boring =
          new CommitteeNetwork(
              committee,
              1,
              TlsIdentity.create(1, keys.get(1)),
              addresses,
              (from, e) -> atOne.add(e),
              new TrafficCounters());
    } finally {
      System.clearProperty(CommitteeTls.PROPERTY);
    }
    try {
      jdk.start();
      boring.start(); // member 1 dials member 0
      Bytes32 session = Bytes32.random();
      boring.send(0, envelope(session, 1, 0)).get(30, TimeUnit.SECONDS);
      jdk.send(1, envelope(session, 0, 1)).get(30, TimeUnit.SECONDS);
      Envelope got0 = atZero.poll(30, TimeUnit.SECONDS);
      Envelope got1 = atOne.poll(30, TimeUnit.SECONDS);
      assertThat(got0).isNotNull();
      assertThat(got0.sender()).isEqualTo(1);
      assertThat(got1).isNotNull();
      assertThat(got1.sender()).isEqualTo(0);
    } finally {
      jdk.close();
      boring.close();
    }
  }

  private static Envelope envelope(Bytes32 session, int from, int to) {
    return Envelope.unsigned(session, 0, from, to, Kind.OPEN, new FieldElement[0]);
  }
}
