package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.Receipt;
import io.parley.base.crypto.KeyPair;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.Genesis;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.execution.contract.ContractReader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy and call transactions inside blocks: receipts, fees, rollback, replay by another node. */
class ContractExecutionTest {
  static final Type U256 = new Type.Int(256, false, false);
  static final String SPINNER =
      "contract Spin { state n: u64; action spin() { n += 1; while true { n += 1; } } }";

  @TempDir Path dir;

  static SignedTransaction tx(
      KeyPair from,
      long nonce,
      TransactionKind kind,
      Optional<Address> to,
      Bytes payload,
      long gas) {
    return new Transaction(5, nonce, kind, UInt256.ONE, gas, to, UInt256.ZERO, payload).sign(from);
  }

  @Test
  void contractTransactionsExecuteRollBackPayFeesAndReplayToTheSameRoot() throws Exception {
    GenesisGenerator.Result net =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                5,
                1,
                0,
                2,
                UInt256.valueOf(100_000_000L),
                1_000,
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS),
            dir);
    Genesis genesis = net.genesis();
    KeyPair alice = net.accountKeys().get(0);
    Address bob = net.accountKeys().get(1).address();
    CompiledContract token = ContractCompiler.compile(Path.of("../contracts/examples/Token.par"));
    CompiledContract spin = ContractCompiler.compile(new SourceFile("Spin.par", SPINNER));
    Address tokenAddress = Payloads.contractAddress(alice.address(), 0);
    Address spinAddress = Payloads.contractAddress(alice.address(), 3);
    Bytes init =
        Values.encodeList(
            List.of(new Type.BytesT(), new Type.BytesT(), U256),
            List.of(Bytes.of(1), Bytes.of(2), BigInteger.valueOf(1_000)));
    List<Type> transferTypes = List.of(new Type.AddressT(), U256);
    List<SignedTransaction> txs =
        List.of(
            tx(
                alice,
                0,
                TransactionKind.DEPLOY,
                Optional.empty(),
                Payloads.deploy(token.bundle().encode(), init),
                5_000_000),
            tx(
                alice,
                1,
                TransactionKind.CALL,
                Optional.of(tokenAddress),
                Payloads.call(
                    "transfer",
                    Values.encodeList(transferTypes, List.of(bob, BigInteger.valueOf(300)))),
                200_000),
            tx(
                alice,
                2,
                TransactionKind.CALL,
                Optional.of(tokenAddress),
                Payloads.call(
                    "transfer",
                    Values.encodeList(transferTypes, List.of(bob, BigInteger.valueOf(5_000)))),
                200_000),
            tx(
                alice,
                3,
                TransactionKind.DEPLOY,
                Optional.empty(),
                Payloads.deploy(spin.bundle().encode(), Bytes.fromHexString("0xc0")),
                5_000_000),
            tx(
                alice,
                4,
                TransactionKind.CALL,
                Optional.of(spinAddress),
                Payloads.call("spin", Bytes.fromHexString("0xc0")),
                300_000),
            tx(
                alice,
                5,
                TransactionKind.CALL,
                Optional.of(bob),
                Payloads.call("spin", Bytes.fromHexString("0xc0")),
                100_000));

    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    BlockExecutor proposer = new BlockExecutor(genesis.config(), store);
    Address proposerAddress = net.validatorKeys().get(0).address();
    AccountTree genesisTree = new AccountTree(store);
    var built =
        proposer.build(
            genesis.block().header(),
            txs,
            2_000,
            proposerAddress,
            Bytes.EMPTY,
            a -> genesisTree.get(genesis.block().header().stateRoot(), a));
    assertThat(built.dropped()).isEmpty();
    List<Receipt> receipts = built.result().receipts();
    assertThat(receipts)
        .extracting(Receipt::success)
        .containsExactly(true, true, false, true, false, false);
    assertThat(receipts.get(2).failureReason()).contains("insufficient balance");
    assertThat(receipts.get(4).failureReason()).contains("out of gas");
    assertThat(receipts.get(4).gasUsed()).isEqualTo(300_000);
    assertThat(receipts.get(5).failureReason()).contains("no contract at " + bob);
    assertThat(receipts.get(1).events()).hasSize(1);

    InMemoryNodeStore other = new InMemoryNodeStore();
    other.putAll(genesis.stateNodes());
    ExecutionResult replay =
        new BlockExecutor(genesis.config(), other).execute(genesis.block().header(), built.block());
    assertThat(replay.stateRoot()).isEqualTo(built.block().header().stateRoot());
    assertThat(replay.receipts()).isEqualTo(receipts);

    store.putAll(built.result().stateNodes());
    var root = built.block().header().stateRoot();
    long totalGas = receipts.stream().mapToLong(Receipt::gasUsed).sum();
    UInt256 funds = UInt256.valueOf(100_000_000L);
    assertThat(new AccountTree(store).get(root, alice.address()).balance())
        .isEqualTo(funds.subtract(UInt256.valueOf(totalGas)));
    ContractReader reader = new ContractReader(store, new ContractRuntime());
    var loaded = reader.contract(root, tokenAddress).orElseThrow();
    Bytes who = Values.encodeList(List.of(new Type.AddressT()), List.of(bob));
    CallResult balance =
        reader.query(root, loaded, tokenAddress, Address.ZERO, "balance_of", who, 1, 2_000);
    assertThat(balance.returnValue()).contains(BigInteger.valueOf(300));
    assertThat(new AccountTree(store).get(root, spinAddress).storageRoot().isZero()).isTrue();
  }

  @Test
  void aBundleNestedAsAListIsRefusedAtAdmissionAndFailsPayingIntrinsicGasInABlock()
      throws Exception {
    GenesisGenerator.Result net =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                5,
                1,
                0,
                1,
                UInt256.valueOf(100_000_000L),
                1_000,
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS),
            dir);
    Genesis genesis = net.genesis();
    KeyPair alice = net.accountKeys().get(0);
    Bytes bundle =
        ContractCompiler.compile(Path.of("../contracts/examples/Token.par")).bundle().encode();
    Bytes nested =
        org.apache.tuweni.rlp.RLP.encodeList(
            w -> {
              w.writeRLP(bundle);
              w.writeRLP(Bytes.fromHexString("0xc0"));
            });
    SignedTransaction deploy =
        tx(alice, 0, TransactionKind.DEPLOY, Optional.empty(), nested, 3_000_000);
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    BlockExecutor executor = new BlockExecutor(genesis.config(), store);

    Optional<Rejection> admission = executor.processor().checkAdmission(deploy, 200_000_000L);
    assertThat(admission).map(Rejection::reason).contains(Rejection.Reason.MALFORMED_PAYLOAD);
    assertThat(admission.orElseThrow().message())
        .contains("the bundle is a nested RLP list; it must be one RLP string");

    AccountTree genesisTree = new AccountTree(store);
    var built =
        executor.build(
            genesis.block().header(),
            List.of(deploy),
            2_000,
            net.validatorKeys().get(0).address(),
            Bytes.EMPTY,
            a -> genesisTree.get(genesis.block().header().stateRoot(), a));
    Receipt receipt = built.result().receipts().get(0);
    assertThat(receipt.success()).isFalse();
    assertThat(receipt.failureReason().orElseThrow()).startsWith("malformed deploy payload");
    assertThat(receipt.gasUsed())
        .isEqualTo(ExecutionParameters.DEFAULTS.intrinsicGas(nested.size()));
  }

  /**
   * A genesis that pins rep4 cannot run a division by 3 (rep4 divides by powers of two only): the
   * deployment fails with the reason (paying its gas) instead of leaving a contract whose inputs
   * have no committee.
   */
  @Test
  void aContractThePinnedProtocolCannotRunIsNotDeployed() throws Exception {
    GenesisGenerator.Result net =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                5,
                1,
                4,
                1,
                UInt256.valueOf(100_000_000L),
                1_000,
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS,
                Optional.of("rep4")),
            dir);
    Genesis genesis = net.genesis();
    KeyPair alice = net.accountKeys().get(0);
    Bytes auction =
        ContractCompiler.compile(
                new io.parley.contracts.lang.SourceFile(
                    "Thirds.par",
                    """
                    contract Thirds {
                      state third: u64;
                      secret inputs amounts[4]: u32;
                      init(unused: u64) {}
                      action go() { start split(); }
                      confidential split() -> u32 { return reveal(amounts[0] / 3); }
                      on result split(v: u32) { third = v as u64; }
                    }
                    """))
            .bundle()
            .encode();
    Bytes tips =
        ContractCompiler.compile(Path.of("../contracts/src/test/resources/contracts/Tips.par"))
            .bundle()
            .encode();
    List<SignedTransaction> txs =
        List.of(
            tx(
                alice,
                0,
                TransactionKind.DEPLOY,
                Optional.empty(),
                Payloads.deploy(
                    auction,
                    Values.encodeList(
                        List.of(new Type.Int(64, false, false)), List.of(BigInteger.TEN))),
                5_000_000),
            tx(
                alice,
                1,
                TransactionKind.DEPLOY,
                Optional.empty(),
                Payloads.deploy(tips, Bytes.fromHexString("0xc0")),
                5_000_000));
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(genesis.stateNodes());
    BlockExecutor executor = new BlockExecutor(genesis.config(), store);
    AccountTree genesisTree = new AccountTree(store);
    var built =
        executor.build(
            genesis.block().header(),
            txs,
            2_000,
            net.validatorKeys().get(0).address(),
            Bytes.EMPTY,
            a -> genesisTree.get(genesis.block().header().stateRoot(), a));
    Receipt refused = built.result().receipts().get(0);
    assertThat(refused.success()).isFalse();
    assertThat(refused.failureReason().orElseThrow())
        .startsWith("deployment refused: the MPC committee cannot run this contract")
        .contains("rep4");
    // a contract without confidential functions deploys whatever the committee runs
    assertThat(built.result().receipts().get(1).success()).isTrue();
  }
}
