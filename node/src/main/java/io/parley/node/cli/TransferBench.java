package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.wallet.RpcClient;
import io.parley.node.wallet.RpcClientException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley bench transfers}: starts one validator as a separate process, sends pre-signed
 * transfers over loopback HTTP (batched JSON-RPC, several connections) and reports transfers/s
 * accepted and committed. Signing happens before the clock starts; the node checks every signature.
 */
@Command(
    name = "transfers",
    mixinStandardHelpOptions = true,
    description = "Single-validator transfer throughput over HTTP.")
final class TransferBench implements Callable<Integer> {
  @Option(
      names = "--accounts",
      defaultValue = "1000",
      description = "Sending accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--transactions",
      defaultValue = "60000",
      description = "Transfers to send (default: ${DEFAULT-VALUE}).")
  int transactions;

  @Option(
      names = "--batch",
      defaultValue = "200",
      description = "tx_send calls per HTTP request (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "Concurrent HTTP connections (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--node-jvm-option",
      description = "Extra JVM option for the node process (repeatable), e.g. a JFR recording.")
  List<String> nodeJvmOptions = new ArrayList<>();

  @Option(
      names = "--work-dir",
      description = "Directory for the node's data (default: a new temporary one).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (accounts < 1 || transactions < accounts || batch < 1 || connections < 1) {
      throw new CliException(
          "need accounts >= 1, transactions >= accounts, batch >= 1, connections >= 1");
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("parley-bench");
    GenesisGenerator.Result network =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                1337,
                1,
                0,
                accounts,
                UInt256.valueOf(1_000_000_000_000_000L),
                System.currentTimeMillis(),
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS),
            dir.resolve("network"));
    int port = freePort();
    Process node = startNode(dir, port);
    try {
      RpcClient client =
          new RpcClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(60));
      awaitReady(client, node);
      System.out.printf("signing %d transfers from %d accounts...%n", transactions, accounts);
      List<SignedTransaction> txs = sign(network.accountKeys());
      run(client, txs);
    } finally {
      node.destroy();
      node.waitFor();
    }
    System.out.println("node log: " + dir.resolve("node.log"));
    return 0;
  }

  private final KeyPair sinkKey = KeyPair.random();
  private final io.parley.base.types.Address sink = sinkKey.address();

  private List<SignedTransaction> sign(List<KeyPair> keys) {
    int perAccount = transactions / keys.size();
    // Round-robin over accounts so nonces arrive in order for each sender.
    return IntStream.range(0, perAccount * keys.size())
        .parallel()
        .mapToObj(
            i -> {
              KeyPair from = keys.get(i % keys.size());
              long nonce = i / keys.size();
              return Transaction.transfer(1337, nonce, sink, UInt256.ONE, UInt256.ONE, 21_000)
                  .sign(from);
            })
        .toList();
  }

  private void run(RpcClient client, List<SignedTransaction> txs) throws Exception {
    long startHeight = Long.decode(client.call("chain_head").get("number").asText());
    ConcurrentLinkedQueue<List<SignedTransaction>> batches = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < txs.size(); i += batch) {
      batches.add(txs.subList(i, Math.min(txs.size(), i + batch)));
    }
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    CommitMonitor monitor = new CommitMonitor(client, sink, start);
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t =
          Thread.ofPlatform()
              .name("bench-sender-" + c)
              .start(
                  () -> {
                    List<SignedTransaction> next;
                    while ((next = batches.poll()) != null) {
                      List<String> methods = Collections.nCopies(next.size(), "tx_send");
                      List<Object[]> params =
                          next.stream()
                              .map(tx -> new Object[] {tx.encoded().toHexString()})
                              .toList();
                      try {
                        for (Object result : client.batch(methods, params)) {
                          if (result instanceof RpcClientException e) {
                            rejected.incrementAndGet();
                            if (firstErrors.size() < 5) {
                              firstErrors.add(e.getMessage());
                            }
                          } else {
                            accepted.incrementAndGet();
                          }
                        }
                      } catch (RpcClientException e) {
                        rejected.addAndGet(next.size());
                        if (firstErrors.size() < 5) {
                          firstErrors.add(e.getMessage());
                        }
                      }
                    }
                  });
      senders.add(t);
    }
    for (Thread t : senders) {
      t.join();
    }
    long submitted = System.nanoTime();
    List<long[]> progress = monitor.join(accepted.get());
    long committed = progress.isEmpty() ? 0 : progress.get(progress.size() - 1)[1];
    long lastCommit = progress.isEmpty() ? submitted : progress.get(progress.size() - 1)[0];
    long height = Long.decode(client.call("chain_head").get("number").asText());
    double submitSeconds = (submitted - start) / 1e9;
    double commitSeconds = (lastCommit - start) / 1e9;
    System.out.printf(
        "sent %d transfers over %d connections in batches of %d%n", txs.size(), connections, batch);
    System.out.printf(
        "  accepted  %d (%.0f tx/s over %.2f s), rejected %d%n",
        accepted.get(), accepted.get() / submitSeconds, submitSeconds, rejected.get());
    System.out.printf(
        "  committed %d in %d blocks: %.0f tx/s from first send to last commit (%.2f s)%n",
        committed, height - startHeight, committed / commitSeconds, commitSeconds);
    System.out.printf(
        "  steady state (10%% to 90%% of the transfers committed): %.0f tx/s%n",
        steadyRate(progress, committed));
    if (!firstErrors.isEmpty()) {
      System.out.println("  first rejections: " + firstErrors);
    }
  }

  /** Rate between the samples where 10% and 90% of the transfers were committed. */
  private static double steadyRate(List<long[]> progress, long total) {
    long[] from = null;
    long[] to = null;
    for (long[] sample : progress) {
      if (from == null && sample[1] >= total / 10) {
        from = sample;
      }
      if (to == null && sample[1] >= total * 9 / 10) {
        to = sample;
      }
    }
    if (from == null || to == null || to[0] == from[0]) {
      return 0;
    }
    return (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
  }

  /** Polls the sink's balance (each transfer adds 1) to see commits as they happen. */
  private static final class CommitMonitor {
    private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong expected =
        new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    private final Thread thread;

    CommitMonitor(RpcClient client, io.parley.base.types.Address sink, long start) {
      thread =
          Thread.ofPlatform()
              .name("bench-monitor")
              .start(
                  () -> {
                    long deadline = start + Duration.ofMinutes(5).toNanos();
                    long seen = 0;
                    while (seen < expected.get() && System.nanoTime() < deadline) {
                      try {
                        JsonNode account = client.call("state_getAccount", sink.toHexString());
                        long balance = Long.decode(account.get("balance").asText());
                        if (balance > seen) {
                          seen = balance;
                          samples.add(new long[] {System.nanoTime(), balance});
                        }
                        Thread.sleep(20);
                      } catch (RpcClientException | InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    List<long[]> join(long total) throws InterruptedException {
      expected.set(total);
      thread.join();
      return List.copyOf(samples);
    }
  }

  private Process startNode(Path dir, int port) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Dorg.apache.tuweni.crypto.useSodium=false"));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(nodeJvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ParleyCommand.class.getName(),
            "node",
            "--data-path",
            dir.resolve("data").toString(),
            "--genesis-file",
            dir.resolve("network").resolve("genesis.json").toString(),
            "--validator-key-file",
            dir.resolve("network").resolve("validator-0").resolve("key").toString(),
            "--rpc-port",
            Integer.toString(port),
            "--rpc-max-batch-size",
            Integer.toString(Math.max(1000, batch)),
            "--mempool-max-per-sender",
            Integer.toString(Math.max(1024, transactions / accounts + 1)),
            "--mempool-max-nonce-gap",
            Integer.toString(Math.max(1024, transactions / accounts + 1))));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("node.log").toFile())
        .start();
  }

  private static void awaitReady(RpcClient client, Process node) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!node.isAlive()) {
        throw new CliException("the node exited during start-up; see its log");
      }
      try {
        client.call("chain_head");
        return;
      } catch (RpcClientException e) {
        Thread.sleep(100);
      }
    }
    throw new CliException("the node did not answer within 60 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
