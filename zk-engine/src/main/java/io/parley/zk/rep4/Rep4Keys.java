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

  /** u8 self | the three keys key_m (m != self, ascending), 32 bytes each: secret. */
  public byte[] encode() {
    byte[] out = new byte[1 + 3 * 32];
    out[0] = (byte) self;
    int at = 1;
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        System.arraycopy(keys[m], 0, out, at, 32);
        at += 32;
      }
    }
    return out;
  }

  /** The inverse of {@link #encode}. */
  public static Rep4Keys decode(byte[] bytes) {
    if (bytes.length != 1 + 3 * 32 || bytes[0] < 0 || bytes[0] > 3) {
      throw new IllegalArgumentException("rep4 keys are 97 bytes starting with a party index");
    }
    int self = bytes[0];
    byte[][] k = new byte[4][];
    int at = 1;
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        k[m] = java.util.Arrays.copyOfRange(bytes, at, at + 32);
        at += 32;
      }
    }
    return new Rep4Keys(self, k);
  }

  @Override
  public String toString() {
    return "Rep4Keys[self=" + self + " (hidden)]";
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
