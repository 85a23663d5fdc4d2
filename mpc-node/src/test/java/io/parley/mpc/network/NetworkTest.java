package io.parley.mpc.network;

import static org.assertj.core.api.Assertions.assertThat;

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
}
