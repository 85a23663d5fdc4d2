package io.parley.base.crypto;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.crypto.Hash;

/** Keccak-256 and SHA-256, the two hash functions Parley's formats use (docs/spec/). */
public final class Hashing {
  static {
    CryptoProviders.ensureInstalled();
  }

  private Hashing() {}

  public static Bytes32 keccak256(Bytes input) {
    return Hash.keccak256(input);
  }

  /** Keccak-256 over the concatenation of the parts, without copying them into one array. */
  public static Bytes32 keccak256(Bytes... parts) {
    return Hash.keccak256(Bytes.wrap(parts));
  }

  public static Bytes32 sha256(Bytes input) {
    return Hash.sha2_256(input);
  }
}
