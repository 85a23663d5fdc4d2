package io.parley.zk.testing;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.PublicKey;
import io.parley.zk.messages.Committee;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;

/** Deterministic committee keys for tests. */
public final class Fixtures {
  private Fixtures() {}

  public static List<PrivateKey> keys(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] bytes = new byte[32];
      for (int b = 0; b < 32; b++) {
        bytes[b] = (byte) random.nextInt(256);
      }
      bytes[0] &= 0x7f; // below the curve order
      bytes[31] |= 1; // non-zero
      keys.add(PrivateKey.of(Bytes32.wrap(bytes)));
    }
    return keys;
  }

  public static Committee committee(List<PrivateKey> keys) {
    List<PublicKey> publicKeys = keys.stream().map(PrivateKey::publicKey).toList();
    return new Committee(publicKeys);
  }

  public static Bytes32 id(long seed) {
    byte[] bytes = new byte[32];
    new SplittableRandom(seed).nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }
}
