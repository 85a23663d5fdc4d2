package io.parley.base.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;

/**
 * Binds a member's TLS key to its genesis secp256k1 identity (docs/spec/mpc-network.md): the
 * certificate carries, in a non-critical extension, the member index and a secp256k1 signature over
 * keccak256("parley-mpc-tls/1" || index u32 || DER SubjectPublicKeyInfo of the TLS key). The JDK's
 * TLS 1.3 cannot sign with secp256k1, hence a P-256 TLS key vouched for this way.
 */
public final class IdentityBinding {
  /** UUID-based OID (ITU-T X.667 arc 2.25), no registration needed. */
  public static final ASN1ObjectIdentifier EXTENSION =
      new ASN1ObjectIdentifier("2.25.207913481102470347166309431582316498461");

  private static final byte[] DOMAIN = "parley-mpc-tls/1".getBytes(StandardCharsets.US_ASCII);

  private IdentityBinding() {}

  /** The binding of one member's TLS key, as decoded from a certificate. */
  public record Binding(int member, Signature signature) {}

  static Bytes32 digest(int member, byte[] subjectPublicKeyInfo) {
    return Hashing.keccak256(
        Bytes.wrap(DOMAIN),
        Bytes.wrap(ByteBuffer.allocate(4).putInt(member).array()),
        Bytes.wrap(subjectPublicKeyInfo));
  }

  public static byte[] encode(int member, byte[] subjectPublicKeyInfo, PrivateKey genesisKey) {
    Signature s = Secp256k1.sign(digest(member, subjectPublicKeyInfo), genesisKey);
    return ByteBuffer.allocate(4 + Signature.SIZE)
        .putInt(member)
        .put(s.toBytes().toArrayUnsafe())
        .array();
  }

  /** Reads the binding from a certificate; empty if absent or malformed. */
  public static Optional<Binding> read(X509Certificate certificate) {
    byte[] wrapped = certificate.getExtensionValue(EXTENSION.getId());
    if (wrapped == null) {
      return Optional.empty();
    }
    try {
      byte[] value = ASN1OctetString.getInstance(wrapped).getOctets();
      if (value.length != 4 + Signature.SIZE) {
        return Optional.empty();
      }
      ByteBuffer in = ByteBuffer.wrap(value);
      int member = in.getInt();
      byte[] sig = new byte[Signature.SIZE];
      in.get(sig);
      return Optional.of(new Binding(member, Signature.fromBytes(Bytes.wrap(sig))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** True when the certificate's TLS key is vouched for by {@code genesisKey} as {@code member}. */
  public static boolean verify(X509Certificate certificate, int member, PublicKey genesisKey) {
    Optional<Binding> binding = read(certificate);
    if (binding.isEmpty() || binding.get().member() != member) {
      return false;
    }
    byte[] spki = certificate.getPublicKey().getEncoded();
    return Secp256k1.verify(digest(member, spki), binding.get().signature(), genesisKey);
  }
}
