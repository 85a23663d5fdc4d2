package io.parley.node.cli;

import io.parley.node.ParleyNode;
import io.parley.node.config.NodeConfig;
import io.parley.node.config.P2pSettings;
import io.parley.node.execution.contract.QueryLimits;
import io.parley.node.mempool.MempoolLimits;
import io.parley.node.metrics.MetricsServerConfig;
import io.parley.node.rpc.RpcServerConfig;
import io.parley.node.rpc.WebSocketLimits;
import io.parley.node.status.StatusLogger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley node}: runs a node. Every option can also come from {@code PARLEY_<OPTION>} or the
 * TOML file given by {@code --config-file} (precedence: command line, environment, file).
 */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a Parley node.")
public final class NodeCommand implements Callable<Integer> {

  @Option(
      names = "--config-file",
      description = "TOML file with settings (keys are option names without --).")
  Path configFile;

  @Option(
      names = "--data-path",
      defaultValue = "parley-data",
      description = "Directory for the database (default: ${DEFAULT-VALUE}).")
  Path dataPath;

  @Option(names = "--genesis-file", required = true, description = "The network's genesis.json.")
  Path genesisFile;

  @Option(names = "--validator-key-file", description = "This validator's key file (mode 0600).")
  Path validatorKeyFile;

  @Option(
      names = "--rpc-enabled",
      defaultValue = "true",
      arity = "1",
      description = "Serve JSON-RPC (default: ${DEFAULT-VALUE}).")
  boolean rpcEnabled;

  @Option(
      names = "--rpc-host",
      defaultValue = "127.0.0.1",
      description =
          "Interface for JSON-RPC (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes it to the network).")
  String rpcHost;

  @Option(
      names = "--rpc-port",
      defaultValue = "8645",
      description = "JSON-RPC port (default: ${DEFAULT-VALUE}).")
  int rpcPort;

  @Option(
      names = "--rpc-host-allowlist",
      split = ",",
      defaultValue = "localhost,127.0.0.1,::1",
      description = "Accepted Host header names, or * (default: ${DEFAULT-VALUE}).")
  List<String> rpcHostAllowlist;

  @Option(
      names = "--rpc-cors-origins",
      split = ",",
      description = "Origins allowed by CORS (default: none, CORS off).")
  List<String> rpcCorsOrigins;

  @Option(
      names = "--rpc-max-body-bytes",
      defaultValue = "5242880",
      description = "Largest request body (default: ${DEFAULT-VALUE}).")
  int rpcMaxBodyBytes;

  @Option(
      names = "--rpc-max-batch-size",
      defaultValue = "1000",
      description = "Most calls per batch (default: ${DEFAULT-VALUE}).")
  int rpcMaxBatchSize;

  @Option(
      names = "--rpc-timeout-millis",
      defaultValue = "10000",
      description = "Longest a request may take (default: ${DEFAULT-VALUE}).")
  long rpcTimeoutMillis;

  @Option(
      names = "--rpc-max-connections-per-address",
      defaultValue = "256",
      description =
          "Open RPC connections (HTTP and WebSocket) of one client address; the next is answered"
              + " 429 with error 4292 (default: ${DEFAULT-VALUE}).")
  int rpcMaxConnectionsPerAddress;

  @Option(
      names = "--rpc-query-gas",
      defaultValue = "100000000",
      description =
          "Gas of one contract_query; a view that needs more fails with 4051 (default:"
              + " ${DEFAULT-VALUE}).")
  long rpcQueryGas;

  @Option(
      names = "--rpc-query-timeout-millis",
      defaultValue = "1000",
      description =
          "Longest one contract_query or tx_estimateGas may execute; it is then stopped with 4053"
              + " (default: ${DEFAULT-VALUE}).")
  long rpcQueryTimeoutMillis;

  @Option(
      names = "--rpc-workers",
      defaultValue = "2",
      description = "Threads executing RPC calls (default: ${DEFAULT-VALUE}).")
  int rpcWorkers;

  @Option(
      names = "--rpc-ws-max-connections",
      defaultValue = "64",
      description = "Most open WebSocket connections on the RPC port (default: ${DEFAULT-VALUE}).")
  int rpcWsMaxConnections;

  @Option(
      names = "--rpc-ws-max-subscriptions",
      defaultValue = "32",
      description = "Most subscriptions per WebSocket connection (default: ${DEFAULT-VALUE}).")
  int rpcWsMaxSubscriptions;

  @Option(
      names = "--rpc-ws-max-pending-bytes",
      defaultValue = "4194304",
      description =
          "Most unsent bytes per WebSocket connection before it is closed as a slow consumer"
              + " (default: ${DEFAULT-VALUE}).")
  int rpcWsMaxPendingBytes;

  @Option(
      names = "--mempool-max-transactions",
      defaultValue = "100000",
      description = "Most pending transactions (default: ${DEFAULT-VALUE}).")
  int mempoolMaxTransactions;

