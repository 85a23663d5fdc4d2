package io.parley.node.testing;

import io.parley.node.cli.ParleyCommand;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/** A Parley node running as a separate JVM process, as an operator runs it. */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final int rpcPort;
  private final RpcClient client;

  private NodeProcess(Process process, int rpcPort) {
    this.process = process;
    this.rpcPort = rpcPort;
    this.client =
        new RpcClient(URI.create("http://127.0.0.1:" + rpcPort + "/"), Duration.ofSeconds(10));
  }

  /** Starts {@code parley node} for the network's validator and waits until RPC answers. */
  public static NodeProcess start(TestNetwork network, int rpcPort, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
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
            network.dataPath().toString(),
            "--genesis-file",
            network.genesisFile().toString(),
            "--validator-key-file",
            network.validatorKeyFile().toString(),
            "--rpc-port",
            Integer.toString(rpcPort),
            "--metrics-port",
            "0"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    NodeProcess node = new NodeProcess(process, rpcPort);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "node exited with " + process.exitValue() + "; see " + log);
              }
              try {
                node.client.call("chain_head");
                return true;
              } catch (RpcClientException e) {
                return false;
              }
            });
    return node;
  }

  /**
   * Ports go up from a random start in steps of 400, so callers' offsets (up to a few hundred) do
   * not meet.
   */
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
      new java.util.concurrent.atomic.AtomicInteger(new java.util.Random().nextInt(10_000));

  /**
   * A port free now, below the kernel's ephemeral range (32768 and up on Linux): a port from {@code
   * new ServerSocket(0)} lies in that range, and before the child process binds it an outgoing
   * connection (a validator dialling its peers) may take it as its local port, so the child fails
   * to start. Callers add offsets of up to a few hundred to it.
   */
  public static int freePort() throws IOException {
    for (int tries = 0; tries < 2_000; tries++) {
      int port = 20_000 + Math.floorMod(NEXT_PORT.getAndAdd(400), 12_000);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException e) {
        // taken: try the next one
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }

  public RpcClient client() {
    return client;
  }

  public int rpcPort() {
    return rpcPort;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
