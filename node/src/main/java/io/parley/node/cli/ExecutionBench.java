package io.parley.node.cli;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.Receipt;
import io.parley.base.crypto.KeyPair;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.bench.ExecutionPatterns;
import io.parley.contracts.examples.Examples;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.GasSchedule;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisConfig;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.execution.BlockExecutor;
import io.parley.node.execution.BuildBudget;
import io.parley.node.execution.CodeLoads;
import io.parley.node.execution.ExecutionResult;
import io.parley.node.execution.InvalidBlockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley bench execution}: how long a block full of each of the worst contract patterns
 * takes a validator to execute ({@link ExecutionPatterns}), as gas per second and as milliseconds
 * per block gas limit, and what a deploy of each example contract costs to load (issue 17, ADR
 * 0045). Blocks are built and re-executed by the node's own {@link BlockExecutor} on an in-memory
 * state, each by a fresh executor (no contract cache, as a validator that has not seen the code).
 * {@code ms/block} is the median execution scaled to the block gas limit, {@code fastest} the
 * fastest: on a machine shared with other work the two differ by what the scheduler took away.
 */
@Command(
    name = "execution",
    mixinStandardHelpOptions = true,
    description = "Execution time per block gas limit of the worst contract patterns.")
final class ExecutionBench implements Callable<Integer> {
  @Option(
      names = "--target-ms",
      defaultValue = "400",
      description =
          "Grow a pattern's block until executing it takes at least this long (default:"
              + " ${DEFAULT-VALUE}).")
  long targetMillis;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description =
          "Executions of each measured block; the median counts (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--start-gas",
      defaultValue = "50000",
      description =
          "Gas of the first measured transaction of an endless pattern (default: ${DEFAULT-VALUE}).")
  long startGas;

  @Option(
      names = "--only",
      split = ",",
      description = "Patterns to run (default: all, then the deploys).")
  List<String> only = List.of();

  private static final long CHAIN_ID = 5;

  private GenesisGenerator.Result net;
  private GenesisConfig config;
  private KeyPair sender;
  private InMemoryNodeStore store;
  private BlockHeader head;
  private long nonce;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("parley-bench-execution");
    net =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                CHAIN_ID,
                1,
                0,
                1,
                UInt256.valueOf(10).pow(UInt256.valueOf(30)),
                1_000,
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS),
            dir);
    config = net.genesis().config();
    sender = net.accountKeys().get(0);
    long maxGas = config.consensus().maxBlockGas();
    System.out.printf(
        "block gas limit %,d; %s%nload average at start: %s%n",
        maxGas, new ContractRuntime().gasSchedule(), loadAverage());
    System.out.printf(
        "%-20s %14s %10s %10s %12s %10s  %s%n",
        "pattern", "gas measured", "ms", "Mgas/s", "ms/block", "fastest", "what");
    for (ExecutionPatterns.Pattern p : ExecutionPatterns.all()) {
      if (only.isEmpty() || only.contains(p.name())) {
        measure(p);
      }
    }
    if (only.isEmpty() || only.contains("deploy-part")) {
      parts();
    }
    if (only.isEmpty() || only.contains("deploy")) {
      deploys();
    }
    System.out.printf("load average at end: %s%n", loadAverage());
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    return 0;
  }

  private void measure(ExecutionPatterns.Pattern pattern) throws Exception {
    store = new InMemoryNodeStore();
    store.putAll(net.genesis().stateNodes());
    head = net.genesis().block().header();
    nonce = 0;
    long maxGas = config.consensus().maxBlockGas();
    Address contract = Payloads.contractAddress(sender.address(), nonce);
    commit(
        List.of(
            sign(
                TransactionKind.DEPLOY,
                Optional.empty(),
                Payloads.deploy(pattern.bundle().encode(), Bytes.fromHexString("0xc0")),
                maxGas / 4)));
    if (pattern.name().startsWith("storage-read")) {
      commit(List.of(sign(TransactionKind.CALL, Optional.of(contract), call("fill"), maxGas)));
    }
    long perTransaction = pattern.finite() ? gasOfOneCall(contract) : Math.min(startGas, maxGas);
    int count = 1;
    while (true) {
      Block block = block(contract, perTransaction, count);
      Timing t = time(block);
      boolean full =
          t.gas() >= maxGas - perTransaction || count >= config.consensus().maxBlockTransactions();
      if (t.millis() >= targetMillis || full) {
        report(pattern.name(), pattern.description(), t, failure(t.result()));
        return;
      }
      double scale = Math.min(16, Math.max(2, 1.2 * targetMillis / Math.max(1, t.millis())));
      if (pattern.finite()) {
        count =
            (int)
                Math.min(
                    config.consensus().maxBlockTransactions(),
                    Math.min(maxGas / perTransaction, (long) (count * scale)));
      } else {
        perTransaction = Math.min(maxGas, (long) (perTransaction * scale));
      }
    }
  }

  /** The gas a finite pattern's call uses, with its transaction's intrinsic gas. */
  private long gasOfOneCall(Address contract) throws InvalidBlockException {
    Block probe = block(contract, config.consensus().maxBlockGas(), 1);
    return time(probe).result().receipts().get(0).gasUsed();
  }

  private Block block(Address contract, long gasPerTransaction, int count) {
    List<SignedTransaction> txs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      txs.add(
          new Transaction(
                  CHAIN_ID,
                  nonce + i,
                  TransactionKind.CALL,
                  UInt256.ONE,
                  gasPerTransaction,
                  Optional.of(contract),
                  UInt256.ZERO,
                  call("run"))
              .sign(sender));
    }
    BlockExecutor.BuiltBlock built =
        new BlockExecutor(config, store)
            .build(
                head,
                txs,
                head.timestamp() + 1,
                proposer(),
                Bytes.EMPTY,
                this::account,
                BuildBudget.UNBOUNDED);
    if (built.block().transactions().size() != count) {
      throw new IllegalStateException(
          "the block left out transactions: "
              + built.dropped().stream().map(d -> d.rejection().message()).toList());
    }
    return built.block();
  }

  /** The median and the fastest of the timed executions of one block. */
  private record Timing(double millis, double fastest, long gas, ExecutionResult result) {}

  private Timing time(Block block) throws InvalidBlockException {
    double[] millis = new double[runs];
    ExecutionResult result = new BlockExecutor(config, store).execute(head, block, this::account);
    for (int r = 0; r < runs; r++) {
      BlockExecutor validator = new BlockExecutor(config, store);
      long start = System.nanoTime();
      result = validator.execute(head, block, this::account);
      millis[r] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new Timing(millis[runs / 2], millis[0], result.gasUsed(), result);
  }

  private void commit(List<SignedTransaction> txs) {
    BlockExecutor.BuiltBlock built =
        new BlockExecutor(config, store)
            .build(
                head,
                txs,
                head.timestamp() + 1,
                proposer(),
                Bytes.EMPTY,
                this::account,
                BuildBudget.UNBOUNDED);
    for (Receipt r : built.result().receipts()) {
      if (r.failureReason().isPresent()) {
        throw new IllegalStateException("set-up transaction failed: " + r.failureReason().get());
      }
    }
    if (!built.dropped().isEmpty()) {
      throw new IllegalStateException(
          "set-up transaction left out: " + built.dropped().get(0).rejection().message());
    }
    store.putAll(built.result().stateNodes());
    head = built.block().header();
    nonce += txs.size();
  }

  private io.parley.base.state.Account account(Address a) {
    return new io.parley.base.state.AccountTree(store).get(head.stateRoot(), a);
  }

  private Address proposer() {
    return net.validatorKeys().get(0).address();
  }

  private SignedTransaction sign(
      TransactionKind kind, Optional<Address> to, Bytes payload, long gas) {
    return new Transaction(CHAIN_ID, nonce, kind, UInt256.ONE, gas, to, UInt256.ZERO, payload)
        .sign(sender);
  }

  private static Bytes call(String function) {
    return Payloads.call(function, Bytes.fromHexString("0xc0"));
  }

  private static String failure(ExecutionResult result) {
    return result.receipts().stream()
        .map(r -> r.failureReason().orElse("ok"))
        .distinct()
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  private void report(String name, String description, Timing t, String outcome) {
    long maxGas = config.consensus().maxBlockGas();
    double gasPerSecond = t.gas() / (t.millis() / 1e3);
    System.out.printf(
        "%-20s %,14d %10.1f %10.1f %12.1f %10.1f  %s [%s]%n",
        name,
        t.gas(),
        t.millis(),
        gasPerSecond / 1e6,
        maxGas / gasPerSecond * 1e3,
        maxGas * t.fastest() / t.gas(),
        description,
        outcome);
  }

  /** Blocks of full deploy parts (deploy-in-parts.md): payload-heavy transactions that store. */
  private void parts() throws Exception {
    store = new InMemoryNodeStore();
    store.putAll(net.genesis().stateNodes());
    head = net.genesis().block().header();
    nonce = 0;
    int size = DeployParts.maxPartBytes(config.execution().maxTransactionSize());
    byte[] bytes = new byte[size];
    new java.util.SplittableRandom(17).nextBytes(bytes);
    Bytes32 codeHash = Bytes32.random(new java.security.SecureRandom(new byte[] {17}));
    GasSchedule gas = new ContractRuntime().gasSchedule();
    int count = 1;
    while (true) {
      List<SignedTransaction> txs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Bytes payload =
            new DeployParts.Part(codeHash, i, DeployParts.MAX_PARTS, Bytes.wrap(bytes)).encode();
        long partGas =
            config.execution().intrinsicGas(payload.size())
                + DeployParts.PART_GAS
                + gas.storagePerWord() * ((size + 31) / 32);
        txs.add(
            new Transaction(
                    CHAIN_ID,
                    nonce + i,
                    TransactionKind.CALL,
                    UInt256.ONE,
                    partGas,
                    Optional.of(DeployParts.CODE_STORE),
                    UInt256.ZERO,
                    payload)
                .sign(sender));
      }
      Block block =
          new BlockExecutor(config, store)
              .build(
                  head,
                  txs,
                  head.timestamp() + 1,
                  proposer(),
                  Bytes.EMPTY,
                  this::account,
                  BuildBudget.UNBOUNDED)
              .block();
      Timing t = time(block);
      long perPart = t.gas() / count;
      if (t.millis() >= targetMillis
          || count == DeployParts.MAX_PARTS
          || (count + 1) * perPart > config.consensus().maxBlockGas()) {
        report(
            "deploy-part",
            String.format("upload of a %,d-byte deploy part", size),
            t,
            failure(t.result()));
        return;
      }
      count =
          (int)
              Math.min(
                  DeployParts.MAX_PARTS,
                  Math.min(config.consensus().maxBlockGas() / perPart, count * 4L));
    }
  }

  /** Loading (decode, validate, instantiate) each example's bundle, as its deploy does. */
  private void deploys() throws Exception {
    GasSchedule gas = new ContractRuntime().gasSchedule();
    List<String> files = new ArrayList<>(Examples.APPLICATIONS);
    files.add("Token.par");
    for (String file : files) {
      Bytes bundle =
          ContractCompiler.compile(new SourceFile(file, Examples.source(file))).bundle().encode();
      double[] millis = new double[runs];
      for (int warmUp = 0; warmUp < 5; warmUp++) {
        new ContractRuntime().load(bundle);
      }
      for (int r = 0; r < runs; r++) {
        ContractRuntime fresh = new ContractRuntime();
        long start = System.nanoTime();
        fresh.load(bundle);
        millis[r] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(millis);
      long deployGas =
          gas.deploy() + gas.deployPerByte() * bundle.size() + intrinsic(bundle.size());
      report(
          "deploy " + file.replace(".par", ""),
          String.format(
              "load of a %,d-byte bundle (%,d + %d gas per byte + intrinsic)",
              bundle.size(), gas.deploy(), gas.deployPerByte()),
          new Timing(millis[runs / 2], millis[0], deployGas, null),
          deployGas <= config.consensus().maxBlockGas() ? "fits a block" : "exceeds a block");
      Bytes32 codeHash = io.parley.base.crypto.Hashing.keccak256(bundle);
      for (int r = 0; r < runs; r++) {
        ContractRuntime fresh = new ContractRuntime();
        long start = System.nanoTime();
        fresh.loadDeployed(codeHash, () -> Optional.of(bundle));
        millis[r] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(millis);
      // A block loads this code as many times as its code-load budget allows (distinct contracts
      // of this size, each missing from the cache): the gas column is the block's share per load.
      io.parley.contracts.abi.Bundle decoded = io.parley.contracts.abi.Bundle.decode(bundle);
      int module = decoded.wasm().size();
      long loadsPerBlock = CodeLoads.BUDGET / CodeLoads.cost(decoded);
      coldCalls.add(
          new Timing(
              millis[runs / 2], millis[0], config.consensus().maxBlockGas() / loadsPerBlock, null));
      coldNames.add(file.replace(".par", "") + " (module " + module + " B)");
    }
    for (int i = 0; i < coldCalls.size(); i++) {
      report(
          "cold call " + coldNames.get(i),
          "a cache miss: the deployed code decoded and its module parsed again; ms/block is a"
              + " block spending its code-load budget on such loads",
          coldCalls.get(i),
          "ADR 0050");
    }
  }

  private final List<Timing> coldCalls = new ArrayList<>();
  private final List<String> coldNames = new ArrayList<>();

  /**
   * A deploy transaction's intrinsic gas: its base, and its payload bytes when the bundle fits in
   * it (a larger one is uploaded in parts first, each a transaction of its own).
   */
  private long intrinsic(int bundleBytes) {
    long base = config.execution().transactionBaseGas();
    return bundleBytes + 1_024 <= config.execution().maxTransactionSize()
        ? base + config.execution().payloadByteGas() * (long) bundleBytes
        : base;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
