package io.parley.base.trie;

import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.EncodingException;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Nodes of the sparse Merkle tree (docs/spec/state.md). Stored encodings: leaf {@code 0x00 || key
 * || value}; internal {@code 0x01 || left || right}. Hashes: empty = 32 zero bytes; leaf =
 * keccak256(0x00 || key || keccak256(value)); internal = keccak256(0x01 || left || right).
 */
sealed interface TrieNode {
  Bytes LEAF_PREFIX = Bytes.of(0x00);
  Bytes INTERNAL_PREFIX = Bytes.of(0x01);

  Bytes32 hash();

  record Empty() implements TrieNode {
    static final Empty INSTANCE = new Empty();

    @Override
    public Bytes32 hash() {
      return Bytes32.ZERO;
    }
  }

  record Leaf(Bytes32 key, Bytes value, Bytes32 hash) implements TrieNode {
    static Leaf of(Bytes32 key, Bytes value) {
      return new Leaf(key, value, leafHash(key, Hashing.keccak256(value)));
    }

    Bytes encode() {
      return Bytes.concatenate(LEAF_PREFIX, key, value);
    }
  }

  record Internal(Bytes32 left, Bytes32 right, Bytes32 hash) implements TrieNode {
    static Internal of(Bytes32 left, Bytes32 right) {
      return new Internal(left, right, internalHash(left, right));
    }

    Bytes encode() {
      return Bytes.concatenate(INTERNAL_PREFIX, left, right);
    }
  }

  /** An unchanged subtree known only by its hash (in-memory only, never stored). */
  record Ref(Bytes32 hash) implements TrieNode {}

  static Bytes32 leafHash(Bytes32 key, Bytes32 valueHash) {
    return Hashing.keccak256(LEAF_PREFIX, key, valueHash);
  }

  static Bytes32 internalHash(Bytes32 left, Bytes32 right) {
    return Hashing.keccak256(INTERNAL_PREFIX, left, right);
  }

  static TrieNode decode(Bytes32 hash, Bytes encoded) {
    if (encoded.size() >= 33 && encoded.get(0) == 0x00) {
      return new Leaf(Bytes32.wrap(encoded.slice(1, 32)), encoded.slice(33), hash);
    }
    if (encoded.size() == 65 && encoded.get(0) == 0x01) {
      return new Internal(
          Bytes32.wrap(encoded.slice(1, 32)), Bytes32.wrap(encoded.slice(33, 32)), hash);
    }
    throw new EncodingException("corrupt state tree node " + hash);
  }

  /** Bit {@code depth} of {@code key}, most significant bit first. */
  static int bit(Bytes32 key, int depth) {
    return (key.get(depth >>> 3) >>> (7 - (depth & 7))) & 1;
  }
}
