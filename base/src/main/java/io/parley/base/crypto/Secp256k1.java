package io.parley.base.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * secp256k1 ECDSA through libsecp256k1 ({@code fr.acinq.secp256k1}, native, ~20k verifications/s
 * per core) rather than Tuweni's pure-Java {@code SECP256K1} (~250/s). Signatures are always low-s;
 * recovery rejects high-s, zero or out-of-range r and s.
 */
public final class Secp256k1 {
  /** The order n of the secp256k1 group. */
  public static final BigInteger CURVE_ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  public static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

  private static final fr.acinq.secp256k1.Secp256k1 NATIVE = fr.acinq.secp256k1.Secp256k1.get();

  private Secp256k1() {}

  static boolean isValidPrivateKey(Bytes32 value) {
    BigInteger k = value.toUnsignedBigInteger();
    return k.signum() > 0 && k.compareTo(CURVE_ORDER) < 0;
  }

  static PublicKey publicKeyOf(PrivateKey key) {
    byte[] uncompressed = NATIVE.pubkeyCreate(key.bytes().toArrayUnsafe());
    return new PublicKey(Bytes.wrap(uncompressed, 1, 64));
  }

  /** Signs a 32-byte message hash; the result is low-s and carries its recovery id. */
  public static Signature sign(Bytes32 messageHash, PrivateKey key) {
    byte[] msg = messageHash.toArrayUnsafe();
    byte[] compact = NATIVE.sign(msg, key.bytes().toArrayUnsafe(), null);
    Bytes32 r = Bytes32.wrap(compact, 0);
    Bytes32 s = Bytes32.wrap(compact, 32);
    PublicKey expected = key.publicKey();
    for (int recoveryId = 0; recoveryId <= 1; recoveryId++) {
      Signature candidate = new Signature(r, s, recoveryId);
      if (recover(messageHash, candidate).filter(expected::equals).isPresent()) {
        return candidate;
      }
    }
    throw new IllegalStateException("libsecp256k1 produced a signature that recovers to no key");
  }

  /** Checks that r and s are in [1, n-1] and s is in the lower half, as recovery requires. */
  public static boolean hasCanonicalScalars(Signature signature) {
    BigInteger r = signature.r().toUnsignedBigInteger();
    BigInteger s = signature.s().toUnsignedBigInteger();
    return r.signum() > 0
        && r.compareTo(CURVE_ORDER) < 0
        && s.signum() > 0
        && s.compareTo(HALF_CURVE_ORDER) <= 0;
  }

  /** Recovers the signer's public key, or empty if the signature is malformed or invalid. */
  public static Optional<PublicKey> recover(Bytes32 messageHash, Signature signature) {
    if (!hasCanonicalScalars(signature)) {
      return Optional.empty();
    }
    try {
      byte[] uncompressed =
          NATIVE.ecdsaRecover(
              signature.compact(), messageHash.toArrayUnsafe(), signature.recoveryId());
      if (uncompressed == null || uncompressed.length != 65) {
        return Optional.empty();
      }
      return Optional.of(new PublicKey(Bytes.wrap(uncompressed, 1, 64)));
    } catch (RuntimeException e) {
      // libsecp256k1 signals an unrecoverable signature with Secp256k1Exception.
      return Optional.empty();
    }
  }

  /** Verifies a signature against a known public key (the recovery id is not needed). */
  public static boolean verify(Bytes32 messageHash, Signature signature, PublicKey publicKey) {
    if (!hasCanonicalScalars(signature)) {
      return false;
    }
    try {
      return NATIVE.verify(
          signature.compact(), messageHash.toArrayUnsafe(), publicKey.toUncompressedSec1());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** ECDH: the 33-byte compressed shared point's SHA-256, as libsecp256k1 computes it. */
  public static Bytes32 ecdh(PrivateKey privateKey, PublicKey publicKey) {
    return Bytes32.wrap(
        NATIVE.ecdh(privateKey.bytes().toArrayUnsafe(), publicKey.toUncompressedSec1()));
  }
}
