package io.parley.base.state;

import io.parley.base.crypto.Hashing;
import io.parley.base.trie.MerkleProof;
import io.parley.base.trie.NodeStore;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.types.Address;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The world state: accounts in a sparse Merkle tree keyed by keccak256(address), valued by the
 * account's RLP. An empty account is stored as absence.
 */
public final class AccountTree {
  private final SparseMerkleTree tree;

  public AccountTree(NodeStore store) {
    this.tree = new SparseMerkleTree(store);
  }

  public static Bytes32 key(Address address) {
    return Hashing.keccak256(address.bytes());
  }

  public Account get(Bytes32 root, Address address) {
    return tree.get(root, key(address)).map(Account::decode).orElse(Account.EMPTY);
  }

  /** Writes the given accounts (empty ones are deleted) and returns the new root and nodes. */
  public SparseMerkleTree.Update update(Bytes32 root, Map<Address, Account> accounts) {
    TreeMap<Bytes32, Optional<Bytes>> changes = new TreeMap<>();
    accounts.forEach(
        (address, account) ->
            changes.put(
                key(address),
                account.isEmpty() ? Optional.empty() : Optional.of(account.encode())));
    return tree.update(root, changes);
  }

  public MerkleProof prove(Bytes32 root, Address address) {
    return tree.prove(root, key(address));
  }
}
