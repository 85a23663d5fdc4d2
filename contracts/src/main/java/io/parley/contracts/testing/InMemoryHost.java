package io.parley.contracts.testing;

import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractHost;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * World state in memory for tests: balances, nonces, code hashes and contract storage. {@link
 * #stateRoot()} computes the same roots as the node: each contract's storage tree, then the account
 * tree (docs/spec/state.md).
 */
public final class InMemoryHost implements ContractHost {
  private final Map<Address, TreeMap<Bytes32, Bytes>> storage = new HashMap<>();
  private final Map<Address, UInt256> balances = new HashMap<>();
  private final Map<Address, Long> nonces = new HashMap<>();
  private final Map<Address, Bytes32> codeHashes = new HashMap<>();

  @Override
  public Optional<Bytes> storageGet(Address contract, Bytes32 key) {
    TreeMap<Bytes32, Bytes> s = storage.get(contract);
    return s == null ? Optional.empty() : Optional.ofNullable(s.get(key));
  }

  @Override
  public void storageSet(Address contract, Bytes32 key, Bytes value) {
    TreeMap<Bytes32, Bytes> s = storage.computeIfAbsent(contract, a -> new TreeMap<>());
    if (value.isEmpty()) {
      s.remove(key);
    } else {
      s.put(key, value);
    }
  }

  @Override
  public UInt256 balance(Address account) {
    return balances.getOrDefault(account, UInt256.ZERO);
  }

  @Override
  public void transfer(Address from, Address to, UInt256 amount) {
    UInt256 available = balance(from);
    if (available.compareTo(amount) < 0) {
      throw new IllegalStateException("transfer exceeds balance");
    }
    balances.put(from, available.subtract(amount));
    balances.put(to, balance(to).add(amount));
  }

  public void setBalance(Address account, UInt256 amount) {
    balances.put(account, amount);
  }

  long nextNonce(Address sender) {
    long n = nonces.getOrDefault(sender, 0L);
    nonces.put(sender, n + 1);
    return n;
  }

  void setCode(Address contract, Bytes32 codeHash) {
    codeHashes.put(contract, codeHash);
  }

  /** Number of storage entries of a contract. */
  public int storageSize(Address contract) {
    return storage.getOrDefault(contract, new TreeMap<>()).size();
  }

  /** The state root over all accounts, with each contract's storage root. */
  public Bytes32 stateRoot() {
    InMemoryNodeStore store = new InMemoryNodeStore();
    SparseMerkleTree tree = new SparseMerkleTree(store);
    Map<Address, Account> accounts = new HashMap<>();
    java.util.Set<Address> all = new java.util.HashSet<>(balances.keySet());
    all.addAll(nonces.keySet());
    all.addAll(codeHashes.keySet());
    all.addAll(storage.keySet());
    for (Address a : all) {
      TreeMap<Bytes32, Optional<Bytes>> changes = new TreeMap<>();
      storage.getOrDefault(a, new TreeMap<>()).forEach((k, v) -> changes.put(k, Optional.of(v)));
      SparseMerkleTree.Update update = tree.update(SparseMerkleTree.EMPTY_ROOT, changes);
      store.putAll(update.newNodes());
      accounts.put(
          a,
          new Account(
              nonces.getOrDefault(a, 0L),
              balance(a),
              codeHashes.getOrDefault(a, Bytes32.ZERO),
              update.root()));
    }
    AccountTree accountTree = new AccountTree(store);
    return accountTree.update(SparseMerkleTree.EMPTY_ROOT, accounts).root();
  }
}
