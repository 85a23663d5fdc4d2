package io.parley.node.cli;

import io.parley.base.crypto.PrivateKey;
import io.parley.genesis.Genesis;
import io.parley.genesis.KeyFiles;
import io.parley.mpc.store.RocksMemberStore;
import io.parley.node.metrics.MetricsServer;
import io.parley.node.metrics.MetricsServerConfig;
import io.parley.node.metrics.MpcMemberMetrics;
import io.parley.node.mpc.InputEndpoint;
import io.parley.node.mpc.InputFollower;
import io.parley.node.mpc.MemberFollowerLoop;
import io.parley.node.mpc.MemberService;
import io.parley.node.mpc.VerifiedBlocks;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley mpc-node}: a committee member as its own process. It follows the committed chain
 * from a validator's RPC, verifying every block against genesis (certificates, header, roots), and
 * keeps its shares of every stored secret input in its own RocksDB; it continues after a restart.
 * With {@code --committee-addresses} it computes with the other members and votes. With {@code
 * --metrics-enabled true} it serves its metrics, /liveness and /readiness on its own port.
 */
@Command(
    name = "mpc-node",
    mixinStandardHelpOptions = true,
    description =
        "Run a committee member: follow the chain from a validator, verify every block, keep this"
            + " member's shares of the secret inputs.")
final class MpcNodeCommand implements Callable<Integer> {
  @Option(names = "--genesis-file", required = true, description = "The network's genesis.json.")
  Path genesisFile;

  @Option(
      names = "--key-file",
      required = true,
      description = "The member's signing key (mpc-<j>/key); it names the member in genesis.")
  Path keyFile;

  @Option(
      names = "--encryption-key-file",
      required = true,
      description = "The member's encryption key (mpc-<j>/encryption.key).")
  Path encryptionKeyFile;

  @Option(
      names = "--data-dir",
      required = true,
      description = "The member's data directory (RocksDB, owner-only).")
  Path dataDir;

  @Option(
      names = "--poll-millis",
      defaultValue = "200",
      description = "How often to ask the validator for new blocks (default: ${DEFAULT-VALUE}).")
  long pollMillis;

  @Option(
      names = "--committee-addresses",
      split = ",",
      description =
          "host:port of every member's committee endpoint, in genesis order (this member listens"
              + " on its own); without it the member only follows the chain and keeps its shares.")
  List<String> committeeAddresses;

  @Option(
      names = "--standby-addresses",
      split = ",",
      description =
          "host:port of each standby member's committee endpoint, in genesis order (ADR 0056): where"
              + " the members reach a standby member once it holds a seat.")
  List<String> standbyAddresses;

  @Option(
      names = "--step-timeout-ms",
      defaultValue = "30000",
      description =
          "How long a member waits for another's message in a computation before it reports the"
              + " attempt aborted (default: ${DEFAULT-VALUE}).")
  long stepTimeoutMillis;

