package io.parley.node.execution;

import io.parley.base.state.Account;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.types.Address;
import io.parley.node.execution.contract.ContractStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Contract storage and code changed during one block, on top of the committed {@link
 * ContractStore}; part of {@link StateOverlay}, with the same transaction checkpoints. At the end
 * of the block the storage changes become new storage roots of the contracts' accounts.
 */
final class ContractStateOverlay {
  private final ContractStore store;
  private final Map<Address, TreeMap<Bytes32, Optional<Bytes>>> storage = new HashMap<>();
  private final Map<Bytes32, Bytes> codes = new HashMap<>();
  private List<Runnable> undo;

  ContractStateOverlay(ContractStore store) {
    this.store = store;
  }

  Optional<Bytes> storage(Address contract, Bytes32 storageRoot, Bytes32 key) {
    TreeMap<Bytes32, Optional<Bytes>> pending = storage.get(contract);
    if (pending != null && pending.containsKey(key)) {
      return pending.get(key);
    }
    return store.storage(storageRoot, key);
  }

  void setStorage(Address contract, Bytes32 key, Bytes value) {
    TreeMap<Bytes32, Optional<Bytes>> pending =
        storage.computeIfAbsent(contract, a -> new TreeMap<>());
    if (undo != null) {
      boolean had = pending.containsKey(key);
      Optional<Bytes> previous = pending.get(key);
      undo.add(
          () -> {
            if (had) {
              pending.put(key, previous);
            } else {
              pending.remove(key);
            }
          });
    }
    pending.put(key, value.isEmpty() ? Optional.empty() : Optional.of(value));
  }

  Optional<Bytes> code(Bytes32 codeHash) {
    Bytes pending = codes.get(codeHash);
    return pending != null ? Optional.of(pending) : store.code(codeHash);
  }

  void putCode(Bytes32 codeHash, Bytes bundle) {
    if (codes.containsKey(codeHash) || store.code(codeHash).isPresent()) {
      return;
    }
    if (undo != null) {
      undo.add(() -> codes.remove(codeHash));
    }
    codes.put(codeHash, bundle);
  }

  void begin() {
    undo = new ArrayList<>();
  }

  void commit() {
    undo = null;
  }

  void rollback() {
    for (int i = undo.size() - 1; i >= 0; i--) {
      undo.get(i).run();
    }
    undo = null;
  }

  /**
   * Writes each changed contract's new storage root into its account and returns the new tree nodes
   * and code bundles to store.
   */
  Map<Bytes32, Bytes> fold(Function<Address, Account> get, BiConsumer<Address, Account> put) {
    Map<Bytes32, Bytes> nodes = new HashMap<>(codes);
    SparseMerkleTree tree = store.tree();
    storage.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (e.getValue().isEmpty()) {
                return;
              }
              Account account = get.apply(e.getKey());
              SparseMerkleTree.Update update = tree.update(account.storageRoot(), e.getValue());
              nodes.putAll(update.newNodes());
              put.accept(e.getKey(), account.withStorageRoot(update.root()));
            });
    return nodes;
  }
}
