package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley bench transfers}: starts a fresh network of {@code --validators} processes on
 * loopback, sends pre-signed transfers over HTTP JSON-RPC (batched, several connections, spread
 * over the validators' endpoints) and reports transfers/s accepted and committed (finalized, for
 * BFT) and commit latency of sampled transfers. {@code --rate} sends at a fixed low rate instead of
 * saturating. Signing happens before the clock starts; the nodes check every signature.
 */
@Command(
    name = "transfers",
    mixinStandardHelpOptions = true,
    description =
        "Transfer throughput and commit latency over HTTP (1 validator or a BFT network).")
final class TransferBench implements Callable<Integer> {
  @Option(
      names = "--validators",
      defaultValue = "1",
      description = "Validator processes (default: ${DEFAULT-VALUE}).")
  int validators;

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
      names = "--rate",
      defaultValue = "0",
      description = "Transfers per second, one per request (0: as fast as possible).")
  int rate;

  @Option(
      names = "--sample-every",
      defaultValue = "50",
      description = "Measure the commit latency of one transfer in N (default: ${DEFAULT-VALUE}).")
  int sampleEvery;

  @Option(
      names = "--node-jvm-option",
      description = "Extra JVM option for the node processes (repeatable), e.g. a JFR recording.")
  List<String> nodeJvmOptions = new ArrayList<>();

  @Option(
      names = "--work-dir",
      description = "Directory for the nodes' data (default: a new temporary one).")
  Path workDir;

  private final Address sink = KeyPair.random().address();

  @Override
  public Integer call() throws Exception {
    if (validators < 1
        || validators > 16
        || accounts < 1
        || transactions < accounts
        || batch < 1
        || connections < 1
        || rate < 0
        || sampleEvery < 1) {
      throw new CliException(
          "need 1 <= validators <= 16, accounts >= 1, transactions >= accounts, batch, connections, sample-every >= 1, rate >= 0");
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("parley-bench");
    int perSender = transactions / accounts + 1;
    try (BenchNetwork network =
        new BenchNetwork(dir, validators, accounts, nodeJvmOptions, Math.max(1024, perSender))) {
      System.out.printf("signing %d transfers from %d accounts...%n", transactions, accounts);
      List<SignedTransaction> txs = sign(network.genesis.accountKeys());
      run(network.clients, txs);
    }
    System.out.println("node logs: " + dir);
    return 0;
  }

  private List<SignedTransaction> sign(List<KeyPair> keys) {
    int perAccount = transactions / keys.size();
    // Round-robin over accounts so nonces arrive in order for each sender.
    return IntStream.range(0, perAccount * keys.size())
        .parallel()
        .mapToObj(
            i ->
                Transaction.transfer(1337, i / keys.size(), sink, UInt256.ONE, UInt256.ONE, 21_000)
                    .sign(keys.get(i % keys.size())))
        .toList();
  }

  private void run(List<RpcClient> clients, List<SignedTransaction> txs) throws Exception {
    long start0 = System.nanoTime();
    BenchEndpoints endpoints = new BenchEndpoints(clients, start0);
    long startHeight = Long.decode(endpoints.call("chain_head").get("number").asText());
    ConcurrentLinkedQueue<List<SignedTransaction>> batches = new ConcurrentLinkedQueue<>();
    int perRequest = rate > 0 ? 1 : batch;
    for (int i = 0; i < txs.size(); i += perRequest) {
      batches.add(txs.subList(i, Math.min(txs.size(), i + perRequest)));
    }
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicInteger sent = new AtomicInteger();
    List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    LatencySampler latency = new LatencySampler();
    long start = System.nanoTime();
    CommitMonitor monitor = new CommitMonitor(start);
    CommitFollower follower =
        new CommitFollower(clients, endpoints, startHeight, List.of(latency, monitor));
    monitor.follow(follower);
    // With a rate, the connections share one schedule: request i goes out at start + i / rate, so
    // one slow answer does not hold the next transfers back.
    AtomicInteger scheduled = new AtomicInteger();
    int threads = connections;
    if (rate > 0) {
      latency.laterFrom(start + (long) (txs.size() / 2.0 / rate * 1e9));
    }
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < threads; c++) {
      int connection = c;
      senders.add(
          Thread.ofPlatform()
              .name("bench-sender-" + c)
              .start(
                  () -> {
                    List<SignedTransaction> next;
                    int request = 0;
                    while ((next = batches.poll()) != null) {
                      if (rate > 0) {
                        pace(start, scheduled.getAndIncrement());
                      }
                      long sentAt = System.nanoTime();
                      // Sampled before the request: its block may arrive before the answer does.
                      for (SignedTransaction tx : next) {
                        if (sent.incrementAndGet() % sampleEvery == 0) {
                          latency.sent(tx.hash().toHexString(), sentAt);
                        }
                      }
                      send(
                          endpoints, connection + request++, next, accepted, rejected, firstErrors);
                    }
                  }));
    }
    for (Thread t : senders) {
      t.join();
    }
    long submitted = System.nanoTime();
    long resent = rebroadcastWhileStalled(endpoints, monitor, txs, accepted.get());
    List<long[]> progress = monitor.join(accepted.get());
    List<Long> latencies = latency.finish(follower);
    follower.close();
    long committed = progress.isEmpty() ? 0 : progress.get(progress.size() - 1)[1];
    long lastCommit = progress.isEmpty() ? submitted : progress.get(progress.size() - 1)[0];
    long height = Long.decode(endpoints.call("chain_head").get("number").asText());
    double submitSeconds = (submitted - start) / 1e9;
    double commitSeconds = (lastCommit - start) / 1e9;
    System.out.printf(
        "%d validator(s); sent %d transfers %s%n",
        clients.size(),
        txs.size(),
        rate > 0
            ? "at " + rate + "/s, one per request, over " + connections + " connections"
            : "over " + connections + " connections in batches of " + batch);
    System.out.printf(
        "  accepted  %d (%.0f tx/s over %.2f s), rejected %d%n",
        accepted.get(), accepted.get() / submitSeconds, submitSeconds, rejected.get());
    System.out.printf(
        "  committed %d in %d blocks: %.0f tx/s from first send to last commit (%.2f s)%n",
        committed, height - startHeight, committed / commitSeconds, commitSeconds);
    System.out.printf(
        "  steady state (10%% to 90%% of the transfers committed): %.0f tx/s%n",
        steadyRate(progress, committed));
    System.out.printf(
        "  longest gap between commits: %.2f s%s%n",
        longestGap(progress, start) / 1e9, gapsOverOneSecond(progress, start));
    System.out.println(
        "  commit latency (send to the block's header over newHeads): "
            + LatencySampler.describe(latencies));
    if (rate > 0) {
      System.out.println(
          "    of the transfers sent in the second half (JVMs warmed up): "
              + LatencySampler.describe(latency.later()));
    }
    if (!endpoints.downReport().isEmpty()) {
      System.out.println(
          "  unreachable: "
              + String.join(", ", endpoints.downReport())
              + "; their transfers went to the others"
              + (resent > 0 ? ", " + resent + " accepted again after a stall (lost with it)" : ""));
    }
    if (!firstErrors.isEmpty()) {
      System.out.println("  first rejections: " + firstErrors);
    }
  }

  /**
   * When commits stop short of what was accepted for 5 s, a validator that accepted transfers went
   * away before they reached a block (a mempool is memory only): sends every transfer again, as a
   * wallet rebroadcasts; copies of known ones are refused (4008), the lost ones are accepted again.
   * Up to 3 times; returns how many were accepted again.
   */
  private long rebroadcastWhileStalled(
      BenchEndpoints endpoints, CommitMonitor monitor, List<SignedTransaction> txs, long accepted)
      throws InterruptedException {
    long again = 0;
    for (int round = 0; round < 3; round++) {
      // wait while commits progress; stop at the target or after 5 s without a new commit
      while (monitor.seen() < accepted
          && monitor.alive()
          && monitor.awaitBeyond(monitor.seen(), Duration.ofSeconds(5))) {}
      if (monitor.seen() >= accepted || !monitor.alive()) {
        return again;
      }
      AtomicLong reaccepted = new AtomicLong();
      for (int i = 0; i < txs.size(); i += batch) {
        send(
            endpoints,
            i / batch,
            txs.subList(i, Math.min(txs.size(), i + batch)),
            reaccepted,
            new AtomicLong(),
            new ArrayList<>());
      }
      System.out.printf(
          "commits stalled at %d of %d accepted: sent every transfer again, %d accepted again%n",
          monitor.seen(), accepted, reaccepted.get());
      again += reaccepted.get();
    }
    return again;
  }

  /** The longest time between two commit samples (from the start to the first, too). */
  private static long longestGap(List<long[]> progress, long start) {
    long longest = 0;
    long previous = start;
    for (long[] sample : progress) {
      longest = Math.max(longest, sample[0] - previous);
      previous = sample[0];
    }
    return longest;
  }

  /** The gaps between commit samples longer than 1 s, each with when it began; or nothing. */
  private static String gapsOverOneSecond(List<long[]> progress, long start) {
    List<String> gaps = new ArrayList<>();
    long previous = start;
    for (long[] sample : progress) {
      if (sample[0] - previous > 1_000_000_000L) {
        gaps.add(
            String.format(
                "%.2f s from %.1f s", (sample[0] - previous) / 1e9, (previous - start) / 1e9));
      }
      previous = sample[0];
    }
    return gaps.isEmpty() ? "" : " (gaps over 1 s: " + String.join(", ", gaps) + ")";
  }

  private void pace(long start, int alreadySent) {
    long due = start + (long) (alreadySent * 1e9 / rate);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void send(
      BenchEndpoints endpoints,
      int preferred,
      List<SignedTransaction> txs,
      AtomicLong accepted,
      AtomicLong rejected,
      List<String> errors) {
    List<String> methods = Collections.nCopies(txs.size(), "tx_send");
    List<Object[]> params =
        txs.stream().map(tx -> new Object[] {tx.encoded().toHexString()}).toList();
    try {
      for (Object result : endpoints.call(preferred, c -> c.batch(methods, params))) {
        if (result instanceof RpcClientException e) {
          rejected.incrementAndGet();
          if (errors.size() < 5) {
            errors.add(e.getMessage());
          }
        } else {
          accepted.incrementAndGet();
        }
      }
    } catch (RpcClientException e) {
      rejected.addAndGet(txs.size());
      if (errors.size() < 5) {
        errors.add(e.getMessage());
      }
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

  /** Counts the committed transfers (every transaction in a block is one) as blocks arrive. */
  private static final class CommitMonitor implements CommitFollower.Listener {
    private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    private final long deadline;
    private CommitFollower follower;
    private long seen;

    CommitMonitor(long start) {
      this.deadline = start + Duration.ofMinutes(5).toNanos();
    }

    void follow(CommitFollower follower) {
      this.follower = follower;
    }

    @Override
    public synchronized void onBlock(long arrivedNanos, JsonNode block) {
      int count = block.get("transactions").size();
      if (count > 0) {
        seen += count;
        samples.add(new long[] {arrivedNanos, seen});
        notifyAll();
      }
    }

    /** Transfers committed so far. */
    synchronized long seen() {
      return seen;
    }

    /** Waits up to {@code timeout} for more than {@code count} commits; false if none came. */
    synchronized boolean awaitBeyond(long count, Duration timeout) throws InterruptedException {
      long until = System.nanoTime() + timeout.toNanos();
      while (seen <= count && alive()) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, Math.min(200, left / 1_000_000)));
      }
      return seen > count;
    }

    boolean alive() {
      return follower.alive() && System.nanoTime() < deadline;
    }

    /** Waits for {@code total} commits (or the deadline); returns (time, committed) samples. */
    synchronized List<long[]> join(long total) throws InterruptedException {
      while (seen < total && alive()) {
        wait(200);
      }
      return List.copyOf(samples);
    }
  }
}
