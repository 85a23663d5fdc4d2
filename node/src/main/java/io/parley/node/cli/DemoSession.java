package io.parley.node.cli;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.examples.Examples;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import io.parley.genesis.KeyFiles;
import io.parley.node.rpc.client.NettyClients;
import io.parley.sdk.AttestedResult;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.TransactionReceipt;
import io.parley.sdk.contract.ContractClient;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.inputs.SecretInputs;
import io.parley.sdk.outputs.PrivateOutputClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import io.parley.sdk.verify.VerificationException;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * What every demo does as its parties' wallets would, through the SDK: connects to the devnet (or
 * starts one), gives each party a new account funded by the dev account, sends each party's
 * transactions signed with its own key, and waits for computations' results with their attestation
 * verified. Prints one progress line per step, with the time since the start.
 */
final class DemoSession implements AutoCloseable {
  static final Bytes32 COMPUTATION_STARTED =
      Hashing.keccak256(Bytes.wrap("ComputationStarted(bytes32)".getBytes()));
  static final Bytes32 INPUT_SUBMITTED =
      Hashing.keccak256(Bytes.wrap("InputSubmitted(bytes,u32,bytes32)".getBytes()));
  private static final UInt256 FUNDING = Amounts.ONE_PAR;
  private static final long CALL_GAS = 5_000_000;

  final ParleyClient client;
  final PrintStream out;
  final Duration timeout;
  private final KeyPair faucet;
  private final Process devnet;
  private final long started = System.nanoTime();
  private final Map<Address, Long> nonces = new HashMap<>();
  private final UInt256 gasPrice;

  private DemoSession(
      ParleyClient client, PrintStream out, Duration timeout, KeyPair faucet, Process devnet)
      throws RpcClientException {
    this.client = client;
    this.out = out;
    this.timeout = timeout;
    this.faucet = faucet;
    this.devnet = devnet;
    this.gasPrice = UInt256.fromHexString(client.parameters().get("gasPrice").asText());
  }

  /** A demo's steps. */
  interface Steps {
    void run(DemoSession session) throws Exception;
  }

  /**
   * Opens a session, runs {@code steps} and closes it; what the node refuses, or a result that does
   * not verify, ends the demo with the message (exit code 1), never a stack trace.
   */
  static void run(DemoOptions options, Steps steps) throws Exception {
    try (DemoSession s = open(options, System.out)) {
      steps.run(s);
    } catch (RpcClientException e) {
      throw new CliException(
          (e.code() == 0 ? "" : "the node refused (" + e.code() + "): ") + e.getMessage());
    } catch (VerificationException e) {
      throw new CliException("the result does not verify: " + e.getMessage());
    }
  }

  /** Connects to the node at {@code --rpc}, or starts a devnet in {@code --data-path}. */
  static DemoSession open(DemoOptions options, PrintStream out) throws Exception {
    if (options.keyFile != null && !Files.exists(options.keyFile)) {
      throw new CliException("no key file " + options.keyFile + ": pass a funded account's key");
    }
    if (options.timeoutSeconds < 1 || options.timeoutSeconds > 86_400) {
      throw new CliException("--timeout-seconds must be 1..86400");
    }
    ParleyClient client = new ParleyClient(options.rpc.client());
    Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
    Process devnet = null;
    if (!answers(client)) {
      devnet = startDevnet(options, out);
      awaitDevnet(client, devnet, options.dataPath.resolve("demo-devnet.log"));
    }
    Path keyFile = options.faucetKey();
    if (!Files.exists(keyFile)) {
      throw new CliException(
          "no key file "
              + keyFile
              + ": pass --key-file with a funded account, or --data-path with the devnet's"
              + " directory");
    }
    KeyPair faucet;
    try {
      faucet = KeyPair.of(KeyFiles.read(keyFile));
    } catch (RuntimeException e) {
      throw new CliException("cannot read the key file " + keyFile + ": " + e.getMessage());
    }
    DemoSession s = new DemoSession(client, out, timeout, faucet, devnet);
    s.step("connected to %s: chain %d, block %d", options.rpc.url(), client.chainId(), s.head());
    return s;
  }

