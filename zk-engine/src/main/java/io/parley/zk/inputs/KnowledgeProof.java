package io.parley.zk.inputs;

import io.parley.base.crypto.Hashing;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The submitter's Schnorr proof that it knows e with E = e·G, bound to the context
 * (secret-inputs.md section 3, item 6). Checked at admission: it is what makes a member's complaint
 * useless to anyone but the submitter.
 */
public final class KnowledgeProof {
  private static final Bytes NONCE = ascii("parley-pok-nonce/2");
  private static final Bytes CHALLENGE = ascii("parley-pok/2");

  private KnowledgeProof() {}

  static Bytes prove(BigInteger e, Bytes ephemeral, Bytes32 context) {
    BigInteger r = Curve.nonzero(Kdf.hmac(Curve.scalar32(e), Bytes.concatenate(NONCE, context)));
    Bytes commitment = Curve.encode(Curve.G.multiply(r));
    BigInteger c = challenge(context, ephemeral, commitment);
    BigInteger z = r.add(c.multiply(e)).mod(Curve.N);
    return Bytes.concatenate(Curve.scalar32(c), Curve.scalar32(z));
  }

  /** True if {@code proof} (c || z) proves knowledge of log_G(E) within {@code context}. */
  public static boolean verify(Bytes proof, Bytes ephemeral, Bytes32 context) {
    if (proof.size() != 64) {
      return false;
    }
    BigInteger c = new BigInteger(1, proof.slice(0, 32).toArrayUnsafe());
    BigInteger z = new BigInteger(1, proof.slice(32, 32).toArrayUnsafe());
    if (c.compareTo(Curve.N) >= 0 || z.compareTo(Curve.N) >= 0) {
      return false;
    }
    var point = Curve.decode(ephemeral);
    if (point.isEmpty()) {
      return false;
    }
    ECPoint r = Curve.G.multiply(z).subtract(point.get().multiply(c)).normalize();
    if (r.isInfinity()) {
      return false;
    }
    return challenge(context, ephemeral, Curve.encode(r)).equals(c);
  }

  private static BigInteger challenge(Bytes32 context, Bytes ephemeral, Bytes commitment) {
    return Curve.hashToScalar(Hashing.keccak256(CHALLENGE, context, ephemeral, commitment));
  }

  static Bytes ascii(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }
}
