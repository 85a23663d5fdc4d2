package io.parley.node.cli;

import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Amounts;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.Genesis;
import io.parley.genesis.GenesisGenerator;
import io.parley.genesis.KeyFiles;
import io.parley.node.config.NodeConfig;
import io.parley.node.config.NodeConfigs;
import io.parley.node.rpc.RpcServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley devnet}: a local chain with embedded defaults. The first run generates a genesis
 * (one validator, funded dev accounts) and keys into the data directory; later runs continue the
 * same chain. Prints the RPC URL and the funded dev accounts.
 */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = "Run a local development chain.")
public final class DevnetCommand implements Callable<Integer> {
  static final long DEVNET_CHAIN_ID = 1337;

  @Option(
      names = "--data-path",
      defaultValue = "devnet-data",
      description = "Directory for the devnet (default: ${DEFAULT-VALUE}).")
  Path dataPath;

  @Option(
      names = "--rpc-port",
      defaultValue = "8645",
      description = "JSON-RPC port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int rpcPort;

  @Option(
      names = "--accounts",
      defaultValue = "1",
      description = "Funded dev accounts on first start (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--balance",
      defaultValue = "1000000",
      description = "PAR per dev account (default: ${DEFAULT-VALUE}).")
  String balance;

  @Option(names = "--reset", description = "Delete the devnet's data and start a new chain.")
  boolean reset;

  @Override
  public Integer call() throws Exception {
    if (accounts < 1 || accounts > 1_000) {
      throw new CliException("--accounts must be in [1, 1000]");
    }
    Path network = dataPath.resolve("network");
    if (reset) {
      deleteRecursively(dataPath);
    }
    if (!Files.exists(network.resolve("genesis.json"))) {
      GenesisGenerator.generate(
          new GenesisGenerator.Request(
              DEVNET_CHAIN_ID,
              1,
              0,
              accounts,
              Amounts.parsePar(balance),
              System.currentTimeMillis(),
              ConsensusParameters.DEFAULTS,
              ExecutionParameters.DEFAULTS),
          network);
    }
    Genesis genesis = Genesis.load(network.resolve("genesis.json"));
    RpcServerConfig d = RpcServerConfig.defaults();
    RpcServerConfig rpc =
        new RpcServerConfig(
            "127.0.0.1",
            rpcPort,
            d.hostAllowlist(),
            d.corsOrigins(),
            d.maxBodyBytes(),
            d.maxBatchSize(),
            d.timeoutMillis(),
            d.workerThreads(),
            d.maxQueuedRequests());
    NodeConfig config =
        NodeConfigs.defaults(
            dataPath.resolve("node-0"),
            network.resolve("genesis.json"),
            Optional.of(network.resolve("validator-0").resolve("key")),
            rpc);
    return NodeCommand.runUntilStopped(
        config,
        node ->
            printBanner(System.out, genesis, network, node.rpcAddress().orElseThrow().getPort()));
  }

  private static void printBanner(PrintStream out, Genesis genesis, Path network, int port) {
    List<KeyPair> devKeys = new ArrayList<>();
    try (Stream<Path> files = Files.list(network.resolve("accounts"))) {
      for (Path f : files.sorted().toList()) {
        devKeys.add(KeyPair.of(KeyFiles.read(f)));
      }
    } catch (IOException e) {
      throw new CliException(
          "cannot read dev account keys in " + network.resolve("accounts") + ": " + e.getMessage());
    }
    String url = "http://127.0.0.1:" + port + "/";
    out.println();
    out.println("Parley devnet is running");
    out.println(
        "  chain id      "
            + genesis.config().chainId()
            + "   genesis "
            + genesis.hash().toHexString());
    out.println("  JSON-RPC      " + url);
    for (int i = 0; i < devKeys.size(); i++) {
      KeyPair key = devKeys.get(i);
      Path keyFile = network.resolve("accounts").resolve("account-" + i + ".key");
      UInt256 funded =
          genesis.config().alloc().stream()
              .filter(a -> a.address().equals(key.address()))
              .findFirst()
              .map(a -> a.balance())
              .orElse(UInt256.ZERO);
      out.println(
          "  dev account   "
              + key.address()
              + "  ("
              + Amounts.formatPar(funded)
              + " PAR at genesis)");
      out.println("    key file    " + keyFile + "   (devnet only: never use this key elsewhere)");
    }
    out.println();
    out.println("Try:");
    out.println("  ./parley wallet balance --address " + devKeys.get(0).address());
    out.println(
        "  ./parley wallet send --key-file "
            + network.resolve("accounts").resolve("account-0.key")
            + " --to 0x000000000000000000000000000000000000dEaD --amount 1.5 --wait");
    out.println(
        "Ctrl-C stops the devnet; running it again continues the same chain (--reset starts a new one).");
    out.println();
    out.flush();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
