package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.Receipt;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.execution.contract.ContractStore;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys in parts (docs/spec/deploy-in-parts.md) executed in blocks: uploads to the code store,
 * the deploy by reference, its gas against a direct deploy, and every refusal with its reason.
 */
class DeployInPartsTest {
  static final ExecutionParameters PARAMS = ExecutionParameters.DEFAULTS;
  static final int MAX_TX = PARAMS.maxTransactionSize();

  /** The arguments of an init without parameters. */
  static final Bytes NO_ARGS = Values.encodeList(List.of(), List.of());

  @TempDir Path dir;

  /** A chain executed in process, one block per call. */
  static final class Chain {
    final InMemoryNodeStore store = new InMemoryNodeStore();
    final BlockExecutor executor;
    final Address proposer;
    final List<KeyPair> keys;
    final long maxBlockGas;
    BlockHeader head;
    ExecutionResult last;

    Chain(Path dir, ConsensusParameters consensus, ExecutionParameters execution) throws Exception {
      GenesisGenerator.Result net =
          GenesisGenerator.generate(
              new GenesisGenerator.Request(
                  5, 1, 0, 2, UInt256.valueOf(1_000_000_000_000_000L), 1_000, consensus, execution),
              dir);
      store.putAll(net.genesis().stateNodes());
      executor = new BlockExecutor(net.genesis().config(), store);
      proposer = net.validatorKeys().get(0).address();
      keys = net.accountKeys();
      head = net.genesis().block().header();
      maxBlockGas = consensus.maxBlockGas();
    }

    Chain(Path dir) throws Exception {
      this(dir, ConsensusParameters.DEFAULTS, PARAMS);
    }

    /**
     * {@code txs} in as few blocks as the builder's limits allow (its time budget may leave some
     * for the next block, as a proposer does), their receipts in order.
     */
    List<Receipt> block(List<SignedTransaction> txs) {
      List<Receipt> receipts = new ArrayList<>();
      List<SignedTransaction> left = txs;
      while (!left.isEmpty()) {
        AccountTree tree = new AccountTree(store);
        Bytes32 root = head.stateRoot();
        var built =
            executor.build(
                head,
                left,
                head.timestamp() + 1_000,
                proposer,
                Bytes.EMPTY,
                a -> tree.get(root, a));
        assertThat(built.dropped()).isEmpty();
        assertThat(built.block().transactions()).isNotEmpty();
        store.putAll(built.result().stateNodes());
        head = built.block().header();
        last = built.result();
        receipts.addAll(built.result().receipts());
        left = left.subList(built.block().transactions().size(), left.size());
      }
      return receipts;
    }

    Receipt one(SignedTransaction tx) {
      return block(List.of(tx)).get(0);
    }

    Account account(Address a) {
      return new AccountTree(store).get(head.stateRoot(), a);
    }

    Optional<Bytes> codeStore(Bytes32 key) {
      return new ContractStore(store).storage(account(DeployParts.CODE_STORE).storageRoot(), key);
    }

    long nonce(KeyPair key) {
      return account(key.address()).nonce();
    }

    SignedTransaction part(KeyPair from, DeployParts.Part part) {
      return part(from, part.encode(), UInt256.ZERO);
    }

    SignedTransaction part(KeyPair from, Bytes payload, UInt256 value) {
      return new Transaction(
              5,
              nonce(from),
              TransactionKind.CALL,
              UInt256.ONE,
              3_000_000,
              Optional.of(DeployParts.CODE_STORE),
              value,
              payload)
          .sign(from);
    }

    /** Parts of one sender, nonces in order, in one block if its build budget allows. */
    List<Receipt> upload(KeyPair from, List<DeployParts.Part> parts) {
      List<SignedTransaction> txs = new ArrayList<>();
      long nonce = nonce(from);
      for (DeployParts.Part p : parts) {
        txs.add(
            new Transaction(
                    5,
                    nonce++,
                    TransactionKind.CALL,
                    UInt256.ONE,
                    PARAMS.intrinsicGas(p.encode().size()) + partGas(p),
                    Optional.of(DeployParts.CODE_STORE),
                    UInt256.ZERO,
                    p.encode())
                .sign(from));
      }
      return block(txs);
    }