  private static boolean answers(ParleyClient client) {
    try {
      client.chainId();
      return true;
    } catch (RpcClientException e) {
      if (e.code() != 0) {
        throw new CliException("the node at --rpc answered with an error: " + e.getMessage());
      }
      return false;
    }
  }

  private static Process startDevnet(DemoOptions options, PrintStream out) throws IOException {
    URI uri = URI.create(options.rpc.url());
    if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
      throw new CliException("no node answers at " + options.rpc.url());
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    Path log = options.dataPath.resolve("demo-devnet.log");
    out.printf(
        "no node answers at %s: starting a devnet in %s (its output: %s); it stops when the demo"
            + " ends%n",
        options.rpc.url(), options.dataPath, log);
    return ChildNode.start(
        List.of(),
        List.of(
            "devnet",
            "--data-path",
            options.dataPath.toString(),
            "--rpc-port",
            Integer.toString(port)),
        log);
  }

  private static void awaitDevnet(ParleyClient client, Process devnet, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (System.nanoTime() < deadline) {
      if (!devnet.isAlive()) {
        throw new CliException("the devnet exited during start-up; see " + log);
      }
      if (Files.exists(log) && Files.readString(log).contains("Try:") && answers(client)) {
        return;
      }
      devnet.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    devnet.destroy();
    throw new CliException("the devnet did not start within 300 s; see " + log);
  }

  /** Prints a progress line: the seconds since the start, then the text. */
  void step(String format, Object... args) {
    out.printf(
        Locale.ROOT,
        "[%6.1f s] %s%n",
        (System.nanoTime() - started) / 1e9,
        String.format(Locale.ROOT, format, args));
  }

  /** A continuation line under the last step. */
  void detail(String format, Object... args) {
    out.printf(Locale.ROOT, "           %s%n", String.format(Locale.ROOT, format, args));
  }

  long head() throws RpcClientException {
    return Long.decode(
        client.rpc().call("chain_getBlockByNumber", "latest").get("number").asText());
  }

  /** {@code n} new accounts; fund them with {@link #fund} before they send anything. */
  static List<KeyPair> accounts(int n) {
    List<KeyPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(KeyPair.random());
    }
    return out;
  }

  /** The dev account sends 1 PAR to each of {@code parties}; returns the last block. */
  long fund(List<KeyPair> parties) throws Exception {
    List<KeyPair> from = new ArrayList<>();
    List<TransactionTemplate> drafts = new ArrayList<>();
    for (KeyPair p : parties) {
      from.add(faucet);
      drafts.add(Transactions.transfer(p.address(), FUNDING));
      nonces.putIfAbsent(p.address(), 0L); // a new account: its first nonce is 0
    }
    return last(awaitAll(sendAll(from, drafts)));
  }

  /** Signs {@code draft} with {@code from}'s next nonce and sends it. */
  SentTransaction send(KeyPair from, TransactionTemplate draft) throws RpcClientException {
    long nonce = nonces.getOrDefault(from.address(), -1L);
    if (nonce < 0) {
      nonce = client.account(from.address()).pendingNonce();
    }
    nonces.put(from.address(), nonce + 1);
    TransactionTemplate t =
        draft.withChainId(client.chainId()).withNonce(nonce).withGasPrice(gasPrice);
    if (t.gasLimit().isEmpty()) {
      t = t.withGasLimit(CALL_GAS);
    }
    // through ParleyClient.send, which also gives a deploy's contract address
    return client.send(t.sign(from));
  }