  @Option(
      names = "--metrics-enabled",
      defaultValue = "false",
      arity = "1",
      description =
          "Serve Prometheus metrics, /liveness and /readiness on their own port (default:"
              + " ${DEFAULT-VALUE}).")
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
      defaultValue = "9546",
      description =
          "Metrics port: /metrics, /liveness, /readiness (default: ${DEFAULT-VALUE}; 0 picks a"
              + " free one).")
  int metricsPort;

  @Option(
      names = "--input-address",
      description =
          "host:port of this member's input endpoint (HTTPS) for off-chain secret inputs"
              + " (secret-inputs.md section 9); none by default.")
  String inputAddress;

  @Mixin RpcOptions rpc;

  @Override
  public Integer call() throws InterruptedException {
    Genesis genesis = Genesis.load(genesisFile);
    var committee = genesis.config().mpcCommittee();
    PrivateKey signing = KeyFiles.read(keyFile);
    int self = -1;
    for (int j = 0; j < committee.members().size(); j++) {
      if (committee.members().get(j).publicKey().equals(signing.publicKey())) {
        self = j;
      }
    }
    int standby = -1;
    for (int s = 0; s < committee.standby().size(); s++) {
      if (committee.standby().get(s).member().publicKey().equals(signing.publicKey())) {
        standby = s;
      }
    }
    if (self < 0 && standby < 0) {
      throw new CliException(
          keyFile + " is not the key of a committee member or standby member in genesis");
    }
    if (pollMillis < 10 || pollMillis > 60_000) {
      throw new CliException("--poll-millis must be in [10, 60000]");
    }
    if (stepTimeoutMillis < 1_000 || stepTimeoutMillis > 600_000) {
      throw new CliException("--step-timeout-ms must be in [1000, 600000]");
    }
    PrivateKey encryption = KeyFiles.read(encryptionKeyFile);
    try (RocksMemberStore store = RocksMemberStore.open(dataDir)) {
      InputFollower follower;
      try {
        follower =
            new InputFollower(
                genesis.config().chainId(), committee, signing.publicKey(), encryption, store);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      VerifiedBlocks blocks =
          new VerifiedBlocks(
              rpc.client(),
              genesis.config().chainId(),
              genesis.config().validators(),
              (int) genesis.config().execution().maxTransactionSize());
      System.out.println(
          (self >= 0 ? "mpc member " + self : "mpc standby member " + standby)
              + " of "
              + committee.members().size()
              + " following "
              + rpc.rpc
              + " from block "
              + (follower.processedHeight() + 1));
      MpcMemberMetrics metrics = new MpcMemberMetrics(follower, blocks);
      if (committeeAddresses == null || committeeAddresses.isEmpty()) {
        Optional<MetricsServer> server = serveMetrics(metrics, metrics::caughtUp);
        try {
          new MemberFollowerLoop(blocks, follower).run(pollMillis);
        } finally {
          server.ifPresent(MetricsServer::close);
        }
        return 0;
      }
      if (committeeAddresses.size() != committee.members().size()) {
        throw new CliException(
            "--committee-addresses needs " + committee.members().size() + " host:port entries");
      }
      List<String> spare = standbyAddresses == null ? List.of() : standbyAddresses;
      if (spare.size() != committee.standby().size()) {
        throw new CliException(
            "--standby-addresses needs "
                + committee.standby().size()
                + " host:port entries (genesis lists "
                + committee.standby().size()
                + " standby members)");
      }
      List<InetSocketAddress> addresses = endpoints("--committee-addresses", committeeAddresses);
      List<InetSocketAddress> standbyEndpoints = endpoints("--standby-addresses", spare);
      try (MemberService service =
          new MemberService(
              genesis,
              signing,
              follower,
              blocks,
              rpc.client(),
              addresses,
              standbyEndpoints,
              java.time.Duration.ofMillis(stepTimeoutMillis))) {
        service.observe(metrics);
        metrics.watch(service.traffic());
        service.start();
        System.out.println(
            service.seatHeld() >= 0
                ? "mpc member "
                    + service.seatHeld()
                    + " computing on the committee network at "
                    + (standby >= 0
                        ? standbyEndpoints.get(standby)
                        : addresses.get(service.seatHeld()))
                : "mpc standby member "
                    + standby
                    + " waiting for a seat; it will compute at "
                    + standbyEndpoints.get(standby));
        Optional<MetricsServer> server =
            serveMetrics(metrics, () -> metrics.caughtUp() && connected(service));
        Optional<InputEndpoint> inputs = serveInputs(follower, service, signing, genesis);
        try {
          service.run(pollMillis);
        } finally {
          server.ifPresent(MetricsServer::close);
          inputs.ifPresent(InputEndpoint::close);
        }
      } catch (InterruptedException | CliException e) {
        throw e;
      } catch (io.parley.node.mpc.SeatLost e) {
        System.out.println(e.getMessage());
        return 0;
      } catch (Exception e) {
        throw new CliException("committee network: " + e.getMessage());
      }
    }
    return 0;
  }

  /** Starts the input endpoint when {@code --input-address} is given. */
  private Optional<InputEndpoint> serveInputs(
      InputFollower follower, MemberService service, PrivateKey signing, Genesis genesis)
      throws Exception {
    if (inputAddress == null) {
      return Optional.empty();
    }
    InetSocketAddress at = endpoints("--input-address", List.of(inputAddress)).get(0);
    InputEndpoint endpoint =
        new InputEndpoint(
            follower.offChain(),
            service::seatHeld,
            signing,
            (int) genesis.config().execution().maxTransactionSize()
                - io.parley.node.execution.OffChainInputs.COMPLAINT_ROOM);
    InetSocketAddress bound = endpoint.start(at);
    System.out.println(
        "mpc member input endpoint https://" + bound.getHostString() + ":" + bound.getPort());
    return Optional.of(endpoint);
  }

  private static List<InetSocketAddress> endpoints(String option, List<String> values) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String a : values) {
      int colon = a.lastIndexOf(':');
      try {
        out.add(
            new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
      } catch (RuntimeException e) {
        throw new CliException(option + ": '" + a + "' is not host:port");
      }
    }
    return out;
  }

  /**
   * Starts the metrics port when enabled: /metrics, /liveness, and /readiness (UP once {@code
   * ready}).
   */
  private Optional<MetricsServer> serveMetrics(MpcMemberMetrics metrics, BooleanSupplier ready)
      throws InterruptedException {
    if (!metricsEnabled) {
      return Optional.empty();
    }
    MetricsServerConfig config;
    try {
      config = new MetricsServerConfig(metricsHost, metricsPort);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    MetricsServer server = new MetricsServer(config, metrics.registry(), Optional.of(ready));
    try {
      InetSocketAddress bound = server.start();
      System.out.println(
          "metrics at http://"
              + bound.getHostString()
              + ":"
              + bound.getPort()
              + "/metrics (also /liveness, /readiness)");
    } catch (InterruptedException e) {
      server.close();
      throw e;
    } catch (Exception e) { // Netty reports a port in use as a java.net.BindException
      server.close();
      throw new CliException(
          "cannot serve metrics on " + metricsHost + ":" + metricsPort + ": " + e.getMessage());
    }
    return Optional.of(server);
  }

  /** Ready: its committee links are up, or it is a standby member waiting for a seat. */
  private static boolean connected(MemberService service) {
    try {
      return service.seatHeld() < 0 || service.committeeConnected();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
