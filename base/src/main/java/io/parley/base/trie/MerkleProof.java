package io.parley.base.trie;

import io.parley.base.crypto.Hashing;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A sparse Merkle tree proof for {@code key}: the leaf found at the end of the key's path (if any)
 * and the sibling hashes from the root down. It proves inclusion when the leaf's key is {@code
 * key}, and absence when there is no leaf or the leaf holds another key with the same path prefix.
 * Verification is specified in docs/spec/state.md.
 */
public record MerkleProof(
    Bytes32 key, Optional<Bytes32> leafKey, Optional<Bytes> leafValue, List<Bytes32> siblings) {

  public MerkleProof {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(leafKey, "leafKey");
    Objects.requireNonNull(leafValue, "leafValue");
    siblings = List.copyOf(siblings);
    if (leafKey.isPresent() != leafValue.isPresent()) {
      throw new IllegalArgumentException("leaf key and value come together");
    }
  }

  /** The proven value of {@code key}, or empty if the proof shows the key is absent. */
  public Optional<Bytes> value() {
    return leafKey.filter(key::equals).flatMap(k -> leafValue);
  }

  public boolean verify(Bytes32 root) {
    int depth = siblings.size();
    if (depth > SparseMerkleTree.KEY_BITS) {
      return false;
    }
    Bytes32 hash;
    if (leafKey.isPresent()) {
      Bytes32 other = leafKey.get();
      if (!other.equals(key) && commonPrefixBits(other, key) < depth) {
        return false; // that leaf does not lie on this key's path
      }
      hash = TrieNode.leafHash(other, Hashing.keccak256(leafValue.get()));
    } else {
      hash = Bytes32.ZERO;
    }
    for (int i = depth - 1; i >= 0; i--) {
      Bytes32 sibling = siblings.get(i);
      hash =
          TrieNode.bit(key, i) == 0
              ? TrieNode.internalHash(hash, sibling)
              : TrieNode.internalHash(sibling, hash);
    }
    return hash.equals(root);
  }

  private static int commonPrefixBits(Bytes32 a, Bytes32 b) {
    for (int i = 0; i < SparseMerkleTree.KEY_BITS; i++) {
      if (TrieNode.bit(a, i) != TrieNode.bit(b, i)) {
        return i;
      }
    }
    return SparseMerkleTree.KEY_BITS;
  }
}
