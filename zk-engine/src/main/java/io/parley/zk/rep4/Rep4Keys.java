package io.parley.zk.rep4;

import io.parley.zk.messages.Sha256;
import java.security.MessageDigest;

/**
 * The PRG keys one party holds: key_m for every m != self (key_m is known to every party except m).
 * Made by {@link Rep4Program#setupKeys}: key_m = SHA-256 of the three holders' 32-byte
 * contributions in party order.
 */
public final class Rep4Keys {
  private final int self;
  private final byte[][] keys;

  Rep4Keys(int self, byte[][] keys) {
    this.self = self;
    this.keys = new byte[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        if (keys[m] == null || keys[m].length != 32) {
          throw new IllegalArgumentException("key " + m + " must be 32 bytes");
        }
        this.keys[m] = keys[m].clone();
      }
    }
  }

  /** Test and benchmark helper: every party's keys derived from one public seed (not secret). */
  public static Rep4Keys fromSeed(int self, byte[] seed) {
    byte[][] k = new byte[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        MessageDigest sha = Sha256.newDigest();
        sha.update(seed);
        sha.update((byte) m);
        k[m] = sha.digest();
      }
    }
    return new Rep4Keys(self, k);
  }

  public int self() {
    return self;
  }

  byte[] key(int m) {
    if (m == self) {
      throw new IllegalArgumentException("party " + self + " does not know key " + m);
    }
    return keys[m];
  }
}
