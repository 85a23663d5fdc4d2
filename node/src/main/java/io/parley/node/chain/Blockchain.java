package io.parley.node.chain;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.Receipt;
import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.MerkleProof;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.types.Address;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.genesis.Genesis;
import io.parley.genesis.GenesisConfig;
import io.parley.node.execution.BlockExecutor;
import io.parley.node.execution.BuildBudget;
import io.parley.node.execution.ExecutionResult;
import io.parley.node.execution.InvalidBlockException;
import io.parley.node.storage.CachingNodeStore;
import io.parley.node.storage.ChainStore;
import io.parley.node.storage.StorageException;
import io.parley.node.storage.TransactionLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The committed chain: head, blocks, receipts and state, backed by {@link ChainStore}. Commits come
 * from the consensus driver's thread only; reads (RPC, mempool) come from any thread and see the
 * last committed head.
 */
public final class Blockchain {
  private final ChainStore store;
  private final GenesisConfig config;
  private final CachingNodeStore stateNodes;
  private final AccountTree accounts;
  private final BlockExecutor executor;
  private final List<Consumer<CommittedBlock>> listeners = new CopyOnWriteArrayList<>();
  private volatile BlockHeader head;
  private AccountCache accountCache;

  /** A block as committed, with its certificate and execution result. */
  public record CommittedBlock(
      Block block, Optional<CommitCertificate> certificate, ExecutionResult result) {}

  private Blockchain(ChainStore store, GenesisConfig config, int stateCacheEntries) {
    this.store = store;
    this.config = config;
    this.stateNodes = new CachingNodeStore(store.stateNodes(), stateCacheEntries);
    this.accounts = new AccountTree(stateNodes);
    this.executor = new BlockExecutor(config, stateNodes, BuildBudget.DEFAULT);
  }

  /**
   * Opens the chain in {@code store}: writes the genesis block into an empty database, or checks
   * that the stored chain was started from this genesis.
   */
  public static Blockchain open(ChainStore store, Genesis genesis, int stateCacheEntries) {
    Blockchain chain = new Blockchain(store, genesis.config(), stateCacheEntries);
    Optional<Bytes32> storedGenesis = store.genesisHash();
    if (storedGenesis.isEmpty()) {
      store.commit(
          new ChainStore.BlockWrite(
              genesis.block(), Optional.empty(), List.of(), genesis.stateNodes()));
    } else if (!storedGenesis.get().equals(genesis.hash())) {
      throw new StorageException(
          "the data directory holds a chain with genesis "
              + storedGenesis.get()
              + " but the genesis file has hash "
              + genesis.hash()
              + "; use another --data-path or the matching genesis file");
    }
    Bytes32 headHash =
        store.headHash().orElseThrow(() -> new StorageException("database has no head block"));
    chain.head =
        chain
            .blockByHash(headHash)
            .orElseThrow(() -> new StorageException("head block " + headHash + " is missing"))
            .header();
    chain.accountCache =
        new AccountCache(Math.max(1_000, stateCacheEntries / 4), chain.head.height());
    return chain;
  }

  public GenesisConfig config() {
    return config;
  }

  public BlockExecutor executor() {
    return executor;
  }

  /** The state node store (account and contract storage trees, contract code), read-only use. */
  public io.parley.base.trie.NodeStore stateNodes() {
    return stateNodes;
  }

  public BlockHeader head() {
    return head;
  }

  public void onCommit(Consumer<CommittedBlock> listener) {
    listeners.add(listener);
  }

  /**
   * Stores the block and makes it the head. Only the consensus driver calls this. The write is
   * durable against a crash of the process when this returns, against a crash of the machine one
   * write-ahead-log sync later (docs/adr/0049-blocks-synced-behind-the-head.md).
   */
  public void commit(Block block, Optional<CommitCertificate> certificate, ExecutionResult result) {
    if (block.height() != head.height() + 1 || !block.header().parentHash().equals(head.hash())) {
      throw new IllegalStateException(
          "block " + block.height() + " does not extend the head " + head.height());
    }
    store.commit(
        new ChainStore.BlockWrite(block, certificate, result.receipts(), result.stateNodes()));
    stateNodes.putAll(result.stateNodes());
    head = block.header();
    accountCache.advance(block.height(), result.changedAccounts());
    CommittedBlock committed = new CommittedBlock(block, certificate, result);
    for (Consumer<CommittedBlock> listener : listeners) {
      listener.accept(committed);
    }
  }

  /**
   * Re-executes the head block on its parent's state and checks it reproduces the stored state
   * root, receipts and gas (run at start-up, after a crash in particular).
   */
  public void verifyHead() {
    if (head.height() == 0) {
      return;
    }
    Block block = blockByHash(head.hash()).orElseThrow();
    BlockHeader parent =
        blockByHash(head.parentHash())
            .orElseThrow(() -> new StorageException("parent of head missing"))
            .header();
    try {
      executor.execute(parent, block);
    } catch (InvalidBlockException e) {
      throw new StorageException(
          "stored head block " + head.height() + " does not re-execute: " + e.getMessage());
    }
  }

  /** The account at the head (served from a cache kept consistent with commits). */
  public Account account(Address address) {
    BlockHeader at = head;
    return accountCache.get(address, at.height(), a -> accounts.get(at.stateRoot(), a));
  }

  public Account account(Address address, BlockHeader at) {
    return accounts.get(at.stateRoot(), address);
  }

  public MerkleProof proof(Address address, BlockHeader at) {
    return accounts.prove(at.stateRoot(), address);
  }

  /**
   * A proof of the contract storage entry {@code key} (the 32-byte storage key itself, not hashed
   * again) against a contract's {@code storageRoot} (docs/spec/state.md).
   */
  public MerkleProof storageProof(Bytes32 storageRoot, Bytes32 key) {
    return new SparseMerkleTree(stateNodes).prove(storageRoot, key);
  }

  public Optional<Block> blockByHash(Bytes32 hash) {
    return store.block(hash, config.execution().maxTransactionSize());
  }

  public Optional<Block> blockByHeight(long height) {
    if (height < 0 || height > head.height()) {
      return Optional.empty();
    }
    return store.hashAt(height).flatMap(this::blockByHash);
  }

  /** Consensus records an earlier version kept in the database (the vote log keeps them now). */
  public List<Bytes> consensusRecordsAbove(long height) {
    return store.consensusRecordsAbove(height);
  }

  public void pruneConsensusRecords(long height) {
    store.pruneConsensusRecords(height);
  }

  /** Committed blocks {@code from..to} (inclusive) with their certificates, as far as stored. */
  public List<CertifiedBlock> certifiedBlocks(long from, long to) {
    List<CertifiedBlock> out = new ArrayList<>();
    for (long h = Math.max(1, from); h <= Math.min(to, head.height()); h++) {
      Optional<Block> block = blockByHeight(h);
      Optional<CommitCertificate> cert = block.flatMap(b -> certificate(b.hash()));
      if (block.isEmpty() || cert.isEmpty()) {
        break;
      }
      out.add(new CertifiedBlock(block.get(), cert.get()));
    }
    return out;
  }

  public Optional<CommitCertificate> certificate(Bytes32 blockHash) {
    return store.certificate(blockHash);
  }

  public Optional<TransactionLocation> transactionLocation(Bytes32 txHash) {
    return store.transactionLocation(txHash).filter(loc -> loc.height() <= head.height());
  }

  public Optional<Receipt> receipt(TransactionLocation location) {
    List<Receipt> receipts = store.receipts(location.blockHash());
    return location.index() < receipts.size()
        ? Optional.of(receipts.get(location.index()))
        : Optional.empty();
  }
}
