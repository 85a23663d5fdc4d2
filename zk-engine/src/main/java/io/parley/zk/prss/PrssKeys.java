package io.parley.zk.prss;

import io.parley.zk.messages.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's PRSS keys: subset index A -> the 32-byte key K_A, for exactly the t-subsets A of
 * {0..n-1} that do not contain {@code self} (docs/spec/prss.md). Secret: {@link #toString()} never
 * shows the keys.
 */
public record PrssKeys(int n, int t, int self, Map<Integer, byte[]> keys) {
  public static final int KEY_BYTES = 32;
  private static final byte[] BATCH_DOMAIN =
      "parley-prss-batch/1".getBytes(StandardCharsets.US_ASCII);

  public PrssKeys {
    if (t < 1 || t >= n) {
      throw new IllegalArgumentException("need 1 <= t < n, got n=" + n + " t=" + t);
    }
    if (self < 0 || self >= n) {
      throw new IllegalArgumentException("member " + self + " out of range 0.." + (n - 1));
    }
    List<Integer> held = Subsets.heldBy(n, t, self);
    if (!keys.keySet().equals(new java.util.HashSet<>(held))) {
      throw new IllegalArgumentException(
          "member " + self + " must hold exactly the " + held.size() + " subsets without it");
    }
    TreeMap<Integer, byte[]> copy = new TreeMap<>();
    for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
      if (e.getValue() == null || e.getValue().length != KEY_BYTES) {
        throw new IllegalArgumentException("key of subset " + e.getKey() + " must be 32 bytes");
      }
      copy.put(e.getKey(), e.getValue().clone());
    }
    keys = Collections.unmodifiableMap(copy);
  }

  /** A copy of K_A; throws if this member does not hold it. */
  public byte[] key(int subset) {
    byte[] k = keys.get(subset);
    if (k == null) {
      throw new IllegalArgumentException("member " + self + " holds no key for subset " + subset);
    }
    return k.clone();
  }

  /** The keys as a map of copies (the record's own arrays never leave it). */
  @Override
  public Map<Integer, byte[]> keys() {
    TreeMap<Integer, byte[]> copy = new TreeMap<>();
    keys.forEach((a, k) -> copy.put(a, k.clone()));
    return copy;
  }

  /**
   * The per-batch keys k_A = SHA-256("parley-prss-batch/1" || K_A || batch): one-way, so disclosing
   * one batch's keys in a dispute reveals nothing about K_A or other batches.
   */
  public PrssKeys forBatch(Bytes32 batch) {
    TreeMap<Integer, byte[]> derived = new TreeMap<>();
    MessageDigest sha = Sha256.newDigest();
    for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
      sha.update(BATCH_DOMAIN);
      sha.update(e.getValue());
      sha.update(batch.toArrayUnsafe());
      derived.put(e.getKey(), sha.digest());
    }
    return new PrssKeys(n, t, self, derived);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PrssKeys other)
        || other.n != n
        || other.t != t
        || other.self != self
        || !other.keys.keySet().equals(keys.keySet())) {
      return false;
    }
    for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.keys.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 31 * (31 * n + t) + self;
    for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
      h = 31 * h + e.getKey() * 17 + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "PrssKeys[n=" + n + " t=" + t + " self=" + self + " keys=" + keys.size() + " (hidden)]";
  }
}