    SignedTransaction deploy(KeyPair from, Bytes payload, long gas) {
      return new Transaction(
              5,
              nonce(from),
              TransactionKind.DEPLOY,
              UInt256.ONE,
              gas,
              Optional.empty(),
              UInt256.ZERO,
              payload)
          .sign(from);
    }
  }

  static long partGas(DeployParts.Part p) {
    return DeployParts.PART_GAS
        + io.parley.contracts.runtime.GasSchedule.DEFAULT.storagePerWord()
            * ((p.bytes().size() + 31) / 32);
  }

  static Bytes bundle(String example) throws Exception {
    return ContractCompiler.compile(Path.of("../contracts/examples/" + example + ".par"))
        .bundle()
        .encode();
  }

  @Test
  void aBundleDeploysInTwoPartsCostingWhatADirectDeployCostsLessItsPayloadBytes() throws Exception {
    Chain chain = new Chain(dir.resolve("a"));
    KeyPair alice = chain.keys.get(0);
    // ThreatIntel for 20 indicators each (128 keys): between one and two transactions
    Path source = dir.resolve("ThreatIntel.par");
    java.nio.file.Files.writeString(source, io.parley.contracts.examples.Examples.threatIntel(20));
    Bytes bundle = ContractCompiler.compile(source).bundle().encode();
    List<DeployParts.Part> parts = DeployParts.split(bundle, MAX_TX);
    assertThat(parts).hasSize(2);
    assertThat(Payloads.deploy(bundle, NO_ARGS).size()).isGreaterThan(MAX_TX);

    List<Receipt> uploaded = chain.upload(alice, parts);
    assertThat(uploaded).allMatch(Receipt::success);
    for (int i = 0; i < parts.size(); i++) {
      assertThat(uploaded.get(i).gasUsed())
          .isEqualTo(PARAMS.intrinsicGas(parts.get(i).encode().size()) + partGas(parts.get(i)));
      assertThat(chain.codeStore(DeployParts.partKey(alice.address(), parts.get(0).codeHash(), i)))
          .contains(parts.get(i).bytes());
    }
    assertThat(chain.codeStore(DeployParts.uploadKey(alice.address(), Hashing.keccak256(bundle))))
        .contains(new DeployParts.Upload(2, 2, bundle.size()).encode());

    Bytes reference = DeployParts.referenceDeploy(Hashing.keccak256(bundle), NO_ARGS);
    SignedTransaction deploy = chain.deploy(alice, reference, 60_000_000);
    assertThat(chain.executor.processor().checkAdmission(deploy, chain.maxBlockGas)).isEmpty();
    TransactionOutcome estimate =
        chain.executor.estimate(
            chain.head,
            new Transaction(
                5,
                deploy.transaction().nonce(),
                TransactionKind.DEPLOY,
                UInt256.ZERO,
                60_000_000,
                Optional.empty(),
                UInt256.ZERO,
                reference),
            alice.address());
    Receipt receipt = chain.one(deploy);
    assertThat(receipt.failureReason()).isEmpty();
    assertThat(((TransactionOutcome.Executed) estimate).receipt().gasUsed())
        .isEqualTo(receipt.gasUsed());
    Address contract = Payloads.contractAddress(alice.address(), 2);
    assertThat(chain.account(contract).codeHash()).isEqualTo(Hashing.keccak256(bundle));
    assertThat(chain.account(DeployParts.CODE_STORE).storageRoot().isZero()).isTrue();

    SignedTransaction register =
        new Transaction(
                5,
                3,
                TransactionKind.CALL,
                UInt256.ONE,
                500_000,
                Optional.of(contract),
                UInt256.ZERO,
                Payloads.call(
                    "join",
                    Values.encodeList(
                        List.of(new Type.AddressT()), List.of(chain.keys.get(1).address()))))
            .sign(alice);
    assertThat(chain.one(register).failureReason()).isEmpty();

    // the same bundle deployed directly on a chain that takes it in one transaction
    Chain big =
        new Chain(
            dir.resolve("b"),
            ConsensusParameters.DEFAULTS,
            new ExecutionParameters(UInt256.ONE, 21_000, 16, 4 << 20));
    Bytes direct = Payloads.deploy(bundle, NO_ARGS);
    Receipt directReceipt = big.one(big.deploy(big.keys.get(0), direct, 60_000_000));
    assertThat(directReceipt.failureReason()).isEmpty();
    assertThat(receipt.gasUsed())
        .isEqualTo(directReceipt.gasUsed() - 16L * direct.size() + 16L * reference.size());
    System.out.printf(
        "ThreatIntel (20 each): %d bytes, %d parts, parts gas %d, deploy gas %d%n",
        bundle.size(),
        parts.size(),
        uploaded.stream().mapToLong(Receipt::gasUsed).sum(),
        receipt.gasUsed());
  }

