package io.parley.base.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A secp256k1 private key. {@link #toString()} never prints the key, so it cannot reach a log by
 * accident; call {@link #bytes()} explicitly where the secret is needed (signing, key files).
 */
public final class PrivateKey {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Bytes32 value;

  private PrivateKey(Bytes32 value) {
    this.value = value;
  }

  /** Wraps a 32-byte scalar, rejecting 0 and values >= the curve order. */
  public static PrivateKey of(Bytes32 value) {
    Objects.requireNonNull(value, "value");
    if (!Secp256k1.isValidPrivateKey(value)) {
      throw new IllegalArgumentException("not a valid secp256k1 private key (must be in [1, n-1])");
    }
    return new PrivateKey(value);
  }

  public static PrivateKey fromHex(String hex) {
    return of(Bytes32.fromHexString(hex.trim()));
  }

  public static PrivateKey random() {
    byte[] candidate = new byte[32];
    while (true) {
      RANDOM.nextBytes(candidate);
      Bytes32 value = Bytes32.wrap(candidate.clone());
      if (Secp256k1.isValidPrivateKey(value)) {
        return new PrivateKey(value);
      }
    }
  }

  public Bytes32 bytes() {
    return value;
  }

  public PublicKey publicKey() {
    return Secp256k1.publicKeyOf(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivateKey other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "PrivateKey[redacted]";
  }
}
