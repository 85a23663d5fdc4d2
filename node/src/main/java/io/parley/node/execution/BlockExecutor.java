package io.parley.node.execution;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.Receipt;
import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.NodeStore;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.genesis.GenesisConfig;
import io.parley.node.execution.contract.ContractStore;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;

/**
 * Pure block execution: {@code execute(preState, block) -> (postState, receipts)}. It reads state
 * nodes from a {@link NodeStore} and writes nothing; the caller stores the returned nodes with the
 * block. The same block on the same parent gives the same result on every node.
 */
public final class BlockExecutor {
  private final GenesisConfig config;
  private final AccountTree accounts;
  private final TransactionProcessor processor;
  private final ContractStore contractStore;
  private final BuildBudget buildBudget;

  public BlockExecutor(GenesisConfig config, NodeStore stateNodes) {
    this(config, stateNodes, BuildBudget.UNBOUNDED);
  }

  /**
   * An executor whose {@link #build(BlockHeader, List, long, Address, Bytes, Function)} stops
   * adding transactions at {@code buildBudget}: a validator's ({@link BuildBudget#DEFAULT}).
   */
  public BlockExecutor(GenesisConfig config, NodeStore stateNodes, BuildBudget buildBudget) {
    this.config = config;
    this.buildBudget = buildBudget;
    this.accounts = new AccountTree(stateNodes);
    this.contractStore = new ContractStore(stateNodes);
    this.processor =
        new TransactionProcessor(
            config.chainId(),
            config.execution(),
            config.mpcCommittee(),
            OffChainInputs.WINDOW_INTERVALS * config.consensus().emptyBlockIntervalMillis());
  }

  public TransactionProcessor processor() {
    return processor;
  }

  /** Validates {@code block} against its parent and re-executes it; the header must match. */
  public ExecutionResult execute(BlockHeader parent, Block block) throws InvalidBlockException {
    return execute(parent, block, address -> accounts.get(parent.stateRoot(), address));
  }

  /**
   * As {@link #execute(BlockHeader, Block)}, reading the parent state's accounts through {@code
   * parentAccounts} (which must agree with the parent's state root; a cache of it, typically).
   */
  public ExecutionResult execute(
      BlockHeader parent, Block block, Function<Address, Account> parentAccounts)
      throws InvalidBlockException {
    BlockHeader header = block.header();
    require(
        header.height() == parent.height() + 1,
        "height " + header.height() + " does not follow parent height " + parent.height());
    require(
        header.parentHash().equals(parent.hash()), "parent hash does not match the parent block");
    require(header.timestamp() >= parent.timestamp(), "timestamp is before the parent's");
    require(
        block.transactions().size() <= config.consensus().maxBlockTransactions(),
        "too many transactions");
    require(
        Block.transactionsRoot(block.transactions()).equals(header.transactionsRoot()),
        "transactions root does not match the transactions");
    StateOverlay state =
        new StateOverlay(accounts, parent.stateRoot(), parentAccounts, contractStore);
    var context = new ContractTransactions.BlockContext(header.height(), header.timestamp());
    List<Receipt> receipts = new ArrayList<>(block.transactions().size());
    long gasUsed = 0;
    long gasCommitted = 0;
    for (int i = 0; i < block.transactions().size(); i++) {
      SignedTransaction tx = block.transactions().get(i);
      gasCommitted += tx.transaction().gasLimit();
      require(
          gasCommitted <= config.consensus().maxBlockGas(),
          "transactions' gas limits exceed the block gas limit");
      TransactionOutcome outcome =
          processor.apply(state, tx, header.proposer(), config.consensus().maxBlockGas(), context);
      if (outcome instanceof TransactionOutcome.Rejected rejected) {
        throw new InvalidBlockException(
            "transaction "
                + i
                + " ("
                + tx.hash()
                + ") is not includable: "
                + rejected.rejection().message());
      }
      if (outcome instanceof TransactionOutcome.Deferred deferred) {
        throw new InvalidBlockException(
            "transaction " + i + " (" + tx.hash() + ") does not fit: " + deferred.reason());
      }
      Receipt receipt = ((TransactionOutcome.Executed) outcome).receipt();
      receipts.add(receipt);
      gasUsed += receipt.gasUsed();
    }
    SparseMerkleTree.Update update = state.commit();
    require(
        update.root().equals(header.stateRoot()),
        "state root " + header.stateRoot() + " does not match the executed state " + update.root());
    require(
        Receipt.receiptsRoot(receipts).equals(header.receiptsRoot()),
        "receipts root does not match the executed receipts");
    require(
        gasUsed == header.gasUsed(),
        "gas used " + header.gasUsed() + " does not match the executed " + gasUsed);
    return new ExecutionResult(
        update.root(), receipts, gasUsed, update.newNodes(), state.changed());
  }