  @Test
  void malformedPartsAreRefusedAtAdmissionAndFailWithTheSameReasonInABlock() throws Exception {
    Chain chain = new Chain(dir);
    KeyPair alice = chain.keys.get(0);
    Bytes32 hash = Hashing.keccak256(Bytes.of(1));
    Bytes max = Bytes.wrap(new byte[DeployParts.maxPartBytes(MAX_TX)]);
    List<Bytes> payloads =
        List.of(
            new DeployParts.Part(hash, 0, 129, Bytes.of(1)).encode(),
            new DeployParts.Part(hash, 0, 0, Bytes.of(1)).encode(),
            new DeployParts.Part(hash, 2, 2, Bytes.of(1)).encode(),
            new DeployParts.Part(hash, 0, 2, Bytes.EMPTY).encode(),
            new DeployParts.Part(hash, 0, 2, Bytes.concatenate(max, Bytes.of(1))).encode(),
            Bytes.fromHexString("0xc0"));
    List<String> reasons =
        List.of(
            "code part: parts is 129, it must be in [1, 128]",
            "code part: parts is 0, it must be in [1, 128]",
            "code part: part 2 is not below parts 2 (parts count from 0)",
            "code part: bytes is empty",
            "code part: bytes has 130049 bytes, more than 130048 (maxTransactionSize - 1024)",
            "malformed code part:");
    for (int i = 0; i < payloads.size(); i++) {
      SignedTransaction tx = chain.part(alice, payloads.get(i), UInt256.ZERO);
      if (tx.size() <= MAX_TX) {
        Optional<Rejection> refused =
            chain.executor.processor().checkAdmission(tx, chain.maxBlockGas);
        assertThat(refused).map(Rejection::reason).contains(Rejection.Reason.MALFORMED_PAYLOAD);
        assertThat(refused.orElseThrow().message()).startsWith(reasons.get(i));
        assertFailsChangingOnlyNonceAndFees(chain, alice, tx, reasons.get(i));
      }
    }
    SignedTransaction valued =
        chain.part(alice, new DeployParts.Part(hash, 0, 1, Bytes.of(1)).encode(), UInt256.ONE);
    assertThat(chain.executor.processor().checkAdmission(valued, chain.maxBlockGas))
        .map(Rejection::message)
        .contains("code part: a part carries no value");
    assertFailsChangingOnlyNonceAndFees(chain, alice, valued, "code part: a part carries no value");
  }

