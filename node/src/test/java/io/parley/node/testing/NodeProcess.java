package io.parley.node.testing;

import io.parley.node.cli.ParleyCommand;
import io.parley.node.wallet.RpcClient;
import io.parley.node.wallet.RpcClientException;
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

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
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
