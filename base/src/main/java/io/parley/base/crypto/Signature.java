package io.parley.base.crypto;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A recoverable secp256k1 ECDSA signature: r, s (low-s, s <= n/2) and the recovery id (0 or 1). Its
 * 65-byte form is r || s || recoveryId.
 */
public record Signature(Bytes32 r, Bytes32 s, int recoveryId) {
  public static final int SIZE = 65;

  public Signature {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (recoveryId != 0 && recoveryId != 1) {
      throw new IllegalArgumentException("recovery id must be 0 or 1, got " + recoveryId);
    }
  }

  public static Signature fromBytes(Bytes encoded) {
    if (encoded.size() != SIZE) {
      throw new IllegalArgumentException("signature must be 65 bytes, got " + encoded.size());
    }
    return new Signature(
        Bytes32.wrap(encoded.slice(0, 32)),
        Bytes32.wrap(encoded.slice(32, 32)),
        encoded.get(64) & 0xff);
  }

  public Bytes toBytes() {
    return Bytes.concatenate(r, s, Bytes.of((byte) recoveryId));
  }

  /** The 64-byte compact form r || s that libsecp256k1 takes. */
  byte[] compact() {
    byte[] out = new byte[64];
    System.arraycopy(r.toArrayUnsafe(), 0, out, 0, 32);
    System.arraycopy(s.toArrayUnsafe(), 0, out, 32, 32);
    return out;
  }
}