  @Test
  void partsTwiceDisagreeingOrIncompleteAreRefusedWithTheirReason() throws Exception {
    Chain chain = new Chain(dir);
    KeyPair alice = chain.keys.get(0);
    KeyPair bob = chain.keys.get(1);
    Bytes bundle = bundle("Token");
    Bytes32 hash = Hashing.keccak256(bundle);
    int half = bundle.size() / 2;
    DeployParts.Part first = new DeployParts.Part(hash, 0, 2, bundle.slice(0, half));
    DeployParts.Part second =
        new DeployParts.Part(hash, 1, 2, bundle.slice(half, bundle.size() - half));
    assertThat(chain.one(chain.part(alice, first)).success()).isTrue();

    assertFailsChangingOnlyNonceAndFees(
        chain,
        alice,
        chain.part(alice, first),
        "code part: upload " + hash + " already has part 0 of 2");
    assertFailsChangingOnlyNonceAndFees(
        chain,
        alice,
        chain.part(alice, new DeployParts.Part(hash, 2, 3, Bytes.of(1))),
        "code part: upload " + hash + " has 2 parts, this part says 3");
    Bytes tokenInit =
        Values.encodeList(
            List.of(new Type.BytesT(), new Type.BytesT(), new Type.Int(256, false, false)),
            List.of(Bytes.of(1), Bytes.of(2), BigInteger.valueOf(1_000)));
    Bytes reference = DeployParts.referenceDeploy(hash, tokenInit);
    assertThat(
            chain
                .executor
                .processor()
                .checkAdmission(chain.deploy(alice, reference, 30_000_000), chain.maxBlockGas))
        .isEmpty();
    assertFailsChangingOnlyNonceAndFees(
        chain,
        alice,
        chain.deploy(alice, reference, 30_000_000),
        "deploy: upload " + hash + " has 1 of 2 parts");

    assertThat(chain.one(chain.part(alice, second)).success()).isTrue();
    assertFailsChangingOnlyNonceAndFees(
        chain,
        bob,
        chain.deploy(bob, reference, 30_000_000),
        "deploy: no upload " + hash + " from " + bob.address());
    Bytes32 none = Hashing.keccak256(Bytes.of(7));
    assertFailsChangingOnlyNonceAndFees(
        chain,
        alice,
        chain.deploy(
            alice, DeployParts.referenceDeploy(none, Bytes.fromHexString("0xc0")), 30_000_000),
        "deploy: no upload " + none + " from " + alice.address());

    // parts claiming a hash their bytes do not have
    Bytes32 claimed = Hashing.keccak256(Bytes.of(9));
    assertThat(
            chain.upload(
                alice,
                List.of(
                    new DeployParts.Part(claimed, 0, 2, bundle.slice(0, half)),
                    new DeployParts.Part(claimed, 1, 2, bundle.slice(half, bundle.size() - half)))))
        .allMatch(Receipt::success);
    assertFailsChangingOnlyNonceAndFees(
        chain,
        alice,
        chain.deploy(
            alice, DeployParts.referenceDeploy(claimed, Bytes.fromHexString("0xc0")), 30_000_000),
        "deploy: the 2 parts of upload "
            + claimed
            + " ("
            + bundle.size()
            + " bytes) hash to "
            + hash);

    // the real upload still deploys, for its own sender only
    Receipt deployed = chain.one(chain.deploy(alice, reference, 30_000_000));
    assertThat(deployed.failureReason()).isEmpty();
  }