  /**
   * Runs {@code tx} as {@code sender}'s in a block on top of {@code at}, for a gas estimate (see
   * {@link TransactionProcessor}); nothing is stored.
   */
  public TransactionOutcome estimate(BlockHeader at, Transaction tx, Address sender) {
    return estimate(at, tx, sender, OptionalLong.empty());
  }

  /**
   * As {@link #estimate(BlockHeader, Transaction, Address)}, its contract code stopped at {@code
   * deadline} (a {@link System#nanoTime} value) with the failure {@code
   * ContractRuntime.DEADLINE_PASSED}.
   */
  public TransactionOutcome estimate(
      BlockHeader at, Transaction tx, Address sender, OptionalLong deadline) {
    StateOverlay state =
        new StateOverlay(
            accounts, at.stateRoot(), a -> accounts.get(at.stateRoot(), a), contractStore);
    return processor.simulate(
        state,
        tx,
        sender,
        config.consensus().maxBlockGas(),
        new ContractTransactions.BlockContext(at.height() + 1, at.timestamp(), deadline));
  }

  /** A block built from candidates, its execution, and the candidates left out and why. */
  public record BuiltBlock(Block block, ExecutionResult result, List<Dropped> dropped) {}

  /** A candidate that could not be included. */
  public record Dropped(SignedTransaction transaction, Rejection rejection) {}

  /**
   * Builds a block on {@code parent} from {@code candidates} in order, skipping those that are not
   * includable, up to the block's transaction and gas limits and this executor's build budget.
   */
  public BuiltBlock build(
      BlockHeader parent,
      List<SignedTransaction> candidates,
      long timestamp,
      Address proposer,
      Bytes consensusData,
      Function<Address, Account> parentAccounts) {
    return build(
        parent, candidates, timestamp, proposer, consensusData, parentAccounts, buildBudget);
  }

  /**
   * As {@link #build(BlockHeader, List, long, Address, Bytes, Function)}, adding no transaction
   * once {@code budget} has passed since the build started (the candidates left are not dropped:
   * they stay for a later block).
   */
  public BuiltBlock build(
      BlockHeader parent,
      List<SignedTransaction> candidates,
      long timestamp,
      Address proposer,
      Bytes consensusData,
      Function<Address, Account> parentAccounts,
      BuildBudget budget) {
    long start = budget.clock().getAsLong();
    StateOverlay state =
        new StateOverlay(accounts, parent.stateRoot(), parentAccounts, contractStore);
    var context =
        new ContractTransactions.BlockContext(
            parent.height() + 1, Math.max(timestamp, parent.timestamp()));
    List<SignedTransaction> included = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    long gasUsed = 0;
    long gasCommitted = 0;
    long maxGas = config.consensus().maxBlockGas();
    // A sender with a transaction left for a later block has all its later ones left too: they
    // would fail their nonce check here and be dropped from the mempool.
    java.util.Set<Address> leftFor = new java.util.HashSet<>();
    for (SignedTransaction tx : candidates) {
      if (included.size() >= config.consensus().maxBlockTransactions()) {
        break;
      }
      if ((!included.isEmpty() || !dropped.isEmpty())
          && budget.clock().getAsLong() - start >= budget.nanos()) {
        break;
      }
      Address sender = tx.sender().orElse(Address.ZERO); // an unsigned one is dropped below
      if (leftFor.contains(sender)) {
        continue;
      }
      if (gasCommitted + tx.transaction().gasLimit() > maxGas) {
        leftFor.add(sender);
        continue;
      }
      TransactionOutcome outcome = processor.apply(state, tx, proposer, maxGas, context);
      switch (outcome) {
        case TransactionOutcome.Deferred deferred -> leftFor.add(sender);
        case TransactionOutcome.Rejected rejected ->
            dropped.add(new Dropped(tx, rejected.rejection()));
        case TransactionOutcome.Executed executed -> {
          included.add(tx);
          receipts.add(executed.receipt());
          gasUsed += executed.receipt().gasUsed();
          gasCommitted += tx.transaction().gasLimit();
        }
      }
    }
    SparseMerkleTree.Update update = state.commit();
    BlockHeader header =
        new BlockHeader(
            parent.height() + 1,
            parent.hash(),
            Math.max(timestamp, parent.timestamp()),
            proposer,
            Block.transactionsRoot(included),
            update.root(),
            Receipt.receiptsRoot(receipts),
            gasUsed,
            consensusData);
    return new BuiltBlock(
        new Block(header, included),
        new ExecutionResult(update.root(), receipts, gasUsed, update.newNodes(), state.changed()),
        dropped);
  }

  private static void require(boolean condition, String message) throws InvalidBlockException {
    if (!condition) {
      throw new InvalidBlockException(message);
    }
  }
}
