package io.parley.base.trie;

import io.parley.base.trie.TrieNode.Empty;
import io.parley.base.trie.TrieNode.Internal;
import io.parley.base.trie.TrieNode.Leaf;
import io.parley.base.trie.TrieNode.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A compact sparse Merkle tree over 256-bit keys (docs/adr/0003-state-tree.md, docs/spec/state.md).
 * A subtree holding no key is empty (hash zero), a subtree holding one key is that key's leaf,
 * placed as high as possible; otherwise it is an internal node split on the next key bit. The
 * shape, and so the root, depends only on the set of (key, value) pairs, never on the order of
 * insertion.
 *
 * <p>The tree is persistent: an update never modifies stored nodes; it returns the new root and the
 * nodes to store. Nodes are addressed by hash, so old roots stay readable.
 */
public final class SparseMerkleTree {
  public static final Bytes32 EMPTY_ROOT = Bytes32.ZERO;
  public static final int KEY_BITS = 256;

  private final NodeStore store;

  public SparseMerkleTree(NodeStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The new root and the encodings of the nodes it introduced, keyed by node hash. */
  public record Update(Bytes32 root, Map<Bytes32, Bytes> newNodes) {}

  public Optional<Bytes> get(Bytes32 root, Bytes32 key) {
    TrieNode node = load(root);
    int depth = 0;
    while (true) {
      switch (node) {
        case Empty e -> {
          return Optional.empty();
        }
        case Leaf leaf -> {
          return leaf.key().equals(key) ? Optional.of(leaf.value()) : Optional.empty();
        }
        case Internal in -> {
          node = load(TrieNode.bit(key, depth) == 0 ? in.left() : in.right());
          depth++;
        }
        case Ref ref -> node = load(ref.hash());
      }
    }
  }

  /**
   * Applies a batch of changes: a present value sets the key, an empty one deletes it. Each touched
   * path is rehashed once, however many keys share it.
   */
  public Update update(Bytes32 root, NavigableMap<Bytes32, Optional<Bytes>> changes) {
    List<Map.Entry<Bytes32, Optional<Bytes>>> sorted = new ArrayList<>(changes.entrySet());
    Map<Bytes32, Bytes> written = new HashMap<>();
    TrieNode result = apply(new Ref(root), 0, sorted, 0, sorted.size(), written);
    return new Update(result.hash(), written);
  }

  private TrieNode apply(
      TrieNode node,
      int depth,
      List<Map.Entry<Bytes32, Optional<Bytes>>> changes,
      int from,
      int to,
      Map<Bytes32, Bytes> written) {
    if (from == to) {
      return node;
    }
    TrieNode resolved = node instanceof Ref ref ? load(ref.hash()) : node;
    return switch (resolved) {
      case Empty e -> build(depth, effectiveLeaves(changes, from, to, null), written);
      case Leaf leaf -> build(depth, effectiveLeaves(changes, from, to, leaf), written);
      case Internal in -> {
        int mid = firstWithBitSet(changes, from, to, depth);
        TrieNode left = apply(new Ref(in.left()), depth + 1, changes, from, mid, written);
        TrieNode right = apply(new Ref(in.right()), depth + 1, changes, mid, to, written);
        yield combine(left, right, written);
      }
      case Ref ref -> throw new IllegalStateException("unresolved reference " + ref.hash());
    };
  }

  /** The leaves a former empty or leaf subtree holds after the changes, sorted by key. */
  private static List<Leaf> effectiveLeaves(
      List<Map.Entry<Bytes32, Optional<Bytes>>> changes, int from, int to, Leaf existing) {
    List<Leaf> leaves = new ArrayList<>(to - from + 1);
    boolean existingPlaced = existing == null;
    for (int i = from; i < to; i++) {
      Bytes32 key = changes.get(i).getKey();
      if (!existingPlaced) {
        int cmp = existing.key().compareTo(key);
        if (cmp < 0) {
          leaves.add(existing);
          existingPlaced = true;
        } else if (cmp == 0) {
          existingPlaced = true; // overridden or deleted by the change
        }
      }
      changes.get(i).getValue().ifPresent(value -> leaves.add(Leaf.of(key, value)));
    }
    if (!existingPlaced) {
      leaves.add(existing);
    }
    return leaves;
  }

  private TrieNode build(int depth, List<Leaf> leaves, Map<Bytes32, Bytes> written) {
    return buildRange(depth, leaves, 0, leaves.size(), written);
  }

  private TrieNode buildRange(
      int depth, List<Leaf> leaves, int from, int to, Map<Bytes32, Bytes> written) {
    int n = to - from;
    if (n == 0) {
      return Empty.INSTANCE;
    }
    if (n == 1) {
      Leaf leaf = leaves.get(from);
      written.put(leaf.hash(), leaf.encode());
      return leaf;
    }
    if (depth >= KEY_BITS) {
      throw new IllegalStateException("duplicate key in state tree update");
    }
    int mid = from;
    while (mid < to && TrieNode.bit(leaves.get(mid).key(), depth) == 0) {
      mid++;
    }
    TrieNode left = buildRange(depth + 1, leaves, from, mid, written);
    TrieNode right = buildRange(depth + 1, leaves, mid, to, written);
    return combine(left, right, written);
  }

  private TrieNode combine(TrieNode left, TrieNode right, Map<Bytes32, Bytes> written) {
    boolean leftEmpty = left.hash().isZero();
    boolean rightEmpty = right.hash().isZero();
    if (leftEmpty && rightEmpty) {
      return Empty.INSTANCE;
    }
    if (leftEmpty || rightEmpty) {
      TrieNode only = leftEmpty ? right : left;
      TrieNode resolved = only instanceof Ref ref ? load(ref.hash()) : only;
      if (resolved instanceof Leaf) {
        return resolved; // a lone leaf moves up to the highest position
      }
    }
    Internal node = Internal.of(left.hash(), right.hash());
    written.put(node.hash(), node.encode());
    return node;
  }

  private static int firstWithBitSet(
      List<Map.Entry<Bytes32, Optional<Bytes>>> changes, int from, int to, int depth) {
    int i = from;
    while (i < to && TrieNode.bit(changes.get(i).getKey(), depth) == 0) {
      i++;
    }
    return i;
  }

  /** A proof of the value at {@code key}, or of its absence, against {@code root}. */
  public MerkleProof prove(Bytes32 root, Bytes32 key) {
    List<Bytes32> siblings = new ArrayList<>();
    TrieNode node = load(root);
    int depth = 0;
    while (node instanceof Internal in) {
      boolean right = TrieNode.bit(key, depth) == 1;
      siblings.add(right ? in.left() : in.right());
      node = load(right ? in.right() : in.left());
      depth++;
    }
    if (node instanceof Leaf leaf) {
      return new MerkleProof(key, Optional.of(leaf.key()), Optional.of(leaf.value()), siblings);
    }
    return new MerkleProof(key, Optional.empty(), Optional.empty(), siblings);
  }

  private TrieNode load(Bytes32 hash) {
    if (hash.isZero()) {
      return Empty.INSTANCE;
    }
    Bytes encoded =
        store
            .get(hash)
            .orElseThrow(() -> new IllegalStateException("state tree node missing: " + hash));
    return TrieNode.decode(hash, encoded);
  }
}
