package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.crypto.KeyPair;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.lang.SourceFile;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block loads at most {@link CodeLoads#BUDGET} units of contract code, counted the same by every
 * validator whatever its code cache holds (docs/adr/0050-code-loading-priced.md).
 */
class CodeLoadBudgetTest {
  private static final int CONTRACTS = 120;

  @TempDir Path dir;

  /** Every state node written, for a second validator's store. */
  private final java.util.Map<Bytes32, Bytes> nodes = new java.util.HashMap<>();

  @Test
  void theBudgetCountsEachCodeOnceAndIsTheFirstLoadAlwaysFits() {
    Bundle small = bundle(0);
    CodeLoads loads = new CodeLoads();
    long cost = CodeLoads.cost(small);
    assertThat(cost).isGreaterThan(CodeLoads.PER_CONTRACT);
    int fitting = 0;
    while (loads.admit(Bytes32.leftPad(Bytes.ofUnsignedInt(fitting)), small)) {
      fitting++;
    }
    assertThat(fitting).isEqualTo((int) (CodeLoads.BUDGET / cost));
    assertThat(loads.admit(Bytes32.leftPad(Bytes.ofUnsignedInt(0)), small))
        .as("a code already loaded in the block costs nothing more")
        .isTrue();
    assertThat(loads.used()).isEqualTo(fitting * cost);

    CodeLoads fresh = new CodeLoads();
    Bundle huge = new Bundle(small.abiJson(), small.wasm(), hugeCircuits());
    assertThat(CodeLoads.cost(huge)).isGreaterThan(CodeLoads.BUDGET);
    assertThat(fresh.admit(Bytes32.ZERO, huge)).as("the first load of a block").isTrue();
    assertThat(fresh.admit(Bytes32.leftPad(Bytes.of(1)), small)).isFalse();
  }

  @Test
  void aBlockCallingMoreContractsThanItsBudgetLeavesTheRestForTheNextAndAFullOneIsInvalid()
      throws Exception {
    GenesisGenerator.Result net =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                5,
                1,
                0,
                1,
                UInt256.valueOf(10_000_000_000L),
                1_000,
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS),
            dir);
    var genesis = net.genesis();
    KeyPair alice = net.accountKeys().get(0);
    Address proposer = net.validatorKeys().get(0).address();
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    nodes.putAll(genesis.stateNodes());
    BlockHeader head = genesis.block().header();
    long nonce = 0;
    List<Address> contracts = new ArrayList<>();
    // Deploy the contracts over a few blocks (deploys are priced by gas, not by this budget).
    for (int from = 0; from < CONTRACTS; from += 40) {
      List<SignedTransaction> deploys = new ArrayList<>();
      for (int i = from; i < Math.min(CONTRACTS, from + 40); i++) {
        contracts.add(Payloads.contractAddress(alice.address(), nonce));
        deploys.add(
            ContractExecutionTest.tx(
                alice,
                nonce++,
                TransactionKind.DEPLOY,
                Optional.empty(),
                Payloads.deploy(bundle(i).encode(), Bytes.fromHexString("0xc0")),
                4_000_000));
      }
      head = commit(genesis.config(), store, head, deploys, proposer, deploys.size());
    }
    // One call to each, then more calls to the first contract: those cost no more budget.
    List<SignedTransaction> calls = new ArrayList<>();
    for (int i = 0; i < CONTRACTS; i++) {
      calls.add(call(alice, nonce++, contracts.get(i)));
    }
    long perContract = CodeLoads.cost(bundle(1));
    int fitting = (int) (CodeLoads.BUDGET / perContract);
    assertThat(fitting).isLessThan(CONTRACTS);

    BlockExecutor builder = new BlockExecutor(genesis.config(), store);
    AccountTree tree = new AccountTree(store);
    BlockHeader parent = head;
    var built =
        builder.build(
            parent,
            calls,
            parent.timestamp() + 1,
            proposer,
            Bytes.EMPTY,
            a -> tree.get(parent.stateRoot(), a));
    assertThat(built.dropped()).as("left for a later block, not dropped").isEmpty();
    assertThat(built.block().transactions()).hasSize(fitting);
    assertThat(built.result().receipts()).allMatch(r -> r.success());

    // A validator whose cache is cold counts the same and reaches the same state.
    InMemoryNodeStore other = new InMemoryNodeStore();
    other.putAll(nodes);
    ExecutionResult replay =
        new BlockExecutor(genesis.config(), other).execute(parent, built.block());
    assertThat(replay.stateRoot()).isEqualTo(built.block().header().stateRoot());

    // A block that holds one call more than the budget allows is invalid.
    Block over =
        new Block(
            new BlockHeader(
                parent.height() + 1,
                parent.hash(),
                parent.timestamp() + 1,
                proposer,
                Block.transactionsRoot(calls.subList(0, fitting + 1)),
                built.block().header().stateRoot(),
                built.block().header().receiptsRoot(),
                built.block().header().gasUsed(),
                Bytes.EMPTY),
            calls.subList(0, fitting + 1));
    assertThatThrownBy(() -> new BlockExecutor(genesis.config(), other).execute(parent, over))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("code-load budget");

    // The calls left out go in the next block.
    store.putAll(built.result().stateNodes());
    BlockHeader next = built.block().header();
    List<SignedTransaction> rest = calls.subList(fitting, CONTRACTS);
    var second =
        builder.build(
            next,
            rest,
            next.timestamp() + 1,
            proposer,
            Bytes.EMPTY,
            a -> tree.get(next.stateRoot(), a));
    assertThat(second.block().transactions()).hasSize(CONTRACTS - fitting);
  }

  private static SignedTransaction call(KeyPair from, long nonce, Address contract) {
    return ContractExecutionTest.tx(
        from,
        nonce,
        TransactionKind.CALL,
        Optional.of(contract),
        Payloads.call("poke", Bytes.fromHexString("0xc0")),
        200_000);
  }

  private BlockHeader commit(
      io.parley.genesis.GenesisConfig config,
      InMemoryNodeStore store,
      BlockHeader parent,
      List<SignedTransaction> txs,
      Address proposer,
      int expected) {
    AccountTree tree = new AccountTree(store);
    var built =
        new BlockExecutor(config, store)
            .build(
                parent,
                txs,
                parent.timestamp() + 1,
                proposer,
                Bytes.EMPTY,
                a -> tree.get(parent.stateRoot(), a));
    assertThat(built.block().transactions()).hasSize(expected);
    assertThat(built.result().receipts()).allMatch(r -> r.success());
    store.putAll(built.result().stateNodes());
    nodes.putAll(built.result().stateNodes());
    return built.block().header();
  }

  private static Bundle bundle(int i) {
    String source =
        "contract Poke" + i + " { state n: u64; action poke() { n += " + (i + 1) + "; } }";
    try {
      return ContractCompiler.compile(new SourceFile("Poke" + i + ".par", source)).bundle();
    } catch (io.parley.contracts.lang.CompileException e) {
      throw new AssertionError(e);
    }
  }

  private static java.util.SortedMap<String, String> hugeCircuits() {
    java.util.TreeMap<String, String> circuits = new java.util.TreeMap<>();
    circuits.put("big", " ".repeat((int) (CodeLoads.BUDGET * CodeLoads.TEXT_PER_UNIT)));
    return circuits;
  }
}
