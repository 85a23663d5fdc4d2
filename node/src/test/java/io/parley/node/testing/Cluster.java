package io.parley.node.testing;

import io.parley.base.crypto.KeyPair;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.cli.ParleyCommand;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.awaitility.Awaitility;

/** N validators as separate processes on loopback, each with its own data directory. */
public final class Cluster implements AutoCloseable {
  private final Path dir;
  private final GenesisGenerator.Result network;
  private final int[] rpcPorts;
  private final int[] p2pPorts;
  private final Process[] processes;
  private final RpcClient[] clients;

  public Cluster(Path dir, int validators, int accounts) throws IOException {
    this.dir = dir;
    this.network =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                TestNetwork.CHAIN_ID,
                validators,
                0,
                accounts,
                UInt256.valueOf(1_000_000_000_000_000L),
                System.currentTimeMillis(),
                new ConsensusParameters(20, 1_000, 1_000, 5_000, 200_000_000L),
                ExecutionParameters.DEFAULTS),
            dir.resolve("network"));
    rpcPorts = new int[validators];
    p2pPorts = new int[validators];
    processes = new Process[validators];
    clients = new RpcClient[validators];
    for (int i = 0; i < validators; i++) {
      rpcPorts[i] = NodeProcess.freePort();
      p2pPorts[i] = NodeProcess.freePort();
      clients[i] =
          new RpcClient(
              URI.create("http://127.0.0.1:" + rpcPorts[i] + "/"), Duration.ofSeconds(10));
    }
  }

  public int size() {
    return processes.length;
  }

  public List<KeyPair> accounts() {
    return network.accountKeys();
  }

  public RpcClient client(int i) {
    return clients[i];
  }

  /** Validator i's {@code --data-path}. */
  public Path dataPath(int i) {
    return dir.resolve("node-" + i);
  }

  public Path log(int i) {
    return dir.resolve("node-" + i + ".log");
  }

  public void startAll() throws IOException {
    for (int i = 0; i < size(); i++) {
      start(i);
    }
    for (int i = 0; i < size(); i++) {
      awaitRpc(i);
    }
  }

  public void start(int i) throws IOException {
    List<String> peers = new ArrayList<>();
    for (int j = 0; j < size(); j++) {
      peers.add(j + "@127.0.0.1:" + p2pPorts[j]);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Dorg.apache.tuweni.crypto.useSodium=false"));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ParleyCommand.class.getName(),
            "node",
            "--data-path",
            dataPath(i).toString(),
            "--genesis-file",
            genesisFile().toString(),
            "--validator-key-file",
            dir.resolve("network").resolve("validator-" + i).resolve("key").toString(),
            "--rpc-port",
            Integer.toString(rpcPorts[i]),
            "--metrics-port",
            "0",
            "--p2p-port",
            Integer.toString(p2pPorts[i]),
            "--peers",
            String.join(",", peers)));
    processes[i] =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile()))
            .start();
  }

  public void awaitRpc(int i) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!processes[i].isAlive()) {
                throw new IllegalStateException("validator " + i + " exited; see " + log(i));
              }
              try {
                clients[i].call("chain_head");
                return true;
              } catch (RpcClientException e) {
                return false;
              }
            });
  }

  /** SIGKILL. */
  public void kill(int i) throws InterruptedException {
    processes[i].destroyForcibly();
    processes[i].waitFor();
  }

  /** SIGTERM, and wait for the node to shut down (it flushes its database on the way). */
  public void stop(int i) throws InterruptedException {
    processes[i].destroy();
    processes[i].waitFor();
  }

  /** Waits for validator i's process to exit by itself and returns its exit code. */
  public int awaitExit(int i, Duration timeout) throws InterruptedException {
    if (!processes[i].waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("validator " + i + " still runs after " + timeout);
    }
    return processes[i].exitValue();
  }

  public Path genesisFile() {
    return dir.resolve("network").resolve("genesis.json");
  }

  /** Validator i's process id (while it runs). */
  public long pid(int i) {
    return processes[i].pid();
  }

  public boolean isAlive(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  /** The head height as validator i reports it, or -1 if it does not answer. */
  public long head(int i) {
    try {
      return Long.decode(clients[i].call("chain_head").get("number").asText());
    } catch (RpcClientException e) {
      return -1;
    }
  }

  public long maxHead() {
    long max = -1;
    for (int i = 0; i < size(); i++) {
      if (isAlive(i)) {
        max = Math.max(max, head(i));
      }
    }
    return max;
  }

  public String blockHash(int i, long height) throws RpcClientException {
    return clients[i]
        .call("chain_getBlockByNumber", "0x" + Long.toHexString(height))
        .get("hash")
        .asText();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p != null) {
        p.waitFor();
      }
    }
  }
}
