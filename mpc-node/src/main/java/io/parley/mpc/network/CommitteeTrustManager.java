package io.parley.mpc.network;

import io.parley.base.crypto.IdentityBinding;
import io.parley.zk.messages.Committee;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.OptionalInt;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts exactly the self-signed certificates whose TLS key is bound to a committee member's
 * genesis key ({@link IdentityBinding}); when dialling, only the expected member.
 */
final class CommitteeTrustManager implements X509TrustManager {
  private final Committee committee;
  private final OptionalInt expected;

  CommitteeTrustManager(Committee committee, OptionalInt expected) {
    this.committee = committee;
    this.expected = expected;
  }

  /** The member a peer certificate proves, or an exception explaining why it proves none. */
  static int memberOf(Committee committee, X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length != 1) {
      throw new CertificateException("expected one self-signed certificate");
    }
    X509Certificate certificate = chain[0];
    try {
      certificate.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException("certificate is not self-signed", e);
    }
    int member =
        IdentityBinding.read(certificate)
            .orElseThrow(() -> new CertificateException("no genesis identity binding"))
            .member();
    if (member < 0 || member >= committee.size()) {
      throw new CertificateException("member index out of range: " + member);
    }
    if (!IdentityBinding.verify(certificate, member, committee.members().get(member))) {
      throw new CertificateException("binding not signed by member " + member + "'s genesis key");
    }
    return member;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    int member = memberOf(committee, chain);
    if (expected.isPresent() && expected.getAsInt() != member) {
      throw new CertificateException("expected member " + expected.getAsInt() + ", got " + member);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
