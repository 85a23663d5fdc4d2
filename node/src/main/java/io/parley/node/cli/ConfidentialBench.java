package io.parley.node.cli;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import io.parley.genesis.KeyFiles;
import io.parley.node.rpc.client.NettyClients;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.TransactionReceipt;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.inputs.SecretInputs;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import io.parley.zk.inputs.InputCommittee;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley bench confidential}: starts {@code parley devnet} (4 validators and the MPC
 * members, as processes) in a fresh directory, has {@code --inputs} accounts each submit a secret
 * amount to the bench contract, then measures what a user waits for: the latency from the block of
 * the last input to the result final on-chain (the committee's check of that input, then the
 * computation), over {@code --runs} computations (each run a new account's input, then a start);
 * the throughput with {@code --in-flight} computations started at once; the bytes on-chain per
 * secret input; and the computation's cost as the contract test kit reports it. Figures, never
 * assertions: run it on a quiet machine and note the load.
 */
@Command(
    name = "confidential",
    mixinStandardHelpOptions = true,
    description =
        "Latency and throughput of confidential computations on a devnet with its MPC members.")
final class ConfidentialBench implements Callable<Integer> {
  private static final long CHAIN_ID = 1337;
  private static final int CAPACITY = 256;

  @Option(
      names = "--inputs",
      defaultValue = "100",
      description = "Secret inputs before the first computation (default: ${DEFAULT-VALUE}).")
  int inputs;

  @Option(
      names = "--runs",
      defaultValue = "10",
      description = "Computations timed one at a time (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--in-flight",
      defaultValue = "10",
      description = "Computations started at once for throughput (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--mpc-nodes",
      defaultValue = "4",
      description = "Committee members (4 or 7; default: ${DEFAULT-VALUE}).")
  int members;

  @Option(
      names = "--data-path",
      description = "Where the devnet runs (default: a new temporary directory, removed after).")
  Path dataPath;

  @Override
  public Integer call() throws Exception {
    if (inputs < 1 || inputs + runs > CAPACITY - 1 || runs < 1 || inFlight < 1 || inFlight > 100) {
      throw new CliException(
          "--inputs + --runs must be at most " + (CAPACITY - 1) + ", --in-flight in [1, 100]");
    }
    if (members != 4 && members != 7) {
      throw new CliException("--mpc-nodes must be 4 or 7");
    }
    boolean temporary = dataPath == null;
    Path dir = temporary ? Files.createTempDirectory("parley-bench-confidential") : dataPath;
    int rpcPort = freePort();
    Process devnet =
        ChildNode.start(
            List.of("-Xmx512m"),
            List.of(
                "devnet",
                "--data-path",
                dir.resolve("devnet").toString(),
                "--accounts",
                Integer.toString(inputs + runs),
                "--mpc-nodes",
                Integer.toString(members),
                "--rpc-port",
                Integer.toString(rpcPort),
                "--p2p-port",
                Integer.toString(freePort()),
                "--mpc-port",
                Integer.toString(freePort()),
                "--metrics-enabled",
                "false"),
            dir.resolve("devnet.log"));
    try {
      awaitBanner(devnet, dir.resolve("devnet.log"));
      measure(
          NettyClients.shared()
              .rpcClient(URI.create("http://127.0.0.1:" + rpcPort + "/"), Duration.ofSeconds(30)),
          dir.resolve("devnet").resolve("network").resolve("accounts"));
    } finally {
      devnet.destroy();
      devnet.waitFor();
      if (temporary) {
        DevnetCommand.deleteRecursively(dir);
      }
    }
    return 0;
  }

  private void measure(RpcClient client, Path accountsDir) throws Exception {
    List<KeyPair> accounts = new ArrayList<>();
    for (int k = 0; k < inputs + runs; k++) {
      accounts.add(KeyPair.of(KeyFiles.read(accountsDir.resolve("account-" + k + ".key"))));
    }
    KeyPair owner = accounts.get(0);
    CompiledContract compiled = ContractCompiler.compile(source());
    long[] nonces = new long[accounts.size()];
    SignedTransaction deploy =
        sign(
            owner,
            nonces[0]++,
            Transactions.deploy(compiled.bundle(), Bytes.fromHexString("0xc0"))
                .withGasLimit(30_000_000));
    await(client, send(client, deploy));
    Address contract = Transactions.contractAddress(owner.address(), 0);
    CommitteeView view = CommitteeView.fetch(client, contract);
    InputCommittee committee = view.committee();
    Random random = new Random(1);
    long sum = 0;
    long inputBytes = 0;
    List<SignedTransaction> pending = new ArrayList<>();
    for (int k = 0; k < inputs; k++) {
      long amount = 1 + random.nextInt(1_000_000);
      sum += amount;
      SignedTransaction input = secretInput(accounts.get(k), nonces[k]++, view, amount);
      inputBytes += input.size();
      pending.add(send(client, input));
    }
    for (SignedTransaction t : pending) {
      await(client, t);
    }
    // every input is checked by the committee before a computation reads it
    awaitDone(
        client, pending.stream().map(ConfidentialBench::checkId).toList(), Duration.ofMinutes(5));
    System.out.printf(
        Locale.ROOT,
        "%d secret inputs committed: %d bytes on-chain each (%d members, %s)%n",
        inputs,
        inputBytes / inputs,
        committee.size(),
        committee.format().id());

    List<Long> latencies = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      int k = inputs + r;
      long amount = 1 + random.nextInt(1_000_000);
      sum += amount;
      SignedTransaction lastInput = secretInput(accounts.get(k), nonces[k]++, view, amount);
      TransactionReceipt last = await(client, send(client, lastInput));
      long lastBlockMillis =
          Long.decode(
              client
                  .call(
                      "chain_getBlockByNumber", "0x" + Long.toHexString(last.blockNumber()), false)
                  .get("timestamp")
                  .asText());
      awaitDone(client, List.of(checkId(lastInput)), Duration.ofMinutes(5));
      SignedTransaction start = startTx(owner, nonces[0]++, contract);
      send(client, start);
      String id = Hashing.keccak256(start.hash(), Bytes.of(0, 0)).toHexString();
      awaitDone(client, List.of(id), Duration.ofMinutes(5));
      latencies.add(System.currentTimeMillis() - lastBlockMillis);
      String total =
          client.call("contract_query", contract.toHexString(), "total_of").get("value").asText();
      if (!total.equals(Long.toString(sum))) {
        throw new CliException("run " + r + ": the chain's total " + total + " is not " + sum);
      }
      System.out.printf(
          Locale.ROOT,
          "run %d: %d inputs, last input's block to result final: %d ms%n",
          r + 1,
          k + 1,
          latencies.get(r));
    }
    List<Long> sorted = latencies.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "latency, last input's block to result final (%d runs): p50 %d ms, p90 %d ms, max %d ms%n",
        runs,
        sorted.get((sorted.size() - 1) / 2),
        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1)),
        sorted.get(sorted.size() - 1));

    List<String> ids = new ArrayList<>();
    List<SignedTransaction> starts = new ArrayList<>();
    long begin = System.nanoTime();
    for (int c = 0; c < inFlight; c++) {
      SignedTransaction start = startTx(owner, nonces[0]++, contract);
      starts.add(send(client, start));
      ids.add(Hashing.keccak256(start.hash(), Bytes.of(0, 0)).toHexString());
    }
    awaitDone(client, ids, Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "throughput: %d computations started at once, all final in %.1f s: %.1f computations/min%n",
        inFlight,
        seconds,
        inFlight * 60 / seconds);

    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    Address a = kit.account("a");
    DeployedContract deployed = kit.deploy(compiled, a);
    for (int k = 0; k < inputs; k++) {
      Address from = kit.account("p" + k);
      deployed.submit(from, "amounts", 1L + k);
    }
    deployed.call(a, "total");
    System.out.println(
        "cost of one computation over "
            + inputs
            + " inputs (contract test kit, same engine): "
            + deployed.lastStarted().computation().orElseThrow().report());
  }

  /** The id of the committee's check of a stored input (computations.md section 4). */
  private static String checkId(SignedTransaction input) {
    return io.parley.node.execution.ComputationRegistry.validityId(input.hash()).toHexString();
  }

  private static SourceFile source() throws IOException {
    try (InputStream in =
        ConfidentialBench.class.getResourceAsStream("/io/parley/node/bench/ConfidentialSum.par")) {
      return new SourceFile(
          "ConfidentialSum.par", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** A secret input built and sealed by the SDK, as a wallet would. */
  private static SignedTransaction secretInput(
      KeyPair from, long nonce, CommitteeView view, long amount) {
    return sign(
        from, nonce, SecretInputs.draft(view, "amounts", 0, List.of(BigInteger.valueOf(amount))));
  }

  private static SignedTransaction startTx(KeyPair owner, long nonce, Address contract) {
    return sign(
        owner,
        nonce,
        Transactions.call(contract, "total", Bytes.fromHexString("0xc0")).withGasLimit(5_000_000));
  }

  private static SignedTransaction sign(KeyPair from, long nonce, TransactionTemplate draft) {
    return draft.withChainId(CHAIN_ID).withNonce(nonce).withGasPrice(UInt256.ONE).sign(from);
  }

  private static SignedTransaction send(RpcClient client, SignedTransaction tx)
      throws RpcClientException {
    client.call("tx_send", tx.encoded().toHexString());
    return tx;
  }

  /** The committed receipt (the SDK's wait); a failed transaction ends the bench. */
  private static TransactionReceipt await(RpcClient client, SignedTransaction tx) throws Exception {
    TransactionReceipt r = new ParleyClient(client).awaitReceipt(tx.hash(), Duration.ofSeconds(60));
    if (!r.success()) {
      throw new CliException("transaction failed: " + r.failureReason().orElse(""));
    }
    return r;
  }

  /** Polls (every 20 ms) until every computation is done; a failed one ends the bench. */
  private static void awaitDone(RpcClient client, List<String> ids, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> open = new ArrayList<>(ids);
    while (!open.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new CliException(open.size() + " computations not final within " + limit);
      }
      String id = open.get(0);
      try {
        String status = client.call("zk_getComputation", id).get("status").asText();
        if (status.equals("done")) {
          open.remove(0);
          continue;
        }
        if (status.equals("failed")) {
          throw new CliException("computation " + id + " failed");
        }
      } catch (RpcClientException e) {
        // not started yet (its start transaction is still pending)
      }
      Thread.sleep(20);
    }
  }

  private static void awaitBanner(Process devnet, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      if (!devnet.isAlive()) {
        throw new CliException("the devnet exited during start-up; see " + log);
      }
      if (Files.exists(log) && Files.readString(log).contains("Try:")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new CliException("the devnet did not start within 180 s; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