  /**
   * Signs {@code drafts[i]} with {@code from[i]} (nonces in order per sender), the signing (and a
   * secret input's sealing) in parallel, and sends them in JSON-RPC batches of 100.
   */
  List<SentTransaction> sendAll(List<KeyPair> from, List<TransactionTemplate> drafts)
      throws RpcClientException {
    List<TransactionTemplate> complete = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      Address a = from.get(i).address();
      long nonce = nonces.getOrDefault(a, -1L);
      if (nonce < 0) {
        nonce = client.account(a).pendingNonce();
      }
      nonces.put(a, nonce + 1);
      TransactionTemplate t =
          drafts.get(i).withChainId(client.chainId()).withNonce(nonce).withGasPrice(gasPrice);
      complete.add(t.gasLimit().isEmpty() ? t.withGasLimit(CALL_GAS) : t);
    }
    List<SignedTransaction> signed =
        java.util.stream.IntStream.range(0, complete.size())
            .parallel()
            .mapToObj(i -> complete.get(i).sign(from.get(i)))
            .toList();
    List<SentTransaction> sent = new ArrayList<>();
    for (int i = 0; i < signed.size(); i += 100) {
      List<SignedTransaction> chunk = signed.subList(i, Math.min(signed.size(), i + 100));
      List<Object> answers =
          client
              .rpc()
              .batch(
                  java.util.Collections.nCopies(chunk.size(), "tx_send"),
                  chunk.stream().map(t -> new Object[] {t.encoded().toHexString()}).toList());
      for (int k = 0; k < chunk.size(); k++) {
        if (answers.get(k) instanceof RpcClientException e) {
          throw e;
        }
        SignedTransaction t = chunk.get(k);
        sent.add(
            new SentTransaction(t.hash(), t.transaction().nonce(), t, java.util.Optional.empty()));
      }
    }
    return sent;
  }

  TransactionReceipt await(SentTransaction tx) throws Exception {
    TransactionReceipt r = client.awaitReceipt(tx.hash(), timeout);
    if (!r.success()) {
      throw new CliException(
          "transaction " + tx.hash() + " failed: " + r.failureReason().orElse("(no reason)"));
    }
    return r;
  }

  List<TransactionReceipt> awaitAll(List<SentTransaction> sent) throws Exception {
    List<TransactionReceipt> out = new ArrayList<>();
    for (SentTransaction s : sent) {
      out.add(await(s));
    }
    return out;
  }

  static long last(List<TransactionReceipt> receipts) {
    return receipts.stream().mapToLong(TransactionReceipt::blockNumber).max().orElse(0);
  }

  /** Compiles example {@code file} and deploys it from {@code owner} with {@code init}. */
  ContractClient deploy(KeyPair owner, String file, Object... init) throws Exception {
    return deploy(owner, file, Examples.source(file), init);
  }

  /** Compiles {@code source} (named {@code file}) and deploys it from {@code owner}. */
  ContractClient deploy(KeyPair owner, String file, String source, Object... init)
      throws Exception {
    CompiledContract compiled;
    try {
      compiled = ContractCompiler.compile(new SourceFile(file, source));
    } catch (CompileException e) {
      throw new IllegalStateException("example " + file + " does not compile: " + e.getMessage());
    }
    // a bundle larger than one transaction is uploaded in parts first (deploy-in-parts.md)
    io.parley.sdk.contract.DeployInParts.Prepared prepared =
        io.parley.sdk.contract.DeployInParts.prepare(
            client,
            owner,
            compiled.bundle().encode(),
            ContractClient.initArguments(compiled.bundle(), init),
            java.util.Optional.of(gasPrice),
            timeout,
            line -> {});
    if (prepared.parts() > 0) {
      step(
          "%s uploaded in %d parts of at most one transaction each",
          file.replace(".par", ""), prepared.parts());
    }
    nonces.remove(owner.address()); // the parts used nonces: ask the node for the next one
    long deployGas =
        Math.min(blockGasLimit(), 400L * compiled.bundle().encode().size() + 5_000_000);
    SentTransaction sent =
        send(
            owner,
            Transactions.of(
                    io.parley.base.tx.TransactionKind.DEPLOY,
                    java.util.Optional.empty(),
                    UInt256.ZERO,
                    prepared.deployPayload())
                .withGasLimit(deployGas));
    TransactionReceipt r = await(sent);
    Address at = sent.contractAddress().orElseThrow();
    step(
        "%s deployed at %s (block %d, bundle %,d bytes)",
        file.replace(".par", ""), at, r.blockNumber(), compiled.bundle().encode().size());
    return new ContractClient(client, at, compiled.bundle().abi());
  }

  private long blockGasLimit() throws RpcClientException {
    return Long.decode(client.parameters().path("consensus").path("maxBlockGas").asText());
  }

  /** One party's secret input: who sends it, its field values, and how to describe it. */
  record Input(KeyPair party, List<BigInteger> values, String label) {}

  /**
   * Each party seals its input for the committee and sends it from its own account; then the
   * committee checks each against the collection's {@code where} rule, and every check's result is
   * verified by its attestation.
   */
  Submitted submit(ContractClient contract, String collection, List<Input> inputs)
      throws Exception {
    return submit(contract, List.of(new Collected(collection, inputs)));
  }

  /** Inputs to one collection. */
  record Collected(String collection, List<Input> inputs) {}

  /**
   * As {@link #submit(ContractClient, String, List)} for several collections: every input is sent
   * first, then the receipts and the committee's checks are awaited together.
   */
  Submitted submit(ContractClient contract, List<Collected> collections) throws Exception {
    CommitteeView view = client.committee(contract.address());
    List<Input> all = new ArrayList<>();
    List<KeyPair> from = new ArrayList<>();
    List<TransactionTemplate> drafts = new ArrayList<>();
    for (Collected c : collections) {
      for (Input in : c.inputs()) {
        from.add(in.party());
        drafts.add(SecretInputs.draft(view, c.collection(), 0, in.values()));
        all.add(in);
      }
    }
    List<SentTransaction> sent = sendAll(from, drafts);
    List<Bytes32> checks = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      TransactionReceipt r = await(sent.get(i));
      checks.addAll(startedComputations(r));
      indexes.add(inputIndex(r));
      step(
          "%s sealed for %d members (%,d bytes) -> block %d",
          all.get(i).label(),
          view.committee().members().size(),
          sent.get(i).transaction().encoded().size(),
          r.blockNumber());
    }
    if (checks.isEmpty()) {
      return new Submitted(head(), indexes);
    }
    List<AttestedResult> results = AttestedResult.awaitAll(client, checks, timeout);
    long accepted =
        results.stream().filter(a -> a.result().equals(List.of(BigInteger.ONE))).count();
    step(
        "the committee checked the %d inputs against the contract's rules on %s: %d accepted,"
            + " each check attested by at least %d members",
        results.size(),
        String.join(", ", collections.stream().map(Collected::collection).toList()),
        accepted,
        minimumSigners(results));
    if (accepted != results.size()) {
      throw new CliException((results.size() - accepted) + " input(s) were rejected");
    }
    return new Submitted(head(), indexes);
  }

  /** After {@link #submit}: the head once all were accepted, and each input's index. */
  record Submitted(long block, List<Integer> indexes) {}

  private static int inputIndex(TransactionReceipt receipt) {
    for (TransactionReceipt.Event e : receipt.events()) {
      if (!e.topics().isEmpty() && e.topics().get(0).equals(INPUT_SUBMITTED)) {
        return RLP.decodeList(
            e.data(),
            r -> {
              r.readValue();
              return r.readInt();
            });
      }
    }
    throw new IllegalStateException("no InputSubmitted event in " + receipt.transactionHash());
  }

  /** The head block's timestamp (ms). */
  long blockTime() throws RpcClientException {
    return Long.decode(
        client.rpc().call("chain_getBlockByNumber", "latest").get("timestamp").asText());
  }

  /** Waits, block by block, until a finalized block's timestamp reaches {@code millis}. */
  void awaitBlockTime(long millis) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SubscriptionClient ws =
            NettyClients.shared()
                .subscriptionClient(
                    SubscriptionClient.webSocketUri(client.rpc().endpoint()),
                    Duration.ofSeconds(10));
        SubscriptionQueue heads = ws.newHeads(SubscriptionClient.DEFAULT_CAPACITY)) {
      while (blockTime() < millis) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new CliException("no block reached time " + millis + " within " + timeout);
        }
        heads.next(Duration.ofNanos(left));
      }
    }
  }

  UInt256 balance(Address a) throws RpcClientException {
    return client.account(a).balance();
  }

  private static int minimumSigners(List<AttestedResult> results) {
    return results.stream().mapToInt(a -> a.signers().size()).min().orElse(0);
  }

  /** The ids of the computations {@code receipt}'s transaction started (ComputationStarted). */
  static List<Bytes32> startedComputations(TransactionReceipt receipt) {
    List<Bytes32> ids = new ArrayList<>();
    for (TransactionReceipt.Event e : receipt.events()) {
      if (!e.topics().isEmpty() && e.topics().get(0).equals(COMPUTATION_STARTED)) {
        ids.add(Bytes32.wrap(RLP.<Bytes>decodeList(e.data(), r -> r.readValue())));
      }
    }
    return ids;
  }

  /**
   * Calls {@code action} (which starts one computation) from {@code who}, then waits for the result
   * and verifies its attestation; prints the timing and the signatures.
   */
  AttestedResult compute(
      ContractClient contract, KeyPair who, String action, long lastInputBlock, Object... arguments)
      throws Exception {
    long asked = System.nanoTime();
    TransactionReceipt r = await(send(who, contract.callDraft(action, arguments)));
    List<Bytes32> ids = startedComputations(r);
    if (ids.isEmpty()) {
      throw new CliException(action + " started no computation (block " + r.blockNumber() + ")");
    }
    step("computation %s started (block %d)", ids.get(0), r.blockNumber());
    AttestedResult result = AttestedResult.await(client, ids.get(0), timeout);
    double seconds = (System.nanoTime() - asked) / 1e9;
    long finalBlock = finalBlock(ids.get(0), r.blockNumber());
    step(
        "result final in block %d, %.1f s after %s was sent (%d blocks after the last input)",
        finalBlock, seconds, action, finalBlock - lastInputBlock);
    CommitteeView view = client.committee(contract.address());
    detail(
        "attestation verified: signatures of members %s over statement %s, checked with the"
            + " committee's keys (%d of %d members; 2t+1 = %d needed)",
        result.signers(),
        shortHex(result.statement().digest()),
        result.signers().size(),
        view.committee().members().size(),
        2 * view.committee().threshold() + 1);
    return result;
  }

  private long finalBlock(Bytes32 id, long from) throws RpcClientException {
    // the computation is done in the block of its deciding vote: the first block it reads done
    long head = head();
    for (long h = from; h <= head; h++) {
      var rec =
          client.rpc().call("zk_getComputation", id.toHexString(), "0x" + Long.toHexString(h));
      if (rec.get("status").asText().equals("done")) {
        return h;
      }
    }
    return head;
  }

  /** {@code recipient} asks for private output {@code name} and opens the members' shares. */
  BigInteger[] receive(KeyPair recipient, Bytes32 computation, String name) throws Exception {
    PrivateOutputClient outputs = new PrivateOutputClient(client);
    SentTransaction asked =
        send(
            recipient,
            Transactions.of(
                io.parley.base.tx.TransactionKind.CALL,
                java.util.Optional.of(PrivateOutputClient.REGISTRY),
                UInt256.ZERO,
                PrivateOutputClient.requestPayload(computation, name, recipient)));
    await(asked);
    return outputs.await(computation, name, recipient, timeout);
  }

  static String shortAddress(Address a) {
    return shortHex(a.bytes());
  }

  static String shortHex(Bytes b) {
    String hex = b.toHexString();
    return hex.substring(0, 8) + "…" + hex.substring(hex.length() - 4);
  }

  /** Fails the demo unless the committee's result equals the reference's. */
  void compare(boolean same, String what) {
    if (!same) {
      throw new CliException("the committee's result differs from the reference: " + what);
    }
    step("the plain Java reference on the same inputs gives the same result: %s", what);
  }

  @Override
  public void close() throws InterruptedException {
    if (devnet != null) {
      step("stopping the devnet this demo started");
      devnet.destroy();
      devnet.waitFor();
    }
  }
}