  @Option(
      names = "--mempool-max-bytes",
      defaultValue = "134217728",
      description = "Most pending bytes (default: ${DEFAULT-VALUE}).")
  long mempoolMaxBytes;

  @Option(
      names = "--mempool-max-per-sender",
      defaultValue = "1024",
      description = "Most pending transactions per sender (default: ${DEFAULT-VALUE}).")
  int mempoolMaxPerSender;

  @Option(
      names = "--mempool-max-nonce-gap",
      defaultValue = "1024",
      description = "How far ahead a nonce may be (default: ${DEFAULT-VALUE}).")
  int mempoolMaxNonceGap;

  @Option(
      names = "--state-cache-entries",
      defaultValue = "500000",
      description = "State-tree nodes cached in memory (default: ${DEFAULT-VALUE}).")
  int stateCacheEntries;

  @Option(
      names = "--database-cache-mb",
      defaultValue = "256",
      description = "RocksDB block cache in MiB (default: ${DEFAULT-VALUE}).")
  long databaseCacheMb;

  @Option(
      names = "--p2p-host",
      defaultValue = "127.0.0.1",
      description = "Interface for the validator network (default: ${DEFAULT-VALUE}).")
  String p2pHost;

  @Option(
      names = "--p2p-port",
      defaultValue = "30645",
      description = "Port for the validator network (default: ${DEFAULT-VALUE}).")
  int p2pPort;

  @Option(
      names = "--peers",
      split = ",",
      description =
          "The other validators as index@host:port (e.g. 0@10.0.0.1:30645); needed when the genesis has several validators.")
  List<String> peers;

  @Option(
      names = "--metrics-enabled",
      defaultValue = "true",
      arity = "1",
      description = "Serve Prometheus metrics on their own port (default: ${DEFAULT-VALUE}).")
  boolean metricsEnabled;

  @Option(
      names = "--metrics-host",
      defaultValue = MetricsServerConfig.DEFAULT_HOST,
      description =
          "Interface for the metrics port (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes it to the"
              + " network).")
  String metricsHost;

  @Option(
      names = "--metrics-port",
      defaultValue = "9545",
      description = "Prometheus metrics port, served at /metrics (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  private Optional<P2pSettings> p2p() {
    if (peers == null || peers.isEmpty()) {
      return Optional.empty();
    }
    if (p2pPort < 0 || p2pPort > 65535) {
      throw new IllegalArgumentException("--p2p-port must be in [0, 65535]");
    }
    return Optional.of(
        new P2pSettings(new InetSocketAddress(p2pHost, p2pPort), P2pSettings.parsePeers(peers)));
  }

  NodeConfig toConfig() {
    try {
      RpcServerConfig rpc =
          new RpcServerConfig(
              rpcHost,
              rpcPort,
              rpcHostAllowlist,
              rpcCorsOrigins == null ? List.of() : rpcCorsOrigins,
              rpcMaxBodyBytes,
              rpcMaxBatchSize,
              rpcTimeoutMillis,
              rpcWorkers,
              1_024,
              new WebSocketLimits(rpcWsMaxConnections, rpcWsMaxSubscriptions, rpcWsMaxPendingBytes),
              rpcMaxConnectionsPerAddress,
              new QueryLimits(rpcQueryGas, rpcQueryTimeoutMillis));
      MempoolLimits mempool =
          new MempoolLimits(
              mempoolMaxTransactions, mempoolMaxBytes, mempoolMaxPerSender, mempoolMaxNonceGap);
      if (stateCacheEntries < 1_000 || databaseCacheMb < 8) {
        throw new CliException(
            "--state-cache-entries must be >= 1000 and --database-cache-mb >= 8");
      }
      return new NodeConfig(
          dataPath,
          genesisFile,
          Optional.ofNullable(validatorKeyFile),
          rpcEnabled,
          rpc,
          mempool,
          stateCacheEntries,
          databaseCacheMb << 20,
          p2p(),
          metricsEnabled
              ? Optional.of(new MetricsServerConfig(metricsHost, metricsPort))
              : Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    return runUntilStopped(toConfig(), node -> {});
  }

  /** Starts a node, stops it on Ctrl-C (SIGINT/SIGTERM), and returns the exit code. */
  static int runUntilStopped(NodeConfig config, java.util.function.Consumer<ParleyNode> onStarted)
      throws InterruptedException {
    ParleyNode node = ParleyNode.start(config);
    Thread hook = new Thread(node::close, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    node.rpcAddress()
        .ifPresent(
            a ->
                StatusLogger.info(
                    "JSON-RPC on http://{}:{}/, explorer on http://{}:{}/explorer",
                    a.getHostString(),
                    a.getPort(),
                    a.getHostString(),
                    a.getPort()));
    onStarted.accept(node);
    Optional<Throwable> failure = node.awaitStop();
    if (failure.isPresent()) {
      node.close();
      return 1;
    }
    return 0;
  }
}
