package io.parley.node.cli;

import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.rpc.client.NettyClients;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;

/** A fresh network of validator processes on loopback for benchmarks. */
final class BenchNetwork implements AutoCloseable {
  final GenesisGenerator.Result genesis;
  final List<RpcClient> clients = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final Path dir;

  BenchNetwork(Path dir, int validators, int accounts, List<String> jvmOptions, int maxPerSender)
      throws Exception {
    this.dir = dir;
    ConsensusParameters consensus =
        validators == 1 ? ConsensusParameters.DEFAULTS : DevnetCommand.BFT_DEVNET;
    genesis =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                1337,
                validators,
                0,
                accounts,
                UInt256.valueOf(1_000_000_000_000_000L),
                System.currentTimeMillis(),
                consensus,
                ExecutionParameters.DEFAULTS),
            dir.resolve("network"));
    List<Integer> rpcPorts = new ArrayList<>();
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      rpcPorts.add(freePort());
      peers.add(i + "@127.0.0.1:" + freePort());
    }
    for (int i = 0; i < validators; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "node",
                  "--data-path",
                  dir.resolve("node-" + i).toString(),
                  "--genesis-file",
                  dir.resolve("network").resolve("genesis.json").toString(),
                  "--validator-key-file",
                  dir.resolve("network").resolve("validator-" + i).resolve("key").toString(),
                  "--rpc-port",
                  Integer.toString(rpcPorts.get(i)),
                  "--metrics-enabled",
                  "false",
                  "--rpc-max-batch-size",
                  "1000",
                  "--mempool-max-per-sender",
                  Integer.toString(maxPerSender),
                  "--mempool-max-nonce-gap",
                  Integer.toString(maxPerSender)));
      if (validators > 1) {
        args.addAll(
            List.of(
                "--p2p-port",
                peers.get(i).substring(peers.get(i).lastIndexOf(':') + 1),
                "--peers",
                String.join(",", peers)));
      }
      processes.add(ChildNode.start(jvmOptions, args, dir.resolve("node-" + i + ".log")));
      clients.add(
          NettyClients.shared()
              .rpcClient(
                  URI.create("http://127.0.0.1:" + rpcPorts.get(i) + "/"), Duration.ofSeconds(60)));
    }
    for (int i = 0; i < validators; i++) {
      awaitReady(i);
    }
  }

  private void awaitReady(int i) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!processes.get(i).isAlive()) {
        throw new CliException(
            "validator " + i + " exited during start-up; see " + dir.resolve("node-" + i + ".log"));
      }
      try {
        clients.get(i).call("chain_head");
        return;
      } catch (RpcClientException e) {
        Thread.sleep(100);
      }
    }
    throw new CliException("validator " + i + " did not answer within 90 s");
  }

  Path logDirectory() {
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    clients.forEach(RpcClient::close);
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      p.waitFor();
    }
  }
}
