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
import io.parley.node.metrics.MetricsServerConfig;
import io.parley.node.rpc.RpcServerConfig;
import io.parley.node.rpc.client.NettyClients;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  /** Consensus settings for a multi-validator devnet on one machine. */
  static final ConsensusParameters BFT_DEVNET =
      new ConsensusParameters(0, 1_000, 2_000, 2_000, 200_000_000L);

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

  @Option(
      names = "--validators",
      defaultValue = "4",
      description =
          "Validators on first start; more than one runs each as its own process (default: ${DEFAULT-VALUE}).")
  int validators;

  @Option(
      names = "--p2p-port",
      defaultValue = "30645",
      description =
          "First validator-network port; validator i uses this + i (default: ${DEFAULT-VALUE}).")
  int p2pPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "9545",
      description =
          "First Prometheus metrics port on 127.0.0.1; validator i uses this + i, MPC member j"
              + " this + 50 + j (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--metrics-enabled",
      defaultValue = "true",
      arity = "1",
      description = "Serve Prometheus metrics (default: ${DEFAULT-VALUE}).")
  boolean metricsEnabled;

  @Option(
      names = "--mpc-nodes",
      defaultValue = "4",
      description =
          "MPC committee members on first start (0, 4 or 7), each its own process following"
              + " validator 0 (default: ${DEFAULT-VALUE}).")
  int mpcNodes;

  @Option(
      names = "--mpc-port",
      defaultValue = "32645",
      description =
          "First MPC committee port on 127.0.0.1; member j uses this + j (default: ${DEFAULT-VALUE}).")
  int mpcPort;

  @Option(
      names = "--mpc-step-timeout-ms",
      defaultValue = "30000",
      description =
          "Each MPC member's step timeout: how long it waits for another member before it reports"
              + " the attempt aborted and the chain retries it (default: ${DEFAULT-VALUE}).")
  long mpcStepTimeoutMillis;

  @Option(
      names = "--mpc-standby",
      defaultValue = "0",
      description =
          "Standby MPC members, started as processes that wait for a seat: one takes over the seat"
              + " of a member the chain finds cheating or silent (ADR 0056); 0 to --mpc-nodes"
              + " (default: ${DEFAULT-VALUE}).")
  int mpcStandby;

  @Option(
      names = "--mpc-protocol",
      description =
          "On first start, pin the committee's MPC protocol: rep4, shamir-king or shamir-broadcast"
              + " (default: the engine's rule picks one per contract).")
  String mpcProtocol;

  @Option(names = "--reset", description = "Delete the devnet's data and start a new chain.")
  boolean reset;

  @Override
  public Integer call() throws Exception {
    if (accounts < 1 || accounts > 1_000) {
      throw new CliException("--accounts must be in [1, 1000]");
    }
    if (validators < 1 || validators > 16) {
      throw new CliException("--validators must be in [1, 16]");
    }
    if (mpcNodes != 0 && mpcNodes != 4 && mpcNodes != 7) {
      throw new CliException("--mpc-nodes must be 0, 4 or 7");
    }
    if (mpcProtocol != null) {
      try {
        io.parley.zk.computation.Protocols.pinned(java.util.Optional.of(mpcProtocol), mpcNodes);
      } catch (IllegalArgumentException e) {
        throw new CliException("--mpc-protocol: " + e.getMessage());
      }
    }
    Path network = dataPath.resolve("network");
    if (reset) {
      deleteRecursively(dataPath);
    }
    if (!Files.exists(network.resolve("genesis.json"))) {
      GenesisGenerator.generate(
          new GenesisGenerator.Request(
              DEVNET_CHAIN_ID,
              validators,
              mpcNodes,
              accounts,
              Amounts.parsePar(balance),
              System.currentTimeMillis(),
              validators == 1 ? ConsensusParameters.DEFAULTS : BFT_DEVNET,
              ExecutionParameters.DEFAULTS,
              java.util.Optional.ofNullable(mpcProtocol),
              mpcStandby),
          network);
    }
    Genesis genesis = Genesis.load(network.resolve("genesis.json"));
    int n = genesis.config().validators().size();
    if (n != validators) {
      System.out.println(
          "The devnet in " + dataPath + " has " + n + " validators (use --reset for a new one).");
    }
    return n == 1 ? runSingle(genesis, network) : runProcesses(genesis, network, n);
  }

  private int runSingle(Genesis genesis, Path network) throws InterruptedException {
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
    if (metricsEnabled) {
      config = config.withMetrics(new MetricsServerConfig("127.0.0.1", metricsPort));
    }
    List<Process> members = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(members), "devnet-mpc-shutdown"));
    return NodeCommand.runUntilStopped(
        config,
        node -> {
          int port = node.rpcAddress().orElseThrow().getPort();
          try {
            members.addAll(startMembers(genesis, network, port));
          } catch (IOException e) {
            throw new CliException("cannot start the MPC members: " + e.getMessage());
          }
          printBanner(
              System.out,
              genesis,
              network,
              List.of(port),
              node.metricsAddress().stream().map(a -> a.getPort()).toList());
        });
  }

  /**
   * One {@code parley mpc-node} process per committee member in genesis, following the validator at
   * {@code rpcPort}.
   */
  private List<Process> startMembers(Genesis genesis, Path network, int rpcPort)
      throws IOException {
    List<Process> members = new ArrayList<>();
    int m = genesis.config().mpcCommittee().members().size();
    if (genesis.config().mpcCommittee().encryptionKeys().isEmpty()) {
      return members;
    }
    List<String> endpoints = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      endpoints.add("127.0.0.1:" + (mpcPort + j));
    }
    int spare = genesis.config().mpcCommittee().standby().size();
    List<String> standbyEndpoints = new ArrayList<>();
    for (int s = 0; s < spare; s++) {
      standbyEndpoints.add("127.0.0.1:" + (mpcPort + m + s));
    }
    for (int j = 0; j < m + spare; j++) {
      boolean standby = j >= m;
      String name = standby ? "mpc-standby-" + (j - m) : "mpc-" + j;
      Path home = dataPath.resolve(name);
      Files.createDirectories(home);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "mpc-node",
                  "--genesis-file",
                  network.resolve("genesis.json").toString(),
                  "--key-file",
                  network.resolve(name).resolve("key").toString(),
                  "--encryption-key-file",
                  network.resolve(name).resolve("encryption.key").toString(),
                  "--data-dir",
                  home.resolve("db").toString(),
                  "--rpc",
                  "http://127.0.0.1:" + rpcPort + "/",
                  "--committee-addresses",
                  String.join(",", endpoints),
                  "--step-timeout-ms",
                  Long.toString(mpcStepTimeoutMillis),
                  "--metrics-enabled",
                  Boolean.toString(metricsEnabled),
                  "--metrics-port",
                  Integer.toString(memberMetricsPort(j)),
                  "--input-address",
                  "127.0.0.1:" + inputPort(j)));
      if (spare > 0) {
        args.addAll(List.of("--standby-addresses", String.join(",", standbyEndpoints)));
      }
      members.add(ChildNode.start(List.of("-Xmx1g"), args, home.resolve("mpc-node.log")));
    }
    return members;
  }

  /** Member j's input endpoint (off-chain secret inputs): the first MPC port + 100 + j. */
  int inputPort(int j) {
    return mpcPort + INPUT_PORT_OFFSET + j;
  }

  static final int INPUT_PORT_OFFSET = 100;

  /** Member j's metrics, /liveness and /readiness port: the first metrics port + 50 + j. */
  private int memberMetricsPort(int j) {
    return metricsPort + MEMBER_METRICS_OFFSET + j;
  }

  private static final int MEMBER_METRICS_OFFSET = 50;

  private static void stop(List<Process> processes) {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One process per validator, all on loopback; Ctrl-C stops them all. */
  private int runProcesses(Genesis genesis, Path network, int n) throws Exception {
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      peers.add(i + "@127.0.0.1:" + (p2pPort + i));
    }
    List<Process> processes = new ArrayList<>();
    Thread stopAll =
        new Thread(
            () -> {
              processes.forEach(Process::destroy);
              for (Process p : processes) {
                try {
                  p.waitFor();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(stopAll);
    List<Integer> ports = new ArrayList<>();
    List<Integer> metricsPorts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int port = rpcPort + i;
      ports.add(port);
      if (metricsEnabled) {
        metricsPorts.add(metricsPort + i);
      }
      Path home = dataPath.resolve("node-" + i);
      processes.add(
          ChildNode.start(
              List.of("-Xmx1g"),
              List.of(
                  "node",
                  "--data-path",
                  home.toString(),
                  "--genesis-file",
                  network.resolve("genesis.json").toString(),
                  "--validator-key-file",
                  network.resolve("validator-" + i).resolve("key").toString(),
                  "--rpc-port",
                  Integer.toString(port),
                  "--p2p-port",
                  Integer.toString(p2pPort + i),
                  "--peers",
                  String.join(",", peers),
                  "--metrics-enabled",
                  Boolean.toString(metricsEnabled),
                  "--metrics-port",
                  Integer.toString(metricsPort + i)),
              home.resolve("node.log")));
    }
    for (int i = 0; i < n; i++) {
      awaitRpc(processes.get(i), ports.get(i), dataPath.resolve("node-" + i).resolve("node.log"));
    }
    processes.addAll(startMembers(genesis, network, ports.get(0)));
    printBanner(System.out, genesis, network, ports, metricsPorts);
    System.out.println("Logs: " + dataPath.resolve("node-<i>").resolve("node.log"));
    for (int i = 0; i < n; i++) {
      int exit = processes.get(i).waitFor();
      System.out.println("validator " + i + " exited with code " + exit);
    }
    stop(processes);
    return 0;
  }

  private static void awaitRpc(Process process, int port, Path log) throws Exception {
    // Closed once the validator answers: devnet runs on, and an idle keep-alive would linger.
    try (RpcClient client =
        NettyClients.shared()
            .rpcClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new CliException("a validator exited during start-up; see " + log);
        }
        try {
          client.call("chain_head");
          return;
        } catch (RpcClientException e) {
          Thread.sleep(200);
        }
      }
    }
    throw new CliException("a validator did not answer within 90 s; see " + log);
  }

  private void printBanner(
      PrintStream out,
      Genesis genesis,
      Path network,
      List<Integer> ports,
      List<Integer> metricsPorts) {
    List<KeyPair> devKeys = new ArrayList<>();
    try (Stream<Path> files = Files.list(network.resolve("accounts"))) {
      long count = files.count();
      for (int i = 0; i < count; i++) {
        devKeys.add(
            KeyPair.of(
                KeyFiles.read(network.resolve("accounts").resolve("account-" + i + ".key"))));
      }
    } catch (IOException e) {
      throw new CliException(
          "cannot read dev account keys in " + network.resolve("accounts") + ": " + e.getMessage());
    }
    out.println();
    out.println("Parley devnet is running");
    out.println(
        "  chain id      "
            + genesis.config().chainId()
            + "   genesis "
            + genesis.hash().toHexString());
    for (int i = 0; i < ports.size(); i++) {
      out.println(
          "  JSON-RPC      http://127.0.0.1:"
              + ports.get(i)
              + "/"
              + (ports.size() > 1 ? "   (validator " + i + ")" : ""));
    }
    for (int i = 0; i < metricsPorts.size(); i++) {
      out.println(
          "  metrics       http://127.0.0.1:"
              + metricsPorts.get(i)
              + "/metrics"
              + (metricsPorts.size() > 1 ? "   (validator " + i + ")" : ""));
    }
    out.println("  explorer      http://127.0.0.1:" + ports.get(0) + "/explorer");
    var committee = genesis.config().mpcCommittee();
    if (!committee.encryptionKeys().isEmpty()) {
      out.println(
          "  mpc committee "
              + committee.members().size()
              + " members (t = "
              + committee.threshold()
              + "), each a process following validator 0, computing on 127.0.0.1:"
              + mpcPort
              + "+j; logs in "
              + network.getParent().resolve("mpc-<j>").resolve("mpc-node.log"));
      out.println(
          "  mpc inputs    https://127.0.0.1:"
              + inputPort(0)
              + "+j/v1/offchain-inputs/<tx>/<j>   (off-chain secret inputs, member j)");
      if (!committee.standby().isEmpty()) {
        out.println(
            "  mpc standby   "
                + committee.standby().size()
                + " standby member(s) waiting for a seat on 127.0.0.1:"
                + (mpcPort + committee.members().size())
                + "+s; logs in "
                + network.getParent().resolve("mpc-standby-<s>").resolve("mpc-node.log"));
      }
      if (metricsEnabled) {
        out.println(
            "  mpc metrics   http://127.0.0.1:"
                + memberMetricsPort(0)
                + "/metrics .. :"
                + memberMetricsPort(committee.members().size() - 1)
                + "   (member j on "
                + memberMetricsPort(0)
                + "+j"
                + (committee.standby().isEmpty()
                    ? ""
                    : ", standby s on " + memberMetricsPort(committee.members().size()) + "+s")
                + "; /liveness, /readiness)");
      }
    }
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

  static void deleteRecursively(Path dir) throws IOException {
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
