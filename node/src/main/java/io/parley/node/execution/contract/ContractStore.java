package io.parley.node.execution.contract;

import io.parley.base.trie.NodeStore;
import io.parley.base.trie.SparseMerkleTree;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Committed contract data in the state node store: each contract's storage tree (rooted at its
 * account's {@code storageRoot}, docs/spec/state.md) and code bundles, stored content-addressed
 * under their code hash {@code keccak256(bundle)} (a bundle starts with an RLP list prefix, so it
 * never collides with a tree node's preimage).
 */
public final class ContractStore {
  private final NodeStore nodes;
  private final SparseMerkleTree tree;

  public ContractStore(NodeStore nodes) {
    this.nodes = nodes;
    this.tree = new SparseMerkleTree(nodes);
  }

  public SparseMerkleTree tree() {
    return tree;
  }

  public Optional<Bytes> storage(Bytes32 storageRoot, Bytes32 key) {
    return tree.get(storageRoot, key);
  }

  public Optional<Bytes> code(Bytes32 codeHash) {
    return codeHash.isZero() ? Optional.empty() : nodes.get(codeHash);
  }
}
