package io.parley.mpc.network;

import io.parley.base.crypto.IdentityBinding;
import io.parley.base.crypto.PrivateKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A member's TLS identity: a fresh ECDSA P-256 key and a self-signed certificate carrying the
 * {@link IdentityBinding} signed with the member's genesis secp256k1 key.
 */
public record TlsIdentity(int member, KeyPair keyPair, X509Certificate certificate) {

  public static TlsIdentity create(int member, PrivateKey genesisKey) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keyPair = generator.generateKeyPair();
      byte[] spki = keyPair.getPublic().getEncoded();
      X500Name name = new X500Name("CN=parley-mpc-member-" + member);
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(365))),
              name,
              keyPair.getPublic());
      builder.addExtension(
          IdentityBinding.EXTENSION, false, IdentityBinding.encode(member, spki, genesisKey));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
      return new TlsIdentity(member, keyPair, certificate);
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot create the TLS identity", e);
    }
  }
}