  /**
   * BankFraud (37 KB, vector gates) and ThreatIntel (about 626 KB in parallel loops) deploy with
   * the default limits, ThreatIntel in parts. The same ThreatIntel with plain loops (about 6.8 MB
   * unrolled) uploads in parts, but its deployment charges 1,000,000 gas and 250 per bundle byte,
   * more than the default block gas limit of 200,000,000: the deploy fails out of gas and the parts
   * stay for a chain whose genesis allows it; with maxBlockGas 2,000,000,000 it deploys.
   */
  @Test
  void largeExamplesDeployByPartsWithinTheBlockGasLimitOrSayWhichLimit() throws Exception {
    Chain chain = new Chain(dir.resolve("a"));
    KeyPair alice = chain.keys.get(0);
    Bytes bank = bundle("BankFraud");
    List<DeployParts.Part> bankParts = DeployParts.split(bank, MAX_TX);
    List<Receipt> bankUploads = chain.upload(alice, bankParts);
    assertThat(bankUploads).allMatch(Receipt::success);
    Bytes banks =
        Values.encodeList(
            List.of(new Type.AddressT(), new Type.AddressT()),
            List.of(alice.address(), chain.keys.get(1).address()));
    Receipt bankDeploy =
        chain.one(
            chain.deploy(
                alice,
                DeployParts.referenceDeploy(Hashing.keccak256(bank), banks),
                chain.maxBlockGas));
    assertThat(bankDeploy.failureReason()).isEmpty();
    System.out.printf(
        "BankFraud: %d bytes, %d parts, parts gas %d, deploy gas %d%n",
        bank.size(),
        bankParts.size(),
        bankUploads.stream().mapToLong(Receipt::gasUsed).sum(),
        bankDeploy.gasUsed());

    Bytes vectors = bundle("ThreatIntel");
    List<DeployParts.Part> vectorParts = DeployParts.split(vectors, MAX_TX);
    assertThat(vectorParts.size()).isGreaterThan(1);
    assertThat(chain.upload(alice, vectorParts)).allMatch(Receipt::success);
    Receipt vectorDeploy =
        chain.one(
            chain.deploy(
                alice,
                DeployParts.referenceDeploy(
                    Hashing.keccak256(vectors), Bytes.fromHexString("0xc0")),
                chain.maxBlockGas));
    assertThat(vectorDeploy.failureReason()).isEmpty();
    System.out.printf(
        "ThreatIntel: %d bytes, %d parts, deploy gas %d%n",
        vectors.size(), vectorParts.size(), vectorDeploy.gasUsed());

    Path unrolled = dir.resolve("ThreatIntel.par");
    java.nio.file.Files.writeString(
        unrolled,
        io.parley.contracts.examples.Examples.threatIntel(100).replace("parallel for", "for"));
    Bytes threat = ContractCompiler.compile(unrolled).bundle().encode();
    List<DeployParts.Part> threatParts = DeployParts.split(threat, MAX_TX);
    List<Receipt> threatUploads = chain.upload(alice, threatParts);
    assertThat(threatUploads).allMatch(Receipt::success);
    long uploadGas = threatUploads.stream().mapToLong(Receipt::gasUsed).sum();
    assertThat(uploadGas).isLessThan(chain.maxBlockGas);
    Bytes threatReference =
        DeployParts.referenceDeploy(Hashing.keccak256(threat), Bytes.fromHexString("0xc0"));
    Receipt tooLarge = chain.one(chain.deploy(alice, threatReference, chain.maxBlockGas));
    assertThat(tooLarge.failureReason())
        .contains("out of gas (deployment of " + threat.size() + " bytes)");
    var gas = io.parley.contracts.runtime.GasSchedule.DEFAULT;
    assertThat(gas.deploy() + gas.deployPerByte() * threat.size()).isGreaterThan(chain.maxBlockGas);
    assertThat(chain.account(DeployParts.CODE_STORE).storageRoot().isZero()).isFalse();

    ConsensusParameters d = ConsensusParameters.DEFAULTS;
    Chain raised =
        new Chain(
            dir.resolve("b"),
            new ConsensusParameters(
                d.blockPeriodMillis(),
                d.emptyBlockIntervalMillis(),
                d.roundTimeoutMillis(),
                d.maxBlockTransactions(),
                2_000_000_000L),
            PARAMS);
    KeyPair carol = raised.keys.get(0);
    assertThat(raised.upload(carol, threatParts)).allMatch(Receipt::success);
    Receipt threatDeploy = raised.one(raised.deploy(carol, threatReference, raised.maxBlockGas));
    assertThat(threatDeploy.failureReason()).isEmpty();
    assertThat(raised.account(DeployParts.CODE_STORE).storageRoot().isZero()).isTrue();
    System.out.printf(
        "ThreatIntel unrolled: %d bytes, %d parts, parts gas %d, deploy gas %d (default maxBlockGas"
            + " %d)%n",
        threat.size(), threatParts.size(), uploadGas, threatDeploy.gasUsed(), d.maxBlockGas());
  }

  /**
   * Executes {@code tx} alone in a block: a failed receipt with {@code reason}; only the sender
   * (nonce and fee) and the proposer (fee) change.
   */
  static void assertFailsChangingOnlyNonceAndFees(
      Chain chain, KeyPair sender, SignedTransaction tx, String reason) {
    Account before = chain.account(sender.address());
    Bytes32 codeStoreRoot = chain.account(DeployParts.CODE_STORE).storageRoot();
    Receipt r = chain.one(tx);
    assertThat(r.success()).isFalse();
    assertThat(r.failureReason().orElseThrow()).startsWith(reason);
    assertThat(chain.last.changedAccounts().keySet())
        .isSubsetOf(Set.of(sender.address(), chain.proposer));
    Account after = chain.account(sender.address());
    assertThat(after.nonce()).isEqualTo(before.nonce() + 1);
    assertThat(after.balance()).isEqualTo(before.balance().subtract(UInt256.valueOf(r.gasUsed())));
    assertThat(chain.account(DeployParts.CODE_STORE).storageRoot()).isEqualTo(codeStoreRoot);
    if (tx.transaction().kind() == TransactionKind.DEPLOY) {
      Address address = Payloads.contractAddress(sender.address(), tx.transaction().nonce());
      assertThat(chain.account(address).hasCode()).isFalse();
    }
  }
}
