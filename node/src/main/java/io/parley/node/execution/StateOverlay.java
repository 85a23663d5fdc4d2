package io.parley.node.execution;

import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.types.Address;
import io.parley.node.execution.contract.ContractStore;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Accounts read from a state root and modified in memory during execution of one block. Nothing is
 * written anywhere until {@link #commit()} computes the new root and the nodes to store.
 * Checkpoints let a failed transaction roll back its effects.
 */
final class StateOverlay {
  private final AccountTree tree;
  private final Bytes32 root;
  private final Function<Address, Account> base;
  private final Map<Address, Account> modified = new HashMap<>();
  private final ContractStateOverlay contracts;
  private Map<Address, Account> checkpoint;

  /**
   * @param base reads the pre-state's accounts; it must agree with the tree at {@code root} (the
   *     node passes its head-state cache when executing on the head)
   * @param contractStore committed contract storage and code
   */
  StateOverlay(
      AccountTree tree,
      Bytes32 root,
      Function<Address, Account> base,
      ContractStore contractStore) {
    this.tree = tree;
    this.root = root;
    this.base = base;
    this.contracts = new ContractStateOverlay(contractStore);
  }

  ContractStateOverlay contracts() {
    return contracts;
  }

  Account get(Address address) {
    Account account = modified.get(address);
    return account != null ? account : base.apply(address);
  }

  void put(Address address, Account account) {
    if (checkpoint != null && !checkpoint.containsKey(address)) {
      checkpoint.put(address, modified.get(address));
    }
    modified.put(address, account);
  }

  /** Starts recording the accounts a transaction changes, so they can be restored. */
  void beginTransaction() {
    checkpoint = new HashMap<>();
    contracts.begin();
  }

  void commitTransaction() {
    checkpoint = null;
    contracts.commit();
  }

  void rollbackTransaction() {
    for (Map.Entry<Address, Account> previous : checkpoint.entrySet()) {
      if (previous.getValue() == null) {
        modified.remove(previous.getKey());
      } else {
        modified.put(previous.getKey(), previous.getValue());
      }
    }
    checkpoint = null;
    contracts.rollback();
  }

  Map<Address, Account> changed() {
    return Map.copyOf(modified);
  }

  /** Folds contract storage into storage roots, then updates the account tree. */
  SparseMerkleTree.Update commit() {
    Map<Bytes32, Bytes> contractNodes = contracts.fold(this::get, modified::put);
    SparseMerkleTree.Update update = tree.update(root, modified);
    if (contractNodes.isEmpty()) {
      return update;
    }
    Map<Bytes32, Bytes> nodes = new HashMap<>(contractNodes);
    nodes.putAll(update.newNodes());
    return new SparseMerkleTree.Update(update.root(), nodes);
  }
}
