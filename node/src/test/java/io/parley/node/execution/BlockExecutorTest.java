package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.crypto.KeyPair;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.Genesis;
import io.parley.genesis.GenesisGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockExecutorTest {
  @TempDir Path dir;

  private GenesisGenerator.Result network() {
    return GenesisGenerator.generate(
        new GenesisGenerator.Request(
            5,
            1,
            0,
            10,
            UInt256.valueOf(10_000_000L),
            1_000,
            ConsensusParameters.DEFAULTS,
            ExecutionParameters.DEFAULTS),
        dir);
  }

  private static BlockExecutor executor(Genesis genesis) {
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    return new BlockExecutor(genesis.config(), store);
  }

  @Test
  void twoNodesExecutingTheSameBlockReachTheSameStateRoot() throws Exception {
    GenesisGenerator.Result net = network();
    Genesis genesis = net.genesis();
    SplittableRandom random = new SplittableRandom(11);
    List<SignedTransaction> txs = new ArrayList<>();
    long[] nonces = new long[net.accountKeys().size()];
    for (int i = 0; i < 200; i++) {
      int from = random.nextInt(nonces.length);
      KeyPair to = net.accountKeys().get(random.nextInt(nonces.length));
      txs.add(
          Transaction.transfer(
                  5,
                  nonces[from]++,
                  to.address(),
                  UInt256.valueOf(random.nextInt(1000)),
                  UInt256.ONE,
                  21_000)
              .sign(net.accountKeys().get(from)));
    }
    BlockExecutor proposer = executor(genesis);
    Address proposerAddress = net.validatorKeys().get(0).address();
    BlockExecutor.BuiltBlock built =
        proposer.build(
            genesis.block().header(),
            txs,
            2_000,
            proposerAddress,
            Bytes.EMPTY,
            a -> accountAt(genesis, a));
    assertThat(built.block().transactions()).hasSize(200);
    assertThat(built.dropped()).isEmpty();

    BlockExecutor other = executor(Genesis.of(genesis.config()));
    ExecutionResult replay = other.execute(genesis.block().header(), built.block());
    assertThat(replay.stateRoot()).isEqualTo(built.block().header().stateRoot());
    assertThat(replay.receipts()).isEqualTo(built.result().receipts());
  }

  @Test
  void theBuilderStopsAddingTransactionsOnceItsTimeBudgetHasPassed() throws Exception {
    GenesisGenerator.Result net = network();
    Genesis genesis = net.genesis();
    KeyPair a = net.accountKeys().get(0);
    List<SignedTransaction> txs = new ArrayList<>();
    for (int nonce = 0; nonce < 5; nonce++) {
      txs.add(
          Transaction.transfer(5, nonce, Address.ZERO, UInt256.ONE, UInt256.ONE, 21_000).sign(a));
    }
    long[] now = {0};
    // every reading of this clock is 60 ms after the one before
    BuildBudget budget = new BuildBudget(100_000_000L, () -> (now[0] += 60_000_000L));
    BlockExecutor.BuiltBlock built =
        executor(genesis)
            .build(
                genesis.block().header(),
                txs,
                2_000,
                Address.ZERO,
                Bytes.EMPTY,
                address -> accountAt(genesis, address),
                budget);
    assertThat(built.block().transactions())
        .as("the first always, the second at 60 ms, none from 120 ms on")
        .containsExactly(txs.get(0), txs.get(1));
    assertThat(built.dropped()).as("the rest wait for a later block").isEmpty();

    ExecutionResult validated = executor(genesis).execute(genesis.block().header(), built.block());
    assertThat(validated.stateRoot()).isEqualTo(built.block().header().stateRoot());

    BuildBudget none = new BuildBudget(0, () -> (now[0] += 60_000_000L));
    assertThat(
            executor(genesis)
                .build(
                    genesis.block().header(),
                    txs,
                    2_000,
                    Address.ZERO,
                    Bytes.EMPTY,
                    address -> accountAt(genesis, address),
                    none)
                .block()
                .transactions())
        .as("even a spent budget lets the first candidate in: every block makes progress")
        .containsExactly(txs.get(0));

    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    BlockExecutor validator = new BlockExecutor(genesis.config(), store, budget);
    assertThat(
            validator
                .build(
                    genesis.block().header(),
                    txs,
                    2_000,
                    Address.ZERO,
                    Bytes.EMPTY,
                    address -> accountAt(genesis, address))
                .block()
                .transactions())
        .as("an executor made with a budget builds with it")
        .hasSizeLessThan(txs.size());
    assertThat(
            executor(genesis)
                .build(
                    genesis.block().header(),
                    txs,
                    2_000,
                    Address.ZERO,
                    Bytes.EMPTY,
                    address -> accountAt(genesis, address))
                .block()
                .transactions())
        .as("one made without (tests, tools) takes every candidate, whatever the clock")
        .containsExactlyElementsOf(txs);
  }

  private static io.parley.base.state.Account accountAt(Genesis genesis, Address address) {
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    return new io.parley.base.state.AccountTree(store)
        .get(genesis.block().header().stateRoot(), address);
  }

  @Test
  void notIncludableTransactionsAreDroppedWhenBuildingAndMakeABlockInvalid() {
    GenesisGenerator.Result net = network();
    Genesis genesis = net.genesis();
    KeyPair a = net.accountKeys().get(0);
    SignedTransaction good =
        Transaction.transfer(5, 0, Address.ZERO, UInt256.ONE, UInt256.ONE, 21_000).sign(a);
    SignedTransaction gap =
        Transaction.transfer(5, 7, Address.ZERO, UInt256.ONE, UInt256.ONE, 21_000).sign(a);
    BlockExecutor executor = executor(genesis);
    BlockHeader parent = genesis.block().header();
    BlockExecutor.BuiltBlock built =
        executor.build(
            parent,
            List.of(good, gap),
            2_000,
            Address.ZERO,
            Bytes.EMPTY,
            address -> accountAt(genesis, address));
    assertThat(built.block().transactions()).containsExactly(good);
    assertThat(built.dropped())
        .extracting(d -> d.rejection().reason())
        .containsExactly(Rejection.Reason.NONCE_TOO_HIGH);

    // A proposer that includes it anyway makes an invalid block.
    BlockHeader h = built.block().header();
    List<SignedTransaction> both = List.of(good, gap);
    Block forged =
        new Block(
            new BlockHeader(
                h.height(),
                h.parentHash(),
                h.timestamp(),
                h.proposer(),
                Block.transactionsRoot(both),
                h.stateRoot(),
                h.receiptsRoot(),
                h.gasUsed(),
                h.consensusData()),
            both);
    assertThatThrownBy(() -> executor.execute(parent, forged))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("not includable");

    // A wrong state root is caught too.
    Block wrongRoot =
        new Block(
            new BlockHeader(
                h.height(),
                h.parentHash(),
                h.timestamp(),
                h.proposer(),
                h.transactionsRoot(),
                Bytes32.ZERO,
                h.receiptsRoot(),
                h.gasUsed(),
                h.consensusData()),
            built.block().transactions());
    assertThatThrownBy(() -> executor.execute(parent, wrongRoot))
        .hasMessageContaining("state root");
  }

  @Test
  void feesGoToTheProposerAndValueToTheRecipient() throws Exception {
    GenesisGenerator.Result net = network();
    Genesis genesis = net.genesis();
    KeyPair a = net.accountKeys().get(0);
    Address bob = KeyPair.random().address();
    Address proposer = KeyPair.random().address();
    SignedTransaction tx =
        Transaction.transfer(5, 0, bob, UInt256.valueOf(500), UInt256.valueOf(2), 30_000).sign(a);
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    BlockExecutor executor = new BlockExecutor(genesis.config(), store);
    BlockExecutor.BuiltBlock built =
        executor.build(
            genesis.block().header(),
            List.of(tx),
            2_000,
            proposer,
            Bytes.EMPTY,
            address -> accountAt(genesis, address));
    store.putAll(built.result().stateNodes());
    var tree = new io.parley.base.state.AccountTree(store);
    Bytes32 root = built.block().header().stateRoot();
    assertThat(tree.get(root, bob).balance()).isEqualTo(UInt256.valueOf(500));
    assertThat(tree.get(root, proposer).balance()).isEqualTo(UInt256.valueOf(42_000));
    assertThat(tree.get(root, a.address()).balance())
        .isEqualTo(UInt256.valueOf(10_000_000L - 500 - 42_000));
    assertThat(tree.get(root, a.address()).nonce()).isEqualTo(1);
    assertThat(built.result().receipts().get(0).gasUsed()).isEqualTo(21_000);
  }
}
