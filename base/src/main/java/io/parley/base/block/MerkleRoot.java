package io.parley.base.block;

import io.parley.base.crypto.Hashing;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Root of an ordered list of 32-byte item hashes, in the shape of RFC 6962's Merkle tree hash (the
 * split is at the largest power of two below n, so no item is ever duplicated) with Keccak-256:
 * empty list: 32 zero bytes; leaf: keccak256(0x00 || item); node: keccak256(0x01 || left || right).
 */
public final class MerkleRoot {
  public static final Bytes32 EMPTY = Bytes32.ZERO;
  private static final Bytes LEAF = Bytes.of(0x00);
  private static final Bytes NODE = Bytes.of(0x01);

  private MerkleRoot() {}

  public static Bytes32 of(List<Bytes32> items) {
    if (items.isEmpty()) {
      return EMPTY;
    }
    return hash(items, 0, items.size());
  }

  private static Bytes32 hash(List<Bytes32> items, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return Hashing.keccak256(LEAF, items.get(from));
    }
    int k = Integer.highestOneBit(n - 1);
    return Hashing.keccak256(NODE, hash(items, from, from + k), hash(items, from + k, to));
  }
}
