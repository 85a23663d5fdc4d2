package io.parley.base.crypto;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.crypto.Hash;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 and SHA-256, the two hash functions Parley's formats use (docs/spec/). Keccak-256 runs
 * on a per-thread BouncyCastle digest fed directly from the parts' bytes, so hashing {@code a || b
 * || c} allocates nothing but the result (it is on every hot path: transaction hashes, the state
 * tree, list roots).
 */
public final class Hashing {
  private static final ThreadLocal<KeccakDigest> KECCAK =
      ThreadLocal.withInitial(() -> new KeccakDigest(256));

  static {
    CryptoProviders.ensureInstalled();
  }

  private Hashing() {}

  public static Bytes32 keccak256(Bytes input) {
    KeccakDigest digest = KECCAK.get();
    update(digest, input);
    return finish(digest);
  }

  /** Keccak-256 over the concatenation of the parts, without copying them into one array. */
  public static Bytes32 keccak256(Bytes... parts) {
    KeccakDigest digest = KECCAK.get();
    for (Bytes part : parts) {
      update(digest, part);
    }
    return finish(digest);
  }

  private static void update(KeccakDigest digest, Bytes bytes) {
    byte[] array = bytes.toArrayUnsafe();
    digest.update(array, 0, array.length);
  }

  private static Bytes32 finish(KeccakDigest digest) {
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }

  public static Bytes32 sha256(Bytes input) {
    return Hash.sha2_256(input);
  }
}
