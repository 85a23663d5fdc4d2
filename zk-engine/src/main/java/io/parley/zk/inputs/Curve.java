package io.parley.zk.inputs;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * secp256k1 arithmetic for secret inputs (docs/spec/secret-inputs.md): points as 64 bytes X || Y,
 * decoded only if on the curve and not the point at infinity.
 */
final class Curve {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  static final BigInteger N = PARAMS.getN();
  static final ECPoint G = PARAMS.getG();

  private Curve() {}

  static Bytes encode(ECPoint point) {
    ECPoint p = point.normalize();
    return Bytes.concatenate(
        Bytes.wrap(p.getAffineXCoord().getEncoded()), Bytes.wrap(p.getAffineYCoord().getEncoded()));
  }

  /** A 64-byte point, or empty if it is not on the curve (or has the wrong length). */
  static Optional<ECPoint> decode(Bytes xy) {
    if (xy.size() != 64) {
      return Optional.empty();
    }
    try {
      byte[] sec1 = new byte[65];
      sec1[0] = 0x04;
      System.arraycopy(xy.toArrayUnsafe(), 0, sec1, 1, 64);
      ECPoint p = PARAMS.getCurve().decodePoint(sec1);
      return p.isInfinity() || !p.isValid() ? Optional.empty() : Optional.of(p.normalize());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static ECPoint point(Bytes xy, String what) {
    return decode(xy)
        .orElseThrow(() -> new SecretInputException(what + " is not a point of secp256k1"));
  }

  static Bytes scalar32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return Bytes.wrap(out);
  }

  /** 1 + (int(bytes) mod (N - 1)): a nonzero scalar from 32 pseudo-random bytes. */
  static BigInteger nonzero(byte[] bytes) {
    return BigInteger.ONE.add(new BigInteger(1, bytes).mod(N.subtract(BigInteger.ONE)));
  }

  static BigInteger hashToScalar(Bytes digest) {
    return new BigInteger(1, digest.toArrayUnsafe()).mod(N);
  }
}
